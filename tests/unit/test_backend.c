/* tests/unit/test_backend.c — the x86-64 backend (translator/x86/backend.h)
 * run for real: blocks are emitted into a W^X code buffer (one memfd mapped RW
 * and RX, as the code cache does), entered through the trampoline on a small
 * test CPU state, and compared with translator/ir_eval.c on a copy of that
 * state (globals, pc, icount, memory, every callback's record), plus values
 * worked out by hand for the edges. A seeded random generator of valid IR
 * blocks covers what the directed tests miss, in flat, soft-TLB and
 * slow-path-only memory, with and without movbe/lzcnt.
 */
#include "backend_test.h"

/* ---- directed tests ---- */

START_TEST(test_entry_and_disasm)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    backend_disasm(f, entries[MODE_FLAT].enter, entries[MODE_FLAT].size, 0x1000);
    fclose(f);
    ck_assert_ptr_nonnull(strstr(text, "push rbx"));
    ck_assert_ptr_nonnull(strstr(text, "r15"));
    ck_assert_ptr_nonnull(strstr(text, "jmp rsi"));
    ck_assert_ptr_nonnull(strstr(text, "ret"));
    free(text);
}
END_TEST

static const uint8_t binops[] = {IR_ADD, IR_SUB, IR_MUL, IR_AND,  IR_OR,    IR_XOR,
                                 IR_SHL, IR_SHR, IR_SAR, IR_ROTR, IR_MULHS, IR_MULHU};

/* Every binary op at both widths over pairs of edge values, with the second
 * operand as a global (register/memory) and as a constant (immediate). */
START_TEST(test_binops_edges)
{
    enum ir_type ty = _i & 1 ? IR_I64 : IR_I32;
    for (unsigned k = 0; k < sizeof(binops); k++)
        for (unsigned i = 0; i < NEDGES; i++)
            for (unsigned j = 0; j < NEDGES; j += (_i >> 1) + 1) {
                struct ir_block *b = ir_block_new();
                b->guest_pc = 0x100;
                ir_val_t x = ty == IR_I64 ? G64(b, 4) : G32(b, 4);
                ir_val_t y = ty == IR_I64 ? G64(b, 5) : G32(b, 5);
                ir_val_t cy =
                    ty == IR_I64 ? ir_const64(b, edges[j]) : ir_const32(b, (uint32_t)edges[j]);
                ir_val_t r1 = ir_binop(b, binops[k], x, y);
                ir_val_t r2 = ir_binop(b, binops[k], x, cy);
                ir_val_t r3 = ir_binop(b, binops[k], r1, r1);
                ir_set(b, ty == IR_I64 ? G64(b, 6) : G32(b, 6), r1);
                ir_set(b, ty == IR_I64 ? G64(b, 7) : G32(b, 7), r2);
                ir_set(b, ty == IR_I64 ? G64(b, 8) : G32(b, 8), r3);
                ir_exit(b, 0x200, 3);
                struct tstate s = base_state();
                s.g[4] = edges[i];
                s.g[5] = edges[j];
                run_both(b, k & 1 ? MODE_TLB : MODE_FLAT, &s);
                ir_block_free(b);
            }
}
END_TEST

/* Hand-checked values, so the test does not lean on the evaluator alone. */
static uint64_t jit_binop(enum ir_opcode op, enum ir_type ty, uint64_t a, uint64_t c)
{
    struct ir_block *b = ir_block_new();
    ir_val_t x = ty == IR_I64 ? G64(b, 4) : G32(b, 4);
    ir_val_t y = ty == IR_I64 ? G64(b, 5) : G32(b, 5);
    ir_set(b, ty == IR_I64 ? G64(b, 6) : G32(b, 6), ir_binop(b, op, x, y));
    ir_exit(b, 0x200, 1);
    struct tstate s = base_state();
    s.g[4] = a;
    s.g[5] = c;
    s.g[6] = 0x5555555555555555ull;
    struct backend_block bb;
    ck_assert_uint_eq(enter(MODE_FLAT, &s, compile(b, MODE_FLAT, &bb)), 0x1000);
    ir_block_free(b);
    return ty == IR_I64 ? s.g[6] : (uint32_t)s.g[6];
}

/* `t = shl a, n; add t, b` with t read once becomes one lea (backend.c
 * try_scaled_add): every shift it takes, both operand orders, a constant or
 * a global as b, both widths, and a t read twice (no lea) give what a shift
 * and an add give, with the carry into bit 32 dropped for I32. */
START_TEST(test_scaled_add)
{
    static const uint64_t as[] = {0x3, 0xfffffffdu, 0x7fffffffffffffffull};
    for (int n = 0; n <= 4; n++)
        for (int shape = 0; shape < 4; shape++)
            for (int ty = 0; ty < 2; ty++)
                for (unsigned k = 0; k < sizeof as / sizeof as[0]; k++) {
                    struct ir_block *b = ir_block_new();
                    b->guest_pc = 0x1000;
                    ir_val_t a = ty ? G64(b, 4) : G32(b, 4), g = ty ? G64(b, 5) : G32(b, 5);
                    ir_val_t sh = ir_binop(b, IR_SHL, a, ty ? ir_const64(b, (uint64_t)n)
                                                            : ir_const32(b, (uint32_t)n));
                    ir_val_t other = shape == 1 ? (ty ? ir_const64(b, 0x1234) : ir_const32(b, 0x1234))
                                                : g;
                    ir_val_t sum = shape == 2 ? ir_binop(b, IR_ADD, other, sh)
                                              : ir_binop(b, IR_ADD, sh, other);
                    ir_set(b, ty ? G64(b, 6) : G32(b, 6), sum);
                    if (shape == 3) ir_set(b, ty ? G64(b, 7) : G32(b, 7), sh); /* read twice */
                    ir_exit(b, 0x200, 1);
                    struct tstate s = base_state();
                    s.g[4] = ty ? as[k] : (uint32_t)as[k];
                    s.g[5] = ty ? 0x8000000000000010ull : 0x80000010u;
                    run_both(b, MODE_FLAT, &s);
                    ir_block_free(b);
                }
}
END_TEST

START_TEST(test_known_values)
{
    ck_assert_uint_eq(jit_binop(IR_SHL, IR_I32, 0x12345678, 32), 0x12345678);
    ck_assert_uint_eq(jit_binop(IR_SHL, IR_I32, 1, 31), 0x80000000u);
    ck_assert_uint_eq(jit_binop(IR_SAR, IR_I32, 0x80000000u, 31), 0xffffffffu);
    ck_assert_uint_eq(jit_binop(IR_SHR, IR_I64, 0x8000000000000000ull, 63), 1);
    ck_assert_uint_eq(jit_binop(IR_SHR, IR_I64, 0x8000000000000000ull, 64), 0x8000000000000000ull);
    ck_assert_uint_eq(jit_binop(IR_ROTR, IR_I32, 1, 1), 0x80000000u);
    ck_assert_uint_eq(jit_binop(IR_MULHS, IR_I32, 0xffffffffu, 0xffffffffu), 0);
    ck_assert_uint_eq(jit_binop(IR_MULHU, IR_I32, 0xffffffffu, 0xffffffffu), 0xfffffffeu);
    ck_assert_uint_eq(jit_binop(IR_MULHS, IR_I64, ~0ull, 2), ~0ull);
    ck_assert_uint_eq(jit_binop(IR_DIVS, IR_I32, 0x80000000u, 2), 0xc0000000u);
    ck_assert_uint_eq(jit_binop(IR_REMS, IR_I32, (uint32_t)-7, 2), (uint32_t)-1);
    ck_assert_uint_eq(jit_binop(IR_DIVU, IR_I32, 0xffffffffu, 2), 0x7fffffffu);
    ck_assert_uint_eq(jit_binop(IR_REMU, IR_I64, ~0ull, 10), 5);
    /* I32 results are zero-extended: a 64-bit view of the register never leaks. */
    ck_assert_uint_eq(jit_binop(IR_SUB, IR_I32, 0, 1), 0xffffffffu);
}
END_TEST

