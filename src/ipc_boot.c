/*
 * ipc_boot.c — boot modules started with their options: nostart, the spawn right, and
 * the two channels the kernel wires itself (ipc_boot.h lists the options).
 *
 *   clients (console=svc)                          the console service (console=serve)
 *   handle 1 ─┐
 *   handle 1 ─┼──> one shared sending end ═══════> receiving end: handle 0
 *   handle 1 ─┘    (the kernel drops its own reference once every module has started)
 *
 *   kernel thread "serial-in" ══════> receiving end: handle 0 of the input=serial SIP
 *   (polls COM1 every tick; a driver SIP can take its place later, docs/ipc.md)
 *
 * Channels are made after the memory baseline and vanish with their last holder, so the
 * boot-time memory check still comes back to its starting values.
 */
#include "ipc_boot.h"

#include "abi/ipc_errors.h"
#include "channel.h"
#include "cpu.h"
#include "ioport.h"
#include "kprintf.h"
#include "lib.h"
#include "sched/thread.h"
#include "spawn.h"

#define COM1 0x3F8
#define UART_LSR 5                     /* line status register */
#define LSR_DATA_READY 0x01
#define SERIAL_POLL_NS 10000000ull     /* one tick */
#define SERIAL_CHUNK 64                /* bytes sent per message at most */

enum option {
    OPT_NOSTART = 1 << 0,
    OPT_SPAWN = 1 << 1,
    OPT_CONSOLE_SERVE = 1 << 2,
    OPT_CONSOLE_CLIENT = 1 << 3,
    OPT_INPUT_SERIAL = 1 << 4,
};

static const struct {
    const char *word;
    enum option option;
} options[] = {
    { "nostart",       OPT_NOSTART },
    { "spawn",         OPT_SPAWN },
    { "console=serve", OPT_CONSOLE_SERVE },
    { "console=svc",   OPT_CONSOLE_CLIENT },
    { "input=serial",  OPT_INPUT_SERIAL },
};

#define RIGHTS_SERVE  (HANDLE_RIGHT_READ)
#define RIGHTS_CLIENT (HANDLE_RIGHT_WRITE | HANDLE_RIGHT_DUPLICATE | HANDLE_RIGHT_TRANSFER)

static struct kobj *console_service_end, *console_client_end;   /* kernel references */
static struct kobj *serial_end;        /* the serial thread's sending end, while a reader lives */
static bool serial_wanted;

/* ---- Options ---- */

static uint32_t option_of(const char *word, size_t len)
{
    for (size_t i = 0; i < ARRAY_SIZE(options); i++)
        if (strlen(options[i].word) == len && strncmp(word, options[i].word, len) == 0)
            return options[i].option;
    return 0;
}

/* The options at the start of a module's arguments; the arguments without them go to
 * args (grant= words stay, for the capability layer). */
static uint32_t parse_options(const char *line, char *args, size_t size)
{
    uint32_t found = 0;
    size_t n = 0;
    const char *p = line;
    for (;;) {
        while (*p == ' ')
            p++;
        const char *end = p;
        while (*end && *end != ' ')
            end++;
        size_t len = (size_t)(end - p);
        uint32_t option = option_of(p, len);
        bool grant = len > 6 && strncmp(p, "grant=", 6) == 0;
        if (option == 0 && !grant)
            break;
        found |= option;
        if (grant && n + len + 1 < size) {
            memcpy(args + n, p, len);
            n += len;
            args[n++] = ' ';
        }
        p = end;
    }
    size_t rest = MIN(strlen(p), size - 1 - n);
    memcpy(args + n, p, rest);
    args[n + rest] = '\0';
    return found;
}

/* ---- Serial input ---- */

/* Sleep one tick, or less when the reader leaves: its end must be freed before the
 * boot thread's memory check (the reaper, woken later, runs after this thread). */
static void serial_sleep(void)
{
    if (serial_end == NULL) {
        sched_sleep_ns(SERIAL_POLL_NS);
        return;
    }
    struct kobj_waiter waiter;
    struct kobj_watch watch;
    kobj_waiter_init(&waiter);
    kobj_watch_add(&watch, serial_end, &waiter);
    sched_wait_timeout(&waiter.queue, SERIAL_POLL_NS);
    kobj_watch_remove(&watch);
}

