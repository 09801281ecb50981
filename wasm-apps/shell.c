/*
 * shell.c — a small interactive shell: reads what is typed (handle 0: the drivers' keys
 * through boot channel "tty", or COM1 through "serial"), prints through the console
 * service (handle 1), lists the SIPs and starts boot modules by name:
 *
 *   ps                 the live SIPs: id, parent, state, CPU ticks, name
 *   run NAME [ARGS]    start module NAME and wait for it; shows its exit code
 *   start NAME [ARGS]  the same in the background; its exit code is shown when it ends
 *   help, exit
 */
#include "atoll_ipc.h"

#define JOBS 8
#define LINE_MAX 200

struct job {
    int handle;                        /* -1: a free entry */
    char name[32];
};

static struct job jobs[JOBS];
static char line[LINE_MAX + 1];
static int line_len;

/* One line, a b c, through the console service. */
static void say_line(const char *a, const char *b, const char *c)
{
    struct atoll_line out;
    out.len = 0;
    atoll_line_str(&out, a);
    atoll_line_str(&out, b);
    atoll_line_str(&out, c);
    ipc_line_end(&out);
}

/* Wait for the child of `handle`, close the handle, say "[NAME exited with code N]". */
static void report_exit(const char *name, int handle)
{
    int code = 0;
    atoll_sip_wait(handle, &code);
    atoll_handle_close(handle);
    struct atoll_line out;
    out.len = 0;
    atoll_line_str(&out, "[");
    atoll_line_str(&out, name);
    atoll_line_str(&out, " exited with code ");
    atoll_line_int(&out, code);
    atoll_line_str(&out, "]");
    ipc_line_end(&out);
}

/* ---- Commands ---- */

/* Append `value` right-aligned in `width` columns. */
static void column(struct atoll_line *out, int value, int width)
{
    int digits = 1;
    for (int v = value; v >= 10; v /= 10)
        digits++;
    while (digits++ < width)
        atoll_line_str(out, " ");
    atoll_line_int(out, value);
}

/* `ps`: a table of the live SIPs, as atoll.sip_list gives them. */
static void ps(void)
{
    static const char *const states[] = { "running", "ready", "blocked", "sleeping", "dead" };
    struct atoll_sip_info infos[16];
    int n = atoll_sip_list(infos, 16);
    ipc_print("  ID PARENT STATE    TICKS NAME\n");
    for (int i = 0; i < n && i < 16; i++) {
        struct atoll_line out;
        out.len = 0;
        column(&out, infos[i].id, 4);
        column(&out, infos[i].parent, 7);
        atoll_line_str(&out, " ");
        const char *state = infos[i].state >= 0 && infos[i].state < 5 ? states[infos[i].state] : "?";
        atoll_line_str(&out, state);
        for (int pad = atoll_strlen(state); pad < 8; pad++)
            atoll_line_str(&out, " ");
        column(&out, infos[i].ticks, 6);
        atoll_line_str(&out, " ");
        atoll_line_str(&out, infos[i].name);
        ipc_line_end(&out);
    }
    if (n > 16)
        ipc_print("  ...\n");
}

/* Start "NAME ARGS" with our console as its handle 1, and the right to spawn (so that
 * `run ping` can start pong): its handle, or the error. */
static int start_child(const char *cmdline)
{
    int console = atoll_handle_dup(ATOLL_HANDLE_CONSOLE, ATOLL_RIGHT_WRITE |
                                   ATOLL_RIGHT_DUPLICATE | ATOLL_RIGHT_TRANSFER);
    int given[2] = { ATOLL_HANDLE_NONE, console };
    int child = ipc_spawn(cmdline, given, console >= 0 ? 2 : 0, ATOLL_SPAWN_MAY_SPAWN);
    if (child < 0 && console >= 0)
        atoll_handle_close(console);   /* not handed over: still ours */
    return child;
}

/* `run` and `start`: spawn the module; in the foreground, wait for it and report its
 * exit; in the background, remember it as a job. */