/* Divisions over edge pairs, skipping what ir.h says the frontend never emits. */
START_TEST(test_division_edges)
{
    static const uint8_t ops[] = {IR_DIVS, IR_DIVU, IR_REMS, IR_REMU};
    enum ir_type ty = _i ? IR_I64 : IR_I32;
    unsigned n = ty == IR_I64 ? 64 : 32;
    for (unsigned k = 0; k < 4; k++)
        for (unsigned i = 0; i < NEDGES; i++)
            for (unsigned j = 0; j < NEDGES; j++) {
                uint64_t a = n == 32 ? (uint32_t)edges[i] : edges[i];
                uint64_t d = n == 32 ? (uint32_t)edges[j] : edges[j];
                uint64_t minus1 = n == 32 ? 0xffffffffu : ~0ull;
                if (d == 0 || (d == minus1 && a == 1ull << (n - 1))) continue;
                struct ir_block *b = ir_block_new();
                ir_val_t x = ty == IR_I64 ? G64(b, 4) : G32(b, 4);
                ir_val_t y = ty == IR_I64 ? G64(b, 5) : G32(b, 5);
                ir_val_t q = ir_binop(b, ops[k], x, y);
                ir_set(b, ty == IR_I64 ? G64(b, 6) : G32(b, 6), q);
                ir_set(b, ty == IR_I64 ? G64(b, 7) : G32(b, 7), ir_binop(b, IR_ADD, q, y));
                ir_exit(b, 0x200, 1);
                struct tstate s = base_state();
                s.g[4] = a;
                s.g[5] = d;
                run_both(b, MODE_FLAT, &s);
                ir_block_free(b);
            }
}
END_TEST

static const uint8_t unops[] = {IR_MOV,   IR_NOT,    IR_NEG,   IR_CLZ,   IR_BSWAP,
                                IR_SEXT8, IR_SEXT16, IR_ZEXT8, IR_ZEXT16};

/* Unary ops, width changes, bit fields, setcond and select over edge values,
 * with lzcnt and its bsr fallback. */
START_TEST(test_unops_edges)
{
    backend_set_features(be, 1, _i & 1);
    enum ir_type ty = _i & 2 ? IR_I64 : IR_I32;
    for (unsigned i = 0; i < NEDGES; i++) {
        struct ir_block *b = ir_block_new();
        ir_val_t x = ty == IR_I64 ? G64(b, 4) : G32(b, 4);
        ir_val_t x32 = G32(b, 5);
        ir_val_t x64 = G64(b, 8);
        for (unsigned k = 0; k < sizeof(unops); k++)
            ir_set(b, ty == IR_I64 ? G64(b, 9 + k % 7) : G32(b, 9 + k % 7),
                   ir_unop(b, unops[k], x));
        ir_set(b, G64(b, 6), ir_unop(b, IR_ZEXT, x32));
        ir_set(b, G64(b, 7), ir_unop(b, IR_SEXT, x32));
        ir_set(b, G32(b, 3), ir_unop(b, IR_TRUNC, x64));
        ir_exit(b, 0x300, 2);
        struct tstate s = base_state();
        s.g[4] = edges[i];
        s.g[5] = edges[NEDGES - 1 - i];
        s.g[8] = edges[(i * 7) % NEDGES];
        run_both(b, MODE_FLAT, &s);
        ir_block_free(b);
    }
    for (unsigned lo = 0; lo < (ty == IR_I64 ? 64u : 32u); lo += 3)
        for (unsigned len = 1; lo + len <= (ty == IR_I64 ? 64u : 32u); len += 5) {
            struct ir_block *b = ir_block_new();
            ir_val_t x = ty == IR_I64 ? G64(b, 4) : G32(b, 4);
            ir_val_t y = ty == IR_I64 ? G64(b, 5) : G32(b, 5);
            ir_set(b, ty == IR_I64 ? G64(b, 6) : G32(b, 6), ir_extract(b, x, lo, len));
            ir_set(b, ty == IR_I64 ? G64(b, 7) : G32(b, 7), ir_deposit(b, x, y, lo, len));
            ir_exit(b, 0x300, 2);
            struct tstate s = base_state();
            s.g[4] = 0xdeadbeefcafebabeull;
            s.g[5] = 0x0123456789abcdefull;
            run_both(b, MODE_FLAT, &s);
            ir_block_free(b);
        }
    backend_set_features(be, 1, 1);
}
END_TEST

START_TEST(test_compare_select)
{
    enum ir_type ty = _i ? IR_I64 : IR_I32;
    for (unsigned cond = 0; cond < IR_COND_COUNT; cond++)
        for (unsigned i = 0; i < NEDGES; i += 2)
            for (unsigned j = 0; j < NEDGES; j += 3) {
                struct ir_block *b = ir_block_new();
                ir_val_t x = ty == IR_I64 ? G64(b, 4) : G32(b, 4);
                ir_val_t y = ty == IR_I64 ? G64(b, 5) : G32(b, 5);
                ir_val_t k =
                    ty == IR_I64 ? ir_const64(b, edges[j]) : ir_const32(b, (uint32_t)edges[j]);
                ir_val_t c1 = ir_setcond(b, cond, x, y);
                ir_val_t c2 = ir_setcond(b, cond, x, k);
                ir_set(b, G32(b, 6), c1);
                ir_set(b, G32(b, 7), c2);
                ir_set(b, ty == IR_I64 ? G64(b, 8) : G32(b, 8), ir_select(b, c1, x, y));
                /* 0/1 values tested against 0 (the lifter's branch shape) */
                ir_set(b, G32(b, 9), ir_setcond(b, IR_NE, c2, ir_const32(b, 0)));
                ir_set(b, G32(b, 10), ir_setcond(b, IR_EQ, c1, ir_const32(b, 0)));
                ir_set(b, G32(b, 11), ir_setcond(b, cond, k, x));
                ir_exit_if(b, cond, y, x, 0x400, 1);
                ir_exit(b, 0x500, 2);
                struct tstate s = base_state();
                s.g[4] = edges[i];
                s.g[5] = edges[j];
                run_both(b, MODE_FLAT, &s);
                ir_block_free(b);
            }
}
END_TEST

/* 48 temps live at once (forcing spills), with a pure call and a call that
 * writes globals in the middle of their ranges. */
START_TEST(test_register_pressure)
{
    enum { N = 48 };
    struct ir_block *b = ir_block_new();
    ir_val_t t[N];
    ir_val_t x = G32(b, 4), y = G64(b, 5);
    for (int i = 0; i < N; i++) {
        ir_val_t base = i % 3 == 2 ? ir_unop(b, IR_TRUNC, y) : x;
        t[i] =
            ir_binop(b, i % 2 ? IR_XOR : IR_ADD, base, ir_const32(b, (uint32_t)(i * 0x01010101u)));
        if (i == N / 2)
            ir_set(b, G32(b, 6), ir_call(b, &helper_mix, IR_I32, t[0], t[i], x, 0, 0, 0));
        if (i == N / 2 + 5)
            ir_call(b, &helper_write, IR_I64, t[3], ir_unop(b, IR_ZEXT, t[5]), IR_NONE, 0, 0, 0);
    }
    ir_val_t acc = ir_const32(b, 0);
    for (int i = N; i-- > 0;)
        acc = ir_binop(b, IR_ADD, ir_binop(b, IR_ROTR, acc, ir_const32(b, 3)), t[i]);
    ir_set(b, G32(b, 7), acc);
    ir_set(b, G32(b, 8), ir_binop(b, IR_ADD, G32(b, 1), t[1]));
    ir_exit(b, 0x600, 9);
    for (int m = 0; m < 3; m++) {
        struct tstate s = base_state();
        run_both(b, (enum mode)m, &s);
    }
    ir_block_free(b);
}
END_TEST

