/*
 * ipctest.c — IPC scenarios for test/suite-ipc.sh, one per first argument (the list is
 * above _start). The same module plays the parent and, spawned again by name
 * ("ipctest ROLE ..."), the child, so one boot module covers every scenario. Each
 * prints "ipctest NAME: ok (N checks)" or one "ipctest NAME: FAIL ..." per failed
 * check, and exits with the number of failures.
 */
#include "atoll_ipc.h"

static const char *scenario = "?";
static int checks, failures;
static char buf[256];

/* ---- Reporting ---- */

/* One line, "ipctest SCENARIO: a b". */
static void say(const char *a, const char *b)
{
    struct atoll_line line;
    line.len = 0;
    atoll_line_str(&line, "ipctest ");
    atoll_line_str(&line, scenario);
    atoll_line_str(&line, ": ");
    atoll_line_str(&line, a);
    atoll_line_str(&line, b);
    atoll_line_end(&line);
}

/* One check: count it, and print a FAIL line (with the error's name) when got != want. */
static void expect(const char *what, int got, int want)
{
    checks++;
    if (got == want)
        return;
    failures++;
    struct atoll_line line;
    line.len = 0;
    atoll_line_str(&line, "ipctest ");
    atoll_line_str(&line, scenario);
    atoll_line_str(&line, ": FAIL ");
    atoll_line_str(&line, what);
    atoll_line_str(&line, ": got ");
    atoll_line_int(&line, got);
    atoll_line_str(&line, got < 0 ? " " : "");
    atoll_line_str(&line, got < 0 ? ipc_error_name(got) : "");
    atoll_line_str(&line, ", want ");
    atoll_line_int(&line, want);
    atoll_line_end(&line);
}

static void expect_true(const char *what, int cond)
{
    expect(what, cond != 0, 1);
}

/* The scenario's verdict line, and its exit code: the number of failed checks. */
static int finish(void)
{
    if (failures == 0) {
        struct atoll_line line;
        line.len = 0;
        atoll_line_str(&line, "ipctest ");
        atoll_line_str(&line, scenario);
        atoll_line_str(&line, ": ok (");
        atoll_line_int(&line, checks);
        atoll_line_str(&line, " checks)");
        atoll_line_end(&line);
    }
    return failures;
}

static int send_text(int h, const char *text)
{
    return atoll_chan_send(h, text, atoll_strlen(text), 0, 0, 0);
}

/* Receive a text message into buf (NUL-terminated); its length or the error. */
static int recv_text(int h, int *handles, int hcap, int flags)
{
    int n = atoll_chan_recv(h, buf, sizeof buf - 1, handles, hcap, flags);
    buf[n > 0 ? n : 0] = '\0';
    return n;
}

static int text_is(const char *want)
{
    int n = atoll_strlen(want);
    return atoll_strlen(buf) == n && ipc_same(buf, want, n);
}

/* ---- xfer: a channel end travels through a channel ---- */

static void xfer(void)
{
    int a[2], b[2], handles[2];
    expect("chan_create a", atoll_chan_create(a), 0);
    expect("chan_create b", atoll_chan_create(b), 0);
    int child = ipc_spawn("ipctest xfer-child", &a[1], 1, 0);
    expect_true("spawn xfer-child", child >= 0);
    handles[0] = b[1];
    expect("send b[1] through a", atoll_chan_send(a[0], "take this end", 13, handles, 1, 0), 0);
    expect("b[1] left this SIP", send_text(b[1], "x"), ATOLL_ERR_BADHANDLE);
    expect("receive on b[0] what the child sent on the passed end", recv_text(b[0], 0, 0, 0), 26);
    expect_true("its contents", text_is("hello through a passed end"));
    int code = -99;
    expect("sip_wait xfer-child", atoll_sip_wait(child, &code), 0);
    expect("xfer-child exit code", code, 0);
}

