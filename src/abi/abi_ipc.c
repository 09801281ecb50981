/*
 * abi_ipc.c — the IPC imports: what a SIP passes is checked here, then handed to
 * handle.c, channel.c and spawn.c, which do the work with interrupts off. Every
 * pointer goes through abi_memory first (a bad one is a trap, before anything
 * changed); everything else a SIP can get wrong is a negative ATOLL_ERR_* result. The
 * calls that may sleep follow one pattern, with interrupts off from the test to the
 * sleep so that no wake-up is lost:
 *
 *     for (;;) { try; if done or non-blocking: break; watch; sleep; unwatch;
 *                if killed: break }
 */
#include "abi/abi_ipc.h"

#include "abi/abi.h"
#include "abi/ipc_errors.h"
#include "channel.h"
#include "cpu.h"
#include "handle.h"
#include "lib.h"
#include "sip.h"
#include "spawn.h"
#include "time.h"

#define RECV_MAX_HANDLE_SLOTS HANDLE_SLOTS   /* a larger handles array is an error */
#define SIP_RIGHTS (HANDLE_RIGHT_READ | HANDLE_RIGHT_DUPLICATE | HANDLE_RIGHT_TRANSFER)

/* The calling SIP's handle table, made on first use (a SIP that sip_load started
 * directly has none yet). NULL only when memory runs out. The caller's instance
 * names its SIP (sip.c sets `embedder`), which spares a lookup through the thread. */
static struct handle_table *my_table(struct wasm_instance *caller)
{
    struct sip *sip = caller != NULL && caller->embedder != NULL ? caller->embedder : sip_current();
    if (sip == NULL)
        return NULL;
    if (sip->handles == NULL)
        sip->handles = handle_table_new();
    return sip->handles;
}

/* A SIP killed while it sleeps here (sip_kill_all wakes it) leaves through
 * abi_leave_if_killed once nothing of it is linked into a kernel object any more. A
 * call that did not sleep skips that check: the next blocking call or preemption will
 * see the mark. */
static bool killed(void)
{
    struct sip *sip = sip_current();
    return sip != NULL && sip->killed;
}

/* Read the i-th little-endian i32 of a SIP array (maybe unaligned). */
static int32_t get_i32(const uint8_t *array, uint32_t i)
{
    int32_t v;
    memcpy(&v, array + 4 * i, 4);
    return v;
}

static void put_i32(uint8_t *array, uint32_t i, int32_t v)
{
    memcpy(array + 4 * i, &v, 4);
}

/* Sleep until `obj` signals (or anything else wakes us). Interrupts off. */
static void sleep_on(struct kobj *obj)
{
    struct kobj_waiter waiter;
    struct kobj_watch watch;
    kobj_waiter_init(&waiter);
    kobj_watch_add(&watch, obj, &waiter);
    sched_wait(&waiter.queue);
    kobj_watch_remove(&watch);
}

/* ---- Handles ---- */

/* handle_close(h) -> 0 | error */
void abi_handle_close(struct wasm_instance *caller, void *data, uint64_t *slots)
{
    (void)caller, (void)data;
    slots[0] = (uint32_t)handle_close(my_table(caller), (int32_t)slots[0]);
}

/* handle_dup(h, rights) -> new handle | error */
void abi_handle_dup(struct wasm_instance *caller, void *data, uint64_t *slots)
{
    (void)caller, (void)data;
    uint32_t rights = (uint32_t)slots[1];
    int32_t r = (rights & ~HANDLE_RIGHTS_ALL) != 0 ? ATOLL_ERR_INVALID
                                                  : handle_dup(my_table(caller), (int32_t)slots[0], rights);
    slots[0] = (uint32_t)r;
}

/* ---- Channels ---- */

/* chan_create(ends) -> 0 | error; ends[0], ends[1] get the two handles. */
void abi_chan_create(struct wasm_instance *caller, void *data, uint64_t *slots)
{
    (void)data;
    uint8_t *ends = abi_memory(caller, slots, (uint32_t)slots[0], 8, "atoll.chan_create");
    struct handle_table *table = my_table(caller);
    int32_t r = table == NULL ? ATOLL_ERR_NOMEM : ATOLL_OK;
    bool irq = irq_save();
    if (r == ATOLL_OK && handle_free_slots(table) < 2)
        r = ATOLL_ERR_NO_SLOTS;
    struct kobj *a, *b;
    if (r == ATOLL_OK)
        r = channel_create(&a, &b);
    if (r == ATOLL_OK) {
        put_i32(ends, 0, handle_install(table, a, HANDLE_RIGHTS_ALL));
        put_i32(ends, 1, handle_install(table, b, HANDLE_RIGHTS_ALL));
    }
    irq_restore(irq);
    slots[0] = (uint32_t)r;
}