/* Direct exits: tokens, offsets that chain, icount, the exit_request check. */
START_TEST(test_exits_and_chaining)
{
    struct ir_block *a = ir_block_new();
    a->guest_pc = 0x1000;
    ir_set(a, G32(a, 0), ir_binop(a, IR_ADD, G32(a, 0), ir_const32(a, 1)));
    ir_exit_if(a, IR_EQ, G32(a, 1), ir_const32(a, 0), 0x2000, 2);
    ir_exit(a, 0x3000, 3);
    struct ir_block *c = ir_block_new();
    c->guest_pc = 0x2000;
    ir_set(c, G32(c, 2), ir_const32(c, 77));
    ir_exit(c, 0x4000, 5);
    struct backend_block ba, bc;
    const uint8_t *ca = compile(a, MODE_FLAT, &ba), *cc = compile(c, MODE_FLAT, &bc);
    ck_assert_uint_eq(ba.nexits, 2);
    ck_assert_uint_eq(ba.exits[0].target_pc, 0x2000);
    ck_assert_uint_eq(ba.exits[1].target_pc, 0x3000);
    struct tstate s = base_state();
    s.g[1] = 0;
    ck_assert_uint_eq(enter(MODE_FLAT, &s, ca), 0x1000); /* taken: unchained */
    ck_assert_uint_eq(s.pc, 0x2000);
    ck_assert_uint_eq(s.icount, 2);
    ck_assert_uint_eq(s.g[0], 0x1111111111111112ull);
    s.g[1] = 5;
    ck_assert_uint_eq(enter(MODE_FLAT, &s, ca), 0x1001);
    ck_assert_uint_eq(s.pc, 0x3000);
    ck_assert_uint_eq(s.icount, 5);
    /* Chain exit 0 of a to c: a then c run in one go. */
    uint8_t *field = code_rw + (ca - code_rx) + ba.exits[0].rel32_offset;
    int32_t rel = (int32_t)(cc - (ca + ba.exits[0].rel32_offset + 4));
    memcpy(field, &rel, 4);
    s.g[1] = 0;
    s.pc = 0;
    ck_assert_uint_eq(enter(MODE_FLAT, &s, ca), 0x1000);
    ck_assert_uint_eq(s.pc, 0x4000);
    ck_assert_uint_eq(s.icount, 12);
    ck_assert_uint_eq(s.g[2] & 0xffffffffu, 77);
    /* exit_request: nothing runs, pc names the block. */
    s.exit_request = 1;
    uint64_t g0 = s.g[0];
    ck_assert_uint_eq(enter(MODE_FLAT, &s, ca), 0);
    ck_assert_uint_eq(s.pc, 0x1000);
    ck_assert_uint_eq(s.g[0], g0);
    ck_assert_uint_eq(s.icount, 12);
    ir_block_free(a);
    ir_block_free(c);
}
END_TEST

/* A block at pc that sets g2 to v and exits to `to`. */
static struct ir_block *setter_block(uint32_t pc, uint32_t v, uint32_t to)
{
    struct ir_block *b = ir_block_new();
    b->guest_pc = pc;
    ir_set(b, G32(b, 2), ir_const32(b, v));
    ir_exit(b, to, 1);
    return b;
}

/* Indirect exits: a jump-cache hit runs the target block, a miss returns
 * the token of the exit's inline cache (set to no pc); every probe is
 * counted. */
START_TEST(test_indirect_exit)
{
    struct ir_block *tgt = setter_block(0x4440, 99, 0x5000);
    struct ir_block *a = ir_block_new();
    a->guest_pc = 0x1000;
    ir_val_t x = ir_binop(a, IR_ADD, G32(a, 3), ir_const32(a, 0x40));
    ir_set(a, G32(a, 0), x);
    ir_exit_indirect(a, x, 4);
    struct backend_block bt, ba;
    const uint8_t *ct = compile(tgt, MODE_TLB, &bt), *ca = compile(a, MODE_TLB, &ba);
    ck_assert_uint_eq(ba.nexits, 1); /* its inline cache */
    ck_assert_uint_ne(ba.exits[0].ic_offset, 0);
    ck_assert_uint_eq(ba.exits[0].target_pc, BACKEND_IC_EMPTY);
    struct tstate s = base_state();
    fill_tlb(&s, mem_jit);
    s.g[3] = 0x4400;
    ck_assert_uint_eq(enter(MODE_TLB, &s, ca), 0x1000); /* empty caches */
    ck_assert_uint_eq(s.pc, 0x4440);
    ck_assert_uint_eq(s.icount, 4);
    unsigned first = ir_jcache_first(0x4440, JC_BITS);
    s.jc[first] = (struct ir_jcache_entry){.pc = 0x4440, .code = ct};
    ck_assert_uint_eq(enter(MODE_TLB, &s, ca), 0x1000); /* hit: tgt's exit token */
    ck_assert_uint_eq(s.pc, 0x5000);
    ck_assert_uint_eq(s.icount, 9);
    ck_assert_uint_eq(s.g[2] & 0xffffffffu, 99);
    /* the set's second entry hits too, with another pc in the first */
    s.jc[first + 1] = s.jc[first];
    s.jc[first].pc = 0x4440 + 96; /* same set (8 sets of 2), another pc */
    s.g[2] = 0;
    ck_assert_uint_eq(enter(MODE_TLB, &s, ca), 0x1000);
    ck_assert_uint_eq(s.pc, 0x5000);
    ck_assert_uint_eq(s.g[2] & 0xffffffffu, 99);
    s.g[3] = 0x4400 + (16 << 2); /* same slot, other pc: a miss */
    ck_assert_uint_eq(enter(MODE_TLB, &s, ca), 0x1000);
    ck_assert_uint_eq(s.pc, 0x4440 + 64);
    ck_assert_uint_eq(s.jc_probes, 4);
    ir_block_free(a);
    ir_block_free(tgt);
}
END_TEST

/* An indirect exit's inline cache (backend_exit.c): empty, it returns its
 * exit token with state.pc set, without a probe; set to a pc with its jmp
 * chained, that pc runs the chained block without probing the jump cache,
 * while any other pc probes it, and a probe miss returns the token again;
 * unchained, the cached pc probes too. */
START_TEST(test_indirect_inline_cache)
{
    struct ir_block *tgt = setter_block(0x4440, 99, 0x5000);
    struct ir_block *a = ir_block_new();
    a->guest_pc = 0x1000;
    ir_exit_indirect(a, G32(a, 3), 4);
    struct backend_block bt, ba;
    const uint8_t *ct = compile(tgt, MODE_FLAT, &bt), *ca = compile_raw(a, MODE_FLAT, &ba);
    ck_assert_uint_eq(ba.nexits, 1);
    const struct backend_exit *e = &ba.exits[0];
    ck_assert_uint_eq(e->ic_offset % 4, 0);
    ck_assert_uint_eq(e->ic_fill_offset % 4, 0);
    ck_assert_uint_eq(e->rel32_offset % 4, 0);
    uint32_t imm;
    memcpy(&imm, ca + e->ic_offset, 4);
    ck_assert_uint_eq(imm, BACKEND_IC_EMPTY);
    struct tstate s = base_state();
    s.g[3] = 0x4440;
    s.jc[ir_jcache_first(0x4440, JC_BITS)] = (struct ir_jcache_entry){.pc = 0x4440, .code = ct};
    ck_assert_uint_eq(enter(MODE_FLAT, &s, ca), 0x1000); /* empty: to the engine */
    ck_assert_uint_eq(s.pc, 0x4440);
    ck_assert_uint_eq(s.jc_probes, 0);
    ck_assert_uint_ne(s.g[2] & 0xffffffffu, 99); /* tgt did not run */
    /* the engine sets it to 0x4440, opens the probe, chains the jmp */
    imm = 0x4440;
    memcpy(code_rw + (ca - code_rx) + e->ic_offset, &imm, 4);
    patch_field(ca, e->ic_fill_offset, e->stub_offset);
    patch_field(ca, e->rel32_offset, (uint32_t)(ct - ca));
    s.jc[ir_jcache_first(0x4440, JC_BITS)].pc = ir_jcache_empty_pc(ir_jcache_first(0x4440, JC_BITS));
    ck_assert_uint_eq(enter(MODE_FLAT, &s, ca), 0x1000); /* tgt's own exit */
    ck_assert_uint_eq(s.pc, 0x5000);
    ck_assert_uint_eq(s.g[2] & 0xffffffffu, 99);
    ck_assert_uint_eq(s.jc_probes, 0);
    /* another pc probes the jump cache, which holds tgt under it here */
    s.g[3] = 0x4480;
    s.g[2] = 0;
    s.jc[ir_jcache_first(0x4480, JC_BITS)] = (struct ir_jcache_entry){.pc = 0x4480, .code = ct};
    ck_assert_uint_eq(enter(MODE_FLAT, &s, ca), 0x1000);
    ck_assert_uint_eq(s.pc, 0x5000);
    ck_assert_uint_eq(s.g[2] & 0xffffffffu, 99);
    ck_assert_uint_eq(s.jc_probes, 1);
    s.g[3] = 0x44c0; /* in neither: the probe's miss, the cache's token */
    ck_assert_uint_eq(enter(MODE_FLAT, &s, ca), 0x1000);
    ck_assert_uint_eq(s.pc, 0x44c0);
    ck_assert_uint_eq(s.jc_probes, 2);
    /* unchained (its block invalidated), the cached pc probes too */
    patch_field(ca, e->rel32_offset, e->stub_offset);
    s.g[3] = 0x4440;
    ck_assert_uint_eq(enter(MODE_FLAT, &s, ca), 0x1000);
    ck_assert_uint_eq(s.pc, 0x4440);
    ck_assert_uint_eq(s.jc_probes, 3);
    ir_block_free(a);
    ir_block_free(tgt);
}
END_TEST

