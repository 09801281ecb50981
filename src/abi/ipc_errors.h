/*
 * ipc_errors.h — the error codes of the IPC imports, as the kernel returns them.
 *
 * Negative numbers in the i32 result of an import; the same values are ATOLL_ERR_* in
 * wasm-apps/include/atoll.h and in the table of docs/abi.md (keep the three in step).
 * A pointer outside the SIP's memory is not an error code but a trap (docs/abi.md).
 */
#ifndef ATOLL_ABI_IPC_ERRORS_H
#define ATOLL_ABI_IPC_ERRORS_H

enum ipc_error {
    ATOLL_OK              = 0,
    ATOLL_ERR_BADHANDLE   = -1,   /* not a live handle of this SIP (never made, closed, stale) */
    ATOLL_ERR_WRONG_TYPE  = -2,   /* the handle names another kind of object */
    ATOLL_ERR_DENIED      = -3,   /* a right is missing (on the handle, or to spawn) */
    ATOLL_ERR_PEER_CLOSED = -4,   /* the other end of the channel is gone */
    ATOLL_ERR_FULL        = -5,   /* non-blocking send: the peer's queue is full */
    ATOLL_ERR_EMPTY       = -6,   /* non-blocking receive: nothing queued */
    ATOLL_ERR_TOO_BIG     = -7,   /* over the maximum, or the receive buffers are too small */
    ATOLL_ERR_NOMEM       = -8,   /* the kernel is out of memory */
    ATOLL_ERR_NO_SLOTS    = -9,   /* the handle table is full */
    ATOLL_ERR_INVALID     = -10,  /* a bad argument: flags, rights, a handle twice */
    ATOLL_ERR_BUSY        = -11,  /* this end cannot travel now (see docs/ipc.md) */
    ATOLL_ERR_TIMED_OUT   = -12,  /* wait: nothing happened in time */
    ATOLL_ERR_NOT_FOUND   = -13,  /* spawn: no boot module of that name */
    ATOLL_ERR_REJECTED    = -14,  /* spawn: the module failed to load (the log says why) */
};

#endif
