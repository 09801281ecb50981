/*
 * sip.c — the life of a SIP once it is loaded: its thread instantiates the module and
 * calls `_start`; however that ends (return, atoll.exit, a trap, a CPU exception turned
 * into a trap by sip_fault.c), the same thread reports it in one line, frees everything
 * the SIP owned and exits. The reaper (src/sched/) then frees the thread's stack.
 *
 * Each SIP thread carries its own struct wasm_exec (where its traps unwind to); the
 * switch hook points wasm_exec_current at it whenever the thread is about to run.
 * A SIP counts as live from sip_load until its thread has been reaped, so that
 * sip_wait_all returns only when no byte of any SIP is left.
 */
#include "sip.h"

#include "abi/abi.h"
#include "caps.h"
#include "cpu.h"
#include "kheap.h"
#include "kprintf.h"
#include "lib.h"
#include "memlayout.h"
#include "panic.h"
#include "pmm.h"
#include "sched/thread.h"
#include "spawn.h"
#include "time.h"
#include "wasm_embed.h"

static struct sip *live;                 /* loaded, not yet ended */
static uint32_t live_count;
static uint32_t threads_unreaped;        /* SIP threads created and not yet reaped */
/* The reaper frees a thread after calling the reap hook, then counts it: a thread seen
 * by the hook when sched_reaped_count() was N is gone for good once the count is > N. */
static bool sip_reaped_any, boot_reaped;
static uint64_t sip_reap_mark, boot_reap_mark;
static struct wait_queue all_done;       /* sip_wait_all sleeps here */
static uint64_t mem_quota_default;       /* sip_init: see sip_mem_quota_default */

/* ---- Hooks into the scheduler ---- */

/* Interrupts are off. A killed SIP is made to leave here (sip_fault.c). */
static void switch_hook(struct thread *next)
{
    wasm_exec_current = next->exec != NULL ? next->exec : &wasm_exec_kernel;
    if (next->owner != NULL && ((struct sip *)next->owner)->killed)
        sip_fault_leave_if_killed(next);
}

/* A thread is a SIP's when it runs sip_thread_main (its `owner` is gone by now); the
 * boot thread (id 0) is watched too, for sip_wait_boot_thread. */
static void reap_hook(struct thread *dead)
{
    bool irq = irq_save();
    if (dead->id == 0) {
        boot_reaped = true;
        boot_reap_mark = sched_reaped_count();
    }
    if (dead->entry == sip_thread_main) {
        threads_unreaped--;
        sip_reaped_any = true;
        sip_reap_mark = sched_reaped_count();
        sched_wake_all(&all_done);
    }
    irq_restore(irq);
}

/* Poll (briefly: the reaper is running already) until the reaper has counted the
 * thread it showed the hook when the count was `mark`. */
static void wait_for_reaper(uint64_t mark)
{
    while (sched_reaped_count() <= mark)
        sched_sleep_ns(1000000);
}

bool sip_wait_boot_thread(uint64_t ns)
{
    uint64_t deadline = time_ns() + ns;
    while (!boot_reaped && time_ns() < deadline)
        sched_sleep_ns(1000000);
    if (boot_reaped)
        wait_for_reaper(boot_reap_mark);
    return boot_reaped;
}

static void nop_host(struct wasm_instance *caller, void *data, uint64_t *slots)
{
    (void)caller, (void)data, (void)slots;
}

/* invoke.c makes its trampoline on the first wasm_invoke and keeps it for ever: call
 * a throw-away host function once, so that the trampoline is not counted as a SIP's. */
static void make_trampoline(void)
{
    struct wasm_functype none = { 0 };
    struct wasm_func_ref *nop = wasm_host_func_new(&none, nop_host, NULL);
    uint64_t slot = 0;
    if (nop == NULL || wasm_invoke(nop, &slot) != WASM_TRAP_NONE)
        panic("sip_init: cannot make the invoke trampoline");
    wasm_host_func_free(nop);
}

void sip_init(void)
{
    uint64_t quarter = pmm_free_frames() * PAGE_SIZE / 4;
    mem_quota_default = MIN(quarter, SIP_MEM_QUOTA_SHARE) / WASM_PAGE_SIZE * WASM_PAGE_SIZE;
    wasm_embed_init();
    abi_init();
    make_trampoline();
    wait_queue_init(&all_done);
    sip_fault_init();
    sched_set_switch_hook(switch_hook);
    sched_set_reap_hook(reap_hook);
}

struct sip *sip_current(void)
{
    return thread_current()->owner;
}

uint64_t sip_mem_quota_default(void)
{
    return mem_quota_default;
}

void sip_wait_all(void)
{
    bool irq = irq_save();
    while (live_count > 0 || threads_unreaped > 0)
        sched_wait(&all_done);
    irq_restore(irq);
    if (sip_reaped_any)
        wait_for_reaper(sip_reap_mark);
}

bool sip_wait_all_timeout(uint64_t ns)
{
    bool irq = irq_save();
    uint64_t deadline = time_ns() + ns;
    bool done = true;
    while (done && (live_count > 0 || threads_unreaped > 0)) {
        uint64_t now = time_ns();
        done = now < deadline;
        if (done)
            sched_wait_timeout(&all_done, deadline - now);
    }
    irq_restore(irq);
    return done;
}

void sip_kill_all(const char *why)
{
    bool irq = irq_save();
    for (struct sip *sip = live; sip != NULL; sip = sip->next) {
        kprintf("sip %s: killed (%s)\n", sip->name, why);
        sip->killed = true;
        /* asleep in an ABI call (an IPC wait): wake it, so that it sees the mark */
        if (sip->thread->state == THREAD_BLOCKED && sip->thread->waiting_on != NULL)
            sched_wake_all(sip->thread->waiting_on);
    }
    irq_restore(irq);
}

