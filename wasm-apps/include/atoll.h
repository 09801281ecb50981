/*
 * atoll.h — the atoll ABI for SIPs written in C (clang --target=wasm32, no libc).
 *
 * Each function below is an import from module "atoll", bound by the kernel at load to
 * a kernel function that compiled code calls directly (docs/abi.md). A SIP's entry
 * point is `void _start(void)` or `int _start(void)` (the exit code), exported; build
 * with -nostdlib -Wl,--no-entry -Wl,--export-dynamic. The static helpers after the
 * imports are small conveniences built on them: printing whole lines of text and
 * numbers, reading the arguments word by word.
 */
#ifndef ATOLL_H
#define ATOLL_H

#define ATOLL_IMPORT(name) __attribute__((import_module("atoll"), import_name(name)))

/* Write len bytes at ptr to the console; returns len. */
ATOLL_IMPORT("write") int atoll_write(const void *ptr, int len);
/* End this SIP now with `code`. */
ATOLL_IMPORT("exit") __attribute__((noreturn)) void atoll_exit(int code);
/* Let other threads run. */
ATOLL_IMPORT("yield") void atoll_yield(void);
/* Nanoseconds since boot. */
ATOLL_IMPORT("time_ns") long long atoll_time_ns(void);
/* Sleep at least ns nanoseconds (ns <= 0: return at once). */
ATOLL_IMPORT("sleep_ns") void atoll_sleep_ns(long long ns);
/* This SIP's id: 1, 2, ... in load order. */
ATOLL_IMPORT("sip_id") int atoll_sip_id(void);
/* Copy at most len bytes of the argument string to buf; returns its full length. */
ATOLL_IMPORT("args") int atoll_args(char *buf, int len);
/* The time-stamp counter, raw (a benchmarking aid: cycles under real hardware, one per
 * instruction under QEMU -icount shift=0; see docs/abi.md). */
ATOLL_IMPORT("cycles") long long atoll_cycles(void);

/* ---- Devices: only for drivers that declare them with ATOLL_CAPS (docs/caps.md) ---- */

/* Read/write an I/O port. A constant port is checked when the SIP is compiled and
 * becomes one in/out instruction; any other port is checked when called (a trap if it
 * is not declared for that direction). */
ATOLL_IMPORT("in8") int atoll_in8(int port);
ATOLL_IMPORT("in16") int atoll_in16(int port);
ATOLL_IMPORT("in32") int atoll_in32(int port);
ATOLL_IMPORT("out8") void atoll_out8(int port, int value);
ATOLL_IMPORT("out16") void atoll_out16(int port, int value);
ATOLL_IMPORT("out32") void atoll_out32(int port, int value);
/* Block until IRQ line `irq` fires; it stays masked until atoll_irq_ack. */
ATOLL_IMPORT("irq_wait") void atoll_irq_wait(int irq);
/* Done with the device: the line may fire again. */
ATOLL_IMPORT("irq_ack") void atoll_irq_ack(int irq);

/* ---- IPC: handles, channels, spawning (docs/ipc.md) ----
 * Handles are small non-negative numbers naming kernel objects; results >= 0 are
 * success, negative results are the errors below. By convention a SIP starts with
 * handle 0 = what its parent (or the boot configuration) handed it, handle 1 = the
 * console service, handle 2 = where its output goes (a driver's data, say). */
#define ATOLL_ERR_BADHANDLE   -1   /* not a live handle of this SIP (never made, closed, stale) */
#define ATOLL_ERR_WRONG_TYPE  -2   /* the handle names another kind of object */
#define ATOLL_ERR_DENIED      -3   /* a right is missing (on the handle, or to spawn) */
#define ATOLL_ERR_PEER_CLOSED -4   /* the other end of the channel is gone */
#define ATOLL_ERR_FULL        -5   /* non-blocking send: the peer's queue is full */
#define ATOLL_ERR_EMPTY       -6   /* non-blocking receive: nothing queued */
#define ATOLL_ERR_TOO_BIG     -7   /* over the maximum, or the receive buffers are too small */
#define ATOLL_ERR_NOMEM       -8   /* the kernel is out of memory */
#define ATOLL_ERR_NO_SLOTS    -9   /* the handle table is full */
#define ATOLL_ERR_INVALID     -10  /* a bad argument: flags, rights, a handle twice */
#define ATOLL_ERR_BUSY        -11  /* this channel end cannot travel now */
#define ATOLL_ERR_TIMED_OUT   -12  /* wait: nothing happened in time */
#define ATOLL_ERR_NOT_FOUND   -13  /* spawn: no boot module of that name */
#define ATOLL_ERR_REJECTED    -14  /* spawn: the module failed to load */

