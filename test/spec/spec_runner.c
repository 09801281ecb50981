/*
 * spec_runner.c — runs one wast2json script against Atoll's compiler and runtime.
 *
 *   spec_runner [--bounds-checks] [-v] [--timeout SECONDS] FILE.json
 *                                      prints "NAME: P passed, F failed, S skipped"
 *   spec_runner --count FILE.json                  prints the script's commands by kind
 *
 * The commands run in a child process, and the counts live in memory shared with this
 * (parent) process. If the child dies (a crash of the runtime, a compiler bug, a command
 * running past its time limit), the parent counts that one command as failed, says so
 * loudly, and starts a new child that replays every earlier command silently, to rebuild
 * the script's state, then goes on after the bad command. A second death while replaying,
 * or too many deaths, fails every command not yet run.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "host_embed.h"
#include "runner.h"

enum {
    DEFAULT_TIMEOUT = 20,     /* seconds: a command running longer is a hang */
    MAX_RESTARTS = 8,         /* crashes tolerated per file before giving up on it */
};

/* Written by the child, read by the parent after the child ends. */
struct progress {
    uint32_t current;         /* index of the command being run; UINT32_MAX before the first */
    bool replaying;           /* `current` is being replayed after a crash */
    bool finished;            /* every command ran */
    uint32_t passed, failed, skipped;
};

/* What the runner was asked to do with which file. */
struct job {
    struct spec_options opt;
    const char *json_path;
    bool count_only;
    unsigned timeout;         /* seconds per command */
    char name[256];           /* the .wast's name, for reports */
    char dir[4096];           /* where the .wasm files are */
    struct json_value root;
    const struct json_value *commands;
};

/* ---- Reading the script ---- */

static char *read_text(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *text = NULL;
    if (fseek(f, 0, SEEK_END) == 0) {
        long len = ftell(f);
        if (len >= 0 && fseek(f, 0, SEEK_SET) == 0 && (text = malloc((size_t)len + 1))) {
            *size = fread(text, 1, (size_t)len, f);
            text[*size] = '\0';
        }
    }
    fclose(f);
    return text;
}

/* The last path component of `path`, into buf. */
static void base_name(const char *path, char *buf, size_t size)
{
    const char *slash = strrchr(path, '/');
    snprintf(buf, size, "%s", slash ? slash + 1 : path);
}

/* Parse the JSON and find its commands, the .wast name and the module directory. */
static bool load_job(struct job *job)
{
    size_t size = 0;
    char *text = read_text(job->json_path, &size);
    struct json_error err;
    base_name(job->json_path, job->name, sizeof job->name);
    if (!text) {
        printf("%s: cannot read %s\n", job->name, job->json_path);
        return false;
    }
    bool ok = json_parse(text, size, &job->root, &err);
    free(text);
    if (!ok) {
        printf("%s: bad JSON at %zu:%zu: %s\n", job->name, err.line, err.column, err.message);
        return false;
    }
    job->commands = json_get(&job->root, "commands");
    if (!job->commands || job->commands->kind != JSON_ARRAY) {
        printf("%s: no \"commands\" array\n", job->name);
        return false;
    }
    const struct json_value *source = json_get_string(&job->root, "source_filename");
    if (source)
        base_name(source->text, job->name, sizeof job->name);
    snprintf(job->dir, sizeof job->dir, "%s", job->json_path);
    char *slash = strrchr(job->dir, '/');
    if (slash)
        *slash = '\0';
    else
        snprintf(job->dir, sizeof job->dir, ".");
    return true;
}

/* ---- --count: the script's commands by kind, in MANIFEST.tsv's column order ---- */

static void print_counts(const struct job *job)
{
    static const char *const columns[] = {
        "module", "assert_return", "assert_trap", "assert_exhaustion", "assert_invalid",
        "assert_malformed binary", "assert_malformed text", "assert_unlinkable",
        "assert_uninstantiable", "action", "register",
    };
    enum { NCOLUMNS = sizeof columns / sizeof columns[0] };
    unsigned counts[NCOLUMNS] = {0};
    for (size_t i = 0; i < job->commands->count; i++) {
        const struct json_value *cmd = &job->commands->items[i];
        const struct json_value *type = json_get_string(cmd, "type");
        const struct json_value *module_type = json_get_string(cmd, "module_type");
        char kind[64];
        snprintf(kind, sizeof kind, "%s", type ? type->text : "?");
        if (type && strcmp(type->text, "assert_malformed") == 0)
            snprintf(kind, sizeof kind, "assert_malformed %s", module_type ? module_type->text : "?");
        for (int c = 0; c < NCOLUMNS; c++) {
            if (strcmp(kind, columns[c]) == 0)
                counts[c]++;
        }
    }
    printf("%s", job->name);
    for (int c = 0; c < NCOLUMNS; c++)
        printf("\t%u", counts[c]);
    printf("\n");
}