static void run(char *cmdline, int background)
{
    char *cursor = cmdline;
    while (*cursor == ' ')
        cursor++;
    if (!*cursor) {
        ipc_print("usage: run NAME [ARGS] (or start NAME [ARGS])\n");
        return;
    }
    int child = start_child(cursor);
    char name[32];
    int n = 0;
    while (cursor[n] && cursor[n] != ' ' && n < 31) {
        name[n] = cursor[n];
        n++;
    }
    name[n] = '\0';
    if (child < 0) {
        say_line("cannot start ", name, child == ATOLL_ERR_NOT_FOUND ? ": no such module"
                 : child == ATOLL_ERR_REJECTED ? ": rejected (see the kernel's line)" : ": error");
        return;
    }
    if (!background) {
        report_exit(name, child);
        return;
    }
    for (int j = 0; j < JOBS; j++) {
        if (jobs[j].handle < 0) {
            jobs[j].handle = child;
            ipc_copy(jobs[j].name, name, n + 1);
            say_line("[", name, " started in the background]");
            return;
        }
    }
    ipc_print("too many background jobs: waiting for this one\n");
    report_exit(name, child);
}

/* Does the line start with word `w` (followed by a space or its end)? */
static int command_is(const char *w, char **rest)
{
    int n = atoll_strlen(w);
    if (!ipc_same(line, w, n) || (line[n] != ' ' && line[n] != '\0'))
        return 0;
    *rest = line + n;
    return 1;
}

/* Run the line; 0 when the shell should end. */
static int execute(void)
{
    char *rest;
    line[line_len] = '\0';
    line_len = 0;
    if (line[0] == '\0')
        return 1;
    if (command_is("ps", &rest))
        ps();
    else if (command_is("run", &rest))
        run(rest, 0);
    else if (command_is("start", &rest))
        run(rest, 1);
    else if (command_is("exit", &rest))
        return 0;
    else if (command_is("help", &rest))
        ipc_print("commands: ps, run NAME [ARGS], start NAME [ARGS], help, exit\n");
    else
        say_line("unknown command: ", line, " (try help)");
    return 1;
}

/* ---- Input ---- */

/* Take typed bytes: edit the line, run it at Enter; 0 when the shell should end. The
 * bytes were echoed already by whoever read them from the device (a driver SIP, or the
 * kernel's serial-in thread), as a terminal's line discipline would. */
static int take_input(const char *bytes, int n)
{
    for (int i = 0; i < n; i++) {
        char c = bytes[i];
        if (c == '\n' && i > 0 && bytes[i - 1] == '\r')
            continue;                  /* CR LF: one Enter */
        if (c == '\r' || c == '\n') {
            if (!execute())
                return 0;
            ipc_print("atoll> ");
        } else if ((c == 0x7F || c == 0x08) && line_len > 0) {
            line_len--;
        } else if (c >= 0x20 && c < 0x7F && line_len < LINE_MAX) {
            line[line_len++] = c;
        }
    }
    return 1;
}

/* The shell waits on its input and on every background child at once (atoll.wait), so
 * a child's end is reported as it happens; it ends when its input does, or at `exit`. */
int _start(void)
{
    static char bytes[256];
    for (int j = 0; j < JOBS; j++)
        jobs[j].handle = -1;
    ipc_print("Atoll shell: type help.\natoll> ");
    for (;;) {
        struct atoll_wait items[1 + JOBS];
        int job_of[1 + JOBS], n = 1;
        items[0].handle = ATOLL_HANDLE_INPUT;
        items[0].signals = ATOLL_SIG_READABLE | ATOLL_SIG_PEER_CLOSED;
        for (int j = 0; j < JOBS; j++) {
            if (jobs[j].handle < 0)
                continue;
            items[n].handle = jobs[j].handle;
            items[n].signals = ATOLL_SIG_EXITED;
            job_of[n++] = j;
        }
        if (atoll_wait(items, n, ATOLL_WAIT_FOREVER) < 0)
            return 1;                  /* no input handle: nothing to do */
        for (int i = 1; i < n; i++) {
            if (items[i].observed & ATOLL_SIG_EXITED) {
                struct job *job = &jobs[job_of[i]];
                report_exit(job->name, job->handle);
                job->handle = -1;
            }
        }
        int got = atoll_chan_recv(ATOLL_HANDLE_INPUT, bytes, sizeof bytes, 0, 0, ATOLL_NONBLOCK);
        if (got == ATOLL_ERR_PEER_CLOSED)
            return 0;
        if (got > 0 && !take_input(bytes, got))
            return 0;
    }
}