/* Raise paths: dirty globals written back, restore() gets pc and pc_flags,
 * icount counts the retired instructions only. */
START_TEST(test_raise_paths)
{
    for (int kind = 0; kind < 3; kind++)
        for (int m = 0; m < 3; m++) {
            struct ir_block *b = ir_block_new();
            b->guest_pc = 0x100;
            ir_set(b, G32(b, 0), ir_const32(b, 0xabcd));
            ir_set(b, G64(b, 9), ir_binop(b, IR_ADD, G64(b, 9), ir_const64(b, 1)));
            ir_val_t v = G32(b, 4);
            if (kind == 0)
                ir_raise_if(b, v, &helper_exc, 12, 0x108, 3, 2);
            else if (kind == 1)
                ir_call(b, &helper_raise, -1, v, IR_NONE, IR_NONE, 0x10c, 1, 3);
            else
                ir_load(b, v, 0, 4, 0x110, 2, 4);
            ir_set(b, G32(b, 0), ir_const32(b, 0x5555));
            ir_exit(b, 0x200, 6);
            struct tstate s = base_state();
            s.g[4] = kind == 2 ? (PAGE_FAULT << 12) + 8 : 1;
            run_both(b, (enum mode)(m == 0 && kind == 2 ? MODE_SLOW : m), &s);
            struct tstate sj = base_state();
            sj.g[4] = s.g[4];
            fill_tlb(&sj, mem_jit);
            struct backend_block bb;
            enum mode mm = m == 0 && kind == 2 ? MODE_SLOW : (enum mode)m;
            ck_assert_uint_eq(enter(mm, &sj, compile(b, mm, &bb)), 0);
            ck_assert_uint_eq(sj.restores, 1);
            ck_assert_uint_eq(sj.restore_pc, 0x108 + 4u * (unsigned)kind);
            ck_assert_uint_eq(sj.restore_flags, kind == 0 ? 3 : kind == 1 ? 1 : 2);
            ck_assert_uint_eq(sj.icount, 2u + (unsigned)kind);
            ck_assert_uint_eq(sj.g[0] & 0xffffffffu, 0xabcd);
            ck_assert_uint_eq(sj.g[9], 0xaaaaaaaaaaaaaaabull);
            ir_block_free(b);
        }
}
END_TEST

/* Soft TLB: hits, misses, unaligned accesses (slow path), big-endian, every size
 * and sign, with and without movbe. */
START_TEST(test_memory_shapes)
{
    backend_set_features(be, _i & 1, 1);
    static const uint32_t addrs[] = {0x1000, 0x1ffe, 0x2010, 0x3008, 0x4001, 0x5ffc, 0x7003};
    static const unsigned sizes[] = {1, 2, 4, 8};
    for (unsigned m = 0; m < 3; m++)
        for (unsigned a = 0; a < sizeof(addrs) / sizeof(addrs[0]); a++)
            for (unsigned z = 0; z < 4; z++)
                for (unsigned f = 0; f < 4; f++) {
                    unsigned flags =
                        sizes[z] | (f & 1 ? IR_MEM_SIGNED : 0) | (f & 2 ? IR_MEM_BIG_ENDIAN : 0);
                    struct ir_block *b = ir_block_new();
                    enum ir_type ty = sizes[z] == 8 ? IR_I64 : IR_I32;
                    ir_val_t ad = G32(b, 4);
                    ir_val_t v = ir_load(b, ad, -4, flags, 0x100, 0, 0);
                    ir_set(b, ty == IR_I64 ? G64(b, 6) : G32(b, 6), v);
                    ir_val_t w = ir_binop(b, IR_XOR, v, ty == IR_I64 ? G64(b, 5) : G32(b, 5));
                    ir_store(b, ad, 12, w, flags, 0x104, 0, 1);
                    ir_exit(b, 0x200, 2);
                    struct tstate s = base_state();
                    s.g[4] = addrs[a] + 4;
                    s.g[5] = 0xf0e1d2c3b4a59687ull;
                    s.resume_ret = f & 1;
                    for (unsigned i = 0; i < MEM_SIZE; i++)
                        mem_eval[i] = (uint8_t)(i * 37 + (i >> 8));
                    run_both(b, (enum mode)m, &s);
                    ir_block_free(b);
                }
    backend_set_features(be, 1, 1);
}
END_TEST

/* A store into a code page: CODE_CHANGED, then resume_after decides. */
START_TEST(test_code_changed)
{
    for (int ret = 0; ret < 2; ret++) {
        struct ir_block *b = ir_block_new();
        ir_set(b, G32(b, 0), ir_const32(b, 7));
        ir_store(b, G32(b, 4), 0, G32(b, 5), 4, 0x120, 0, 3);
        ir_set(b, G32(b, 0), ir_const32(b, 8));
        ir_exit(b, 0x200, 5);
        struct tstate s = base_state();
        s.g[4] = (PAGE_CODE << 12) + 16;
        s.resume_ret = (uint8_t)ret;
        run_both(b, MODE_TLB, &s);
        struct tstate sj = base_state();
        sj.g[4] = s.g[4];
        sj.resume_ret = (uint8_t)ret;
        fill_tlb(&sj, mem_jit);
        struct backend_block bb;
        ck_assert_uint_eq(enter(MODE_TLB, &sj, compile(b, MODE_TLB, &bb)), ret ? 0 : 0x1000);
        ck_assert_uint_eq(sj.resumes, 1);
        ck_assert_uint_eq(sj.resume_pc, 0x120);
        ck_assert_uint_eq(sj.icount, ret ? 4 : 5);
        ck_assert_uint_eq(sj.pc, ret ? 0x124 : 0x200);
        ck_assert_uint_eq(sj.g[0] & 0xffffffffu, ret ? 7 : 8);
        ir_block_free(b);
    }
}
END_TEST

START_TEST(test_exit_request)
{
    struct ir_block *b = ir_block_new();
    b->guest_pc = 0x8888;
    ir_set(b, G32(b, 0), ir_const32(b, 1));
    ir_exit(b, 0x200, 1);
    struct tstate s = base_state();
    s.exit_request = 1;
    struct outcome o = run_both(b, MODE_FLAT, &s);
    ck_assert_int_eq(o.eval, IR_EVAL_REQUESTED);
    ir_block_free(b);
}
END_TEST

/* Out of space is -1 (the cache flushes and retries), a block the backend
 * cannot take is -2 (the engine interprets it); neither writes past cap. */
START_TEST(test_errors)
{
    struct ir_block *b = ir_block_new();
    ir_set(b, G32(b, 0), ir_binop(b, IR_ADD, G32(b, 1), ir_const32(b, 1)));
    ir_exit(b, 0x200, 1);
    struct ir_target t = make_target(MODE_FLAT);
    struct backend_block bb;
    const struct backend_entry *flat = &entries[MODE_FLAT];
    uint8_t *rw = code_rw + code_used, *rx = code_rx + code_used;
    memset(rw, 0xcc, 256);
    ck_assert_int_eq(backend_emit_block(be, b, &t, flat, tokens, rw, rx, 24, &bb),
                     BACKEND_NO_SPACE);
    ck_assert_uint_eq(rw[24], 0xcc);
    ck_assert_int_gt(backend_emit_block(be, b, &t, flat, tokens, rw, rx, 256, &bb), 0);
    /* The epilogue out of rel32 reach, a trampoline of another flat base, and a
     * block without its final exit. */
    static uint8_t far[256]; /* in the executable's data: terabytes from the mmap area */
    ck_assert_int_eq(backend_emit_block(be, b, &t, flat, tokens, far, far, sizeof(far), &bb),
                     BACKEND_UNSUPPORTED);
    ck_assert_int_eq(backend_emit_block(be, b, &t, &entries[MODE_TLB], tokens, rw, rx, 256, &bb),
                     BACKEND_UNSUPPORTED);
    b->ninsns--;
    ck_assert_int_eq(backend_emit_block(be, b, &t, flat, tokens, rw, rx, 256, &bb),
                     BACKEND_UNSUPPORTED);
    struct backend_entry e;
    ck_assert_int_eq(backend_emit_entry(rw, rx, 8, &t, &e), BACKEND_NO_SPACE);
    ir_block_free(b);
}
END_TEST

/* ---- random blocks ---- */

static uint64_t rng;