#define ATOLL_RIGHT_READ      0x1  /* receive; read a SIP's exit code */
#define ATOLL_RIGHT_WRITE     0x2  /* send */
#define ATOLL_RIGHT_DUPLICATE 0x4  /* handle_dup */
#define ATOLL_RIGHT_TRANSFER  0x8  /* send through a channel, hand to a child */

#define ATOLL_SIG_READABLE    0x1  /* a message is queued */
#define ATOLL_SIG_PEER_CLOSED 0x2  /* the other end is gone */
#define ATOLL_SIG_WRITABLE    0x4  /* a send would not block */
#define ATOLL_SIG_EXITED      0x8  /* the SIP has ended */

#define ATOLL_NONBLOCK        0x1  /* chan_send/chan_recv flag: never sleep */
#define ATOLL_SPAWN_MAY_SPAWN 0x1  /* spawn flag: the child may spawn too */
#define ATOLL_HANDLE_NONE     (-1)
#define ATOLL_HANDLE_INPUT    0
#define ATOLL_HANDLE_CONSOLE  1
#define ATOLL_HANDLE_OUTPUT   2    /* boot option output=NAME: where this SIP's data goes */
#define ATOLL_MSG_MAX_BYTES   65536
#define ATOLL_MSG_MAX_HANDLES 8
#define ATOLL_QUEUE_MAX       16   /* messages waiting at one end */
#define ATOLL_WAIT_FOREVER    (-1ll)

struct atoll_wait {
    int handle;
    int signals;                   /* wanted */
    int observed;                  /* written by wait: the handle's signals now */
};

struct atoll_sip_info {
    int id;
    int parent;                    /* 0: started at boot */
    int state;                     /* 0 running, 1 ready, 2 blocked, 3 sleeping */
    int ticks;                     /* CPU time in 10 ms ticks */
    char name[32];
};

/* Close a handle. */
ATOLL_IMPORT("handle_close") int atoll_handle_close(int h);
/* Another handle to the same object, with fewer or the same rights. */
ATOLL_IMPORT("handle_dup") int atoll_handle_dup(int h, int rights);
/* A new channel: ends[0] and ends[1] are its two ends. */
ATOLL_IMPORT("chan_create") int atoll_chan_create(int ends[2]);
/* Send len bytes and n handles (which leave this SIP); blocks while the queue is full. */
ATOLL_IMPORT("chan_send") int atoll_chan_send(int h, const void *bytes, int len,
                                              const int *handles, int n, int flags);
/* Receive a message: returns its length; handles[] gets its handles, then -1s. */
ATOLL_IMPORT("chan_recv") int atoll_chan_recv(int h, void *buf, int cap, int *handles,
                                              int hcap, int flags);
/* Sleep until one of the items shows a wanted signal: returns how many do. */
ATOLL_IMPORT("wait") int atoll_wait(struct atoll_wait *items, int n, long long timeout_ns);
/* Start boot module "NAME ARGS..." with handles 0..n-1 taken from ours: a handle to it. */
ATOLL_IMPORT("spawn") int atoll_spawn(const char *cmdline, int len, const int *handles, int n,
                                      int flags);
/* Sleep until that SIP has ended; *code = its exit code (-1 after a trap). */
ATOLL_IMPORT("sip_wait") int atoll_sip_wait(int h, int *code);
/* The live SIPs: fills at most max entries, returns how many there are. */
ATOLL_IMPORT("sip_list") int atoll_sip_list(struct atoll_sip_info *out, int max);