/* The child of xfer: receive a message carrying one channel end, and send on that end. */
static int xfer_child(void)
{
    int handles[3];
    expect("receive the message with a handle", recv_text(ATOLL_HANDLE_INPUT, handles, 3, 0), 13);
    expect_true("its text", text_is("take this end"));
    expect_true("one handle arrived, numbered from 4 up", handles[0] >= 4);
    expect("and only one", handles[1], ATOLL_HANDLE_NONE);
    expect("send on the received end", send_text(handles[0], "hello through a passed end"), 0);
    return failures;
}

/* ---- closed: the peer is gone ---- */

static void closed(void)
{
    int c[2], d[2], e[2];
    atoll_chan_create(c);
    expect("close c[1]", atoll_handle_close(c[1]), 0);
    expect("send to a closed peer", send_text(c[0], "anyone?"), ATOLL_ERR_PEER_CLOSED);
    expect("receive from a closed peer", recv_text(c[0], 0, 0, ATOLL_NONBLOCK), ATOLL_ERR_PEER_CLOSED);
    expect("blocking receive from a closed peer returns", recv_text(c[0], 0, 0, 0), ATOLL_ERR_PEER_CLOSED);

    atoll_chan_create(d);
    int child = ipc_spawn("ipctest exit5", &d[1], 1, 0);
    int code = -99;
    expect("sip_wait exit5", atoll_sip_wait(child, &code), 0);
    expect("exit5's code", code, 5);
    expect("send to the end a dead SIP held", send_text(d[0], "hello?"), ATOLL_ERR_PEER_CLOSED);

    atoll_chan_create(e);
    expect("send before closing", send_text(e[1], "last words"), 0);
    atoll_handle_close(e[1]);
    expect("what was queued still arrives", recv_text(e[0], 0, 0, 0), 10);
    expect_true("intact", text_is("last words"));
    expect("then PEER_CLOSED", recv_text(e[0], 0, 0, 0), ATOLL_ERR_PEER_CLOSED);
}

/* ---- full: back-pressure ---- */

#define FULL_EXTRA 16        /* sent after the queue filled up */

static void full(void)
{
    int f[2];
    atoll_chan_create(f);
    int child = ipc_spawn("ipctest slow-reader 300", &f[1], 1, 0);
    int i;
    for (i = 0; i < ATOLL_QUEUE_MAX; i++)
        expect("a non-blocking send while there is room", atoll_chan_send(f[0], &i, 4, 0, 0, ATOLL_NONBLOCK), 0);
    expect("a non-blocking send to a full queue", atoll_chan_send(f[0], &i, 4, 0, 0, ATOLL_NONBLOCK),
           ATOLL_ERR_FULL);
    struct atoll_wait item = { f[0], ATOLL_SIG_WRITABLE, 0 };
    expect("wait for WRITABLE times out while full", atoll_wait(&item, 1, 20000000), ATOLL_ERR_TIMED_OUT);
    long long t0 = atoll_time_ns();
    expect("a blocking send to a full queue", atoll_chan_send(f[0], &i, 4, 0, 0, 0), 0);
    int blocked_ms = (int)((atoll_time_ns() - t0) / 1000000);
    for (i++; i < ATOLL_QUEUE_MAX + FULL_EXTRA; i++)
        expect("blocking sends", atoll_chan_send(f[0], &i, 4, 0, 0, 0), 0);
    atoll_handle_close(f[0]);
    int code = -99;
    atoll_sip_wait(child, &code);
    expect("the reader got every message, in order", code, ATOLL_QUEUE_MAX + FULL_EXTRA);
    /* The reader sleeps 300 ms, so the send normally blocks about 280. The bound is lower
     * because a loaded host can keep the emulator off the CPU between the spawn and the
     * send while the clock runs on; a send that did not block returns in microseconds. */
    expect_true("the blocked send waited for the reader (>= 100 ms)", blocked_ms >= 100);
    struct atoll_line line;
    line.len = 0;
    atoll_line_str(&line, "16 sent without blocking, the 17th blocked ");
    atoll_line_int(&line, blocked_ms);
    atoll_line_str(&line, " ms until the reader drained; the reader got ");
    atoll_line_int(&line, code);
    atoll_line_str(&line, " in order");
    say(line.buf, "");
}

