/*
 * handle.c — handle tables: slots with a reference, rights and a generation.
 *
 * A table is a fixed array of HANDLE_SLOTS slots (1 KiB), allocated when the SIP is
 * made and freed when it dies. Lookups are an index and two compares, because they sit
 * on every IPC call's path; the generation check is what makes a stale handle number
 * an error instead of a way into whatever object now sits in its old slot.
 */
#include "handle.h"

#include "abi/ipc_errors.h"
#include "cpu.h"
#include "kheap.h"

static int32_t value_of(const struct handle_table *table, uint32_t slot)
{
    return (int32_t)(table->slots[slot].gen << HANDLE_SLOT_BITS | slot);
}

/* The slot h names, or NULL when h is negative, out of range, free or stale. */
static struct handle_slot *slot_of(struct handle_table *table, int32_t h)
{
    if (table == NULL || h < 0)
        return NULL;
    uint32_t slot = (uint32_t)h & ((1u << HANDLE_SLOT_BITS) - 1);
    uint32_t gen = (uint32_t)h >> HANDLE_SLOT_BITS;
    if (slot >= HANDLE_SLOTS)
        return NULL;
    struct handle_slot *s = &table->slots[slot];
    return s->obj != NULL && s->gen == gen ? s : NULL;
}

struct handle_table *handle_table_new(void)
{
    return kzalloc(sizeof(struct handle_table));
}

/* Empty a slot; the next handle made in it gets a new number. */
static struct kobj *empty_slot(struct handle_table *table, struct handle_slot *s)
{
    struct kobj *obj = s->obj;
    s->obj = NULL;
    s->rights = 0;
    s->gen = (s->gen + 1) & HANDLE_GEN_MASK;
    if (s - table->slots >= HANDLE_FIRST_FREE)
        table->used--;
    return obj;
}

void handle_table_free(struct handle_table *table)
{
    if (table == NULL)
        return;
    for (uint32_t i = 0; i < HANDLE_SLOTS; i++) {
        bool irq = irq_save();
        struct kobj *obj = table->slots[i].obj != NULL ? empty_slot(table, &table->slots[i]) : NULL;
        if (obj != NULL)
            kobj_unref(obj);
        irq_restore(irq);
    }
    kfree(table);
}

int32_t handle_install_at(struct handle_table *table, uint32_t slot, struct kobj *obj,
                          uint32_t rights)
{
    if (slot >= HANDLE_SLOTS || table->slots[slot].obj != NULL)
        return ATOLL_ERR_NO_SLOTS;
    table->slots[slot].obj = obj;
    table->slots[slot].rights = rights;
    if (slot >= HANDLE_FIRST_FREE)
        table->used++;
    return value_of(table, slot);
}

int32_t handle_install(struct handle_table *table, struct kobj *obj, uint32_t rights)
{
    for (uint32_t i = HANDLE_FIRST_FREE; i < HANDLE_SLOTS; i++)
        if (table->slots[i].obj == NULL)
            return handle_install_at(table, i, obj, rights);
    return ATOLL_ERR_NO_SLOTS;
}

int32_t handle_get(struct handle_table *table, int32_t h, const struct kobj_type *type,
                   uint32_t rights, struct kobj **out)
{
    struct handle_slot *s = slot_of(table, h);
    if (s == NULL)
        return ATOLL_ERR_BADHANDLE;
    if (type != NULL && s->obj->type != type)
        return ATOLL_ERR_WRONG_TYPE;
    if ((s->rights & rights) != rights)
        return ATOLL_ERR_DENIED;
    *out = s->obj;
    return ATOLL_OK;
}

uint32_t handle_rights(struct handle_table *table, int32_t h)
{
    struct handle_slot *s = slot_of(table, h);
    return s != NULL ? s->rights : 0;
}

struct kobj *handle_take(struct handle_table *table, int32_t h, uint32_t *rights)
{
    struct handle_slot *s = slot_of(table, h);
    if (s == NULL)
        return NULL;
    *rights = s->rights;
    return empty_slot(table, s);
}

int32_t handle_close(struct handle_table *table, int32_t h)
{
    bool irq = irq_save();
    struct handle_slot *s = slot_of(table, h);
    struct kobj *obj = s != NULL ? empty_slot(table, s) : NULL;
    if (obj != NULL)
        kobj_unref(obj);
    irq_restore(irq);
    return obj != NULL ? ATOLL_OK : ATOLL_ERR_BADHANDLE;
}

int32_t handle_dup(struct handle_table *table, int32_t h, uint32_t rights)
{
    bool irq = irq_save();
    struct kobj *obj;
    int32_t r = handle_get(table, h, NULL, HANDLE_RIGHT_DUPLICATE, &obj);
    if (r == ATOLL_OK && (rights & ~handle_rights(table, h)) != 0)
        r = ATOLL_ERR_INVALID;
    if (r == ATOLL_OK) {
        r = handle_install(table, obj, rights);
        if (r >= 0)
            obj->refs++;
    }
    irq_restore(irq);
    return r;
}

uint32_t handle_free_slots(const struct handle_table *table)
{
    return HANDLE_SLOTS - HANDLE_FIRST_FREE - table->used;
}
