/*
 * sip.h — software-isolated processes: a wasm module, compiled, instantiated and run on
 * a kernel thread of its own. docs/sips.md tells the whole story.
 *
 * A SIP is born from a boot module (sip_load.c: decode, validate, resolve imports,
 * compile), runs on its own thread (sip.c: instantiate, call `_start`), and dies by
 * returning, by atoll.exit, or by a trap. Whichever way it dies, it takes everything it
 * owned with it: thread, stack, code, linear memory, instance, module.
 */
#ifndef ATOLL_SIP_H
#define ATOLL_SIP_H

#include <stdbool.h>
#include <stdint.h>

#include "compiler/runtime.h"
#include "multiboot.h"

struct thread;
struct handle_table;
struct kobj;
struct caps_sip;

#define SIP_NAME_MAX 64
#define SIP_STACK_BYTES (256u << 10)   /* wasm frames above the thread's stack_limit,
                                        * kernel C (traps, ABI calls, IRQs) below it */
#define SIP_MEM_QUOTA_SHARE (64ull << 20)  /* the default quota, at most (sip_mem_quota_default) */
#define SIP_MEM_QUOTA_MAX (4ull << 30)     /* mem= at most: all a 32-bit index reaches */

struct sip {
    uint32_t id;                       /* 1, 2, ... in load order; never reused */
    char name[SIP_NAME_MAX];
    char *args;                        /* the module's command line after the name */
    uint32_t args_len;
    struct wasm_module module;         /* points into the module's bytes (a boot module:
                                        * the kernel keeps those for ever) */
    struct wasm_code code;
    struct wasm_extern *imports;       /* one per import, resolved against the ABI */
    uint32_t entry;                    /* function index of `_start` */
    struct wasm_instance *instance;    /* made on the SIP's own thread */

    struct thread *thread;
    struct wasm_exec exec;             /* where its traps unwind to; see runtime.h */
    bool exiting;                      /* atoll.exit was called: the trap is an exit */
    bool killed;                       /* sip_kill_all: leave at the next chance */
    int32_t exit_code;
    uint64_t trap_pc;                  /* code address of a trap raised by a fault or
                                        * the ABI, for the report (0 when unknown) */
    struct sip *next;                  /* on the list of live SIPs */
    struct handle_table *handles;      /* its handles (handle.h); NULL: none */
    struct kobj *proc;                 /* the object naming it (spawn.h); both go in sip_free */
    bool may_spawn;                    /* may it call atoll.spawn (docs/ipc.md) */
    struct caps_sip *caps;             /* the ports and IRQ lines it holds (caps.h);
                                        * NULL when it declared none */
    uint64_t mem_quota;                /* bytes of linear memory it may commit (mem=);
                                        * memory.grow past them returns -1 (wasm_embed.c) */
};

/* Set up the SIP layer: the code arena, the ABI's host functions, the fault hook, the
 * scheduler's switch hook. Everything allocated here lives as long as the kernel. */
void sip_init(void);

/* sip_load's first half: the SIP compiled and ready, not started (NULL, after printing
 * why, when it is rejected, e.g. for an initial memory larger than `mem_quota` bytes).
 * Start it with sip_spawn, or free it with sip_free. */
struct sip *sip_build(const char *name, const char *args, const uint8_t *bytes, uint64_t size,
                      uint64_t mem_quota);

/* Load one module as a SIP named `name` with argument string `args`. Prints one line
 * naming the module and the reason when it is rejected (and frees all it took) and
 * returns false; otherwise creates the SIP's thread, which owns the SIP from then on.
 * The bytes must stay where they are while the SIP lives (name, args are copied). */
bool sip_load(const char *name, const char *args, const uint8_t *bytes, uint64_t size);

/* Start the "sips" kernel thread: it loads every boot module that is wasm (by magic)
 * or named *.wasm, in order, waits for them all to end and checks the memory counters
 * (sip_boot.c: the exit-when-idle and sip-deadline=MS options). */
void sip_boot(const struct boot_info *info);

/* Make the kernel-wide caches that compiling `bytes` would fill (function signatures)
 * complete beforehand, so that later counters measure SIPs only. */
void sip_prepare(const uint8_t *bytes, uint64_t size);

/* The SIP running on the current thread, or NULL for a kernel thread. */
struct sip *sip_current(void);

/* The linear-memory quota of a SIP whose boot line says no mem=: SIP_MEM_QUOTA_SHARE,
 * or a quarter of the frames free when sip_init ran if that is less, in whole wasm
 * pages. Quotas are not reservations: together they may exceed the frames there are. */
uint64_t sip_mem_quota_default(void);

/* Wait (at most `ns`) until kmain's boot thread, which exits in sched_run, has been
 * freed by the reaper; false if it has not been by then. */
bool sip_wait_boot_thread(uint64_t ns);

/* Block until every SIP has ended and its thread has been reaped. */
void sip_wait_all(void);

/* The same for at most `ns` nanoseconds; false when SIPs were still live then. */
bool sip_wait_all_timeout(uint64_t ns);

/* Make every live SIP leave: at its next switch-in in wasm code or its next ABI call
 * it traps with "killed". Prints one line per SIP naming `why`. */
void sip_kill_all(const char *why);

/* ---- Used by sip.c's helpers (sip_load.c, sip_fault.c) ---- */

/* Record a loaded SIP as live and create its thread; false when no thread can be had. */
bool sip_spawn(struct sip *sip);

/* The thread body of every SIP (arg: the struct sip). */
void sip_thread_main(void *arg);

/* Free everything a SIP owns but its thread (safe on a half-built SIP). */
void sip_free(struct sip *sip);

/* Install the fault hook that turns CPU exceptions in SIP code into wasm traps. */
void sip_fault_init(void);

/* Called by the switch hook (interrupts off) for a killed SIP's thread about to run:
 * when it was interrupted in wasm code, its saved frame is made to trap "killed". */
void sip_fault_leave_if_killed(struct thread *next);

/* The trap message of a killed SIP (abi.c raises it too, at an ABI call). */
#define SIP_KILLED_MESSAGE "killed by the kernel"

#endif