/* chan_send(h, bytes, len, handles, nhandles, flags) -> 0 | error */
void abi_chan_send(struct wasm_instance *caller, void *data, uint64_t *slots)
{
    (void)data;
    int32_t h = (int32_t)slots[0];
    uint32_t ptr = (uint32_t)slots[1], len = (uint32_t)slots[2];
    uint32_t hptr = (uint32_t)slots[3], nhandles = (uint32_t)slots[4], flags = (uint32_t)slots[5];
    if (len > CHANNEL_MSG_MAX_BYTES || nhandles > CHANNEL_MSG_MAX_HANDLES) {
        slots[0] = (uint32_t)ATOLL_ERR_TOO_BIG;
        return;
    }
    if ((flags & ~ABI_IPC_NONBLOCK) != 0) {
        slots[0] = (uint32_t)ATOLL_ERR_INVALID;
        return;
    }
    const uint8_t *bytes = abi_memory(caller, slots, ptr, len, "atoll.chan_send");
    int32_t handles[CHANNEL_MSG_MAX_HANDLES];
    if (nhandles > 0) {
        const uint8_t *harray = abi_memory(caller, slots, hptr, nhandles * 4, "atoll.chan_send");
        for (uint32_t i = 0; i < nhandles; i++)
            handles[i] = get_i32(harray, i);
    }
    struct channel_send_args msg = {
        .bytes = bytes, .len = len, .table = my_table(caller), .handles = handles, .nhandles = nhandles,
    };
    int32_t r;
    bool slept = false;
    bool irq = irq_save();
    for (;;) {
        struct kobj *end;
        r = handle_get(msg.table, h, &channel_type, HANDLE_RIGHT_WRITE, &end);
        if (r == ATOLL_OK)
            r = channel_send(end, &msg);
        if (r != ATOLL_ERR_FULL || (flags & ABI_IPC_NONBLOCK))
            break;
        sleep_on(end);                 /* until the receiver makes room, or leaves */
        slept = true;
        if (killed())
            break;
    }
    irq_restore(irq);
    if (slept)
        abi_leave_if_killed(caller, slots);
    slots[0] = (uint32_t)r;
}

/* chan_recv(h, buf, cap, handles, hcap, flags) -> bytes received | error */
void abi_chan_recv(struct wasm_instance *caller, void *data, uint64_t *slots)
{
    (void)data;
    int32_t h = (int32_t)slots[0];
    uint32_t ptr = (uint32_t)slots[1], cap = (uint32_t)slots[2];
    uint32_t hptr = (uint32_t)slots[3], hcap = (uint32_t)slots[4], flags = (uint32_t)slots[5];
    if ((flags & ~ABI_IPC_NONBLOCK) != 0 || hcap > RECV_MAX_HANDLE_SLOTS) {
        slots[0] = (uint32_t)ATOLL_ERR_INVALID;
        return;
    }
    struct kobj_waiter waiter;
    struct channel_recv_args rx;       /* every field set: no zeroing on this hot path */
    rx.buf = abi_memory(caller, slots, ptr, cap, "atoll.chan_recv");
    rx.cap = cap;
    rx.handles = hcap > 0 ? abi_memory(caller, slots, hptr, hcap * 4, "atoll.chan_recv") : NULL;
    rx.hcap = hcap;
    rx.table = my_table(caller);
    rx.waiter = &waiter;
    rx.done = false;
    rx.result = 0;
    int32_t r;
    bool slept = false;
    bool irq = irq_save();
    for (;;) {
        struct kobj *end;
        r = handle_get(rx.table, h, &channel_type, HANDLE_RIGHT_READ, &end);
        if (r == ATOLL_OK)
            r = channel_recv(end, &rx);
        if (r != ATOLL_ERR_EMPTY || (flags & ABI_IPC_NONBLOCK))
            break;
        /* Offer our buffers: a sender copies straight into them and wakes us. */
        struct kobj_watch watch;
        kobj_waiter_init(&waiter);
        kobj_watch_add(&watch, end, &waiter);
        channel_recv_offer(end, &rx);
        sched_wait(&waiter.queue);
        channel_recv_withdraw(end, &rx);
        kobj_watch_remove(&watch);
        slept = true;
        if (rx.done) {
            r = rx.result;
            break;
        }
        if (killed())
            break;
    }
    irq_restore(irq);
    if (slept)
        abi_leave_if_killed(caller, slots);
    slots[0] = (uint32_t)r;
}

