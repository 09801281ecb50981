/*
 * compile_control.c — the control half of the walk: the control stack, the operand type
 * checks, and block, loop, if, else, end, br, br_if, br_table.
 *
 * Validation follows the spec's algorithm: a frame per block/loop/if remembers the
 * operand stack height at its entry and its label's types; after br/return/unreachable
 * the rest of the frame is "polymorphic" (missing operands match anything) until its end.
 * Emission is told which labels branches actually reach, so that a block nobody branches
 * to costs nothing at its end (its values stay where they are).
 */
#include "embed.h"
#include "walk.h"

const uint8_t walk_i32_type[1] = { WASM_I32 };

static const uint8_t *ctl_results(const struct ctl *c)
{
    return c->one_result ? &c->single : c->results;
}

/* The types a branch to `c` carries: a loop's params, any other frame's results. */
static const uint8_t *label_types(const struct ctl *c, uint32_t *n)
{
    if (c->kind == CTL_LOOP) {
        *n = c->nparams;
        return c->params;
    }
    *n = c->nresults;
    return ctl_results(c);
}

/* ------------------------------------------------------------------ operand types */

bool walk_check_types_all(struct walk *w, const uint8_t *types, uint32_t n, uint32_t skip)
{
    struct ctl *c = top_ctl(w);
    uint32_t avail = vs_height(w->vs) - c->height;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t depth = skip + i;
        uint8_t want = types[n - 1 - i];
        if (depth >= avail) {
            if (!c->unreachable)
                return walk_fail(w, "type mismatch");
            continue;
        }
        uint8_t have = vs_type(w->vs, depth);
        if (have != want && have != 0)
            return walk_fail(w, "type mismatch");
    }
    return true;
}

/* Dead code: pop what is there of `n` operands (a polymorphic frame may have fewer). */
void walk_pop_dead(struct walk *w, uint32_t n)
{
    uint32_t avail = vs_height(w->vs) - top_ctl(w)->height;
    vs_pop(w->vs, n < avail ? n : avail);
}

void walk_push_dead(struct walk *w, const uint8_t *types, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        vs_push_type(w->vs, types[i]);
}

/* The type `depth` below the top, or 0 when a polymorphic frame has none there. */
uint8_t walk_peek_type(struct walk *w, uint32_t depth)
{
    uint32_t avail = vs_height(w->vs) - top_ctl(w)->height;
    return depth < avail ? vs_type(w->vs, depth) : 0;
}

/* Check `types` on the stack, then either let `emit` run (live) or update the types. */
bool walk_dead_apply(struct walk *w, uint32_t npop, const uint8_t *push, uint32_t npush)
{
    walk_pop_dead(w, npop);
    walk_push_dead(w, push, npush);
    return true;
}

/* After br, br_table, return, unreachable: the rest of the frame is polymorphic. */
void walk_set_unreachable(struct walk *w)
{
    struct ctl *c = top_ctl(w);
    vs_truncate(w->vs, c->height);
    c->unreachable = true;
    c->dead = true;
}

/* A block type: empty, one value type, or a function type index. */
static bool read_blocktype(struct walk *w, struct ctl *c)
{
    int64_t bt;
    if (!wasm_read_s33(&w->r, &bt))
        return false;
    c->nparams = 0;
    c->params = NULL;
    c->one_result = false;
    c->nresults = 0;
    c->results = NULL;
    if (bt == -64)
        return true;
    if (bt < 0) {
        uint8_t t = (uint8_t)(bt & 0x7F);
        if (!is_valtype(t))
            return walk_fail(w, "malformed value type");
        c->one_result = true;
        c->single = t;
        c->nresults = 1;
        return true;
    }
    if ((uint64_t)bt >= w->m->ntypes)
        return walk_fail(w, "unknown type");
    const struct wasm_functype *ft = &w->m->types[bt];
    c->params = ft->types;
    c->nparams = ft->nparams;
    c->results = results_of(ft);
    c->nresults = ft->nresults;
    return true;
}

/* ------------------------------------------------------------------ control */