/* Sleeps MS, then receives 4-byte sequence numbers until the peer closes: the count
 * (or -1 at the first one out of order). */
static int slow_reader(long long ms)
{
    atoll_sleep_ns(ms * 1000000);
    int expected = 0, value;
    for (;;) {
        int n = atoll_chan_recv(ATOLL_HANDLE_INPUT, &value, 4, 0, 0, 0);
        if (n == ATOLL_ERR_PEER_CLOSED)
            return expected;
        if (n != 4 || value != expected)
            return -1;
        expected++;
    }
}

/* ---- die: a child dies holding handles ---- */

static void die(void)
{
    int c[2], handles[1];
    atoll_chan_create(c);
    int child = ipc_spawn("ipctest die-child", &c[1], 1, 0);
    expect("the child's message, with one end of its channel", recv_text(c[0], handles, 1, 0), 7);
    expect_true("one handle", handles[0] >= 4);
    expect("blocked in receive when the child traps: woken with PEER_CLOSED",
           recv_text(c[0], 0, 0, 0), ATOLL_ERR_PEER_CLOSED);
    struct atoll_wait items[2] = {
        { handles[0], ATOLL_SIG_PEER_CLOSED, 0 },
        { child, ATOLL_SIG_EXITED, 0 },
    };
    expect("wait: both the passed end and the child show it", atoll_wait(items, 2, 0), 2);
    expect("the passed end's signals", items[0].observed, ATOLL_SIG_PEER_CLOSED);
    expect("the child's signals", items[1].observed, ATOLL_SIG_EXITED);
    int code = 0;
    expect("sip_wait", atoll_sip_wait(child, &code), 0);
    expect("a trapped child's exit code", code, -1);
}

/* The child of die: pass one end to the parent, hold seven handles, then trap. */
static int die_child(void)
{
    int keep[2], more[2];
    atoll_chan_create(keep);
    for (int i = 0; i < 3; i++)
        atoll_chan_create(more);       /* six more handles, never closed */
    atoll_chan_send(ATOLL_HANDLE_INPUT, "holding", 7, &keep[1], 1, 0);
    atoll_sleep_ns(100000000);         /* let the parent block in its receive */
    __builtin_trap();
}

/* ---- forge: what a SIP cannot name ---- */