/* ---- Waiting ---- */

/* One item of a wait, as laid out in the SIP's memory (struct atoll_wait in atoll.h). */
#define WAIT_ITEM_BYTES 12             /* i32 handle, i32 signals wanted, i32 observed */

/* Interrupts off. Sleep until one of objs[] shows a wanted signal, the deadline, or a
 * kill; the number of items ready, or ATOLL_ERR_TIMED_OUT. */
static int32_t wait_any(struct kobj **objs, const uint32_t *want, uint32_t *seen, uint32_t n,
                        int64_t timeout_ns)
{
    uint64_t deadline = timeout_ns > 0 ? time_ns() + (uint64_t)timeout_ns : 0;
    for (;;) {
        int32_t ready = 0;
        for (uint32_t i = 0; i < n; i++) {
            seen[i] = kobj_signals(objs[i]);
            ready += (seen[i] & want[i]) != 0;
        }
        uint64_t now = time_ns();
        if (ready > 0)
            return ready;
        if (timeout_ns == 0 || (timeout_ns > 0 && now >= deadline) || killed())
            return ATOLL_ERR_TIMED_OUT;
        struct kobj_waiter waiter;
        struct kobj_watch watches[ABI_IPC_WAIT_MAX];
        kobj_waiter_init(&waiter);
        for (uint32_t i = 0; i < n; i++)
            kobj_watch_add(&watches[i], objs[i], &waiter);
        if (timeout_ns < 0)
            sched_wait(&waiter.queue);
        else
            sched_wait_timeout(&waiter.queue, deadline - now);
        for (uint32_t i = 0; i < n; i++)
            kobj_watch_remove(&watches[i]);
    }
}

/* wait(items, n, timeout_ns) -> items ready | error. timeout < 0: for ever; 0: poll. */
void abi_wait(struct wasm_instance *caller, void *data, uint64_t *slots)
{
    (void)data;
    uint32_t ptr = (uint32_t)slots[0], n = (uint32_t)slots[1];
    int64_t timeout_ns = (int64_t)slots[2];
    if (n == 0 || n > ABI_IPC_WAIT_MAX) {
        slots[0] = (uint32_t)ATOLL_ERR_INVALID;
        return;
    }
    uint8_t *items = abi_memory(caller, slots, ptr, n * WAIT_ITEM_BYTES, "atoll.wait");
    struct kobj *objs[ABI_IPC_WAIT_MAX];
    uint32_t want[ABI_IPC_WAIT_MAX], seen[ABI_IPC_WAIT_MAX];
    struct handle_table *table = my_table(caller);
    int32_t r = ATOLL_OK;
    bool irq = irq_save();
    for (uint32_t i = 0; i < n && r == ATOLL_OK; i++) {
        r = handle_get(table, get_i32(items, 3 * i), NULL, 0, &objs[i]);
        want[i] = (uint32_t)get_i32(items, 3 * i + 1);
    }
    if (r == ATOLL_OK)
        r = wait_any(objs, want, seen, n, timeout_ns);
    irq_restore(irq);
    abi_leave_if_killed(caller, slots);
    for (uint32_t i = 0; i < n && r != ATOLL_ERR_BADHANDLE; i++)
        put_i32(items, 3 * i + 2, (int32_t)seen[i]);
    slots[0] = (uint32_t)r;
}

/* ---- SIPs ---- */

/* Split "NAME ARGS" in place: NAME is NUL-terminated, *args points after it. */
static char *split_name(char *cmdline, char **args)
{
    char *p = cmdline;
    while (*p == ' ')
        p++;
    char *name = p;
    while (*p && *p != ' ')
        p++;
    if (*p)
        *p++ = '\0';
    while (*p == ' ')
        p++;
    *args = p;
    return name;
}

/* A word "grant=..." among the arguments: the capability layer would read it as a grant
 * (docs/caps.md), which only the boot configuration may give. */
static bool has_grant_word(const char *args)
{
    for (const char *p = args; *p; p++)
        if ((p == args || p[-1] == ' ') && strncmp(p, "grant=", 6) == 0)
            return true;
    return false;
}

