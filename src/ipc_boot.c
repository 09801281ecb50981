/*
 * ipc_boot.c — boot modules started with their options (ipc_boot.h lists them): which
 * start, which may spawn, how much memory they may use, and the named channels the
 * kernel wires between them, so that a system of SIPs (drivers, the console service,
 * the shell) is described by grub.cfg alone. Channels are made after the memory
 * baseline and vanish with their last holder, so the boot-time memory check still
 * comes back to its starting values.
 */
#include "ipc_boot.h"

#include "abi/ipc_errors.h"
#include "caps.h"
#include "channel.h"
#include "cmdline.h"
#include "console.h"
#include "cpu.h"
#include "ioport.h"
#include "kprintf.h"
#include "lib.h"
#include "sched/thread.h"
#include "sip.h"
#include "spawn.h"

#define COM1 0x3F8
#define UART_LSR 5                     /* line status register */
#define SERIAL_PORTS "io:0x3f8:r,io:0x3fd:r"   /* what serial_main reads: data, status */
#define SERIAL_USER "the kernel (serial input)"
#define LSR_DATA_READY 0x01
#define SERIAL_POLL_NS 10000000ull     /* one tick */
#define SERIAL_CHUNK 64                /* bytes sent per message at most */
#define NAME_MAX 16
#define BOOT_CHANNELS 8

#define SLOT_INPUT 0
#define SLOT_CONSOLE 1
#define SLOT_OUTPUT 2
#define RIGHTS_READER (HANDLE_RIGHT_READ)
#define RIGHTS_WRITER (HANDLE_RIGHT_WRITE | HANDLE_RIGHT_DUPLICATE | HANDLE_RIGHT_TRANSFER)

/* What the options of one module line ask for. */
struct boot_options {
    bool nostart;
    bool spawn;
    bool console;                      /* console=svc */
    char input[NAME_MAX];              /* "": none */
    char output[NAME_MAX];
    const char *mem;                   /* mem='s value, in the module line; NULL: none */
    size_t mem_len;
};

/* A channel named in the boot configuration; both ends are kernel references until
 * handed over (the reading end once, the sending end to every writer). */
struct boot_channel {
    char name[NAME_MAX];
    struct kobj *reader, *writer;
};

/* The kernel keeps a reference to each sending end until every boot module has started
 * (ipc_boot_done), so that later clients can still be given one. */
static struct boot_channel channels[BOOT_CHANNELS];
static struct kobj *serial_end;        /* the serial thread's sending end, while a reader lives */
static struct caps_holder serial_claim;  /* COM1's receive ports, held while serial_end is */
static bool serial_by_kernel;          /* input=serial and no output=serial at boot */

/* ---- Options ---- */

static bool word_is(const char *word, size_t len, const char *text)
{
    return strlen(text) == len && strncmp(word, text, len) == 0;
}

/* Copy the value of "key=value" into out when `word` is one; false if it is not. */
static bool word_value(const char *word, size_t len, const char *key, char *out)
{
    size_t k = strlen(key);
    if (len <= k || strncmp(word, key, k) != 0)
        return false;
    size_t n = MIN(len - k, NAME_MAX - 1);
    memcpy(out, word + k, n);
    out[n] = '\0';
    return true;
}

/* One word: an option recorded in *o, true; or false for a word that is not one. */
static bool take_option(const char *word, size_t len, struct boot_options *o)
{
    if (word_is(word, len, "nostart"))
        return o->nostart = true;
    if (word_is(word, len, "spawn"))
        return o->spawn = true;
    if (word_is(word, len, "console=svc"))
        return o->console = true;
    if (word_is(word, len, "console=serve")) {
        memcpy(o->input, "console", sizeof "console");
        return true;
    }
    if (len > 4 && strncmp(word, "mem=", 4) == 0) {
        o->mem = word + 4;
        o->mem_len = len - 4;
        return true;
    }
    return word_value(word, len, "input=", o->input) || word_value(word, len, "output=", o->output);
}

/* "256M", "65536K", "4G", "1048576": the `len` characters at `text` as a size in bytes
 * (K, M, G: 2^10, 2^20, 2^30); true with *bytes when it is one from 64K (a wasm page)
 * to 4G (SIP_MEM_QUOTA_MAX). */