/* Poll COM1 every tick and send what arrived to the reader's channel. Bytes that do
 * not fit (a full queue) wait here, and the UART holds the rest: nothing is lost. */
static void serial_main(void *arg)
{
    (void)arg;
    static char pending[SERIAL_CHUNK];
    uint32_t count = 0;
    for (;;) {
        bool irq = irq_save();         /* the channel and serial_end are shared */
        serial_sleep();
        if (serial_end != NULL && (kobj_signals(serial_end) & KOBJ_SIG_PEER_CLOSED)) {
            kobj_unref(serial_end);    /* the reader is gone */
            serial_end = NULL;
            count = 0;
        }
        while (serial_end != NULL && count < SERIAL_CHUNK && (inb(COM1 + UART_LSR) & LSR_DATA_READY))
            pending[count++] = (char)inb(COM1);
        if (serial_end != NULL && count > 0) {
            struct channel_send_args msg = { .bytes = pending, .len = count };
            if (channel_send(serial_end, &msg) == ATOLL_OK)
                count = 0;
        }
        irq_restore(irq);
    }
}

void ipc_boot_prepare(const struct boot_info *info)
{
    char args[BOOT_CMDLINE_MAX];
    for (uint32_t i = 0; i < info->module_count; i++)
        if (parse_options(info->modules[i].args, args, sizeof args) & OPT_INPUT_SERIAL)
            serial_wanted = true;
    if (serial_wanted && thread_create("serial-in", serial_main, NULL, 0) == NULL)
        kprintf("ipc: no memory for the serial input thread\n");
}

/* ---- Starting a boot module ---- */

/* Give the new SIP the receiving end of a new channel whose sending end is *keep. */
static bool wire_reader(struct spawn_start *start, struct kobj **keep)
{
    struct kobj *reader;
    if (channel_create(keep, &reader) != ATOLL_OK)
        return false;
    start->gifts[0] = reader;
    start->gift_rights[0] = HANDLE_RIGHT_READ;
    return true;
}

/* The console channel, made for the first module that names it. */
static bool console_ready(void)
{
    return console_client_end != NULL ||
           channel_create(&console_client_end, &console_service_end) == ATOLL_OK;
}

bool ipc_boot_start(const struct boot_module *mod)
{
    char args[BOOT_CMDLINE_MAX];
    uint32_t opts = parse_options(mod->args, args, sizeof args);
    if (opts & OPT_NOSTART) {
        kprintf("sip %s: present, not started (nostart)\n", mod->name);
        return false;
    }
    struct spawn_start start = { .may_spawn = (opts & OPT_SPAWN) != 0 };
    bool irq = irq_save();
    if ((opts & (OPT_CONSOLE_SERVE | OPT_CONSOLE_CLIENT)) && !console_ready())
        kprintf("sip %s: no memory for the console channel\n", mod->name);
    if ((opts & OPT_CONSOLE_SERVE) && console_service_end != NULL) {
        start.gifts[0] = console_service_end;
        start.gift_rights[0] = RIGHTS_SERVE;
        console_service_end = NULL;                /* one service */
    } else if (opts & OPT_INPUT_SERIAL) {
        if (serial_end != NULL || !wire_reader(&start, &serial_end))
            kprintf("sip %s: input=serial: already taken, or no memory\n", mod->name);
    }
    if ((opts & OPT_CONSOLE_CLIENT) && console_client_end != NULL) {
        kobj_ref(console_client_end);
        start.gifts[1] = console_client_end;
        start.gift_rights[1] = RIGHTS_CLIENT;
    }
    irq_restore(irq);
    return spawn_start(mod, args, &start, NULL) == ATOLL_OK;
}

void ipc_boot_done(void)
{
    bool irq = irq_save();
    if (console_client_end != NULL)
        kobj_unref(console_client_end);
    if (console_service_end != NULL)               /* nobody served: clients see it closed */
        kobj_unref(console_service_end);
    console_client_end = console_service_end = NULL;
    irq_restore(irq);
}
