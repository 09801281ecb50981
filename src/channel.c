/*
 * channel.c — channel ends, their queues, and the two ways a message travels.
 *
 *   direct:  sender's memory ──memcpy──> receiver's memory      (receiver was waiting)
 *   queued:  sender's memory ──memcpy──> kernel buffer ──memcpy──> receiver's memory
 *
 * Both SIPs live in the one address space, so "copying between processes" is a plain
 * memcpy between two linear memories, done by the sender's thread while the receiver
 * sleeps in its receive (interrupts off: the receiver cannot wake half-filled).
 */
#include "channel.h"

#include "abi/ipc_errors.h"
#include "kheap.h"
#include "lib.h"
#include "panic.h"

struct carried {
    struct kobj *obj;
    uint32_t rights;
};

struct message {
    struct message *next;
    uint32_t len;
    uint32_t nhandles;
    struct carried handles[];          /* then len bytes */
};

struct channel_end {
    struct kobj obj;                   /* first: a struct kobj * is a struct channel_end * */
    struct channel_end *peer;          /* NULL once the other end is destroyed */
    struct message *head, *tail;       /* sent by the peer, not yet received here */
    uint32_t count;
    uint32_t queued_handles;           /* handles in those messages */
    struct channel_recv_args *offer;   /* a receiver sleeping on this end, or NULL */
};

static uint64_t delivered_direct, delivered_queued;

static struct channel_end *end_of(struct kobj *obj)
{
    return (struct channel_end *)obj;
}

static uint8_t *message_bytes(struct message *m)
{
    return (uint8_t *)&m->handles[m->nhandles];
}

/* ---- The object ---- */

/* READABLE when messages wait here; PEER_CLOSED once the peer is gone, else WRITABLE
 * while the peer's queue has room. */
static uint32_t end_signals(struct kobj *obj)
{
    struct channel_end *end = end_of(obj);
    uint32_t s = end->count > 0 ? KOBJ_SIG_READABLE : 0;
    if (end->peer == NULL)
        s |= KOBJ_SIG_PEER_CLOSED;
    else if (end->peer->count < CHANNEL_QUEUE_MAX)
        s |= KOBJ_SIG_WRITABLE;
    return s;
}

/* The last handle to this end is gone: the peer learns it, the queue is dropped
 * (with the handles it carried: kobj_unref destroys them later, not recursively). */
static void end_destroy(struct kobj *obj)
{
    struct channel_end *end = end_of(obj);
    if (end->offer != NULL)
        panic("channel: end %p destroyed with a receiver waiting on it", (void *)end);
    if (end->peer != NULL) {
        end->peer->peer = NULL;
        kobj_notify(&end->peer->obj);
    }
    while (end->head != NULL) {
        struct message *m = end->head;
        end->head = m->next;
        for (uint32_t i = 0; i < m->nhandles; i++)
            kobj_unref(m->handles[i].obj);
        kfree(m);
    }
    kfree(end);
}

const struct kobj_type channel_type = {
    .name = "channel",
    .signals = end_signals,
    .destroy = end_destroy,
};

int32_t channel_create(struct kobj **end0, struct kobj **end1)
{
    struct channel_end *a = kzalloc(sizeof *a), *b = kzalloc(sizeof *b);
    if (a == NULL || b == NULL) {
        kfree(a);
        kfree(b);
        return ATOLL_ERR_NOMEM;
    }
    kobj_init(&a->obj, &channel_type);
    kobj_init(&b->obj, &channel_type);
    a->peer = b;
    b->peer = a;
    *end0 = &a->obj;
    *end1 = &b->obj;
    return ATOLL_OK;
}

/* ---- Sending ---- */

/* May every handle of `msg` travel into `dest`'s queue? Handles in flight are
 * references held by the message, and one rule keeps the kernel from ever holding a
 * garbage cycle (two ends, each only reachable from the other's queue, which no SIP can
 * ever drain): an end may not travel into its own queue, nor while handles wait in its
 * queue (ATOLL_ERR_BUSY). Proof sketch in docs/ipc.md. */
static int32_t check_handles(const struct channel_send_args *msg, struct channel_end *dest)
{
    for (uint32_t i = 0; i < msg->nhandles; i++) {
        struct kobj *obj;
        int32_t r = handle_get(msg->table, msg->handles[i], NULL, HANDLE_RIGHT_TRANSFER, &obj);
        if (r != ATOLL_OK)
            return r;
        for (uint32_t j = 0; j < i; j++)
            if (msg->handles[j] == msg->handles[i])
                return ATOLL_ERR_INVALID;
        if (obj->type == &channel_type &&
            (end_of(obj) == dest || end_of(obj)->queued_handles > 0))
            return ATOLL_ERR_BUSY;
    }
    return ATOLL_OK;
}

/* Write handle value `h` as the i-th little-endian i32 of a receiver's array. */
static void put_handle(uint8_t *array, uint32_t i, int32_t h)
{
    memcpy(array + 4 * i, &h, 4);
}

