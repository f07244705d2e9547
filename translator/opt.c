/* translator/opt.c — the pass table and driver (opt_run, opt_parse), and the
 * small tools every pass shares: scratch memory, global aliasing, operand
 * rewriting, a constant index. The passes themselves live in opt_*.c.
 */
#include "translator/opt.h"

#include <stdlib.h>
#include <string.h>

const struct opt_pass opt_passes[OPT_PASS_COUNT] = {
    [OPT_GLOBALS] = {"globals", opt_globals, true},
    [OPT_FOLD] = {"fold", opt_fold, true},
    [OPT_COPY] = {"copy", opt_copy, true},
    [OPT_BRANCH] = {"branch", opt_branch, true},
    [OPT_DSE] = {"dse", opt_dse, true},
    [OPT_DCE] = {"dce", opt_dce, true},
};

void opt_config_default(struct opt_config *cfg)
{
    for (unsigned i = 0; i < OPT_PASS_COUNT; i++)
        cfg->enabled[i] = opt_passes[i].on_by_default;
}

/* Applies one `name` / `no-name` / `all` / `none` word of length n; -1 if unknown. */
static int parse_word(const char *w, size_t n, struct opt_config *cfg)
{
    bool on = true;
    if (n >= 3 && strncmp(w, "no-", 3) == 0) {
        on = false;
        w += 3;
        n -= 3;
    }
    if ((n == 3 && strncmp(w, "all", 3) == 0) || (n == 4 && strncmp(w, "none", 4) == 0)) {
        bool all_on = on == (n == 3); /* "no-none" means all, as "all" */
        for (unsigned i = 0; i < OPT_PASS_COUNT; i++)
            cfg->enabled[i] = all_on;
        return 0;
    }
    for (unsigned i = 0; i < OPT_PASS_COUNT; i++) {
        if (strlen(opt_passes[i].name) == n && strncmp(opt_passes[i].name, w, n) == 0) {
            cfg->enabled[i] = on;
            return 0;
        }
    }
    return -1;
}

int opt_parse(const char *spec, struct opt_config *cfg)
{
    while (*spec) {
        size_t n = strcspn(spec, ",");
        if (n && parse_word(spec, n, cfg) < 0) return -1;
        spec += n;
        if (*spec == ',') spec++;
    }
    return 0;
}

#ifndef NDEBUG
/* A pass that breaks the IR is a translator bug: stop at once, naming it. */
static void check_after(const struct ir_block *b, const char *pass)
{
    unsigned at = 0;
    const char *err = ir_verify(b, &at);
    if (!err || strcmp(err, "out of memory") == 0) return;
    fprintf(stderr, "tern: IR pass '%s' broke block 0x%08x at op %u: %s\n", pass, b->guest_pc, at,
            err);
    ir_print(b, stderr);
    abort();
}
#endif

int opt_run(struct ir_block *b, const struct opt_config *cfg)
{
    struct opt_config defaults;
    if (!cfg) {
        opt_config_default(&defaults);
        cfg = &defaults;
    }
    if (b->oom) return -1;
    uint64_t stack[2048]; /* 16 KiB covers blocks of a few thousand values */
    struct opt_scratch s = {.stack = stack, .stack_size = sizeof stack};
    int rc = 0;
    for (unsigned i = 0; i < OPT_PASS_COUNT; i++) {
        if (!cfg->enabled[i]) continue;
        if (!opt_passes[i].run(b, &s) || b->oom) rc = -1;
#ifndef NDEBUG
        check_after(b, opt_passes[i].name);
#endif
    }
    opt_scratch_free(&s);
    return rc;
}

void *opt_scratch_get(struct opt_scratch *s, size_t bytes)
{
    void *p = s->stack;
    if (bytes > s->stack_size) {
        if (bytes > s->heap_size) {
            free(s->heap);
            s->heap = malloc(bytes);
            s->heap_size = s->heap ? bytes : 0;
        }
        p = s->heap;
    }
    if (p && bytes) memset(p, 0, bytes);
    return p;
}

size_t opt_carve_size(size_t bytes)
{
    return (bytes + 7) & ~(size_t)7;
}

void *opt_carve(uint8_t **cursor, size_t bytes)
{
    void *p = *cursor;
    *cursor += opt_carve_size(bytes);
    return p;
}

void opt_scratch_free(struct opt_scratch *s)
{
    free(s->heap);
    s->heap = NULL;
    s->heap_size = 0;
}

struct alias_span {
    uint32_t start, end;
    ir_val_t v;
};

size_t opt_alias_work_size(const struct ir_block *b)
{
    return (size_t)b->nvals * sizeof(struct alias_span);
}

static int by_start(const void *x, const void *y)
{
    const struct alias_span *p = x, *q = y;
    return p->start < q->start ? -1 : p->start > q->start;
}

/* Marks every member of spans[from, to) when the run holds more than one. */
static void mark_run(uint8_t *aliased, const struct alias_span *spans, unsigned from, unsigned to)
{
    for (unsigned i = from; to - from > 1 && i < to; i++)
        aliased[spans[i].v] = 1;
}