static bool parse_size(const char *text, size_t len, uint64_t *bytes)
{
    uint64_t n = 0;
    size_t i = 0;
    for (; i < len && text[i] >= '0' && text[i] <= '9' && n <= SIP_MEM_QUOTA_MAX; i++)
        n = n * 10 + (uint64_t)(text[i] - '0');
    char unit = i + 1 == len ? text[i] : '\0';
    unsigned shift = unit == 'K' ? 10 : unit == 'M' ? 20 : unit == 'G' ? 30 : 0;
    if (i > 0 && shift != 0 && n <= SIP_MEM_QUOTA_MAX) {
        n <<= shift;
        i++;
    }
    *bytes = n;
    return i > 0 && i == len && n >= WASM_PAGE_SIZE && n <= SIP_MEM_QUOTA_MAX;
}

/* The options at the start of a module's arguments; the arguments without them go to
 * args (grant= words stay, for the capability layer, and options may follow them). */
static void parse_options(const char *line, struct boot_options *o, char *args, size_t size)
{
    memset(o, 0, sizeof *o);
    size_t n = 0, len;
    const char *p = line;
    for (;;) {
        const char *word = cmdline_next_word(&p, &len);
        bool grant = len > 6 && strncmp(word, "grant=", 6) == 0;
        if (len == 0 || (!grant && !take_option(word, len, o))) {
            p = word;                  /* the arguments start here */
            break;
        }
        if (grant && n + len + 1 < size) {
            memcpy(args + n, word, len);
            n += len;
            args[n++] = ' ';
        }
    }
    size_t rest = MIN(strlen(p), size - 1 - n);
    memcpy(args + n, p, rest);
    args[n + rest] = '\0';
}

bool ipc_boot_mem_quota(const struct boot_module *mod, uint64_t *bytes)
{
    char args[BOOT_CMDLINE_MAX];
    struct boot_options o;
    parse_options(mod->args, &o, args, sizeof args);
    *bytes = sip_mem_quota_default();
    if (o.mem == NULL || parse_size(o.mem, o.mem_len, bytes))
        return true;
    kprintf("sip %s: rejected: mem=%.*s is not a size from 64K to 4G (such as mem=256M)\n",
            mod->name, (int)o.mem_len, o.mem);
    return false;
}

/* ---- Named channels (interrupts off) ---- */

/* The boot channel `name`, made on first use; NULL when the table or memory is full. */
static struct boot_channel *channel_named(const char *name)
{
    struct boot_channel *empty = NULL;
    for (uint32_t i = 0; i < BOOT_CHANNELS; i++) {
        if (channels[i].writer != NULL && strcmp(channels[i].name, name) == 0)
            return &channels[i];
        if (channels[i].writer == NULL && empty == NULL)
            empty = &channels[i];
    }
    if (empty == NULL || channel_create(&empty->writer, &empty->reader) != ATOLL_OK)
        return NULL;
    memcpy(empty->name, name, strlen(name) + 1);
    return empty;
}

/* ---- Serial input ----
 *
 * For channel "serial" with no output=serial module, the kernel thread "serial-in"
 * polls COM1 every tick and echoes what it reads (the serial driver SIP does the same
 * job when a boot configuration runs it, docs/ipc.md). While it has a reader, the
 * thread holds COM1's receive ports in the capability table (caps.h), so it and a
 * serial driver never read the UART at once: whichever comes second is refused, with
 * the usual message. */

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

/* Show a typed byte, as a terminal's line discipline would: Enter starts a new line,
 * DEL or backspace erases the last character on screen. */
