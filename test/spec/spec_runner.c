/*
 * spec_runner.c — runs spec test scripts on the host, with exec.c, the same executor the
 * kernel's conformance run uses.
 *
 *   spec_runner [--bounds-checks] [-v] [--timeout SECONDS] FILE.json
 *        converts one wast2json script to a spec pack in memory and runs it; prints
 *        "NAME: P passed, F failed, S skipped"
 *   spec_runner [--bounds-checks] [-v] [--timeout SECONDS] --pack FILE.pack
 *        runs every script of a pack, one such line each, then "total: P passed, ..."
 *   spec_runner --count FILE.json      prints the script's commands by kind
 *
 * The commands of a script run in a child process, and the counts live in memory shared
 * with this (parent) process. If the child dies (a crash of the runtime, a compiler bug,
 * a command running past its time limit), the parent counts that one command as failed,
 * says so loudly, and starts a new child that replays every earlier command silently, to
 * rebuild the script's state, then goes on after the bad command. A second death while
 * replaying, or too many deaths, fails every command not yet run.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "exec.h"
#include "host_embed.h"
#include "pack_write.h"

enum {
    DEFAULT_TIMEOUT = 20,     /* seconds: a command running longer is a hang */
    MAX_RESTARTS = 8,         /* crashes tolerated per file before giving up on it */
};

/* Written by the child, read by the parent after the child ends. */
struct progress {
    uint32_t current;         /* index of the command being run; UINT32_MAX before the first */
    bool replaying;           /* `current` is being replayed after a crash */
    bool finished;            /* every command ran */
    struct spec_counts counts;
};

/* What the runner was asked to do. */
struct job {
    struct spec_options opt;
    const char *path;         /* a JSON script, or a pack with --pack */
    bool is_pack;
    bool count_only;
    unsigned timeout;         /* seconds per command */
    uint8_t *pack;            /* the pack's bytes */
    size_t pack_size;
};

/* One script of the pack, while it runs. */
struct script_run {
    const struct job *job;
    const struct spec_file *file;
    char name[256];
};

/* ---- Getting the pack ---- */

static bool read_pack(struct job *job)
{
    FILE *f = fopen(job->path, "rb");
    long size = -1;
    if (f && fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (job->pack = malloc((size_t)size + 1)))
        job->pack_size = fread(job->pack, 1, (size_t)size, f);
    if (f)
        fclose(f);
    if (job->pack == NULL || job->pack_size != (size_t)size) {
        printf("%s: cannot read the pack\n", job->path);
        return false;
    }
    return true;
}

/* A pack of the one JSON script, made in memory. */
static bool convert_json(struct job *job)
{
    struct spec_pack_writer w;
    char why[512];
    if (!spec_writer_init(&w)) {
        printf("%s: out of memory\n", job->path);
        return false;
    }
    if (!spec_writer_add_json(&w, job->path, why, sizeof why)) {
        const char *slash = strrchr(job->path, '/');
        printf("%s: cannot convert: %s\n", slash ? slash + 1 : job->path, why);
        spec_writer_free(&w);
        return false;
    }
    spec_writer_finish(&w);
    job->pack = w.data;
    job->pack_size = w.len;
    return true;
}

/* ---- --count: the script's commands by kind, in MANIFEST.tsv's column order ---- */

static void print_counts(const struct script_run *run)
{
    /* The columns after the file name: kinds, with assert_malformed split in two. */
    enum { NCOLUMNS = SPEC_KIND_COUNT + 1, MALFORMED_TEXT = SPEC_ASSERT_MALFORMED + 1 };
    unsigned counts[NCOLUMNS] = {0};
    for (uint32_t i = 0; i < run->file->ncommands; i++) {
        const struct spec_command *cmd = &run->file->commands[i];
        unsigned column = cmd->kind;
        if (cmd->kind == SPEC_ASSERT_MALFORMED && (cmd->flags & SPEC_FLAG_TEXT_MODULE))
            column = MALFORMED_TEXT;
        else if (cmd->kind > SPEC_ASSERT_MALFORMED)
            column++;
        counts[column]++;
    }
    printf("%s", run->name);
    for (int c = 0; c < NCOLUMNS; c++)
        printf("\t%u", counts[c]);
    printf("\n");
}

/* ---- The child: run the commands ---- */

static void report_line(void *out, const char *line)
{
    fprintf(out, "%s\n", line);
}

/* Send what the runtime or host functions may write to stdout to /dev/null, and return
 * a line-buffered stream on the real stdout for the runner's reports. */
static FILE *quiet_host_output(void)
{
    FILE *out = fdopen(dup(STDOUT_FILENO), "w");
    int null = open("/dev/null", O_WRONLY);
    if (!out || null < 0) {
        perror("spec_runner: stdout");
        _exit(2);
    }
    setvbuf(out, NULL, _IOLBF, 0);
    dup2(null, STDOUT_FILENO);
    close(null);
    return out;
}

/* Run every command not marked `crashed`; those before `resume_from` only rebuild state. */
static _Noreturn void run_child(const struct script_run *run, struct progress *progress,
                                const bool *crashed, uint32_t resume_from)
{
    struct spec_script script = {.opt = &run->job->opt, .name = run->file->name,
                                 .report = report_line};
    FILE *out;
    host_embed_init();
    script.report_ctx = out = quiet_host_output();
    for (uint32_t i = 0; i < run->file->ncommands; i++) {
        if (crashed[i])
            continue;
        script.quiet = i < resume_from;
        progress->replaying = script.quiet;
        progress->current = i;
        alarm(run->job->timeout);
        enum spec_outcome outcome = spec_command_run(&script, &run->file->commands[i]);
        alarm(0);
        if (!script.quiet)
            spec_counts_add(&progress->counts, outcome);
    }
    progress->finished = true;
    spec_script_end(&script);
    fflush(out);
    _exit(0);
}

