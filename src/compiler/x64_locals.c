/*
 * x64_locals.c — where locals live where paths join: loop headers, forward labels, and
 * the moves a branch makes so that its registers match its target's.
 *
 * Locals stay in registers and are not written through (valstack.c): a register may be
 * newer than its local's slot ("dirty"). Where paths join they must agree on which
 * register holds which local, and on which of those may be newer than their slots:
 *
 *   loop header    chosen at entry from what the body uses (loopscan.c): the heaviest
 *                  locals get registers, loaded once before the loop; every branch back
 *                  conforms to it. May be dirty: what the body writes.
 *   forward label  the first branch to it decides (its registers as they are); later
 *                  branches and the fallthrough conform. A local that every path so far
 *                  had clean is dropped from the label rather than loaded: its slot is
 *                  right on every path. May be dirty: what is dirty on any path.
 *
 * Conforming (on the branch's path only, the fallthrough's state is untouched): store
 * the dirty locals the target does not keep dirty, then move every kept local into its
 * register, a parallel move from the register holding it or from its slot, with cycles
 * broken through the scratch register. None of it touches the CPU flags.
 */
#include "x64_backend.h"

/* Label 0 is the function body's (the walk asks for it first): the function returns
 * there, so no local needs to be anywhere. */
#define FUNC_LABEL 0

/* How many locals a loop header may keep in registers, per class: the rest of the 11
 * general and 15 XMM registers stay free for the body's temporaries. */
#define LOOP_GPR_HOMES 7
#define LOOP_XMM_HOMES 12

/* Where a loop header puts a local that is not in a register yet, best first: rax, rdx
 * and rcx last, because division and shifts claim them. */
static const uint8_t gpr_home_order[] = {
    X64_RBX, X64_RSI, X64_RDI, X64_R8, X64_R9, X64_R10, X64_R12, X64_R13,
    X64_RAX, X64_RDX, X64_RCX,
};

/* One register class of a state, to read: its locals by register, and its masks. */
struct side {
    const int32_t *regs;
    uint32_t held, dirty;
};

static struct side side_of(const struct vs_locals *s, bool xmm)
{
    struct side c = { xmm ? s->xmm : s->gpr, xmm ? s->xmm_held : s->gpr_held,
                      xmm ? s->xmm_dirty : s->gpr_dirty };
    return c;
}

/* The register of `c` that holds `local`, or -1. */
static int find(struct side c, int32_t local)
{
    for (uint32_t m = c.held; m; m &= m - 1)
        if (c.regs[__builtin_ctz(m)] == local)
            return __builtin_ctz(m);
    return -1;
}

/* The registers where `want` keeps a local that `now` has there too (returned), and
 * those where `now` has something else (*differ). */
static uint32_t agree(struct side want, struct side now, uint32_t *differ)
{
    uint32_t same = 0;
    for (uint32_t m = want.held; m; m &= m - 1) {
        int r = __builtin_ctz(m);
        if (want.regs[r] == now.regs[r])
            same |= 1u << r;
    }
    *differ = want.held & ~same;
    return same;
}

/* ------------------------------------------------------------------ loop headers */

/* The (at most) `max` heaviest locals of one class in `uses`, heaviest first; among
 * equals, the first used. */
static uint32_t heaviest(struct be *be, const struct wasm_loop_uses *uses, bool xmm,
                         uint32_t *out, uint32_t max)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < uses->count; i++) {
        uint32_t local = uses->locals[i];
        uint32_t weight = uses->weight[local];
        if (vs_is_float(be->vs.local_types[local]) != xmm)
            continue;
        uint32_t k;
        if (n < max)
            k = n++;
        else if (weight > uses->weight[out[max - 1]])
            k = max - 1;
        else
            continue;
        for (; k > 0 && uses->weight[out[k - 1]] < weight; k--)
            out[k] = out[k - 1];
        out[k] = local;
    }
    return n;
}

