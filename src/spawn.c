/*
 * spawn.c — SIPs starting SIPs: find a boot module by name, build the SIP, give it its
 * first handles, start it; and the "sip" kernel object, which outlives the SIP so that
 * a parent can read the exit code after the child is gone.
 *
 * Building (decode, compile) takes long and runs with interrupts on; the handles move
 * only after the child's thread exists, with interrupts off, so a child that cannot
 * be started leaves the parent's table exactly as it was. The child cannot run before
 * its handles are in place: its thread stays unscheduled until interrupts come back.
 */
#include "spawn.h"

#include "abi/ipc_errors.h"
#include "cpu.h"
#include "ipc_boot.h"
#include "kheap.h"
#include "lib.h"
#include "modules.h"
#include "multiboot.h"
#include "sched/thread.h"
#include "sip.h"

/* The object a SIP handle names. `sip` is NULL once the SIP has ended. */
struct proc {
    struct kobj obj;
    struct sip *sip;
    uint32_t id;
    uint32_t parent_id;
    bool exited;
    int32_t exit_code;
    struct proc *next;                 /* on the list of live SIPs, for spawn_list */
};

static struct proc *live_head, *live_tail;

static struct proc *proc_of(struct kobj *obj)
{
    return (struct proc *)obj;
}

static uint32_t proc_signals(struct kobj *obj)
{
    return proc_of(obj)->exited ? KOBJ_SIG_EXITED : 0;
}

static void proc_destroy(struct kobj *obj)
{
    kfree(obj);
}

const struct kobj_type spawn_sip_type = {
    .name = "sip",
    .signals = proc_signals,
    .destroy = proc_destroy,
};

/* ---- The live list (interrupts off) ---- */

static void list_add(struct proc *p)
{
    p->next = NULL;
    if (live_tail != NULL)
        live_tail->next = p;
    else
        live_head = p;
    live_tail = p;
}

static void list_remove(struct proc *p)
{
    struct proc *before = NULL;
    for (struct proc *q = live_head; q != NULL; before = q, q = q->next) {
        if (q != p)
            continue;
        if (before != NULL)
            before->next = p->next;
        else
            live_head = p->next;
        if (live_tail == p)
            live_tail = before;
        return;
    }
}

/* ---- Starting ---- */

const struct boot_module *spawn_find(const char *name)
{
    for (uint32_t i = 0; i < boot_info.module_count; i++) {
        const struct boot_module *mod = &boot_info.modules[i];
        if (strcmp(mod->name, name) == 0 && module_is_wasm(mod))
            return mod;
    }
    return NULL;
}

int32_t spawn_check_handles(struct handle_table *from, const int32_t *handles, uint32_t n)
{
    if (n > SPAWN_MAX_HANDLES)
        return ATOLL_ERR_TOO_BIG;
    for (uint32_t i = 0; i < n; i++) {
        if (handles[i] == HANDLE_NONE)
            continue;
        struct kobj *obj;
        int32_t r = handle_get(from, handles[i], NULL, HANDLE_RIGHT_TRANSFER, &obj);
        if (r != ATOLL_OK)
            return r;
        for (uint32_t j = 0; j < i; j++)
            if (handles[j] == handles[i])
                return ATOLL_ERR_INVALID;
    }
    return ATOLL_OK;
}

static void drop_gifts(struct spawn_start *start)
{
    for (uint32_t i = 0; i < SPAWN_MAX_HANDLES; i++)
        if (start->gifts[i] != NULL)
            kobj_unref(start->gifts[i]);
}

/* Interrupts off, the child's thread made: its slots 0, 1... get what it was given. */
static void hand_over(struct handle_table *table, struct spawn_start *start)
{
    for (uint32_t i = 0; i < SPAWN_MAX_HANDLES; i++) {
        struct kobj *obj = start->gifts[i];
        uint32_t rights = start->gift_rights[i];
        if (obj == NULL && i < start->nhandles && start->handles[i] != HANDLE_NONE)
            obj = handle_take(start->from, start->handles[i], &rights);
        if (obj != NULL)
            handle_install_at(table, i, obj, rights);
    }
}

int32_t spawn_start(const struct boot_module *mod, const char *args, struct spawn_start *start,
                    struct kobj **proc_out)
{
    uint64_t mem_quota;                /* the module line's mem=, whoever starts it */
    struct sip *sip = NULL;
    if (ipc_boot_mem_quota(mod, &mem_quota))
        sip = sip_build(mod->name, args, boot_module_bytes(mod), boot_module_size(mod), mem_quota);
    if (sip == NULL) {
        drop_gifts(start);
        return ATOLL_ERR_REJECTED;
    }
    struct proc *proc = kzalloc(sizeof *proc);
    sip->handles = handle_table_new();
    if (proc == NULL || sip->handles == NULL) {
        kfree(proc);
        sip_free(sip);
        drop_gifts(start);
        return ATOLL_ERR_NOMEM;
    }
    kobj_init(&proc->obj, &spawn_sip_type);       /* the SIP's own reference */
    proc->sip = sip;
    proc->parent_id = start->parent_id;
    sip->proc = &proc->obj;
    sip->may_spawn = start->may_spawn;

    bool irq = irq_save();
    int32_t r = spawn_check_handles(start->from, start->handles, start->nhandles);
    if (r == ATOLL_OK && !sip_spawn(sip))
        r = ATOLL_ERR_NOMEM;
    if (r != ATOLL_OK) {
        irq_restore(irq);
        sip_free(sip);                 /* its table and object go with it */
        drop_gifts(start);
        return r;
    }
    proc->id = sip->id;
    hand_over(sip->handles, start);
    list_add(proc);
    if (proc_out != NULL) {
        kobj_ref(&proc->obj);
        *proc_out = &proc->obj;
    }
    irq_restore(irq);                  /* from here on the child may run */
    return ATOLL_OK;
}

/* ---- Ending ---- */

void spawn_sip_release(struct sip *sip)
{
    handle_table_free(sip->handles);
    sip->handles = NULL;
    if (sip->proc == NULL)
        return;
    struct proc *proc = proc_of(sip->proc);
    sip->proc = NULL;
    bool irq = irq_save();
    list_remove(proc);
    proc->sip = NULL;
    proc->exited = true;
    proc->exit_code = sip->exit_code;
    kobj_notify(&proc->obj);
    kobj_unref(&proc->obj);
    irq_restore(irq);
}

bool spawn_exit_code(struct kobj *obj, int32_t *code)
{
    struct proc *proc = proc_of(obj);
    *code = proc->exit_code;
    return proc->exited;
}

uint32_t spawn_list(uint8_t *out, uint32_t max)
{
    uint32_t n = 0;
    bool irq = irq_save();
    for (struct proc *p = live_head; p != NULL; p = p->next, n++) {
        if (n >= max)
            continue;
        struct spawn_info info = {
            .id = p->id,
            .parent_id = p->parent_id,
            .state = p->sip->thread->state,
            .ticks = (uint32_t)p->sip->thread->ticks,
        };
        memcpy(info.name, p->sip->name, MIN(strlen(p->sip->name), sizeof info.name - 1));
        memcpy(out + n * sizeof info, &info, sizeof info);
    }
    irq_restore(irq);
    return n;
}