/* ---- The parent: supervise children ---- */

/* Why a child ended, in words. */
static void describe_death(const struct job *job, int status, char *buf, size_t size)
{
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
        snprintf(buf, size, "ran past %u seconds", job->timeout);
    else if (WIFSIGNALED(status))
        snprintf(buf, size, "died of signal %d (%s)", WTERMSIG(status), strsignal(WTERMSIG(status)));
    else
        snprintf(buf, size, "exited with status %d", WEXITSTATUS(status));
}

/* The line of command i, for reports. */
static unsigned command_line(const struct script_run *run, uint32_t i)
{
    return i < run->file->ncommands ? run->file->commands[i].line : 0;
}

/* Count every countable command in [from, count) as failed. */
static void fail_rest(const struct script_run *run, struct progress *progress, uint32_t from)
{
    uint32_t lost = 0;
    for (uint32_t i = from; i < run->file->ncommands; i++)
        lost += spec_command_counts(&run->file->commands[i]);
    progress->counts.failed += lost;
    printf("  %s: CRASH: the %u commands from line %u on were not run and count as failed\n",
           run->name, lost, command_line(run, from));
}

/* Run the script in children until it is done; counts end up in `progress`. */
static void supervise(const struct script_run *run, struct progress *progress)
{
    uint32_t n = run->file->ncommands, resume_from = 0;
    bool *crashed = calloc(n ? n : 1, sizeof *crashed);
    for (int restarts = 0;; restarts++) {
        progress->current = UINT32_MAX;
        progress->finished = false;
        fflush(stdout);
        pid_t pid = fork();
        if (pid == 0)
            run_child(run, progress, crashed, resume_from);
        int status = 0;
        if (pid < 0 || waitpid(pid, &status, 0) < 0) {
            perror("spec_runner: fork/wait");
            fail_rest(run, progress, resume_from);
            break;
        }
        if (progress->finished) {
            if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
                printf("  %s: CRASH after the last command (status %#x)\n", run->name, status);
            break;
        }
        char how[96];
        uint32_t at = progress->current;
        describe_death(run->job, status, how, sizeof how);
        if (at == UINT32_MAX || progress->replaying || restarts == MAX_RESTARTS) {
            printf("  %s: CRASH: the runner %s %s\n", run->name, how,
                   at == UINT32_MAX ? "before the first command"
                   : progress->replaying ? "while replaying earlier commands" : "too often");
            fail_rest(run, progress, resume_from);
            break;
        }
        printf("  %s:%u: CRASH: the runner %s in this command; counted as failed, going on\n",
               run->name, command_line(run, at), how);
        progress->counts.failed += spec_command_counts(&run->file->commands[at]);
        crashed[at] = true;
        resume_from = at + 1;
    }
    free(crashed);
}

/* Run (or count) every script of the pack; false when a script failed or the pack is bad. */
static bool run_pack(const struct job *job, struct progress *progress)
{
    struct spec_pack pack;
    struct spec_file file;
    struct spec_counts total = {0};
    bool ok = spec_pack_open(&pack, job->pack, job->pack_size);
    while (ok && spec_pack_next(&pack, &file)) {
        struct script_run run = {.job = job, .file = &file};
        snprintf(run.name, sizeof run.name, "%.*s", (int)file.name.len, (const char *)file.name.bytes);
        if (job->count_only) {
            print_counts(&run);
        } else {
            memset(progress, 0, sizeof *progress);
            supervise(&run, progress);
            const struct spec_counts *c = &progress->counts;
            printf("%s: %u passed, %u failed, %u skipped\n", run.name, c->passed, c->failed, c->skipped);
            total.passed += c->passed, total.failed += c->failed, total.skipped += c->skipped;
        }
        spec_file_free(&file);
    }
    if (pack.error[0]) {
        printf("%s: %s\n", job->path, pack.error);
        return false;
    }
    if (job->is_pack && !job->count_only)
        printf("total: %u passed, %u failed, %u skipped\n", total.passed, total.failed, total.skipped);
    return total.failed == 0;
}

static int usage(void)
{
    fprintf(stderr, "usage: spec_runner [--bounds-checks] [-v] [--timeout SECONDS] FILE.json\n"
                    "       spec_runner [--bounds-checks] [-v] [--timeout SECONDS] --pack FILE.pack\n"
                    "       spec_runner --count FILE.json\n");
    return 2;
}

int main(int argc, char **argv)
{
    struct job job = {.timeout = DEFAULT_TIMEOUT};
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--bounds-checks") == 0)
            job.opt.bounds_checks = true;
        else if (strcmp(argv[i], "-v") == 0)
            job.opt.verbose = true;
        else if (strcmp(argv[i], "--count") == 0)
            job.count_only = true;
        else if (strcmp(argv[i], "--pack") == 0)
            job.is_pack = true;
        else if (strcmp(argv[i], "--timeout") == 0 && i + 1 < argc && atoi(argv[i + 1]) > 0)
            job.timeout = (unsigned)atoi(argv[++i]);
        else if (argv[i][0] != '-' && !job.path)
            job.path = argv[i];
        else
            return usage();
    }
    if (!job.path)
        return usage();
    if (!(job.is_pack ? read_pack(&job) : convert_json(&job)))
        return 2;
    struct progress *progress = mmap(NULL, sizeof *progress, PROT_READ | PROT_WRITE,
                                     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (progress == MAP_FAILED) {
        perror("spec_runner: mmap");
        return 2;
    }
    return run_pack(&job, progress) ? 0 : 1;
}