/* A register of the class for a loop header's local: free, holding nothing. */
static int free_home(const struct valstack *vs, bool xmm)
{
    uint32_t taken = xmm ? vs->xmm_owned | vs->locals.xmm_held : vs->gpr_owned | vs->locals.gpr_held;
    for (unsigned i = 0; i < (xmm ? 15u : sizeof gpr_home_order); i++) {
        int r = xmm ? (int)i : gpr_home_order[i];
        if (!((taken >> r) & 1))
            return r;
    }
    return -1;
}

/* One class of a loop header: the chosen locals get registers (those already in one
 * keep it, the others are loaded into free ones). Other locals in registers stay as
 * long as there is room under `cap`, dirty ones first; the rest are evicted. */
static void place_homes(struct be *be, const uint32_t *chosen, uint32_t n, uint32_t cap, bool xmm)
{
    struct valstack *vs = &be->vs;
    uint32_t dirty = xmm ? vs->locals.xmm_dirty : vs->locals.gpr_dirty;
    uint32_t others = xmm ? vs->locals.xmm_held : vs->locals.gpr_held;   /* not chosen */
    for (uint32_t i = 0; i < n; i++) {
        int r = vs_local_cached_reg(vs, chosen[i]);
        if (r >= 0)
            others &= ~(1u << r);
    }
    uint32_t kept = n;
    for (uint32_t m = others & dirty; m; m &= m - 1) {
        if (kept < cap)
            kept++;
        else
            vs_evict(vs, xmm, __builtin_ctz(m));
    }
    for (uint32_t m = others & ~dirty; m; m &= m - 1) {
        if (kept < cap)
            kept++;
        else
            vs_evict(vs, xmm, __builtin_ctz(m));
    }
    for (uint32_t i = 0; i < n; i++) {
        if (vs_local_cached_reg(vs, chosen[i]) >= 0)
            continue;
        int reg = free_home(vs, xmm);
        if (reg < 0)
            return;
        vs_emit_local_copy(vs, chosen[i], reg, false);   /* in no register: its slot is current */
        vs_cache_set(vs, chosen[i], reg, false);
    }
}

/* Back edges arrive with what the body writes newer than its slot. Not in a body that
 * calls: there the locals are kept clean (x64_loop_header). */
static void mark_written(struct valstack *vs, const struct wasm_loop_uses *uses, bool xmm)
{
    struct side c = side_of(&vs->locals, xmm);
    uint32_t *dirty = xmm ? &vs->locals.xmm_dirty : &vs->locals.gpr_dirty;
    for (uint32_t m = c.held; m; m &= m - 1)
        if (!uses->complete || uses->written[c.regs[__builtin_ctz(m)]])
            *dirty |= 1u << __builtin_ctz(m);
}

/* A body that calls keeps its locals clean: the header stores the dirty ones once, and
 * local.set writes through (x64_values.c). Its calls would store them anyway, every
 * trip; this way they store nothing, and neither do the back edges and the exits. */
void x64_loop_header(struct be *be, const struct wasm_loop_uses *uses, struct x64_loop *out)
{
    struct valstack *vs = &be->vs;
    uint32_t chosen[LOOP_XMM_HOMES];
    place_homes(be, chosen, heaviest(be, uses, false, chosen, LOOP_GPR_HOMES), LOOP_GPR_HOMES, false);
    place_homes(be, chosen, heaviest(be, uses, true, chosen, LOOP_XMM_HOMES), LOOP_XMM_HOMES, true);
    if (uses->calls) {
        vs_cache_flush(vs);
    } else {
        mark_written(vs, uses, false);
        mark_written(vs, uses, true);
    }
    out->regs = vs->locals;
    out->calls = uses->calls;
}

/* ------------------------------------------------------------------ forward labels */

/* A later path into a forward label, one class: a local it keeps elsewhere or nowhere
 * stays in the label when a path so far had it dirty or this path has it in some
 * register (a move), and is dropped otherwise (every path has its slot current). The
 * label's dirty set takes in this path's dirty locals. Returns the registers where the
 * two agree; *differ, those the path must still write. */