void opt_mark_aliased(const struct ir_block *b, uint8_t *aliased, void *work)
{
    /* The common case: only words at word offsets, which ir_global never
     * declares twice, so none overlap (regalloc's find_overlaps agrees). */
    if (!b->odd_globals) return;
    struct alias_span *spans = work;
    unsigned n = 0;
    bool simple = true;
    for (unsigned v = 0; v < b->nvals; v++) {
        const struct ir_value *val = &b->vals[v];
        if (val->kind != IR_VAL_GLOBAL) continue;
        uint32_t size = val->type == IR_I64 ? 8 : 4;
        simple = simple && size == 4 && val->global_offset % 4 == 0;
        spans[n++] =
            (struct alias_span){val->global_offset, val->global_offset + size, (ir_val_t)v};
    }
    if (simple) return;
    /* Insertion sort: a block declares a few dozen globals, and they arrive
     * nearly sorted (the lifter declares registers in order). */
    for (unsigned i = 1; i < n; i++) {
        struct alias_span x = spans[i];
        unsigned j = i;
        for (; j > 0 && by_start(&spans[j - 1], &x) > 0; j--)
            spans[j] = spans[j - 1];
        spans[j] = x;
    }
    /* Sorted by start, overlapping spans form runs; each member of a run of two
     * or more overlaps another member. */
    unsigned run = 0;
    uint32_t end = 0;
    for (unsigned i = 0; i < n; i++) {
        if (i > 0 && spans[i].start >= end) {
            mark_run(aliased, spans, run, i);
            run = i;
        }
        if (i == run || spans[i].end > end) end = spans[i].end;
    }
    mark_run(aliased, spans, run, n);
}

void opt_kill(struct ir_insn *in)
{
    *in = (struct ir_insn){.op = IR_NOP, .dst = IR_NONE, .a = IR_NONE, .b = IR_NONE, .c = IR_NONE};
}

bool opt_is_pure(const struct ir_insn *in)
{
    if (in->op == IR_MOV || (in->op >= IR_ADD && in->op <= IR_SELECT)) return true;
    return in->op == IR_CALL && in->helper && in->helper->call_flags == IR_CALL_PURE;
}

unsigned opt_consts_slots(const struct ir_block *b)
{
    unsigned need = 2 * (b->nvals + b->ninsns) + 2, n = 16;
    while (n < need)
        n *= 2;
    return n;
}

static unsigned const_hash(enum ir_type t, uint64_t v, unsigned mask)
{
    uint64_t h = (v ^ (uint64_t)t << 63) * 0x9e3779b97f4a7c15ull;
    return (unsigned)(h >> 32) & mask;
}

/* The slot holding (t, v), or the empty slot where it belongs. */
static ir_val_t *const_slot(struct opt_consts *h, const struct ir_block *b, enum ir_type t,
                            uint64_t v)
{
    unsigned i = const_hash(t, v, h->mask);
    for (;; i = (i + 1) & h->mask) {
        ir_val_t s = h->slots[i];
        if (s == IR_NONE || (b->vals[s].type == t && b->vals[s].constant == v)) return &h->slots[i];
    }
}

void opt_consts_init(struct opt_consts *h, const struct ir_block *b, ir_val_t *slots,
                     unsigned nslots)
{
    h->slots = slots;
    h->mask = nslots - 1;
    h->count = 0;
    memset(slots, 0xff, nslots * sizeof *slots);
    for (unsigned v = 0; v < b->nvals; v++) {
        const struct ir_value *val = &b->vals[v];
        if (val->kind != IR_VAL_CONST) continue;
        ir_val_t *s = const_slot(h, b, (enum ir_type)val->type, val->constant);
        if (*s == IR_NONE) {
            *s = (ir_val_t)v;
            h->count++;
        }
    }
}

/* Appends a constant without ir_const's scan when the value array has room. */
static ir_val_t append_const(struct ir_block *b, enum ir_type t, uint64_t v)
{
    if (b->nvals >= b->vals_cap || b->nvals >= IR_NONE)
        return t == IR_I64 ? ir_const64(b, v) : ir_const32(b, (uint32_t)v);
    b->vals[b->nvals] = (struct ir_value){.kind = IR_VAL_CONST, .type = (uint8_t)t, .constant = v};
    return (ir_val_t)b->nvals++;
}

ir_val_t opt_const(struct opt_consts *h, struct ir_block *b, enum ir_type t, uint64_t v)
{
    if (t == IR_I32) v = (uint32_t)v;
    if (2 * (h->count + 1) > h->mask)
        return t == IR_I64 ? ir_const64(b, v) : ir_const32(b, (uint32_t)v);
    ir_val_t *s = const_slot(h, b, t, v);
    if (*s == IR_NONE) {
        *s = append_const(b, t, v);
        if (*s == IR_NONE) return IR_NONE;
        h->count++;
    }
    return *s;
}
