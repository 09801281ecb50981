/*
 * spawn.h — starting a SIP from a boot module by name, with the handles it is given,
 * and the kernel object that names a SIP (waitable until it exits, then it holds the
 * exit code).
 *
 * Every SIP that spawn.c starts (at boot through ipc_boot.c, later through atoll.spawn)
 * gets a handle table and a "sip" object; both are released when the SIP dies
 * (spawn_sip_release, called by sip_free). A child never gets more than its parent
 * holds: the handles it starts with are moved out of the parent's table, and the right
 * to spawn is passed on only by a parent that has it. docs/ipc.md.
 */
#ifndef ATOLL_SPAWN_H
#define ATOLL_SPAWN_H

#include <stdbool.h>
#include <stdint.h>

#include "handle.h"
#include "kobject.h"
#include "multiboot.h"

#define SPAWN_MAX_HANDLES 4            /* handles a new SIP can start with: slots 0..3 */
#define SPAWN_CMDLINE_MAX 256          /* "NAME ARGS..." */

struct sip;

extern const struct kobj_type spawn_sip_type;

/* What a new SIP starts with, in its slots 0, 1, ...: handles of the parent's (moved,
 * each needs the TRANSFER right; HANDLE_NONE leaves the slot empty), or references the
 * kernel gives away (boot wiring). */
struct spawn_start {
    uint32_t parent_id;                /* 0: started by the kernel */
    bool may_spawn;
    struct handle_table *from;         /* the parent's table (NULL: no handles) */
    const int32_t *handles;
    uint32_t nhandles;
    struct kobj *gifts[SPAWN_MAX_HANDLES];   /* kernel references, NULL: none */
    uint32_t gift_rights[SPAWN_MAX_HANDLES];
};

/* The first wasm boot module named `name` (started at boot or not), or NULL: what a
 * SIP may spawn. */
const struct boot_module *spawn_find(const char *name);

/* Start boot module `mod` as a SIP with `args`. 0 and *proc (a reference to its "sip"
 * object, for the caller) when it runs; else ATOLL_ERR_REJECTED (the kernel printed
 * why), _NOMEM, or an error of one of the handles (nothing was moved then). proc may
 * be NULL: no reference wanted. Gifts are the callee's in every case. */
int32_t spawn_start(const struct boot_module *mod, const char *args, struct spawn_start *start,
                    struct kobj **proc);

/* Check the handles a parent passes (TRANSFER right, none twice): 0 or the error. */
int32_t spawn_check_handles(struct handle_table *from, const int32_t *handles, uint32_t n);

/* The SIP has died or was never started: close its handles, record its exit code in
 * its "sip" object and wake those waiting on it. Called by sip_free. */
void spawn_sip_release(struct sip *sip);

/* The exit code of an ended SIP's object: true and *code, or false while it runs. */
bool spawn_exit_code(struct kobj *proc, int32_t *code);

/* One line of `ps`. */
struct spawn_info {
    uint32_t id;
    uint32_t parent_id;
    uint32_t state;                    /* enum thread_state */
    uint32_t ticks;                    /* CPU time, in timer ticks */
    char name[32];
};

/* The live SIPs started by spawn.c, oldest first: copies at most max entries to `out`
 * (packed, maybe unaligned: a SIP's memory) and returns how many there are. */
uint32_t spawn_list(uint8_t *out, uint32_t max);

#endif
