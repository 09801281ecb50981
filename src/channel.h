/*
 * channel.h — channels: two connected ends; what is sent on one end is received on the
 * other, as whole messages of bytes plus handles, in order. Each end owns the queue of
 * messages coming *to* it, bounded by CHANNEL_QUEUE_MAX: a send into a full queue
 * returns ATOLL_ERR_FULL and the caller decides whether to wait (abi_ipc.c does, unless
 * asked not to). Handles in a message move from the sender's table to the receiver's.
 * The bytes are copied once when the receiver is already waiting (the "direct" path),
 * else into a kernel buffer on the queue and out again at the receive (docs/ipc.md).
 * Every function here runs with interrupts off.
 */
#ifndef ATOLL_CHANNEL_H
#define ATOLL_CHANNEL_H

#include <stdbool.h>
#include <stdint.h>

#include "handle.h"
#include "kobject.h"

#define CHANNEL_MSG_MAX_BYTES 65536u    /* bytes in one message */
#define CHANNEL_MSG_MAX_HANDLES 8u      /* handles in one message */
#define CHANNEL_QUEUE_MAX 16u           /* messages waiting at one end */

extern const struct kobj_type channel_type;

/* Two connected ends, one reference each for the caller; ATOLL_ERR_NOMEM or 0. */
int32_t channel_create(struct kobj **end0, struct kobj **end1);

/* A message to send: bytes in memory the kernel can read, handles by number in the
 * sender's table (table NULL: the kernel sends, with no handles). */
struct channel_send_args {
    const void *bytes;
    uint32_t len;
    struct handle_table *table;
    const int32_t *handles;
    uint32_t nhandles;
};

/* Where a received message goes. `handles` gets hcap values: the handles received,
 * then HANDLE_NONE. done/result are set by a sender that delivered straight into it. */
struct channel_recv_args {
    void *buf;
    uint32_t cap;
    uint8_t *handles;                  /* hcap little-endian i32s, maybe unaligned */
    uint32_t hcap;
    struct handle_table *table;        /* where received handles go */
    struct kobj_waiter *waiter;        /* woken by a direct delivery */
    bool done;
    int32_t result;
};

/* Send on `end`: 0, or ATOLL_ERR_PEER_CLOSED, _FULL, _TOO_BIG, _NOMEM, or an error of
 * one of the handles (_BADHANDLE, _DENIED without the TRANSFER right, _INVALID for a
 * handle listed twice, _BUSY for an end that may not travel: docs/ipc.md). */
int32_t channel_send(struct kobj *end, const struct channel_send_args *msg);

/* Receive the oldest message at `end`: its length in bytes, or ATOLL_ERR_EMPTY,
 * _PEER_CLOSED (nothing queued and the peer gone), _TOO_BIG (the message stays
 * queued), _NO_SLOTS (no room for its handles; it stays queued). */
int32_t channel_recv(struct kobj *end, struct channel_recv_args *rx);

/* A receiver about to sleep offers its buffers for a direct delivery; it takes the
 * offer back when it wakes (harmless when a sender already used it). */
void channel_recv_offer(struct kobj *end, struct channel_recv_args *rx);
void channel_recv_withdraw(struct kobj *end, struct channel_recv_args *rx);

/* How many messages were delivered directly, and through the queue, since boot. */
void channel_stats(uint64_t *direct, uint64_t *queued);

#endif