static uint32_t meet_class(struct vs_locals *label, bool xmm, struct side now, uint32_t *differ)
{
    int32_t *regs = xmm ? label->xmm : label->gpr;
    uint32_t *held = xmm ? &label->xmm_held : &label->gpr_held;
    uint32_t *dirty = xmm ? &label->xmm_dirty : &label->gpr_dirty;
    uint32_t same = agree(side_of(label, xmm), now, differ);
    *dirty |= now.dirty & same;
    for (uint32_t m = *differ & ~*dirty; m; m &= m - 1) {
        int t = __builtin_ctz(m);
        if (find(now, regs[t]) < 0) {
            regs[t] = -1;
            *held &= ~(1u << t);
            *differ &= ~(1u << t);
        }
    }
    for (uint32_t m = now.dirty & ~same; m; m &= m - 1) {
        int t = find(side_of(label, xmm), now.regs[__builtin_ctz(m)]);
        if (t >= 0)
            *dirty |= 1u << t;
    }
    return same;
}

/* ------------------------------------------------------------------ conforming */

/* Does the target keep `local` in a register it allows to be dirty? */
static bool kept_dirty(struct side want, int32_t local)
{
    int t = find(want, local);
    return t >= 0 && ((want.dirty >> t) & 1);
}

/* The dirty registers of `now` to store before a branch to `want`. */
static uint32_t to_store(struct side want, struct side now, uint32_t same)
{
    uint32_t store = now.dirty & same & ~want.dirty;
    for (uint32_t m = now.dirty & ~same; m; m &= m - 1)
        if (!kept_dirty(want, now.regs[__builtin_ctz(m)]))
            store |= m & -m;
    return store;
}

/* The edge's work for one class, given where the registers agree. */
static void plan_class(struct x64_edge *edge, bool xmm, uint32_t same, uint32_t differ,
                       const struct valstack *vs)
{
    uint32_t store = to_store(side_of(edge->to, xmm), side_of(&vs->locals, xmm), same);
    if (xmm) {
        edge->xmm_store = store;
        edge->xmm_write = differ;
    } else {
        edge->gpr_store = store;
        edge->gpr_write = differ;
    }
}

/* What the current path must do to conform to `to` (its registers having been met). */
static bool plan(struct x64_edge *edge, const struct valstack *vs, const uint32_t same[2],
                 const uint32_t differ[2])
{
    plan_class(edge, false, same[0], differ[0], vs);
    plan_class(edge, true, same[1], differ[1], vs);
    return (edge->gpr_store | edge->gpr_write | edge->xmm_store | edge->xmm_write) != 0;
}

bool x64_edge(struct be *be, uint32_t label, struct x64_edge *edge)
{
    struct valstack *vs = &be->vs;
    memset(edge, 0, sizeof *edge);
    if (label == FUNC_LABEL || label >= be->labels.count)
        return false;
    struct x64_label *l = &be->labels.items[label];
    uint32_t same[2], differ[2];
    if (l->state >= 0) {
        edge->to = &be->loop_states.items[l->state].regs;
        for (int xmm = 0; xmm < 2; xmm++)
            same[xmm] = agree(side_of(edge->to, xmm), side_of(&vs->locals, xmm), &differ[xmm]);
        return plan(edge, vs, same, differ);
    }
    if (l->meet < 0) {   /* the first branch decides: nothing to do */
        if (X64_PUSH(be, be->meets, vs->locals))
            be->labels.items[label].meet = (int32_t)be->meets.count - 1;
        return false;
    }
    struct vs_locals *m = &be->meets.items[l->meet];
    for (int xmm = 0; xmm < 2; xmm++)
        same[xmm] = meet_class(m, xmm, side_of(&vs->locals, xmm), &differ[xmm]);
    edge->to = m;
    return plan(edge, vs, same, differ);
}