/* ---- The child: run the commands ---- */

/* Send what the spectest print functions write to stdout to /dev/null, and return a
 * line-buffered stream on the real stdout for the runner's reports. */
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
static _Noreturn void run_child(const struct job *job, struct progress *progress,
                                const bool *crashed, uint32_t resume_from)
{
    struct spec_script script = {.opt = &job->opt, .dir = job->dir, .name = job->name};
    host_embed_init();
    script.out = quiet_host_output();
    for (uint32_t i = 0; i < job->commands->count; i++) {
        if (crashed[i])
            continue;
        script.quiet = i < resume_from;
        progress->replaying = script.quiet;
        progress->current = i;
        alarm(job->timeout);
        enum spec_outcome outcome = spec_command_run(&script, &job->commands->items[i]);
        alarm(0);
        if (script.quiet)
            continue;
        progress->passed += outcome == SPEC_PASSED;
        progress->failed += outcome == SPEC_FAILED;
        progress->skipped += outcome == SPEC_SKIPPED;
    }
    progress->finished = true;
    fflush(script.out);
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

/* The "line" of command i, for reports. */
static unsigned long long command_line(const struct job *job, uint32_t i)
{
    uint64_t line = 0;
    if (i < job->commands->count)
        json_to_u64(json_get(&job->commands->items[i], "line"), &line);
    return (unsigned long long)line;
}

/* Count every countable command in [from, count) as failed. */
static void fail_rest(const struct job *job, struct progress *progress, uint32_t from)
{
    uint32_t lost = 0;
    for (uint32_t i = from; i < job->commands->count; i++)
        lost += spec_command_counts(&job->commands->items[i]);
    progress->failed += lost;
    printf("  %s: CRASH: the %u commands from line %llu on were not run and count as failed\n",
           job->name, lost, command_line(job, from));
}

/* Run the script in children until it is done; counts end up in `progress`. */
static void supervise(const struct job *job, struct progress *progress)
{
    uint32_t n = (uint32_t)job->commands->count, resume_from = 0;
    bool *crashed = calloc(n ? n : 1, sizeof *crashed);
    for (int restarts = 0;; restarts++) {
        progress->current = UINT32_MAX;
        progress->finished = false;
        fflush(stdout);
        pid_t pid = fork();
        if (pid == 0)
            run_child(job, progress, crashed, resume_from);
        int status = 0;
        if (pid < 0 || waitpid(pid, &status, 0) < 0) {
            perror("spec_runner: fork/wait");
            fail_rest(job, progress, resume_from);
            break;
        }
        if (progress->finished) {
            if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
                printf("  %s: CRASH after the last command (status %#x)\n", job->name, status);
            break;
        }
        char how[96];
        uint32_t at = progress->current;
        describe_death(job, status, how, sizeof how);
        if (at == UINT32_MAX || progress->replaying || restarts == MAX_RESTARTS) {
            printf("  %s: CRASH: the runner %s %s\n", job->name, how,
                   at == UINT32_MAX ? "before the first command"
                   : progress->replaying ? "while replaying earlier commands" : "too often");
            fail_rest(job, progress, resume_from);
            break;
        }
        printf("  %s:%llu: CRASH: the runner %s in this command; counted as failed, going on\n",
               job->name, command_line(job, at), how);
        progress->failed += spec_command_counts(&job->commands->items[at]);
        crashed[at] = true;
        resume_from = at + 1;
    }
    free(crashed);
}

static int usage(void)
{
    fprintf(stderr, "usage: spec_runner [--bounds-checks] [-v] [--timeout SECONDS] FILE.json\n"
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
        else if (strcmp(argv[i], "--timeout") == 0 && i + 1 < argc && atoi(argv[i + 1]) > 0)
            job.timeout = (unsigned)atoi(argv[++i]);
        else if (argv[i][0] != '-' && !job.json_path)
            job.json_path = argv[i];
        else
            return usage();
    }
    if (!job.json_path)
        return usage();
    if (!load_job(&job))
        return 2;
    if (job.count_only) {
        print_counts(&job);
        return 0;
    }
    struct progress *progress = mmap(NULL, sizeof *progress, PROT_READ | PROT_WRITE,
                                     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (progress == MAP_FAILED) {
        perror("spec_runner: mmap");
        return 2;
    }
    memset(progress, 0, sizeof *progress);
    supervise(&job, progress);
    printf("%s: %u passed, %u failed, %u skipped\n", job.name, progress->passed,
           progress->failed, progress->skipped);
    return progress->failed ? 1 : 0;
}
