/*
 * host_embed.c — embed.h for Linux: heap from calloc, code and linear memory from mmap,
 * and signal handlers that turn hardware faults in compiled code into wasm traps.
 *
 * Compiled code does not check what the hardware checks for free: guard-region accesses
 * fault (SIGSEGV), idiv by zero or INT_MIN/-1 faults (SIGFPE), and ud2 faults (SIGILL).
 * The handler, on its own signal stack, makes sure the faulting pc is compiled wasm
 * (wasm_code_lookup) and then rewrites the interrupted context so that, when the handler
 * returns, the thread "calls" wasm_trap_from_fault, which unwinds to wasm_invoke. Any
 * other fault is a real bug: the default action (a core dump) goes ahead.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <ucontext.h>
#include <unistd.h>

#include "../src/compiler/embed.h"
#include "../src/compiler/runtime.h"
#include "host_embed.h"

#define STACK_MARGIN (256u << 10)   /* C below the limit: traps, host functions, printf */
#define STACK_MAX (64ull << 20)     /* with `ulimit -s unlimited` the stack has no bottom */
#define ALT_STACK_SIZE (64u << 10)

static struct wasm_exec host_exec;
struct wasm_exec *wasm_exec_current = &host_exec;

/* ---- Heap and code ---- */

void *wasm_alloc(size_t size) { return calloc(1, size ? size : 1); }
void wasm_free(void *ptr) { free(ptr); }

static size_t page_round(size_t size)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    return (size + page - 1) & ~(page - 1);
}

/* Writable until sealed, then executable and read-only (W^X). */
void *wasm_code_alloc(size_t size)
{
    void *p = mmap(NULL, page_round(size), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

void wasm_code_seal(void *code, size_t size)
{
    mprotect(code, page_round(size), PROT_READ | PROT_EXEC);
}

void wasm_code_free(void *code, size_t size)
{
    munmap(code, page_round(size));
}

/* ---- Linear memory: reserve address space, commit pages ---- */

void *wasm_mem_reserve(uint64_t bytes)
{
    void *p = mmap(NULL, bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

/* Untouched anonymous pages read as zero, and memories never shrink, so committing
 * is only a change of protection. */
bool wasm_mem_commit(void *base, uint64_t from, uint64_t to)
{
    if (to <= from)
        return true;
    return mprotect((uint8_t *)base + from, to - from, PROT_READ | PROT_WRITE) == 0;
}

void wasm_mem_release(void *base, uint64_t bytes)
{
    munmap(base, bytes);
}

/* ---- Faults ---- */

/* The faulting context's general registers by hardware number (rax=0 ... r15=15). */
static void context_gprs(const greg_t *g, uint64_t gpr[16])
{
    static const int order[16] = {
        REG_RAX, REG_RCX, REG_RDX, REG_RBX, REG_RSP, REG_RBP, REG_RSI, REG_RDI,
        REG_R8, REG_R9, REG_R10, REG_R11, REG_R12, REG_R13, REG_R14, REG_R15,
    };
    for (int i = 0; i < 16; i++)
        gpr[i] = (uint64_t)g[order[i]];
}

/* SIGSEGV, SIGBUS, SIGFPE, SIGILL: inside compiled code, resume in wasm_trap_from_fault;
 * anywhere else, let the default action report the bug. */
static void on_fault(int sig, siginfo_t *info, void *context)
{
    (void)info;
    greg_t *g = ((ucontext_t *)context)->uc_mcontext.gregs;
    uint64_t pc = (uint64_t)g[REG_RIP];
    if (wasm_code_lookup(pc) == NULL) {
        signal(sig, SIG_DFL);   /* not ours: let the default action happen */
        raise(sig);
        return;
    }
    enum wasm_trap trap = WASM_TRAP_MEMORY_OOB;   /* SIGSEGV, SIGBUS: guard region */
    if (sig == SIGFPE) {
        uint64_t gpr[16];
        context_gprs(g, gpr);
        trap = wasm_fault_divide_trap(pc, gpr);
    } else if (sig == SIGILL) {
        trap = WASM_TRAP_UNREACHABLE;
    }
    /* Resume in wasm_trap_from_fault(trap, pc, r15) as if the faulting instruction had
     * called it: rsp 16-byte aligned minus the return address's 8 bytes. */
    g[REG_RDI] = trap;
    g[REG_RSI] = (greg_t)pc;
    g[REG_RDX] = g[REG_R15];
    g[REG_RSP] = (greg_t)(((uint64_t)g[REG_RSP] & ~(uint64_t)15) - 8);
    g[REG_RIP] = (greg_t)(uint64_t)wasm_trap_from_fault;
}

uint64_t host_stack_limit(void)
{
    pthread_attr_t attr;
    void *addr = NULL;
    size_t size = 0;
    if (pthread_getattr_np(pthread_self(), &attr) != 0)
        return 0;
    pthread_attr_getstack(&attr, &addr, &size);
    pthread_attr_destroy(&attr);
    uint64_t bottom = (uint64_t)addr, top = bottom + size;
    if (size > STACK_MAX)   /* glibc then reports all the room down to the next mapping */
        bottom = top - STACK_MAX;
    return bottom + STACK_MARGIN;
}

void host_embed_init(void)
{
    static const int signals[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL };
    /* A fault may be a stack overflow of C code; the handler needs a stack of its own. */
    stack_t alt = { .ss_sp = malloc(ALT_STACK_SIZE), .ss_size = ALT_STACK_SIZE, .ss_flags = 0 };
    sigaltstack(&alt, NULL);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++)
        sigaction(signals[i], &sa, NULL);
    host_exec.stack_limit = host_stack_limit();
}

/* ---- Files ---- */

uint8_t *host_read_file(const char *tool, const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "%s: cannot open %s\n", tool, path);
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    *size = n > 0 ? (size_t)n : 0;
    uint8_t *bytes = malloc(*size ? *size : 1);
    if (bytes != NULL && fread(bytes, 1, *size, f) != *size) {
        free(bytes);
        bytes = NULL;
    }
    fclose(f);
    if (bytes == NULL)
        fprintf(stderr, "%s: cannot read %s\n", tool, path);
    return bytes;
}