void x64_bind_state(struct be *be, uint32_t label)
{
    struct valstack *vs = &be->vs;
    if (label == FUNC_LABEL) {
        vs_cache_forget(vs);
        return;
    }
    const struct x64_label *l = &be->labels.items[label];
    if (l->meet < 0) {
        if (be->dead_code)
            vs_cache_forget(vs);   /* nothing arrives: the code that follows is dead */
        return;
    }
    struct vs_locals *m = &be->meets.items[l->meet];
    if (!be->dead_code) {   /* the fallthrough is one more path in */
        struct x64_edge edge;
        if (x64_edge(be, label, &edge))
            x64_conform(be, &edge);
    }
    vs_cache_adopt(vs, m);
}

/* Does any pending register other than `t` want `local`? */
static bool wanted(const int32_t *want, uint32_t pending, int t, int32_t local)
{
    for (uint32_t m = pending & ~(1u << t); m; m &= m - 1)
        if (want[__builtin_ctz(m)] == local)
            return true;
    return false;
}

/* A register other than `t` (16: the scratch) that holds `local`, or -1. */
static int holder(const int32_t *hold, int t, int32_t local)
{
    for (int u = 0; u <= 16; u++)
        if (u != t && hold[u] == local)
            return u;
    return -1;
}

static void move_reg(struct be *be, bool xmm, int to, int from, uint32_t local)
{
    if (xmm)
        x64_movaps_xmm_xmm(&be->buf, (enum x64_xmm)to, (enum x64_xmm)from);
    else
        x64_mov_r_r(&be->buf, vs_is_wide(be->vs.local_types[local]), (enum x64_reg)to, (enum x64_reg)from);
}

/* One class: store what the target does not keep dirty, then the parallel move into
 * the `pending` registers. A register t is written once nothing else needs what it
 * holds: what it holds is wanted by no other pending register, or is held by another
 * register too. */
static void conform_class(struct be *be, struct side want, struct side now, bool xmm,
                          uint32_t store, uint32_t pending)
{
    int scratch = xmm ? VS_SCRATCH_XMM : VS_SCRATCH_GPR;
    for (uint32_t m = store; m; m &= m - 1)
        vs_emit_local_copy(&be->vs, (uint32_t)now.regs[__builtin_ctz(m)], __builtin_ctz(m), true);
    if (!pending)
        return;
    int32_t hold[17];   /* what each register holds as the moves go; [16] is the scratch */
    memcpy(hold, now.regs, 16 * sizeof *hold);
    hold[16] = -1;
    while (pending) {
        bool progress = false;
        for (uint32_t m = pending; m; m &= m - 1) {
            int t = __builtin_ctz(m);
            if (hold[t] >= 0 && wanted(want.regs, pending, t, hold[t]) && holder(hold, t, hold[t]) < 0)
                continue;
            int from = holder(hold, t, want.regs[t]);
            if (from >= 0)
                move_reg(be, xmm, t, from == 16 ? scratch : from, (uint32_t)want.regs[t]);
            else
                vs_emit_local_copy(&be->vs, (uint32_t)want.regs[t], t, false);   /* in no register: clean */
            hold[t] = want.regs[t];
            pending &= ~(1u << t);
            progress = true;
        }
        if (!progress) {   /* only cycles are left: park one value in the scratch */
            int t = __builtin_ctz(pending);
            move_reg(be, xmm, scratch, t, (uint32_t)hold[t]);
            hold[16] = hold[t];
            hold[t] = -1;
        }
    }
}

void x64_conform(struct be *be, const struct x64_edge *edge)
{
    if (!edge->to)
        return;
    conform_class(be, side_of(edge->to, false), side_of(&be->vs.locals, false), false,
                  edge->gpr_store, edge->gpr_write);
    conform_class(be, side_of(edge->to, true), side_of(&be->vs.locals, true), true,
                  edge->xmm_store, edge->xmm_write);
}
