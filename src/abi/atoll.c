/*
 * atoll.c — the functions of the "atoll" import module, and the table that names them.
 *
 * Each is a wasm_host_fn: it reads its arguments from `slots` (i32 in the low half of a
 * slot, i64 whole) and writes its results back into slots[0...]. It runs on the SIP's
 * own thread and stack, called straight from compiled code (abi.h). Pointers are
 * offsets into the caller's linear memory and go through abi_memory before any use.
 * docs/abi.md documents each entry for SIP authors; keep the two in step.
 */
#include "abi/abi.h"
#include "abi/abi_ipc.h"
#include "abi/device.h"

#include "console.h"
#include "cpu.h"
#include "lib.h"
#include "sched/thread.h"
#include "sip.h"
#include "sip_bench.h"
#include "time.h"

#define WRITE_CHUNK 256   /* bytes printed with interrupts off, so lines stay whole */

/* write(ptr, len) -> written: the bytes go to the console as they are. */
static void atoll_write(struct wasm_instance *caller, void *data, uint64_t *slots)
{
    (void)data;
    abi_leave_if_killed(caller, slots);
    uint32_t ptr = (uint32_t)slots[0], len = (uint32_t)slots[1];
    const char *text = (const char *)abi_memory(caller, slots, ptr, len, "atoll.write");
    sip_bench_note_output();             /* the boot's first SIP output is timed */
    for (uint32_t done = 0; done < len; done += WRITE_CHUNK) {
        bool irq = irq_save();
        console_write(text + done, MIN(WRITE_CHUNK, len - done));
        irq_restore(irq);
    }
    slots[0] = len;
}

/* exit(code): unwinds the SIP's wasm_invoke like a trap; sip.c sees `exiting`. */
static void atoll_exit(struct wasm_instance *caller, void *data, uint64_t *slots)
{
    (void)data;
    struct sip *sip = sip_current();
    if (sip != NULL) {
        sip->exiting = true;
        sip->exit_code = (int32_t)slots[0];
    }
    wasm_trap_host(caller, "exit");
}

static void atoll_yield(struct wasm_instance *caller, void *data, uint64_t *slots)
{
    (void)data;
    sched_yield();
    abi_leave_if_killed(caller, slots);
}

static void atoll_time_ns(struct wasm_instance *caller, void *data, uint64_t *slots)
{
    (void)caller, (void)data;
    slots[0] = time_ns();
}

/* sleep_ns(ns): zero or negative returns at once. */
static void atoll_sleep_ns(struct wasm_instance *caller, void *data, uint64_t *slots)
{
    (void)data;
    int64_t ns = (int64_t)slots[0];
    if (ns > 0)
        sched_sleep_ns((uint64_t)ns);
    abi_leave_if_killed(caller, slots);
}

static void atoll_sip_id(struct wasm_instance *caller, void *data, uint64_t *slots)
{
    (void)caller, (void)data;
    struct sip *sip = sip_current();
    slots[0] = sip != NULL ? sip->id : 0;
}

/* cycles() -> the time-stamp counter, raw: a benchmarking aid (docs/abi.md). */
static void atoll_cycles(struct wasm_instance *caller, void *data, uint64_t *slots)
{
    (void)caller, (void)data;
    slots[0] = rdtsc();
}

/* args(ptr, len) -> full length: copies at most len bytes of the argument string (no
 * terminating NUL), so a SIP can ask with len 0 first, then with a buffer that fits. */
static void atoll_args(struct wasm_instance *caller, void *data, uint64_t *slots)
{
    (void)data;
    uint32_t ptr = (uint32_t)slots[0], len = (uint32_t)slots[1];
    uint8_t *buf = abi_memory(caller, slots, ptr, len, "atoll.args");
    struct sip *sip = sip_current();
    uint32_t full = sip != NULL ? sip->args_len : 0;
    if (full > 0)
        memcpy(buf, sip->args, MIN(len, full));
    slots[0] = full;
}

/* The ABI, one import per line. Add an entry here and in docs/abi.md. */
const struct abi_entry abi_atoll[] = {
    /* name        params      results  function */
    { "write",     "i32 i32",  "i32",   atoll_write },
    { "exit",      "i32",      "",      atoll_exit },
    { "yield",     "",         "",      atoll_yield },
    { "time_ns",   "",         "i64",   atoll_time_ns },
    { "sleep_ns",  "i64",      "",      atoll_sleep_ns },
    { "sip_id",    "",         "i32",   atoll_sip_id },
    { "args",      "i32 i32",  "i32",   atoll_args },
    { "cycles",    "",         "i64",   atoll_cycles },
    /* devices, for drivers that declare them (docs/caps.md; device.c) */
    { "in8",       "i32",      "i32",   abi_device_in8 },
    { "in16",      "i32",      "i32",   abi_device_in16 },
    { "in32",      "i32",      "i32",   abi_device_in32 },
    { "out8",      "i32 i32",  "",      abi_device_out8 },
    { "out16",     "i32 i32",  "",      abi_device_out16 },
    { "out32",     "i32 i32",  "",      abi_device_out32 },
    { "irq_wait",  "i32",      "",      abi_device_irq_wait },
    { "irq_ack",   "i32",      "",      abi_device_irq_ack },
    /* handles, channels, spawning (docs/ipc.md; abi_ipc.c) */
    { "handle_close", "i32",                     "i32", abi_handle_close },
    { "handle_dup",   "i32 i32",                 "i32", abi_handle_dup },
    { "chan_create",  "i32",                     "i32", abi_chan_create },
    { "chan_send",    "i32 i32 i32 i32 i32 i32", "i32", abi_chan_send },
    { "chan_recv",    "i32 i32 i32 i32 i32 i32", "i32", abi_chan_recv },
    { "wait",         "i32 i32 i64",             "i32", abi_wait },
    { "spawn",        "i32 i32 i32 i32 i32",     "i32", abi_spawn },
    { "sip_wait",     "i32 i32",                 "i32", abi_sip_wait },
    { "sip_list",     "i32 i32",                 "i32", abi_sip_list },
};
const uint32_t abi_atoll_count = ARRAY_SIZE(abi_atoll);