/* What a driver needs, declared once per program at file scope, in one line:
 *     ATOLL_CAPS(ATOLL_CAP_IO(0x60, 1, ATOLL_RW) ATOLL_CAP_IO(0x64, 1, ATOLL_RW) ATOLL_CAP_IRQ(1));
 * It becomes the module's "atoll.caps" custom section: version 1, then per resource a
 * kind byte and LEB128 fields (io: first port, count, access; irq: line). clang puts a
 * C array in the data section even with a section attribute, so the bytes are written
 * as assembler directives, which wasm-ld keeps as a custom section. */
#define ATOLL_READ 1
#define ATOLL_WRITE 2
#define ATOLL_RW 3
#define ATOLL_CAPS_TEXT_(x) #x
#define ATOLL_CAPS_TEXT(x) ATOLL_CAPS_TEXT_(x)
#define ATOLL_CAP_IO(first, count, access) \
    ".int8 1\n.uleb128 " ATOLL_CAPS_TEXT(first) "\n.uleb128 " ATOLL_CAPS_TEXT(count) \
    "\n.int8 " ATOLL_CAPS_TEXT(access) "\n"
#define ATOLL_CAP_IRQ(line) ".int8 2\n.uleb128 " ATOLL_CAPS_TEXT(line) "\n"
#define ATOLL_CAPS(entries) \
    __asm__(".section .custom_section.atoll.caps,\"\",@\n.int8 1\n" entries)

/* ---- Helpers ---- */

static inline int atoll_strlen(const char *s)
{
    int n = 0;
    while (s[n])
        n++;
    return n;
}

static inline void atoll_print(const char *s)
{
    atoll_write(s, atoll_strlen(s));
}

/* A line built piece by piece and written with one call, so that the lines of SIPs
 * running at the same time never mix on the console. Start one with `line.len = 0`
 * (an initializer like `= { 0 }` makes clang call memset, which no SIP has). */
struct atoll_line {
    char buf[240];
    int len;
};

static inline void atoll_line_str(struct atoll_line *line, const char *s)
{
    while (*s && line->len < (int)sizeof line->buf)
        line->buf[line->len++] = *s++;
}

/* A signed number in decimal. */
static inline void atoll_line_int(struct atoll_line *line, long long value)
{
    char digits[24];
    int i = sizeof digits;
    unsigned long long v = value < 0 ? 0ull - (unsigned long long)value : (unsigned long long)value;
    do {
        digits[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    if (value < 0)
        digits[--i] = '-';
    while (i < (int)sizeof digits && line->len < (int)sizeof line->buf)
        line->buf[line->len++] = digits[i++];
}

/* Add a newline, write the line, start a new one. */
static inline void atoll_line_end(struct atoll_line *line)
{
    if (line->len == (int)sizeof line->buf)
        line->len--;
    line->buf[line->len++] = '\n';
    atoll_write(line->buf, line->len);
    line->len = 0;
}

/* The arguments, NUL-terminated in buf (cut to size - 1 bytes); returns their length. */
static inline int atoll_get_args(char *buf, int size)
{
    int full = atoll_args(buf, size - 1);
    int n = full < size - 1 ? full : size - 1;
    buf[n] = '\0';
    return n;
}

/* The next space-separated word of *cursor, NUL-terminated in place ("" at the end). */
static inline char *atoll_next_word(char **cursor)
{
    char *p = *cursor;
    while (*p == ' ')
        p++;
    char *word = p;
    while (*p && *p != ' ')
        p++;
    if (*p)
        *p++ = '\0';
    *cursor = p;
    return word;
}

/* A decimal number, or `fallback` when the word is empty or not a number. */
static inline long long atoll_parse_int(const char *word, long long fallback)
{
    long long v = 0;
    if (!*word)
        return fallback;
    for (; *word; word++) {
        if (*word < '0' || *word > '9')
            return fallback;
        v = v * 10 + (*word - '0');
    }
    return v;
}

/* The number in the argument word "KEY=N" (decimal), or `fallback` when there is none. */
static inline long long atoll_arg_int(const char *key, long long fallback)
{
    char args[160];
    atoll_get_args(args, sizeof args);
    char *cursor = args;
    for (char *word = atoll_next_word(&cursor); *word; word = atoll_next_word(&cursor)) {
        int n = 0;
        while (key[n] && word[n] == key[n])
            n++;
        if (!key[n] && word[n] == '=')
            return atoll_parse_int(word + n + 1, fallback);
    }
    return fallback;
}

#endif