static uint64_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static unsigned pick(unsigned n)
{
    return (unsigned)(rnd() % n);
}

struct pool {
    ir_val_t v[2][512];
    unsigned n[2];
};

static void pool_add(struct pool *p, const struct ir_block *b, ir_val_t v)
{
    unsigned t = b->vals[v].type;
    if (p->n[t] < 512) p->v[t][p->n[t]++] = v;
}

/* A recent value more often than an old one, so ranges stay mixed. */
static ir_val_t any(struct pool *p, enum ir_type t)
{
    unsigned n = p->n[t];
    unsigned i = rnd() & 1 ? n - 1 - pick(n < 6 ? n : 6) : pick(n);
    return p->v[t][i];
}

static ir_val_t rconst(struct ir_block *b, enum ir_type t)
{
    uint64_t v = rnd() & 1 ? edges[pick(NEDGES)] : rnd() >> pick(64);
    return t == IR_I64 ? ir_const64(b, v) : ir_const32(b, (uint32_t)v);
}

/* A divisor that is never 0, nor -1 for signed ops (ir.h's guarantee). */
static ir_val_t safe_divisor(struct ir_block *b, struct pool *p, enum ir_type t)
{
    ir_val_t d = any(p, t);
    ir_val_t zero = t == IR_I64 ? ir_const64(b, 0) : ir_const32(b, 0);
    ir_val_t m1 = t == IR_I64 ? ir_const64(b, ~0ull) : ir_const32(b, 0xffffffffu);
    ir_val_t bad = ir_binop(b, IR_OR, ir_setcond(b, IR_EQ, d, zero), ir_setcond(b, IR_EQ, d, m1));
    return ir_select(b, bad, t == IR_I64 ? ir_const64(b, 7) : ir_const32(b, 7), d);
}

/* An address in the first 32 KiB, sometimes unaligned. */
static ir_val_t raddr(struct ir_block *b, struct pool *p, int32_t *imm)
{
    ir_val_t a = ir_binop(b, IR_AND, any(p, IR_I32), ir_const32(b, rnd() & 3 ? 0x7ff8 : 0x7fff));
    a = ir_binop(b, IR_OR, a, ir_const32(b, 0x20));
    *imm = (int32_t)pick(33) - 16;
    return a;
}

static void gen_mem(struct ir_block *b, struct pool *p, unsigned pc)
{
    static const unsigned sizes[] = {1, 2, 4, 8};
    unsigned size = sizes[pick(4)];
    unsigned flags = size | (rnd() & 1 ? IR_MEM_SIGNED : 0) | (rnd() & 1 ? IR_MEM_BIG_ENDIAN : 0);
    int32_t imm;
    ir_val_t a = raddr(b, p, &imm);
    if (rnd() & 1)
        pool_add(p, b, ir_load(b, a, imm, flags, pc, (uint16_t)pick(4), (uint16_t)pick(5)));
    else
        ir_store(b, a, imm, any(p, size == 8 ? IR_I64 : IR_I32), flags, pc, (uint16_t)pick(4),
                 (uint16_t)pick(5));
}

static void gen_call(struct ir_block *b, struct pool *p, unsigned pc)
{
    static const struct ir_helper *const hs[] = {&helper_mix, &helper_read, &helper_write,
                                                 &helper_raise};
    const struct ir_helper *h = hs[pick(4)];
    enum ir_type t = rnd() & 1 ? IR_I64 : IR_I32;
    ir_val_t x = any(p, IR_I32);
    ir_val_t y = rnd() & 1 ? any(p, t) : IR_NONE;
    if (h == &helper_raise) {
        ir_val_t odd = ir_binop(b, IR_AND, x, ir_const32(b, rnd() & 3 ? 0 : 1));
        ir_call(b, h, -1, odd, IR_NONE, IR_NONE, pc, 1, (uint16_t)pick(5));
        return;
    }
    ir_val_t r = ir_call(b, h, t, x, y, rnd() & 1 ? any(p, IR_I32) : IR_NONE, 0, 0, 0);
    pool_add(p, b, r);
}

/* A global updated from itself (`t = op g, x; set g, t`: computed in g's
 * register), the result often read again later (then it aliases g), or a copy
 * of g kept across a new value of g; selects of constants. */
static void gen_global_update(struct ir_block *b, struct pool *p)
{
    static const uint8_t ops[] = {IR_ADD, IR_SUB, IR_XOR, IR_SHL, IR_ROTR, IR_SAR, IR_MUL};
    unsigned k = pick(12);
    enum ir_type t = k < 8 ? IR_I32 : IR_I64;
    ir_val_t g = k < 8 ? G32(b, k) : G64(b, k);
    unsigned r = pick(4);
    if (r == 0) {
        ir_val_t old = ir_unop(b, IR_MOV, g);
        ir_set(b, g, any(p, t));
        pool_add(p, b, old);
    } else if (r == 1) {
        ir_val_t c = ir_select(b, any(p, IR_I32), rconst(b, t), rnd() & 1 ? rconst(b, t) : g);
        ir_set(b, g, c);
        if (rnd() & 1) pool_add(p, b, c);
    } else {
        ir_val_t x = rnd() & 1 ? any(p, t) : rconst(b, t);
        ir_val_t v =
            rnd() & 1 ? ir_binop(b, ops[pick(sizeof(ops))], g, x) : ir_binop(b, ops[pick(3)], x, g);
        ir_set(b, g, v);
        if (rnd() & 1) pool_add(p, b, v);
    }
}

static void gen_op(struct ir_block *b, struct pool *p, unsigned pc)
{
    enum ir_type t = rnd() & 1 ? IR_I64 : IR_I32;
    unsigned n = t == IR_I64 ? 64 : 32;
    unsigned r = pick(115);
    if (r >= 100) {
        gen_global_update(b, p);
    } else if (r < 30) {
        unsigned op = binops[pick(sizeof(binops))];
        pool_add(p, b, ir_binop(b, op, any(p, t), rnd() & 3 ? any(p, t) : rconst(b, t)));
    } else if (r < 34) {
        static const uint8_t divs[] = {IR_DIVS, IR_DIVU, IR_REMS, IR_REMU};
        pool_add(p, b, ir_binop(b, divs[pick(4)], any(p, t), safe_divisor(b, p, t)));
    } else if (r < 44) {
        pool_add(p, b, ir_unop(b, unops[pick(sizeof(unops))], any(p, t)));
    } else if (r < 50) {
        static const uint8_t wc[] = {IR_ZEXT, IR_SEXT, IR_TRUNC};
        unsigned k = pick(3);
        pool_add(p, b, ir_unop(b, wc[k], any(p, k == 2 ? IR_I64 : IR_I32)));
    } else if (r < 56) {
        unsigned lo = pick(n), len = 1 + pick(n - lo);
        pool_add(p, b,
                 rnd() & 1 ? ir_extract(b, any(p, t), lo, len)
                           : ir_deposit(b, any(p, t), any(p, t), lo, len));
    } else if (r < 62) {
        pool_add(
            p, b,
            ir_setcond(b, pick(IR_COND_COUNT), any(p, t), rnd() & 1 ? any(p, t) : rconst(b, t)));
    } else if (r < 67) {
        pool_add(p, b, ir_select(b, any(p, IR_I32), any(p, t), any(p, t)));
    } else if (r < 77) {
        unsigned g = pick(12);
        ir_set(b, g < 8 ? G32(b, g) : G64(b, g), any(p, g < 8 ? IR_I32 : IR_I64));
    } else if (r < 87) {
        gen_mem(b, p, pc);
    } else if (r < 92) {
        gen_call(b, p, pc);
    } else if (r < 95) {
        ir_val_t c = ir_setcond(b, pick(IR_COND_COUNT), any(p, t), any(p, t));
        ir_raise_if(b, ir_binop(b, IR_AND, c, ir_const32(b, (uint32_t)pick(2))), &helper_exc,
                    (int64_t)pick(31), pc, (uint16_t)pick(4), (uint16_t)pick(9));
    } else if (r < 98) {
        ir_exit_if(b, pick(IR_COND_COUNT), any(p, t), rnd() & 1 ? any(p, t) : rconst(b, t),
                   0x9000 + 4 * pick(64), (uint16_t)pick(9));
    } else {
        pool_add(p, b, ir_binop(b, IR_ADD, G32(b, 12), any(p, IR_I32))); /* overlaps G12 */
        ir_set(b, G64(b, 12), any(p, IR_I64));
    }
}