bool walk_push_ctl(struct walk *w, const struct ctl *c)
{
    if (w->nctl == w->ctl_capacity) {
        uint32_t cap = w->ctl_capacity * 2 + 16;
        struct ctl *bigger = wasm_alloc((size_t)cap * sizeof *bigger);
        if (!bigger)
            return walk_fail(w, "out of memory");
        if (w->nctl)
            memcpy(bigger, w->ctls, w->nctl * sizeof *bigger);
        wasm_free(w->ctls);
        w->ctls = bigger;
        w->ctl_capacity = cap;
    }
    w->ctls[w->nctl++] = *c;
    return true;
}

/* block, loop, if: the new frame takes its params from the stack. */
bool walk_block(struct walk *w, uint8_t kind)
{
    struct ctl c;
    memset(&c, 0, sizeof c);
    c.kind = kind;
    if (!read_blocktype(w, &c))
        return false;
    uint32_t skip = kind == CTL_IF ? 1 : 0;
    if (kind == CTL_IF && !walk_check_types(w, walk_i32_type, 1, 0))
        return false;
    if (!walk_check_types(w, c.params, c.nparams, skip))
        return false;
    bool is_live = live(w);
    if (!is_live) {
        walk_pop_dead(w, c.nparams + skip);
        walk_push_dead(w, c.params, c.nparams);
    }
    c.dead = c.entry_dead = !is_live;
    c.label = be_label_new(w->be);
    if (is_live) {
        if (kind == CTL_IF) {
            c.else_label = be_label_new(w->be);
            be_if(w->be, c.else_label, c.nparams);
        } else {
            be_block_enter(w->be, c.nparams, kind == CTL_LOOP);
            if (kind == CTL_LOOP) {
                /* which locals the body uses: the backend keeps those in registers */
                wasm_loop_scan(&w->uses, w->m->bytes, w->r.pos, w->r.end, w->nlocals);
                be_loop(w->be, c.label, &w->uses);
            }
        }
    }
    c.height = vs_height(w->vs) - c.nparams;
    return walk_push_ctl(w, &c);
}

/* The frame's results must be exactly what is left above its height. */
static bool check_frame_end(struct walk *w, struct ctl *c)
{
    const uint8_t *results = ctl_results(c);
    if (!walk_check_types(w, results, c->nresults, 0))
        return false;
    if (vs_height(w->vs) - c->height > c->nresults)
        return walk_fail(w, "type mismatch");
    return true;
}

bool walk_else(struct walk *w)
{
    struct ctl *c = top_ctl(w);
    if (c->kind != CTL_IF)
        return walk_fail(w, "else without matching if");
    if (!check_frame_end(w, c))
        return false;
    if (!c->dead) {
        be_fallthrough(w->be, c->nresults);
        be_jump(w->be, c->label);
        c->reached = true;
    }
    vs_truncate(w->vs, c->height);
    for (uint32_t i = 0; i < c->nparams; i++) {
        if (c->entry_dead)
            vs_push_type(w->vs, c->params[i]);
        else
            vs_push_slot(w->vs, c->params[i]);
    }
    if (!c->entry_dead)
        be_bind(w->be, c->else_label);
    c->kind = CTL_ELSE;
    c->unreachable = false;
    c->dead = c->entry_dead;
    return true;
}

/* Replace the frame's leftovers with its results, as they are after its end label. */
static void results_after_label(struct walk *w, struct ctl *c, bool in_slots)
{
    const uint8_t *results = ctl_results(c);
    vs_truncate(w->vs, c->height);
    for (uint32_t i = 0; i < c->nresults; i++) {
        if (in_slots)
            vs_push_slot(w->vs, results[i]);
        else
            vs_push_type(w->vs, results[i]);
    }
}