static void forge(void)
{
    int x[2], y[2];
    expect("close a number never issued", atoll_handle_close(12345), ATOLL_ERR_BADHANDLE);
    expect("send on a negative handle", send_text(-7, "x"), ATOLL_ERR_BADHANDLE);
    expect("send on 0x7fffffff", send_text(0x7fffffff, "x"), ATOLL_ERR_BADHANDLE);
    expect("send on slot 70 (beyond the table)", send_text(70, "x"), ATOLL_ERR_BADHANDLE);
    expect("send on the empty start slot 2", send_text(2, "x"), ATOLL_ERR_BADHANDLE);
    atoll_chan_create(x);
    expect("close x[0]", atoll_handle_close(x[0]), 0);
    expect("close it again (stale)", atoll_handle_close(x[0]), ATOLL_ERR_BADHANDLE);
    atoll_chan_create(y);
    expect_true("the slot is reused under a new number", y[0] != x[0] && (y[0] & 255) == (x[0] & 255));
    expect("the stale number still names nothing", send_text(x[0], "x"), ATOLL_ERR_BADHANDLE);
    expect("the new one works", send_text(y[0], "x"), 0);
    expect("sip_wait on a channel", atoll_sip_wait(y[0], &x[1]), ATOLL_ERR_WRONG_TYPE);
    int reader = atoll_handle_dup(y[0], ATOLL_RIGHT_READ);
    expect_true("dup with fewer rights", reader >= 4);
    expect("send without the WRITE right", send_text(reader, "x"), ATOLL_ERR_DENIED);
    expect("dup without the DUPLICATE right", atoll_handle_dup(reader, ATOLL_RIGHT_READ), ATOLL_ERR_DENIED);
    expect("dup with an unknown right", atoll_handle_dup(y[0], 0x10), ATOLL_ERR_INVALID);
    int keeper = atoll_handle_dup(y[0], ATOLL_RIGHT_READ | ATOLL_RIGHT_WRITE | ATOLL_RIGHT_DUPLICATE);
    expect("dup adding no right it lacks", atoll_handle_dup(keeper, ATOLL_RIGHT_TRANSFER), ATOLL_ERR_INVALID);
    expect("send a handle without the TRANSFER right",
           atoll_chan_send(y[1], "", 0, &keeper, 1, 0), ATOLL_ERR_DENIED);
    int z[2];
    atoll_chan_create(z);
    int twice[2] = { z[0], z[0] };
    expect("send a handle twice in one message", atoll_chan_send(y[1], "", 0, twice, 2, 0), ATOLL_ERR_INVALID);
    expect("a message over the maximum", atoll_chan_send(y[1], buf, ATOLL_MSG_MAX_BYTES + 1, 0, 0, 0),
           ATOLL_ERR_TOO_BIG);
    expect("a receive buffer too small: TOO_BIG", atoll_chan_recv(y[1], buf, 0, 0, 0, 0), ATOLL_ERR_TOO_BIG);
    expect("the message stayed queued", atoll_chan_recv(y[1], buf, 1, 0, 0, 0), 1);
    expect("unknown flags", atoll_chan_recv(y[1], buf, 1, 0, 0, 0x80), ATOLL_ERR_INVALID);
    expect("nothing queued, non-blocking", atoll_chan_recv(y[1], buf, 1, 0, 0, ATOLL_NONBLOCK), ATOLL_ERR_EMPTY);
}

/* ---- busy: no garbage cycles ---- */

static void busy(void)
{
    int x[2], a[2], c[2], got[1];
    atoll_chan_create(x);
    expect("an end sent into its own queue", atoll_chan_send(x[0], "", 0, &x[1], 1, 0), ATOLL_ERR_BUSY);
    atoll_chan_create(a);
    atoll_chan_create(c);
    expect("a[1] into c[1]'s queue", atoll_chan_send(c[0], "", 0, &a[1], 1, 0), 0);
    expect("c[1], whose queue holds a handle, may not travel",
           atoll_chan_send(a[0], "", 0, &c[1], 1, 0), ATOLL_ERR_BUSY);
    expect("receive a[1] back", atoll_chan_recv(c[1], buf, 0, got, 1, 0), 0);
    expect("now c[1] may travel", atoll_chan_send(a[0], "", 0, &c[1], 1, 0), 0);
}

/* ---- wait: several handles at once ---- */

static void wait_many(void)
{
    int a[2], b[2], c[2];
    atoll_chan_create(a);
    atoll_chan_create(b);
    atoll_chan_create(c);
    struct atoll_wait items[3] = {
        { a[0], ATOLL_SIG_READABLE, 0 },
        { b[0], ATOLL_SIG_READABLE, 0 },
        { c[0], ATOLL_SIG_READABLE | ATOLL_SIG_PEER_CLOSED, 0 },
    };
    expect("nothing ready: times out", atoll_wait(items, 3, 30000000), ATOLL_ERR_TIMED_OUT);
    int child = ipc_spawn("ipctest wait-child", &b[1], 1, 0);
    expect("a child sends on the second after 50 ms: one ready", atoll_wait(items, 3, ATOLL_WAIT_FOREVER), 1);
    expect("which one", items[1].observed & ATOLL_SIG_READABLE, ATOLL_SIG_READABLE);
    expect("not the first", items[0].observed & ATOLL_SIG_READABLE, 0);
    atoll_handle_close(c[1]);
    expect("two ready after closing c's peer", atoll_wait(items, 3, 0), 2);
    expect("the third's signals", items[2].observed, ATOLL_SIG_PEER_CLOSED);
    int code;
    atoll_sip_wait(child, &code);
    items[0].handle = 999;
    expect("a bad handle among the items", atoll_wait(items, 3, 0), ATOLL_ERR_BADHANDLE);
    expect("too many items", atoll_wait(items, 17, 0), ATOLL_ERR_INVALID);
}