static void gen_end(struct ir_block *b, struct pool *p)
{
    unsigned r = pick(10);
    if (r < 6)
        ir_exit(b, 0xa000 + 4 * pick(64), (uint16_t)pick(20));
    else if (r < 9)
        ir_exit_indirect(b, ir_binop(b, IR_AND, any(p, IR_I32), ir_const32(b, ~3u)),
                         (uint16_t)pick(20));
    else
        ir_call(b, &helper_end, -1, any(p, IR_I32), any(p, IR_I32), IR_NONE, 0, 0,
                (uint16_t)pick(20));
}

static struct ir_block *gen_block(void)
{
    struct ir_block *b = ir_block_new();
    struct pool p = {.n = {0, 0}};
    b->guest_pc = 0x8000 + 4 * pick(256);
    for (int i = 0; i < 8; i++)
        pool_add(&p, b, G32(b, i));
    for (int i = 8; i < 12; i++)
        pool_add(&p, b, G64(b, i));
    pool_add(&p, b, ir_const32(b, 0));
    pool_add(&p, b, ir_const64(b, 0x8000000000000000ull));
    unsigned nops = 1 + pick(rnd() & 7 ? 40 : 120);
    for (unsigned i = 0; i < nops; i++)
        gen_op(b, &p, b->guest_pc + 4 * i);
    gen_end(b, &p);
    return b;
}

START_TEST(test_random_blocks)
{
    rng = 0x9e3779b97f4a7c15ull * (uint64_t)(_i + 1);
    unsigned seen[IR_EVAL_INVALID + 1] = {0};
    for (int round = 0; round < 2600; round++) {
        enum mode m = (enum mode)(round % 3);
        backend_set_features(be, round & 4, round & 8);
        backend_set_bmi2(be, round & 16);
        struct ir_block *b = gen_block();
        const char *err = ir_verify(b, NULL);
        ck_assert_msg(err == NULL, "generator made a bad block: %s", err);
        struct tstate s = base_state();
        for (int i = 0; i < 16; i++)
            s.g[i] = rnd() & 1 ? edges[pick(NEDGES)] : rnd();
        s.exit_request = pick(50) == 0;
        s.strict_align = rnd() & 1;
        s.resume_ret = rnd() & 1;
        for (unsigned i = 0; i < MEM_SIZE; i += 8) {
            uint64_t v = rnd();
            memcpy(mem_eval + i, &v, 8);
        }
        seen[run_both(b, m, &s).eval]++;
        ir_block_free(b);
    }
    /* Every way out was taken (the generator is not stuck in one corner). */
    for (int how = IR_EVAL_EXIT; how < IR_EVAL_INVALID; how++)
        ck_assert_msg(seen[how] >= 10, "way out %d taken %u times", how, seen[how]);
    ck_assert_uint_eq(seen[IR_EVAL_INVALID], 0);
    backend_set_features(be, 1, 1);
    backend_set_bmi2(be, 1);
}
END_TEST

/* ---- jump-cache probes against targets no block has ---- */

/* Targets a guest may jump to (JR/JALR take any register value; the fetch
 * raises AdEL) that once matched an empty slot: 0xffffffff was the marker. */
static const uint32_t odd_targets[] = {0xffffffffu, 0xfffffffcu, 0x00400001u, 0x3u, 0x7u,
                                       BACKEND_IC_EMPTY, BACKEND_IC_NEVER};

/* Empties the jump cache with every `code` left pointing at poison, as a
 * flush or a removal leaves a stale one (or NULL, as registration does). */
static void poison_jcache(struct tstate *s, const void *poison)
{
    for (unsigned i = 0; i < (1u << JC_BITS); i++)
        s->jc[i] = (struct ir_jcache_entry){.pc = ir_jcache_empty_pc(i), .code = poison};
}

/* An indirect exit to any target with an empty cache is a miss: never a
 * jump through an empty slot's code pointer (NULL crashes, stale runs the
 * wrong block), not even to a target equal to some slot's marker. */
START_TEST(test_indirect_exit_empty_cache)
{
    struct ir_block *trap = setter_block(0x7000, 0xdead, 0x7100);
    struct ir_block *a = ir_block_new();
    a->guest_pc = 0x1000;
    ir_exit_indirect(a, G32(a, 3), 2);
    struct backend_block bt, ba;
    const uint8_t *ct = compile(trap, MODE_TLB, &bt), *ca = compile(a, MODE_TLB, &ba);
    const void *poisons[] = {NULL, ct};
    for (unsigned p = 0; p < 2; p++) {
        for (unsigned k = 0; k < sizeof odd_targets / sizeof odd_targets[0] + (1u << JC_BITS);
             k++) {
            uint32_t target = k < sizeof odd_targets / sizeof odd_targets[0]
                                  ? odd_targets[k]
                                  : ir_jcache_empty_pc(k - sizeof odd_targets / sizeof odd_targets[0]);
            struct tstate s = base_state();
            fill_tlb(&s, mem_jit);
            poison_jcache(&s, poisons[p]);
            s.g[3] = target;
            ck_assert_uint_eq(enter(MODE_TLB, &s, ca), miss_token(&ba));
            ck_assert_uint_eq(s.pc, target);
            ck_assert_uint_ne(s.g[2] & 0xffffffffu, 0xdead);
            ck_assert_uint_eq(s.jc_probes, 1);
        }
    }
    ir_block_free(a);
    ir_block_free(trap);
}
END_TEST

static bool never_chain(uint32_t from, uint32_t to)
{
    (void)from;
    (void)to;
    return false;
}

/* A direct exit the engine never chains probes the cache for its constant
 * target: with an empty cache it returns its own token, whatever the target. */
START_TEST(test_direct_exit_probe_empty_cache)
{
    static const uint32_t targets[] = {0xfffffffcu, 0x00000000u, 0x80000000u};
    struct ir_block *trap = setter_block(0x7000, 0xdead, 0x7100);
    struct backend_block bt;
    const uint8_t *ct = compile(trap, MODE_TLB, &bt);
    for (unsigned k = 0; k < sizeof targets / sizeof targets[0]; k++) {
        struct ir_block *b = ir_block_new();
        b->guest_pc = 0x1000;
        ir_exit(b, targets[k], 1);
        struct ir_target t = make_target(MODE_TLB);
        t.may_chain = never_chain;
        struct backend_block bb;
        int n = backend_emit_block(be, b, &t, &entries[MODE_TLB], tokens, code_rw + code_used,
                                   code_rx + code_used, CODE_SIZE - code_used, &bb);
        ck_assert_int_gt(n, 0);
        const uint8_t *code = code_rx + code_used;
        code_used += 16 * (((size_t)n + 15) / 16);
        struct tstate s = base_state();
        fill_tlb(&s, mem_jit);
        poison_jcache(&s, ct);
        ck_assert_uint_eq(enter(MODE_TLB, &s, code), tokens[0]);
        ck_assert_uint_eq(s.pc, targets[k]);
        ck_assert_uint_ne(s.g[2] & 0xffffffffu, 0xdead);
        ir_block_free(b);
    }
    ir_block_free(trap);
}
END_TEST

/* ---- self loops: a direct exit back to the block's own pc ---- */

/* The jump-cache slot of pc in s (the backend loops only while it leads to
 * the block: the engine's say, translator/x86/backend_exit.c). */
static struct ir_jcache_entry *jc_slot(struct tstate *s, uint32_t pc)
{
    return &s->jc[ir_jcache_first(pc, JC_BITS)];
}

static uint64_t request_at; /* h_request raises exit_request at this call count */

static uint64_t h_request(void *cpu, uint64_t a, uint64_t b, uint64_t c)
{
    struct tstate *s = cpu;
    (void)b;
    (void)c;
    if (++s->calls == request_at) s->exit_request = 1;
    return a + 1;
}

static const struct ir_helper helper_request = {"request", h_request, IR_CALL_PURE};

/* `g0 += g1; g2 = g0 ^ 5 (write-only); call request; g1 -= 1; exit_if.ne g1, 0 -> self;
 * exit -> 0x2000`: sum = g1 + (g1 - 1) + ... + 1. */
static struct ir_block *count_down_block(uint32_t pc)
{
    struct ir_block *b = ir_block_new();
    b->guest_pc = pc;
    ir_val_t sum = ir_binop(b, IR_ADD, G32(b, 0), G32(b, 1));
    ir_set(b, G32(b, 0), sum);
    ir_set(b, G32(b, 2), ir_binop(b, IR_XOR, sum, ir_const32(b, 5)));
    ir_call(b, &helper_request, IR_I32, G32(b, 3), IR_NONE, IR_NONE, 0, 0, 0);
    ir_set(b, G32(b, 1), ir_binop(b, IR_SUB, G32(b, 1), ir_const32(b, 1)));
    ir_exit_if(b, IR_NE, G32(b, 1), ir_const32(b, 0), pc, 4);
    ir_exit(b, 0x2000, 4);
    return b;
}

