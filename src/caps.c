/*
 * caps.c — the capability table: the check at load and who holds each port and line.
 * Three things must agree before a driver runs, and each has its own reason:
 *   declared ⊆ granted    the module says what it needs, the boot configuration what
 *                         it may have; a module asking for more is refused whole
 *   declared ∩ held = ∅   two drivers poking one device corrupt it: every claim is
 *                         exclusive, per port and per right (the console's COM1 output
 *                         and a driver's COM1 input coexist), and the kernel holds its own
 *   imports ⇒ declared    a module that imports atoll.in8 or irq_wait must say so
 *                         in its section, so the section is the whole truth about it
 */
#include "caps.h"

#include "cmdline.h"
#include "compiler/caps_decl.h"
#include "cpu.h"
#include "kheap.h"
#include "kprintf.h"
#include "lib.h"
#include "panic.h"
#include "sip.h"

#define GRANT_WORD "grant="

/* What one SIP holds: its entry in the table, and what its code is checked against. */
struct caps_sip {
    struct caps_holder holder;
    struct wasm_intrinsics intrinsics;    /* points at kinds and the bitmaps below */
    uint8_t *kinds;                       /* by function import (compile.h) */
    uint8_t port_read[CAPS_BITMAP_BYTES];
    uint8_t port_write[CAPS_BITMAP_BYTES];
};

/* Every live claim, on one list: the SIPs' records and the kernel's own (a job such as
 * the serial-in thread, while it runs). Claims and releases run with interrupts off, so
 * a SIP ending on its own thread never races a load. */
static struct caps_holder *holders;

/* The resources the kernel itself drives: never granted to a SIP. */
static const struct {
    struct caps_entry entry;              /* kind, access, first, count, (offset) */
    const char *user;
} kernel_held[] = {
    { { CAPS_IO,  CAPS_RW,    0x20,  2, 0 }, "the kernel (interrupt controller)" },
    { { CAPS_IO,  CAPS_RW,    0xA0,  2, 0 }, "the kernel (interrupt controller)" },
    { { CAPS_IO,  CAPS_RW,    0x40,  4, 0 }, "the kernel (timer)" },
    { { CAPS_IO,  CAPS_RW,    0x61,  1, 0 }, "the kernel (timer gate)" },
    { { CAPS_IO,  CAPS_WRITE, 0x3F8, 1, 0 }, "the kernel (console output on COM1)" },
    { { CAPS_IO,  CAPS_WRITE, 0x3FA, 3, 0 }, "the kernel (COM1 line setup)" },
    { { CAPS_IO,  CAPS_RW,    0x3D4, 2, 0 }, "the kernel (VGA cursor)" },
    { { CAPS_IO,  CAPS_RW,    0xF4,  4, 0 }, "the kernel (QEMU exit device)" },
    { { CAPS_IRQ, 0,          0,     1, 0 }, "the kernel (timer)" },
    { { CAPS_IRQ, 0,          2,     1, 0 }, "the kernel (PIC cascade)" },
};

/* ---- Messages ---- */

static bool reject_at(const struct sip *sip, uint32_t offset, const char *why)
{
    kprintf("sip %s: rejected: at offset 0x%x: %s\n", sip->name, offset, why);
    return false;
}

/* ---- The three checks ---- */

/* The grant= word of the SIP's arguments, parsed (no word: nothing is granted). */
static bool read_grant(const struct sip *sip, struct caps_decl *grant, const char **text,
                       size_t *len)
{
    const char *p = sip->args;
    size_t word_len;
    *text = "none";
    *len = 4;
    bool found = false;
    for (const char *word = cmdline_next_word(&p, &word_len); word_len > 0;
         word = cmdline_next_word(&p, &word_len)) {
        if (word_len < sizeof GRANT_WORD - 1 || strncmp(word, GRANT_WORD, sizeof GRANT_WORD - 1) != 0)
            continue;
        if (found) {
            kprintf("sip %s: rejected: more than one grant= word\n", sip->name);
            return false;
        }
        found = true;
        *text = word + sizeof GRANT_WORD - 1;
        *len = word_len - (sizeof GRANT_WORD - 1);
    }
    struct wasm_error err = { 0 };
    if (caps_parse_text(*text, *len, grant, &err))
        return true;
    kprintf("sip %s: rejected: bad grant \"%.*s\" at column %u: %s\n", sip->name, (int)*len,
            *text, err.offset, err.message);
    return false;
}

/* declared ⊆ granted. */
static bool check_granted(const struct sip *sip, const struct caps_decl *decl)
{
    struct caps_decl grant;
    struct wasm_error err = { 0 };
    const char *text;
    size_t len;
    if (!read_grant(sip, &grant, &text, &len))
        return false;
    if (!caps_check_granted(decl, &grant, text, len, &err))
        return reject_at(sip, err.offset, err.message);
    return true;
}

/* declared ∩ held = ∅, against the kernel's fixed resources and every holder. On a
 * conflict, `why` says what is held by whom and *offset is where the entry was
 * written; false. Interrupts off. */
