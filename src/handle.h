/*
 * handle.h — a SIP's handle table: the small integers by which it names kernel objects.
 * A SIP can reach a kernel object only through a slot of its own table, and only with
 * the rights that slot carries; every error is a negative ATOLL_ERR_* code
 * (abi/ipc_errors.h), so nothing a SIP passes here can crash the kernel. Tables are
 * touched by their owner's thread, or by a sender delivering straight into a receiver
 * blocked in chan_recv; callers hold interrupts off.
 */
#ifndef ATOLL_HANDLE_H
#define ATOLL_HANDLE_H

#include <stdbool.h>
#include <stdint.h>

#include "kobject.h"

/* A handle value packs the slot and the slot's generation, which changes each time the
 * slot is emptied, so a closed handle's number stays dead even after the slot is reused:
 *
 *     bit  31   30 ............................ 8   7 ......... 0
 *         [ 0 | generation (23 bits, wraps)      | slot (0-255)  ]
 *
 * A fresh slot has generation 0, so handles read as small numbers: a SIP starts with
 * handles 0-3 (by convention 0: what its parent handed over, 1: the console) and the
 * handles it makes itself are 4, 5, 6... */
#define HANDLE_SLOTS 64                 /* per SIP; the value format allows 256 */
#define HANDLE_SLOT_BITS 8
#define HANDLE_GEN_MASK 0x7FFFFFu       /* 23 bits: values stay positive */
#define HANDLE_NONE (-1)                /* "no handle" where a list has a hole */
#define HANDLE_FIRST_FREE 4             /* slots 0-3: the handles a SIP starts with */

/* Rights (the same bits as ATOLL_RIGHT_* in atoll.h). */
#define HANDLE_RIGHT_READ      0x1u     /* receive; read a SIP's exit code */
#define HANDLE_RIGHT_WRITE     0x2u     /* send */
#define HANDLE_RIGHT_DUPLICATE 0x4u     /* handle_dup */
#define HANDLE_RIGHT_TRANSFER  0x8u     /* send through a channel, hand to a child */
#define HANDLE_RIGHTS_ALL      0xFu

struct handle_slot {
    struct kobj *obj;                   /* NULL: free */
    uint32_t rights;
    uint32_t gen;
};

struct handle_table {
    struct handle_slot slots[HANDLE_SLOTS];
    uint32_t used;                      /* slots taken from HANDLE_FIRST_FREE up */
};

/* An empty table, or NULL when memory runs out. */
struct handle_table *handle_table_new(void);

/* Close every handle (objects whose last reference goes are destroyed, their
 * watchers woken) and free the table. NULL is fine. */
void handle_table_free(struct handle_table *table);

/* Put a reference to obj (the caller's, which the table takes over) into the lowest
 * free slot from HANDLE_FIRST_FREE up (so a handle a SIP makes is never mistaken for
 * one of the conventional start handles 0-3); returns the handle, or
 * ATOLL_ERR_NO_SLOTS (obj then left to the caller). */
int32_t handle_install(struct handle_table *table, struct kobj *obj, uint32_t rights);

/* The same into a given empty slot (a new SIP's handles 0, 1...), as handle value. */
int32_t handle_install_at(struct handle_table *table, uint32_t slot, struct kobj *obj,
                          uint32_t rights);

/* The object behind h, checked: ATOLL_ERR_BADHANDLE unless h is a live handle of this
 * table, ATOLL_ERR_WRONG_TYPE unless it names a `type` object (NULL: any type),
 * ATOLL_ERR_DENIED unless it carries every right in `rights`. 0 and *out on success. */
int32_t handle_get(struct handle_table *table, int32_t h, const struct kobj_type *type,
                   uint32_t rights, struct kobj **out);

/* Its rights (after handle_get succeeded). */
uint32_t handle_rights(struct handle_table *table, int32_t h);

/* Empty h's slot and return its reference (and rights) to the caller: the first half
 * of moving a handle. h must have passed handle_get. */
struct kobj *handle_take(struct handle_table *table, int32_t h, uint32_t *rights);

/* Close h: 0, or ATOLL_ERR_BADHANDLE. */
int32_t handle_close(struct handle_table *table, int32_t h);

/* A second handle to h's object with `rights` (a subset of h's): the new handle, or
 * ATOLL_ERR_BADHANDLE, _DENIED (no DUPLICATE right), _INVALID (more rights than h),
 * _NO_SLOTS. */
int32_t handle_dup(struct handle_table *table, int32_t h, uint32_t rights);

/* Free slots left for handle_install. */
uint32_t handle_free_slots(const struct handle_table *table);

#endif