bool walk_end(struct walk *w, bool *done)
{
    struct ctl *c = top_ctl(w);
    if (!check_frame_end(w, c))
        return false;
    if (c->kind == CTL_IF) {
        /* No else: the params flow to the results untouched. */
        const uint8_t *results = ctl_results(c);
        bool same = c->nparams == c->nresults;
        for (uint32_t i = 0; same && i < c->nparams; i++)
            same = c->params[i] == results[i];
        if (!same)
            return walk_fail(w, "type mismatch");
    }
    bool reached = c->reached || (c->kind == CTL_IF && !c->entry_dead);
    bool continues;   /* is the code after `end` live? */
    if (c->kind == CTL_LOOP) {
        continues = !c->dead;
        if (!c->entry_dead)
            be_loop_end(w->be, c->label);
        if (c->dead)
            results_after_label(w, c, false);
    } else if (reached) {
        if (!c->dead)
            be_fallthrough(w->be, c->nresults);
        results_after_label(w, c, true);
        if (c->kind == CTL_IF)
            be_bind(w->be, c->else_label);
        be_bind(w->be, c->label);
        continues = true;
    } else {
        continues = !c->dead;
        if (c->dead)
            results_after_label(w, c, false);
    }
    if (c->kind == CTL_FUNC) {
        if (continues)
            be_func_return(w->be, c->nresults);
        w->nctl--;
        *done = true;
        return true;
    }
    w->nctl--;
    top_ctl(w)->dead = !continues;
    return true;
}

/* The frame `depth` labels out, or NULL ("unknown label"). */
static struct ctl *label_at(struct walk *w, uint32_t depth)
{
    if (depth >= w->nctl) {
        wasm_error_set(w->err, w->offset, "unknown label %u", depth);
        return NULL;
    }
    return &w->ctls[w->nctl - 1 - depth];
}

static struct be_target target_of(struct ctl *c)
{
    struct be_target t;
    t.label = c->label;
    t.height = c->height;
    label_types(c, &t.arity);
    return t;
}

bool walk_br(struct walk *w, uint32_t depth)
{
    struct ctl *target = label_at(w, depth);
    if (!target)
        return false;
    uint32_t n;
    const uint8_t *types = label_types(target, &n);
    if (!walk_check_types(w, types, n, 0))
        return false;
    if (live(w)) {
        if (target->kind == CTL_FUNC) {
            be_func_return(w->be, n);   /* return (or br to the body): epilogue in place */
        } else {
            be_br(w->be, target_of(target));
            if (target->kind != CTL_LOOP)
                target->reached = true;
        }
    }
    walk_set_unreachable(w);
    return true;
}

bool walk_br_if(struct walk *w)
{
    uint32_t depth;
    if (!wasm_read_u32(&w->r, &depth))
        return false;
    struct ctl *target = label_at(w, depth);
    if (!target)
        return false;
    uint32_t n;
    const uint8_t *types = label_types(target, &n);
    if (!walk_check_types(w, walk_i32_type, 1, 0) || !walk_check_types(w, types, n, 1))
        return false;
    if (live(w)) {
        be_br_if(w->be, target_of(target));
        if (target->kind != CTL_LOOP)
            target->reached = true;
    } else {
        walk_dead_apply(w, n + 1, types, n);
    }
    return true;
}

bool walk_br_table(struct walk *w)
{
    uint32_t count;
    if (!wasm_read_count(&w->r, &count))
        return false;
    uint32_t *depths = wasm_alloc(((size_t)count + 1) * sizeof *depths);
    struct be_target *targets = wasm_alloc(((size_t)count + 1) * sizeof *targets);
    bool ok = depths && targets;
    if (!ok)
        walk_fail(w, "out of memory");
    for (uint32_t i = 0; ok && i <= count; i++)
        ok = wasm_read_u32(&w->r, &depths[i]);
    uint32_t arity = 0;
    for (uint32_t i = 0; ok && i <= count; i++) {
        /* The default (last) sets the arity every other target must have. */
        uint32_t k = i == 0 ? count : i - 1;
        struct ctl *target = label_at(w, depths[k]);
        ok = target != NULL;
        if (!ok)
            break;
        uint32_t n;
        const uint8_t *types = label_types(target, &n);
        if (i == 0)
            arity = n;
        else if (n != arity)
            ok = walk_fail(w, "type mismatch");
        ok = ok && walk_check_types(w, types, n, 1);
        targets[k] = target_of(target);
    }
    ok = ok && walk_check_types(w, walk_i32_type, 1, 0);
    if (ok && live(w)) {
        be_br_table(w->be, targets, count + 1);
        for (uint32_t i = 0; i <= count; i++) {
            struct ctl *target = &w->ctls[w->nctl - 1 - depths[i]];
            if (target->kind != CTL_LOOP)
                target->reached = true;
        }
    }
    if (ok)
        walk_set_unreachable(w);
    wasm_free(depths);
    wasm_free(targets);
    return ok;
}
