/*
 * sip_load.c — from a module's bytes to a SIP ready to run, one checked step at a time:
 *
 *   decode + validate (module.c)  ->  memory within the quota  ->  resolve imports
 *   (abi.c)  ->  capabilities (caps.c)  ->  find the entry  ->  compile every body,
 *   validating it (compile.c, guard-region mode)  ->  thread
 *
 * Each step may reject the module with one line naming it, the byte offset and the
 * reason; a rejected module has run no instruction and every byte it took is freed
 * (sip_free copes with a SIP built halfway). Instantiation is left to the SIP's own
 * thread (sip.c), because the start function is SIP code and must run as the SIP.
 */
#include "sip.h"

#include "abi/abi.h"
#include "caps.h"
#include "compiler/compile.h"
#include "cpu.h"
#include "kheap.h"
#include "kprintf.h"
#include "lib.h"
#include "pmm.h"
#include "vmm.h"

#define ENTRY_NAME "_start"

/* Print why `sip` was rejected and free it. Always false, for `return reject(...)`. */
static bool reject(struct sip *sip, const struct wasm_error *err)
{
    kprintf("sip %s: rejected: at offset 0x%x: %s\n", sip->name, err->offset, err->message);
    sip_free(sip);
    return false;
}

/* The entry point: export `_start`, a function of type [] -> [] or [] -> [i32]. */
static bool find_entry(struct sip *sip)
{
    const struct wasm_module *m = &sip->module;
    for (uint32_t i = 0; i < m->nexports; i++) {
        const struct wasm_export *e = &m->exports[i];
        if (e->kind != WASM_EXTERN_FUNC || !wasm_name_eq(e->name, ENTRY_NAME))
            continue;
        const struct wasm_functype *t = wasm_func_type(m, e->index);
        if (t->nparams != 0 || t->nresults > 1 || (t->nresults == 1 && t->types[0] != WASM_I32))
            break;
        sip->entry = e->index;
        return true;
    }
    kprintf("sip %s: rejected: no entry point (export \"%s\" of type [] -> [] or [] -> [i32])\n",
            sip->name, ENTRY_NAME);
    return false;
}

/* The initial memory within the SIP's quota and within the frames that can still be
 * promised (wasm_embed.c): instantiating commits all of it, and a module that cannot
 * even start is better refused before it costs a compile. (A SIP has one memory at
 * most: the decoder refuses a second.) */
static bool memory_fits(const struct sip *sip)
{
    const struct wasm_module *m = &sip->module;
    uint64_t quota_pages = sip->mem_quota / WASM_PAGE_SIZE;
    if (m->nmemories == 0)
        return true;
    uint32_t pages = m->memories[0].min;
    if (pages > quota_pages) {
        kprintf("sip %s: rejected: memory of %u pages exceeds its quota of %lu pages\n",
                sip->name, pages, quota_pages);
        return false;
    }
    uint64_t free = pmm_promisable_frames();
    if (vmm_frames_to_back((uint64_t)pages * WASM_PAGE_SIZE) <= free)
        return true;
    kprintf("sip %s: rejected: memory of %u pages cannot be backed (%lu frames free)\n",
            sip->name, pages, free);
    return false;
}

/* Intern every function type of `m` now, with interrupts off: the signature table
 * (sig.c) is shared and grows without a lock, while running SIPs read it. Compiling and
 * instantiating then only look types up. */
static void intern_types(const struct wasm_module *m)
{
    bool irq = irq_save();
    for (uint32_t i = 0; i < m->ntypes; i++)
        wasm_sig_intern(&m->types[i]);
    irq_restore(irq);
}

/* A SIP record holding copies of the name and arguments, or NULL. */
static struct sip *sip_new(const char *name, const char *args)
{
    struct sip *sip = kzalloc(sizeof *sip);
    if (sip == NULL)
        return NULL;
    size_t name_len = MIN(strlen(name), SIP_NAME_MAX - 1);
    memcpy(sip->name, name, name_len);
    sip->args_len = (uint32_t)strlen(args);
    sip->args = kmalloc(sip->args_len + 1);
    if (sip->args == NULL) {
        kfree(sip);
        return NULL;
    }
    memcpy(sip->args, args, sip->args_len + 1);
    return sip;
}

struct sip *sip_build(const char *name, const char *args, const uint8_t *bytes, uint64_t size,
                      uint64_t mem_quota)
{
    struct wasm_error err = { 0 };
    struct sip *sip = sip_new(name, args);
    if (sip == NULL) {
        kprintf("sip %s: rejected: out of memory\n", name);
        return NULL;
    }
    sip->mem_quota = mem_quota;
    if (!wasm_decode(&sip->module, bytes, size, &err))
        return reject(sip, &err), NULL;
    if (!memory_fits(sip)) {
        sip_free(sip);
        return NULL;
    }
    intern_types(&sip->module);
    sip->imports = kzalloc((sip->module.nimports + 1) * sizeof *sip->imports);
    if (sip->imports == NULL)
        return reject(sip, &(struct wasm_error){ 0, "out of memory" }), NULL;
    if (!abi_resolve(&sip->module, sip->imports, &err))
        return reject(sip, &err), NULL;
    if (!caps_claim(sip)) {              /* it printed why */
        sip_free(sip);
        return NULL;
    }
    if (!find_entry(sip)) {
        sip_free(sip);
        return NULL;
    }
    const struct wasm_compile_options guard_mode = { .bounds_checks = false,
                                                     .intrinsics = caps_intrinsics(sip) };
    if (!wasm_compile(&sip->module, &guard_mode, &sip->code, &err))
        return reject(sip, &err), NULL;
    bool irq = irq_save();               /* the registry is a plain list (codemap.c) */
    wasm_code_register(&sip->code);
    irq_restore(irq);
    return sip;
}

bool sip_load(const char *name, const char *args, const uint8_t *bytes, uint64_t size)
{
    struct sip *sip = sip_build(name, args, bytes, size, sip_mem_quota_default());
    if (sip == NULL)
        return false;
    if (!sip_spawn(sip))                 /* from here on, `sip` is its thread's */
        return reject(sip, &(struct wasm_error){ 0, "out of memory (no thread)" });
    return true;
}

void sip_prepare(const uint8_t *bytes, uint64_t size)
{
    struct wasm_module m;
    struct wasm_error err;
    if (!wasm_decode(&m, bytes, size, &err))
        return;                          /* sip_load will say why */
    intern_types(&m);
    wasm_module_free(&m);
}
