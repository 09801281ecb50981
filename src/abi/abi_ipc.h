/*
 * abi_ipc.h — the IPC imports of module "atoll" (abi_ipc.c): handles, channels, waiting,
 * spawning. Their lines in the ABI table are in atoll.c; docs/abi.md and docs/ipc.md
 * document them for SIP authors.
 */
#ifndef ATOLL_ABI_IPC_H
#define ATOLL_ABI_IPC_H

#include "compiler/runtime.h"

#define ABI_IPC_NONBLOCK 0x1u          /* chan_send, chan_recv: never sleep */
#define ABI_IPC_SPAWN_MAY_SPAWN 0x1u   /* spawn: the child may spawn too */
#define ABI_IPC_WAIT_MAX 16u           /* items in one wait */

void abi_handle_close(struct wasm_instance *caller, void *data, uint64_t *slots);
void abi_handle_dup(struct wasm_instance *caller, void *data, uint64_t *slots);
void abi_chan_create(struct wasm_instance *caller, void *data, uint64_t *slots);
void abi_chan_send(struct wasm_instance *caller, void *data, uint64_t *slots);
void abi_chan_recv(struct wasm_instance *caller, void *data, uint64_t *slots);
void abi_wait(struct wasm_instance *caller, void *data, uint64_t *slots);
void abi_spawn(struct wasm_instance *caller, void *data, uint64_t *slots);
void abi_sip_wait(struct wasm_instance *caller, void *data, uint64_t *slots);
void abi_sip_list(struct wasm_instance *caller, void *data, uint64_t *slots);

#endif