static bool check_free(const struct caps_decl *decl, char *why, size_t size, uint32_t *offset)
{
    for (uint32_t i = 0; i < decl->count; i++) {
        const struct caps_entry *e = &decl->entries[i];
        const char *user = NULL;
        char holder[SIP_NAME_MAX + 8], what[48];
        uint32_t where;
        uint8_t access;
        for (size_t k = 0; k < ARRAY_SIZE(kernel_held) && user == NULL; k++)
            if (caps_conflict(e, &kernel_held[k].entry, &where, &access))
                user = kernel_held[k].user;
        for (const struct caps_holder *h = holders; h != NULL && user == NULL; h = h->next)
            for (uint32_t j = 0; j < h->decl.count && user == NULL; j++)
                if (caps_conflict(e, &h->decl.entries[j], &where, &access)) {
                    if (h->sip_name != NULL)
                        ksnprintf(holder, sizeof holder, "SIP %s", h->sip_name);
                    user = h->sip_name != NULL ? holder : h->user;
                }
        if (user == NULL)
            continue;
        caps_resource_text(what, sizeof what, e->kind, where, access);
        ksnprintf(why, size, "%s is held by %s", what, user);
        *offset = e->offset;
        return false;
    }
    return true;
}

/* ---- Claiming and releasing ---- */

/* A holder record for `decl`: bitmaps and the intrinsics for the compiler. */
static struct caps_sip *record_new(const struct sip *sip, const struct caps_decl *decl)
{
    struct caps_sip *c = kzalloc(sizeof *c);
    if (c == NULL)
        return NULL;
    c->kinds = kzalloc(sip->module.nfunc_imports + 1);
    if (c->kinds == NULL) {
        kfree(c);
        return NULL;
    }
    c->holder.sip_name = sip->name;
    c->holder.decl = *decl;
    caps_port_bitmaps(decl, c->port_read, c->port_write);
    caps_intrinsic_kinds(&sip->module, c->kinds);
    c->intrinsics = (struct wasm_intrinsics){ c->kinds, c->port_read, c->port_write };
    return c;
}

static void record_free(struct caps_sip *c)
{
    if (c != NULL)
        kfree(c->kinds);
    kfree(c);
}

bool caps_claim(struct sip *sip)
{
    struct caps_decl decl;
    struct wasm_error err = { 0 };
    if (!caps_from_module(&sip->module, &decl, &err))
        return reject_at(sip, err.offset, err.message);
    if (!caps_check_imports(&sip->module, &decl, &err))
        return reject_at(sip, err.offset, err.message);
    if (decl.count == 0)
        return true;                      /* an ordinary SIP */
    if (!check_granted(sip, &decl))
        return false;
    struct caps_sip *c = record_new(sip, &decl);
    if (c == NULL) {
        kprintf("sip %s: rejected: out of memory for its capabilities\n", sip->name);
        return false;
    }
    char why[160];
    uint32_t offset;
    bool irq = irq_save();
    bool ok = check_free(&decl, why, sizeof why, &offset);
    if (ok) {
        c->holder.next = holders;
        holders = &c->holder;
        sip->caps = c;
        for (uint32_t i = 0; i < decl.count; i++)
            if (decl.entries[i].kind == CAPS_IRQ)
                caps_irq_attach(decl.entries[i].first);
    }
    irq_restore(irq);
    if (ok)
        return true;
    record_free(c);
    char message[176];
    ksnprintf(message, sizeof message, "atoll.caps: %s", why);
    return reject_at(sip, offset, message);
}

/* Take `h` out of the list of holders. Interrupts off. */
static void unlink_holder(struct caps_holder *h)
{
    struct caps_holder **link = &holders;
    while (*link != h)
        link = &(*link)->next;
    *link = h->next;
}

void caps_release(struct sip *sip)
{
    struct caps_sip *c = sip->caps;
    if (c == NULL)
        return;
    bool irq = irq_save();
    for (uint32_t i = 0; i < c->holder.decl.count; i++)
        if (c->holder.decl.entries[i].kind == CAPS_IRQ)
            caps_irq_detach(c->holder.decl.entries[i].first);
    unlink_holder(&c->holder);
    sip->caps = NULL;
    irq_restore(irq);
    record_free(c);
}

/* ---- Claims of the kernel's own ---- */

bool caps_kernel_claim(struct caps_holder *claim, const char *user, const char *resources,
                       char *why, size_t size)
{
    struct wasm_error err = { 0 };
    if (!caps_parse_text(resources, strlen(resources), &claim->decl, &err))
        panic("caps_kernel_claim: \"%s\" at column %u: %s", resources, err.offset, err.message);
    claim->sip_name = NULL;
    claim->user = user;
    uint32_t offset;
    bool irq = irq_save();
    bool ok = check_free(&claim->decl, why, size, &offset);
    if (ok) {
        claim->next = holders;
        holders = claim;
    }
    irq_restore(irq);
    return ok;
}

void caps_kernel_release(struct caps_holder *claim)
{
    bool irq = irq_save();
    unlink_holder(claim);
    irq_restore(irq);
}

/* ---- Questions about a holder ---- */

const struct wasm_intrinsics *caps_intrinsics(const struct sip *sip)
{
    return sip->caps != NULL && caps_declares(&sip->caps->holder.decl, CAPS_IO)
               ? &sip->caps->intrinsics : NULL;
}

bool caps_port_allowed(const struct sip *sip, uint32_t port, bool write)
{
    if (sip == NULL || sip->caps == NULL)
        return false;
    return caps_bit(write ? sip->caps->port_write : sip->caps->port_read, port);
}

bool caps_irq_held(const struct sip *sip, uint32_t irq)
{
    if (sip == NULL || sip->caps == NULL)
        return false;
    const struct caps_decl *decl = &sip->caps->holder.decl;
    for (uint32_t i = 0; i < decl->count; i++)
        if (decl->entries[i].kind == CAPS_IRQ && decl->entries[i].first == irq)
            return true;
    return false;
}