/* A loop while the jump cache holds the block, one iteration and its
 * ordinary exit (chainable, with its token) when it does not; exit_request
 * seen at the back edge leaves with the globals written back. */
START_TEST(test_self_loop)
{
    for (int m = 0; m < 3; m++) {
        struct ir_block *b = count_down_block(0x1040);
        struct backend_block bb;
        const uint8_t *code = compile(b, (enum mode)m, &bb);
        ck_assert_uint_eq(bb.nexits, 2);
        ck_assert_uint_eq(bb.exits[0].target_pc, 0x1040);
        ck_assert_uint_eq(bb.exits[1].target_pc, 0x2000);
        struct tstate s = base_state();
        fill_tlb(&s, mem_jit);
        request_at = 0;
        s.g[0] = 0;
        s.g[1] = 100;
        ck_assert_uint_eq(enter((enum mode)m, &s, code), 0x1000); /* not in the cache */
        ck_assert_uint_eq(s.pc, 0x1040);
        ck_assert_uint_eq(s.g[1] & 0xffffffffu, 99);
        ck_assert_uint_eq(s.icount, 4);
        *jc_slot(&s, 0x1040) = (struct ir_jcache_entry){.pc = 0x1040, .code = code};
        ck_assert_uint_eq(enter((enum mode)m, &s, code), 0x1001); /* 99 more in one go */
        ck_assert_uint_eq(s.pc, 0x2000);
        ck_assert_uint_eq(s.g[0] & 0xffffffffu, 5050);
        ck_assert_uint_eq(s.g[1] & 0xffffffffu, 0);
        ck_assert_uint_eq(s.g[2] & 0xffffffffu, 5050 ^ 5);
        ck_assert_uint_eq(s.icount, 400);
        ck_assert_uint_eq(s.calls, 100);
        /* exit_request raised in the 7th iteration: leaves at its back edge. */
        s.g[0] = 0;
        s.g[1] = 50;
        s.calls = 0;
        request_at = 7;
        ck_assert_uint_eq(enter((enum mode)m, &s, code), 0);
        ck_assert_uint_eq(s.pc, 0x1040);
        ck_assert_uint_eq(s.g[1] & 0xffffffffu, 43);
        ck_assert_uint_eq(s.g[0] & 0xffffffffu, 50 + 49 + 48 + 47 + 46 + 45 + 44);
        ck_assert_uint_eq(s.g[2] & 0xffffffffu, (50u + 49 + 48 + 47 + 46 + 45 + 44) ^ 5);
        ck_assert_uint_eq(s.icount, 428);
        /* Taken out of the cache (invalidation): the next back edge leaves. */
        s.exit_request = 0;
        jc_slot(&s, 0x1040)->pc = ir_jcache_empty_pc(ir_jcache_first(0x1040, JC_BITS));
        ck_assert_uint_eq(enter((enum mode)m, &s, code), 0x1000);
        ck_assert_uint_eq(s.g[1] & 0xffffffffu, 42);
        /* In the set's second entry (another pc took the first): loops on. */
        jc_slot(&s, 0x1040)[1] = (struct ir_jcache_entry){.pc = 0x1040, .code = code};
        jc_slot(&s, 0x1040)->pc = 0x1040 + (4u << JC_BITS);
        ck_assert_uint_eq(enter((enum mode)m, &s, code), 0x1001);
        ck_assert_uint_eq(s.g[1] & 0xffffffffu, 0);
        ir_block_free(b);
    }
    request_at = 0;
}
END_TEST

/* A target without a jump cache (the lock-step verifier's) never loops:
 * every iteration comes back. */
START_TEST(test_self_loop_needs_jcache)
{
    struct ir_block *b = count_down_block(0x1040);
    struct ir_target t = make_target(MODE_FLAT);
    t.jcache_bits = 0;
    struct backend_block bb;
    const uint8_t *rx = compile_for(b, &t, MODE_FLAT, &bb);
    struct tstate s = base_state();
    s.g[1] = 10;
    for (unsigned i = 0; i < (1u << JC_BITS); i++)
        s.jc[i] = (struct ir_jcache_entry){.pc = 0x1040, .code = rx};
    ck_assert_uint_eq(enter(MODE_FLAT, &s, rx), 0x1000);
    ck_assert_uint_eq(s.g[1] & 0xffffffffu, 9);
    ir_block_free(b);
}
END_TEST

/* loops_unchecked (no debugger; the engine raises exit_request when it
 * invalidates): the back edge tests exit_request alone, so the loop runs with
 * an empty jump cache and leaves only at its end or on a request. */
START_TEST(test_self_loop_unchecked)
{
    for (int m = 0; m < 3; m++) {
        struct ir_block *b = count_down_block(0x1040);
        struct ir_target t = make_target((enum mode)m);
        t.loops_unchecked = true;
        struct backend_block bb;
        const uint8_t *rx = compile_for(b, &t, (enum mode)m, &bb);
        ck_assert_uint_eq(bb.nexits, 1); /* no jump-cache test, no exit of its own */
        ck_assert_uint_eq(bb.exits[0].target_pc, 0x2000);
        struct tstate s = base_state();
        fill_tlb(&s, mem_jit);
        request_at = 0;
        s.g[0] = 0;
        s.g[1] = 100;
        ck_assert_uint_eq(enter((enum mode)m, &s, rx), 0x1000); /* all 100 in one go */
        ck_assert_uint_eq(s.pc, 0x2000);
        ck_assert_uint_eq(s.g[0] & 0xffffffffu, 5050);
        ck_assert_uint_eq(s.g[1] & 0xffffffffu, 0);
        ck_assert_uint_eq(s.calls, 100);
        s.g[0] = 0;
        s.g[1] = 50;
        s.calls = 0;
        request_at = 7; /* raised in the 7th iteration: leaves at its back edge */
        ck_assert_uint_eq(enter((enum mode)m, &s, rx), 0);
        ck_assert_uint_eq(s.pc, 0x1040);
        ck_assert_uint_eq(s.g[1] & 0xffffffffu, 43);
        ck_assert_uint_eq(s.g[0] & 0xffffffffu, 50 + 49 + 48 + 47 + 46 + 45 + 44);
        ir_block_free(b);
    }
    request_at = 0;
}
END_TEST

/* Parallel moves at the back edge: each iteration rotates 8 globals (g[i+1] =
 * g[i] + i), so each ends the body in the register of another one's head
 * value, and the back edge must solve a cycle of moves. */
START_TEST(test_self_loop_rotation)
{
    for (int m = 0; m < 3; m++) {
        struct ir_block *b = ir_block_new();
        b->guest_pc = 0x2200;
        ir_val_t v[8];
        for (int i = 0; i < 8; i++)
            v[i] = ir_binop(b, IR_ADD, G32(b, i), ir_const32(b, (uint32_t)i));
        for (int i = 0; i < 8; i++)
            ir_set(b, G32(b, (i + 1) % 8), v[i]);
        ir_set(b, G32(b, 13), ir_binop(b, IR_SUB, G32(b, 13), ir_const32(b, 1)));
        ir_exit_if(b, IR_NE, G32(b, 13), ir_const32(b, 0), 0x2200, 9);
        ir_exit(b, 0x2400, 9);
        struct tstate s = base_state();
        s.g[13] = 37;
        struct tstate se = s;
        int iters = 0, ev;
        struct ir_target t = make_target((enum mode)m);
        do {
            ev = ir_eval(b, &se, &t);
            iters++;
        } while (ev == IR_EVAL_EXIT && se.pc == 0x2200);
        ck_assert_int_eq(iters, 37);
        struct backend_block bb;
        const uint8_t *code = compile(b, (enum mode)m, &bb);
        struct tstate sj = s;
        fill_tlb(&sj, mem_jit);
        *jc_slot(&sj, 0x2200) = (struct ir_jcache_entry){.pc = 0x2200, .code = code};
        ck_assert_uint_eq(enter((enum mode)m, &sj, code), 0x1001);
        for (int i = 0; i < 16; i++)
            ck_assert_msg(se.g[i] == sj.g[i], "g%d: eval %#llx jit %#llx", i,
                          (unsigned long long)se.g[i], (unsigned long long)sj.g[i]);
        ck_assert_uint_eq(sj.icount, se.icount);
        ck_assert_uint_eq(sj.pc, 0x2400);
        ir_block_free(b);
    }
}
END_TEST