/* ---- children: spawning ---- */

static void children(void)
{
    int code = -99, c[2], handles[2];
    int child = ipc_spawn("ipctest args alpha beta gamma", 0, 0, 0);
    expect("sip_wait args", atoll_sip_wait(child, &code), 0);
    expect("its exit code (how many arguments it got)", code, 3);
    expect("no such module", ipc_spawn("nosuchapp", 0, 0, 0), ATOLL_ERR_NOT_FOUND);
    expect("a grant= word in the arguments", ipc_spawn("ipctest args grant=io:0x60", 0, 0, 0),
           ATOLL_ERR_DENIED);
    expect("a module that fails to load", ipc_spawn("bad_import", 0, 0, 0), ATOLL_ERR_REJECTED);
    handles[0] = 4444;
    expect("a bad handle to hand over", ipc_spawn("ipctest args", handles, 1, 0), ATOLL_ERR_BADHANDLE);

    atoll_chan_create(c);
    handles[0] = ATOLL_HANDLE_NONE;
    handles[1] = c[1];
    child = ipc_spawn("ipctest slots", handles, 2, 0);
    expect("the child's handle 1 is the end we gave", recv_text(c[0], 0, 0, 0), 2);
    atoll_sip_wait(child, &code);
    expect("and its handle 0 is empty", code, 0);

    child = ipc_spawn("ipctest try-spawn", 0, 0, 0);
    atoll_sip_wait(child, &code);
    expect("a child without the right to spawn", code, ATOLL_ERR_DENIED);
    child = ipc_spawn("ipctest try-spawn", 0, 0, ATOLL_SPAWN_MAY_SPAWN);
    atoll_sip_wait(child, &code);
    expect("a child given the right, and its grandchild's exit code", code, 3);
}

/* Prints its arguments; exits with how many there are. */
static int args_child(char *cursor)
{
    int n = 0;
    struct atoll_line line;
    line.len = 0;
    atoll_line_str(&line, "ipctest args: child ");
    atoll_line_int(&line, atoll_sip_id());
    atoll_line_str(&line, " got");
    for (char *word = atoll_next_word(&cursor); *word; word = atoll_next_word(&cursor), n++) {
        atoll_line_str(&line, " ");
        atoll_line_str(&line, word);
    }
    atoll_line_end(&line);
    return n;
}

/* Prints N numbered lines through the console service (handle 1); exits with N. */
static int chatter(char *cursor)
{
    char *label = atoll_next_word(&cursor);
    int n = (int)atoll_parse_int(atoll_next_word(&cursor), 10);
    for (int i = 1; i <= n; i++) {
        struct atoll_line line;
        line.len = 0;
        atoll_line_str(&line, "chatter ");
        atoll_line_str(&line, label);
        atoll_line_str(&line, ": line ");
        atoll_line_int(&line, i);
        atoll_line_str(&line, " of ");
        atoll_line_int(&line, n);
        atoll_line_str(&line, ", through the console service");
        ipc_line_end(&line);
    }
    return ipc_console_gone ? -1 : n;
}