static void echo(char c)
{
    if (c == '\r' || c == '\n')
        console_putc('\n');
    else if (c == 0x7F || c == '\b')
        console_write("\b \b", 3);
    else if (c >= ' ' && c <= '~')
        console_putc(c);
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
            kobj_unref(serial_end);    /* the reader is gone: so is the need for COM1 */
            serial_end = NULL;
            caps_kernel_release(&serial_claim);
            count = 0;
        }
        while (serial_end != NULL && count < SERIAL_CHUNK && (inb(COM1 + UART_LSR) & LSR_DATA_READY)) {
            pending[count] = (char)inb(COM1);
            echo(pending[count++]);
        }
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
    bool reader = false, writer = false;
    for (uint32_t i = 0; i < info->module_count; i++) {
        struct boot_options o;
        parse_options(info->modules[i].args, &o, args, sizeof args);
        reader |= strcmp(o.input, "serial") == 0 && !o.nostart;
        writer |= strcmp(o.output, "serial") == 0 && !o.nostart;
    }
    serial_by_kernel = reader && !writer;
    if (serial_by_kernel && thread_create("serial-in", serial_main, NULL, 0) == NULL)
        kprintf("ipc: no memory for the serial input thread\n");
}

/* The serial-in thread gets `writer` to feed, once it holds COM1's receive ports; when a
 * SIP holds them, the channel gets no input from the kernel (`sip` is told why).
 * Interrupts off. */
static void serial_connect(const char *sip, struct kobj *writer)
{
    char why[96];
    if (!caps_kernel_claim(&serial_claim, SERIAL_USER, SERIAL_PORTS, why, sizeof why)) {
        kprintf("sip %s: input=serial: the kernel will not read COM1: %s\n", sip, why);
        return;
    }
    kobj_ref(writer);
    serial_end = writer;
}

/* ---- Starting a boot module ---- */

/* Interrupts off. Put the ends the options name into the new SIP's start slots:
 *
 *   console=svc SIPs: handle 1 ─┐
 *                     handle 1 ─┼─> channel "console" ══> handle 0 of the console=serve SIP
 *                     handle 1 ─┘   (one sending end shared by every client)
 *
 *   output=NAME SIP: handle 2 ────> channel NAME ═══════> handle 0 of the input=NAME SIP
 *                                   (or the serial-in thread feeds channel "serial")
 */
static void wire(const char *sip, const struct boot_options *o, struct spawn_start *start)
{
    struct boot_channel *ch;
    if (o->input[0]) {
        ch = channel_named(o->input);
        if (ch == NULL || ch->reader == NULL) {
            kprintf("sip %s: input=%s: already taken, or no room for it\n", sip, o->input);
        } else {
            start->gifts[SLOT_INPUT] = ch->reader;
            start->gift_rights[SLOT_INPUT] = RIGHTS_READER;
            ch->reader = NULL;
            if (serial_by_kernel && strcmp(o->input, "serial") == 0 && serial_end == NULL)
                serial_connect(sip, ch->writer);
        }
    }
    const char *names[] = { o->console ? "console" : "", o->output };
    const uint32_t slots[] = { SLOT_CONSOLE, SLOT_OUTPUT };
    for (uint32_t i = 0; i < 2; i++) {
        if (!names[i][0])
            continue;
        ch = channel_named(names[i]);
        if (ch == NULL) {
            kprintf("sip %s: no room for channel %s\n", sip, names[i]);
            continue;
        }
        kobj_ref(ch->writer);
        start->gifts[slots[i]] = ch->writer;
        start->gift_rights[slots[i]] = RIGHTS_WRITER;
    }
}

bool ipc_boot_start(const struct boot_module *mod)
{
    char args[BOOT_CMDLINE_MAX];
    struct boot_options o;
    parse_options(mod->args, &o, args, sizeof args);
    if (o.nostart) {
        kprintf("sip %s: present, not started (nostart)\n", mod->name);
        return false;
    }
    struct spawn_start start = { .may_spawn = o.spawn };
    bool irq = irq_save();
    wire(mod->name, &o, &start);
    irq_restore(irq);
    return spawn_start(mod, args, &start, NULL) == ATOLL_OK;
}

void ipc_boot_done(void)
{
    bool irq = irq_save();
    for (uint32_t i = 0; i < BOOT_CHANNELS; i++) {
        if (channels[i].writer == NULL)
            continue;
        kobj_unref(channels[i].writer);
        if (channels[i].reader != NULL)        /* nobody reads: writers see it closed */
            kobj_unref(channels[i].reader);
        memset(&channels[i], 0, sizeof channels[i]);
    }
    irq_restore(irq);
}