/* A random block that loops to itself: g13 counts the iterations down (the
 * first op leaves at 0, so it ends), self exits anywhere (exit_if and the final
 * exit), the usual random body with every other way out; g14 is written only,
 * G15 only read. */
static struct ir_block *gen_loop_block(void)
{
    struct ir_block *b = ir_block_new();
    struct pool p = {.n = {0, 0}};
    b->guest_pc = 0x8000 + 4 * pick(256);
    uint32_t self = b->guest_pc;
    ir_val_t cnt = ir_binop(b, IR_SUB, G32(b, 13), ir_const32(b, 1));
    ir_set(b, G32(b, 13), cnt);
    ir_exit_if(b, IR_EQ, cnt, ir_const32(b, 0), 0xb000, 1);
    for (int i = 0; i < 8; i++)
        pool_add(&p, b, G32(b, i));
    for (int i = 8; i < 12; i++)
        pool_add(&p, b, G64(b, i));
    pool_add(&p, b, G64(b, 15));
    pool_add(&p, b, cnt);
    pool_add(&p, b, ir_const32(b, 0));
    unsigned nops = 1 + pick(rnd() & 7 ? 30 : 90);
    for (unsigned i = 0; i < nops; i++) {
        unsigned r = pick(40);
        if (r == 0)
            ir_exit_if(b, pick(IR_COND_COUNT), any(&p, IR_I32), any(&p, IR_I32), self,
                       (uint16_t)(1 + pick(9)));
        else if (r == 1)
            ir_set(b, G32(b, 14), any(&p, IR_I32));
        else if (r == 2)
            ir_call(b, &helper_request, IR_I32, any(&p, IR_I32), IR_NONE, IR_NONE, 0, 0, 0);
        else
            gen_op(b, &p, b->guest_pc + 4 * i);
    }
    unsigned r = pick(4);
    if (r < 2) {
        ir_exit(b, self, (uint16_t)(1 + pick(20)));
    } else {
        ir_exit_if(b, pick(IR_COND_COUNT), any(&p, IR_I32), rconst(b, IR_I32), self,
                   (uint16_t)(1 + pick(20)));
        gen_end(b, &p);
    }
    return b;
}

/* Runs loop block b through the evaluator, one iteration at a time while it
 * comes back to its own pc (as chained blocks would), and once through the
 * backend with the jump cache holding the block (when `cached`); they must
 * agree. Returns the evaluator's iterations. */
static unsigned run_loop_both(const struct ir_block *b, enum mode m, const struct tstate *init,
                              bool cached, int *how)
{
    struct tstate se, sj;
    prepare_pair(&se, &sj, init);
    struct ir_target t = make_target(m);
    struct backend_block bb;
    const uint8_t *code = compile(b, m, &bb);
    if (cached)
        *jc_slot(&sj, b->guest_pc) = (struct ir_jcache_entry){.pc = b->guest_pc, .code = code};
    cur_mem = mem_eval;
    cur_flat = m == MODE_FLAT;
    unsigned iters = 0;
    int ev;
    for (;;) {
        iters++;
        ev = ir_eval(b, &se, &t);
        if (ev == IR_EVAL_REQUESTED) se.pc = b->guest_pc;
        bool again = ev == IR_EVAL_EXIT || ev == IR_EVAL_EXIT_INDIRECT;
        if (!cached || !again || se.pc != b->guest_pc) break;
    }
    uint64_t jit = enter(m, &sj, code);
    if (ev == IR_EVAL_EXIT) {
        ck_assert_uint_ge(jit, 0x1000);
        ck_assert_uint_lt(jit - 0x1000, bb.nexits);
        ck_assert_uint_eq(bb.exits[jit - 0x1000].target_pc, se.pc);
    } else if (ev == IR_EVAL_EXIT_INDIRECT) {
        ck_assert_uint_eq(jit, miss_token(&bb));
    } else {
        ck_assert_uint_eq(jit, 0);
    }
    for (int i = 0; i < 16; i++)
        ck_assert_msg(se.g[i] == sj.g[i], "g%d: eval %#llx jit %#llx (iteration %u)", i,
                      (unsigned long long)se.g[i], (unsigned long long)sj.g[i], iters);
    ck_assert_int_eq(memcmp(&se, &sj, offsetof(struct tstate, jc)), 0);
    ck_assert_int_eq(memcmp(mem_eval, mem_jit, sizeof(mem_eval)), 0);
    *how = ev;
    return iters;
}

START_TEST(test_random_self_loops)
{
    rng = 0x2545f4914f6cdd1dull * (uint64_t)(_i + 1);
    unsigned seen[IR_EVAL_INVALID + 1] = {0}, looped = 0, requested_inside = 0;
    for (int round = 0; round < 2500; round++) {
        enum mode m = (enum mode)(round % 3);
        backend_set_features(be, round & 4, round & 8);
        backend_set_bmi2(be, round & 16);
        struct ir_block *b = gen_loop_block();
        if (backend_count_exits(b) > BACKEND_MAX_EXITS) {
            ir_block_free(b);
            continue;
        }
        const char *err = ir_verify(b, NULL);
        ck_assert_msg(err == NULL, "generator made a bad block: %s", err);
        struct tstate s = base_state();
        for (int i = 0; i < 16; i++)
            s.g[i] = rnd() & 1 ? edges[pick(NEDGES)] : rnd();
        s.g[13] = 1 + pick(rnd() & 3 ? 12 : 200);
        s.exit_request = pick(50) == 0;
        s.strict_align = rnd() & 1;
        s.resume_ret = rnd() & 1;
        request_at = pick(4) == 0 ? 1 + pick(6) : 0;
        for (unsigned i = 0; i < MEM_SIZE; i += 8) {
            uint64_t v = rnd();
            memcpy(mem_eval + i, &v, 8);
        }
        int how;
        unsigned iters = run_loop_both(b, m, &s, pick(8) != 0, &how);
        seen[how]++;
        looped += iters > 1;
        requested_inside += how == IR_EVAL_REQUESTED && iters > 1;
        ir_block_free(b);
    }
    for (int how = IR_EVAL_EXIT; how < IR_EVAL_INVALID; how++)
        ck_assert_msg(seen[how] >= 4, "way out %d taken %u times", how, seen[how]);
    ck_assert_uint_eq(seen[IR_EVAL_INVALID], 0);
    ck_assert_uint_ge(looped, 300);
    ck_assert_uint_ge(requested_inside, 10);
    request_at = 0;
    backend_set_features(be, 1, 1);
    backend_set_bmi2(be, 1);
}
END_TEST

static Suite *backend_suite(void)
{
    Suite *s = suite_create("backend");
    TCase *tc = tcase_create("run");
    tcase_set_timeout(tc, 600);
    tcase_add_checked_fixture(tc, code_setup, code_teardown);
    tcase_add_test(tc, test_entry_and_disasm);
    tcase_add_loop_test(tc, test_binops_edges, 0, 2);
    tcase_add_test(tc, test_known_values);
    tcase_add_loop_test(tc, test_division_edges, 0, 2);
    tcase_add_loop_test(tc, test_unops_edges, 0, 4);
    tcase_add_loop_test(tc, test_compare_select, 0, 2);
    tcase_add_test(tc, test_register_pressure);
    tcase_add_test(tc, test_exits_and_chaining);
    tcase_add_test(tc, test_scaled_add);
    tcase_add_test(tc, test_indirect_exit);
    tcase_add_test(tc, test_indirect_inline_cache);
    tcase_add_test(tc, test_indirect_exit_empty_cache);
    tcase_add_test(tc, test_direct_exit_probe_empty_cache);
    tcase_add_test(tc, test_raise_paths);
    tcase_add_loop_test(tc, test_memory_shapes, 0, 2);
    tcase_add_test(tc, test_code_changed);
    tcase_add_test(tc, test_exit_request);
    tcase_add_test(tc, test_errors);
    tcase_add_loop_test(tc, test_random_blocks, 0, 8);
    tcase_add_test(tc, test_self_loop);
    tcase_add_test(tc, test_self_loop_needs_jcache);
    tcase_add_test(tc, test_self_loop_unchecked);
    tcase_add_test(tc, test_self_loop_rotation);
    tcase_add_loop_test(tc, test_random_self_loops, 0, 6);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(backend_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