/* The receiver sleeping on `dest` takes the message as it is sent: one copy. */
static void deliver_direct(struct channel_end *dest, const struct channel_send_args *msg)
{
    struct channel_recv_args *rx = dest->offer;
    memcpy(rx->buf, msg->bytes, msg->len);
    for (uint32_t i = 0; i < rx->hcap; i++) {
        int32_t h = HANDLE_NONE;
        if (i < msg->nhandles) {
            uint32_t rights;
            struct kobj *obj = handle_take(msg->table, msg->handles[i], &rights);
            h = handle_install(rx->table, obj, rights);   /* room was checked */
        }
        put_handle(rx->handles, i, h);
    }
    rx->result = (int32_t)msg->len;
    rx->done = true;
    dest->offer = NULL;
    delivered_direct++;
    sched_wake_one(&rx->waiter->queue);
}

/* Nobody is waiting (or the message does not fit what they offered): queue a copy. */
static int32_t deliver_queued(struct channel_end *dest, const struct channel_send_args *msg)
{
    struct message *m = kmalloc(sizeof *m + msg->nhandles * sizeof(struct carried) + msg->len);
    if (m == NULL)
        return ATOLL_ERR_NOMEM;
    m->next = NULL;
    m->len = msg->len;
    m->nhandles = msg->nhandles;
    for (uint32_t i = 0; i < msg->nhandles; i++)
        m->handles[i].obj = handle_take(msg->table, msg->handles[i], &m->handles[i].rights);
    memcpy(message_bytes(m), msg->bytes, msg->len);
    if (dest->tail != NULL)
        dest->tail->next = m;
    else
        dest->head = m;
    dest->tail = m;
    dest->count++;
    dest->queued_handles += msg->nhandles;
    delivered_queued++;
    kobj_notify(&dest->obj);
    return ATOLL_OK;
}

static bool offer_fits(const struct channel_recv_args *rx, const struct channel_send_args *msg)
{
    return msg->len <= rx->cap && msg->nhandles <= rx->hcap &&
           handle_free_slots(rx->table) >= msg->nhandles;
}

int32_t channel_send(struct kobj *obj, const struct channel_send_args *msg)
{
    struct channel_end *dest = end_of(obj)->peer;
    if (msg->len > CHANNEL_MSG_MAX_BYTES || msg->nhandles > CHANNEL_MSG_MAX_HANDLES)
        return ATOLL_ERR_TOO_BIG;
    if (dest == NULL)
        return ATOLL_ERR_PEER_CLOSED;
    int32_t r = check_handles(msg, dest);
    if (r != ATOLL_OK)
        return r;
    if (dest->offer != NULL && dest->count == 0 && offer_fits(dest->offer, msg)) {
        deliver_direct(dest, msg);
        return ATOLL_OK;
    }
    if (dest->count >= CHANNEL_QUEUE_MAX)
        return ATOLL_ERR_FULL;
    return deliver_queued(dest, msg);
}

/* ---- Receiving ---- */

int32_t channel_recv(struct kobj *obj, struct channel_recv_args *rx)
{
    struct channel_end *end = end_of(obj);
    struct message *m = end->head;
    if (m == NULL)
        return end->peer != NULL ? ATOLL_ERR_EMPTY : ATOLL_ERR_PEER_CLOSED;
    if (m->len > rx->cap || m->nhandles > rx->hcap)
        return ATOLL_ERR_TOO_BIG;
    if (handle_free_slots(rx->table) < m->nhandles)
        return ATOLL_ERR_NO_SLOTS;
    memcpy(rx->buf, message_bytes(m), m->len);
    for (uint32_t i = 0; i < rx->hcap; i++)
        put_handle(rx->handles, i, i < m->nhandles ?
                   handle_install(rx->table, m->handles[i].obj, m->handles[i].rights) : HANDLE_NONE);
    bool was_full = end->count == CHANNEL_QUEUE_MAX;
    end->head = m->next;
    if (end->head == NULL)
        end->tail = NULL;
    end->count--;
    end->queued_handles -= m->nhandles;
    int32_t len = (int32_t)m->len;
    kfree(m);
    if (was_full && end->peer != NULL)
        kobj_notify(&end->peer->obj);  /* a sender may be waiting for room */
    return len;
}

void channel_recv_offer(struct kobj *obj, struct channel_recv_args *rx)
{
    struct channel_end *end = end_of(obj);
    rx->done = false;
    if (end->offer == NULL)
        end->offer = rx;               /* a second sleeper just watches; it takes the queue */
}

void channel_recv_withdraw(struct kobj *obj, struct channel_recv_args *rx)
{
    struct channel_end *end = end_of(obj);
    if (end->offer == rx)
        end->offer = NULL;
}

void channel_stats(uint64_t *direct, uint64_t *queued)
{
    *direct = delivered_direct;
    *queued = delivered_queued;
}