/* ---- Birth (called by sip_load) and death ---- */

/* Put `sip` on the live list and give it a thread; false when no thread can be had.
 * Interrupts stay off until the SIP is fully recorded, so its thread cannot run first. */
bool sip_spawn(struct sip *sip)
{
    static uint32_t next_id = 1;
    bool irq = irq_save();
    sip->thread = thread_create(sip->name, sip_thread_main, sip, SIP_STACK_BYTES);
    if (sip->thread != NULL) {
        sip->id = next_id++;
        sip->next = live;
        live = sip;
        live_count++;
        threads_unreaped++;
        kprintf("sip %s: loaded as SIP %u: %u functions, %lu bytes of code\n", sip->name,
                sip->id, sip->module.nfuncs - sip->module.nfunc_imports, (uint64_t)sip->code.size);
    }
    irq_restore(irq);
    return sip->thread != NULL;
}

void sip_free(struct sip *sip)
{
    spawn_sip_release(sip);              /* its handles close, waiters on it wake */
    caps_release(sip);                   /* its ports and IRQ lines go back first */
    wasm_instance_free(sip->instance);
    bool irq = irq_save();               /* the registry is a plain list (codemap.c) */
    wasm_code_unregister(&sip->code);
    irq_restore(irq);
    wasm_compiled_free(&sip->code);
    wasm_module_free(&sip->module);
    kfree(sip->imports);
    kfree(sip->args);
    kfree(sip);
}

/* Off the live list, wake sip_wait_all (which still waits for the reaper). */
static void sip_unlist(struct sip *sip)
{
    bool irq = irq_save();
    struct sip **link = &live;
    while (*link != sip)
        link = &(*link)->next;
    *link = sip->next;
    live_count--;
    sched_wake_all(&all_done);
    irq_restore(irq);
}

/* ---- Reporting how it ended ---- */

/* "'name'" from the name section, else the index: "function 'divide'", "function 7". */
static void func_text(char *buf, size_t size, const struct wasm_module *m, uint32_t index)
{
    struct wasm_name name = index < m->nfuncs ? m->funcs[index].name : (struct wasm_name){ 0 };
    if (name.len == 0) {
        ksnprintf(buf, size, "function %u", index);
        return;
    }
    size_t n = (size_t)ksnprintf(buf, size, "function '");
    for (uint32_t i = 0; i < name.len && n + 2 < size; i++)
        buf[n++] = name.bytes[i] >= 0x20 && name.bytes[i] < 0x7F ? (char)name.bytes[i] : '?';
    ksnprintf(buf + n, size - n, "'");
}

/* One line: the SIP, the trap, the function and the wasm offset when known. */
static void report_trap(struct sip *sip, enum wasm_trap trap)
{
    const struct wasm_trap_info *info = &sip->exec.trap;
    uint32_t func = info->func_index, offset = info->wasm_offset;
    if (func == UINT32_MAX && sip->trap_pc != 0)
        wasm_code_locate(sip->trap_pc, &func, &offset);
    const char *what = trap == WASM_TRAP_HOST && info->message[0] ? info->message
                                                                    : wasm_trap_message(trap);
    if (func == UINT32_MAX) {
        kprintf("sip %s: trap: %s\n", sip->name, what);
        return;
    }
    char where[80];
    func_text(where, sizeof where, &sip->module, func);
    kprintf("sip %s: trap: %s in %s at offset 0x%x\n", sip->name, what, where, offset);
}

/* Instantiate (segments, start function) and call the entry. True when the SIP ended
 * by itself (returned or called atoll.exit) with *code; false when it failed (a trap,
 * or no instance could be made), after reporting why. */
static bool sip_run(struct sip *sip, int32_t *code)
{
    struct wasm_error err = { 0 };
    enum wasm_trap trap = WASM_TRAP_NONE;
    *code = 0;
    sip->instance = wasm_instantiate(&sip->module, &sip->code, sip->imports, &err, &trap);
    if (sip->instance != NULL) {
        sip->instance->embedder = sip;   /* its memory's region names it already (wasm_embed.c) */
        uint64_t slot = 0;
        trap = wasm_invoke(sip->instance->funcs[sip->entry], &slot);
        if (trap == WASM_TRAP_NONE) {
            if (wasm_func_type(&sip->module, sip->entry)->nresults == 1)
                *code = (int32_t)slot;
            return true;
        }
    } else if (trap == WASM_TRAP_NONE) {
        kprintf("sip %s: cannot instantiate: %s\n", sip->name, err.message);
        return false;
    }
    if (trap == WASM_TRAP_HOST && sip->exiting) {
        *code = sip->exit_code;
        return true;
    }
    report_trap(sip, trap);
    return false;
}

void sip_thread_main(void *arg)
{
    struct sip *sip = arg;
    struct thread *self = thread_current();
    bool irq = irq_save();
    self->owner = sip;
    self->exec = &sip->exec;
    wasm_exec_current = &sip->exec;
    irq_restore(irq);
    sip->exec.stack_limit = self->stack_limit;   /* instances copy it (runtime.h) */

    int32_t code;
    if (sip_run(sip, &code))
        kprintf("sip %s: exited with code %d\n", sip->name, code);
    else
        code = -1;
    sip->exit_code = code;               /* for those waiting on it (spawn.c) */

    irq = irq_save();
    self->owner = NULL;
    self->exec = NULL;
    wasm_exec_current = &wasm_exec_kernel;
    irq_restore(irq);
    sip_unlist(sip);
    sip_free(sip);
    thread_exit(code);
}