/* Waits for ever on a channel whose other end it keeps: only a kill ends it. */
static int block(void)
{
    int c[2];
    atoll_chan_create(c);
    say("waiting for a message that never comes", "");
    return atoll_chan_recv(c[0], buf, sizeof buf, 0, 0, 0);
}

/* Spawns a grandchild "ipctest args x y z": its exit code, or spawn's error. */
static int try_spawn(void)
{
    int child = ipc_spawn("ipctest args x y z", 0, 0, 0);
    int code = child;
    if (child >= 0)
        atoll_sip_wait(child, &code);
    return code;
}

/* The scenarios, by first argument:
 *
 *   xfer     a channel end passed through a channel, and used by the receiver
 *   closed   sends and receives after the peer is gone; what was queued still arrives
 *   full     a full queue: FULL without blocking, a blocked sender until the reader drains
 *   die      a child dies holding handles: the parent's receive and wait wake up
 *   forge    forged, stale, wrong-type handles and missing rights are errors
 *   busy     the rule that keeps channel ends from travelling in cycles
 *   wait     waiting on several handles at once, and timing out
 *   children arguments, exit codes, start handles, who may spawn
 *   chatter  (LABEL N) N lines through the console service
 *   block    waits for ever in a receive: for the kill test
 *   readone  prints the first message on handle 0 and leaves: a reader that goes away
 *   badptr   a receive buffer outside its memory: the SIP traps
 */
int _start(void)
{
    static char args[128];
    atoll_get_args(args, sizeof args);
    char *cursor = args;
    scenario = atoll_next_word(&cursor);
    static const struct {
        const char *name;
        void (*run)(void);
    } scenarios[] = {
        { "xfer", xfer }, { "closed", closed }, { "full", full }, { "die", die },
        { "forge", forge }, { "busy", busy }, { "wait", wait_many }, { "children", children },
    };
    for (unsigned i = 0; i < sizeof scenarios / sizeof scenarios[0]; i++) {
        if (atoll_strlen(scenario) == atoll_strlen(scenarios[i].name) &&
            ipc_same(scenario, scenarios[i].name, atoll_strlen(scenario))) {
            scenarios[i].run();
            return finish();
        }
    }
    /* Children's roles. */
    if (ipc_same(scenario, "xfer-child", 11))
        return xfer_child();
    if (ipc_same(scenario, "exit5", 6))
        return 5;
    if (ipc_same(scenario, "slow-reader", 12))
        return slow_reader(atoll_parse_int(atoll_next_word(&cursor), 300));
    if (ipc_same(scenario, "die-child", 10))
        return die_child();
    if (ipc_same(scenario, "wait-child", 11)) {
        atoll_sleep_ns(50000000);
        return send_text(ATOLL_HANDLE_INPUT, "now");
    }
    if (ipc_same(scenario, "args", 5))
        return args_child(cursor);
    if (ipc_same(scenario, "slots", 6))
        return send_text(1, "hi") == 0 && send_text(0, "x") == ATOLL_ERR_BADHANDLE ? 0 : 1;
    if (ipc_same(scenario, "try-spawn", 10))
        return try_spawn();
    if (ipc_same(scenario, "chatter", 8))
        return chatter(cursor);
    if (ipc_same(scenario, "block", 6))
        return block();
    if (ipc_same(scenario, "readone", 8)) {
        int n = atoll_chan_recv(ATOLL_HANDLE_INPUT, buf, sizeof buf - 1, 0, 0, 0);
        buf[n > 0 ? n : 0] = '\0';
        say("got ", buf);
        return n;
    }
    if (ipc_same(scenario, "badptr", 7)) {
        int c[2];
        atoll_chan_create(c);
        send_text(c[0], "x");
        atoll_chan_recv(c[1], (void *)0xfffffff0, 32, 0, 0, 0);   /* a trap, not an error */
        say("the kernel accepted a buffer outside memory (wrong)", "");
        return 1;
    }
    say("unknown scenario", "");
    return 100;
}