/* spawn(cmdline, len, handles, nhandles, flags) -> SIP handle | error */
void abi_spawn(struct wasm_instance *caller, void *data, uint64_t *slots)
{
    (void)data;
    uint32_t ptr = (uint32_t)slots[0], len = (uint32_t)slots[1];
    uint32_t hptr = (uint32_t)slots[2], nhandles = (uint32_t)slots[3], flags = (uint32_t)slots[4];
    struct sip *self = sip_current();
    struct handle_table *table = my_table(caller);
    int32_t r = ATOLL_OK;
    if (self == NULL || !self->may_spawn)
        r = ATOLL_ERR_DENIED;
    else if ((flags & ~ABI_IPC_SPAWN_MAY_SPAWN) != 0)
        r = ATOLL_ERR_INVALID;
    else if (len >= SPAWN_CMDLINE_MAX || nhandles > SPAWN_MAX_HANDLES)
        r = ATOLL_ERR_TOO_BIG;
    else if (table == NULL)
        r = ATOLL_ERR_NOMEM;
    if (r != ATOLL_OK) {
        slots[0] = (uint32_t)r;
        return;
    }
    char cmdline[SPAWN_CMDLINE_MAX], *args;
    memcpy(cmdline, abi_memory(caller, slots, ptr, len, "atoll.spawn"), len);
    cmdline[len] = '\0';
    const uint8_t *harray = abi_memory(caller, slots, hptr, nhandles * 4, "atoll.spawn");
    int32_t handles[SPAWN_MAX_HANDLES];
    for (uint32_t i = 0; i < nhandles; i++)
        handles[i] = get_i32(harray, i);
    char *name = split_name(cmdline, &args);
    if (has_grant_word(args)) {
        slots[0] = (uint32_t)ATOLL_ERR_DENIED;
        return;
    }
    bool irq = irq_save();
    r = handle_free_slots(table) > 0 ? spawn_check_handles(table, handles, nhandles)
                                     : ATOLL_ERR_NO_SLOTS;
    irq_restore(irq);
    struct kobj *proc = NULL;
    struct spawn_start start = {
        .parent_id = self->id, .may_spawn = (flags & ABI_IPC_SPAWN_MAY_SPAWN) != 0,
        .from = table, .handles = handles, .nhandles = nhandles,
    };
    const struct boot_module *mod = spawn_find(name);
    if (r == ATOLL_OK && mod == NULL)
        r = ATOLL_ERR_NOT_FOUND;
    if (r == ATOLL_OK)
        r = spawn_start(mod, args, &start, &proc);
    if (r == ATOLL_OK) {
        irq = irq_save();
        r = handle_install(table, proc, SIP_RIGHTS);
        if (r < 0)
            kobj_unref(proc);
        irq_restore(irq);
    }
    slots[0] = (uint32_t)r;
}

/* sip_wait(h, code) -> 0 | error: sleeps until the SIP has ended; *code = its exit code. */
void abi_sip_wait(struct wasm_instance *caller, void *data, uint64_t *slots)
{
    (void)data;
    int32_t h = (int32_t)slots[0];
    uint8_t *code_out = abi_memory(caller, slots, (uint32_t)slots[1], 4, "atoll.sip_wait");
    struct handle_table *table = my_table(caller);
    int32_t code = 0, r;
    bool irq = irq_save();
    for (;;) {
        struct kobj *proc;
        r = handle_get(table, h, &spawn_sip_type, HANDLE_RIGHT_READ, &proc);
        if (r != ATOLL_OK || spawn_exit_code(proc, &code))
            break;
        sleep_on(proc);
        if (killed())
            break;
    }
    irq_restore(irq);
    abi_leave_if_killed(caller, slots);
    if (r == ATOLL_OK)
        put_i32(code_out, 0, code);
    slots[0] = (uint32_t)r;
}

/* sip_list(infos, max) -> how many SIPs live (at most max entries written). */
void abi_sip_list(struct wasm_instance *caller, void *data, uint64_t *slots)
{
    (void)data;
    uint32_t ptr = (uint32_t)slots[0], max = (uint32_t)slots[1];
    if (max > 4096)
        max = 4096;                    /* keeps max * size within 32 bits */
    uint8_t *out = abi_memory(caller, slots, ptr, max * (uint32_t)sizeof(struct spawn_info),
                              "atoll.sip_list");
    slots[0] = spawn_list(out, max);
}
