/* tests/unit/backend_test.h — the test machine of tests/unit/test_backend.c: a
 * small CPU state with globals, pc, icount, exit_request, a jump cache and a
 * soft TLB; load/store/restore/resume_after callbacks over a byte array that
 * record what they saw; C helpers for IR_CALL; a W^X code buffer (one memfd
 * mapped RW and RX, as the code cache does) with the three entry trampolines
 * (flat, soft TLB, slow path only); and run_both(), which runs a block through
 * translator/ir_eval.c and through the backend and checks they agree.
 */
#ifndef TERN_TESTS_BACKEND_TEST_H
#define TERN_TESTS_BACKEND_TEST_H

#include <check.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "translator/ir.h"
#include "translator/ir_eval.h"
#include "translator/target.h"
#include "translator/x86/backend.h"
/* ---- the test machine ---- */

#define MEM_SIZE 0x10000u
#define TLB_BITS 4
#define JC_BITS 4
#define PAGE_MISS 2  /* no soft-TLB entry: the slow path serves it */
#define PAGE_CODE 3  /* readable inline; stores report CODE_CHANGED */
#define PAGE_FAULT 6 /* the slow path raises */

struct tstate {
    uint64_t g[16]; /* globals */
    uint32_t pc;
    uint32_t pad;
    uint64_t icount;
    uint8_t exit_request;
    uint8_t strict_align; /* slow path raises on an unaligned access */
    uint8_t resume_ret;   /* what resume_after answers */
    uint8_t pad2[5];
    uint64_t exc; /* exception code recorded by raising helpers */
    uint64_t restores, restore_pc, restore_flags;
    uint64_t resumes, resume_pc;
    uint64_t calls, call_sum;
    uint64_t faults, fault_addr;
    struct ir_jcache_entry jc[1 << JC_BITS];
    struct ir_softtlb_entry tlb[1 << TLB_BITS];
    uint64_t jc_probes; /* indirect exits that probed jc (after jc: not compared) */
};

static uint8_t *cur_mem; /* the memory the callbacks serve */
static bool cur_flat;    /* flat memory never faults nor holds code (the evaluator's view of it) */
static uint8_t mem_eval[MEM_SIZE + 16], mem_jit[MEM_SIZE + 16];

static unsigned msize(unsigned flags)
{
    return flags & IR_MEM_SIZE_MASK;
}

static bool slow_fault(struct tstate *s, uint32_t addr, unsigned n)
{
    if (cur_flat) return false;
    if (addr + n > MEM_SIZE || addr >> 12 == PAGE_FAULT || (s->strict_align && (addr & (n - 1)))) {
        s->faults++;
        s->fault_addr = addr;
        return true;
    }
    return false;
}

static bool t_load(void *cpu, uint32_t addr, unsigned flags, uint64_t *value)
{
    unsigned n = msize(flags);
    if (slow_fault(cpu, addr, n)) return false;
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++) {
        unsigned k = flags & IR_MEM_BIG_ENDIAN ? i : n - 1 - i;
        v = v << 8 | cur_mem[addr + k];
    }
    if ((flags & IR_MEM_SIGNED) && n < 8)
        v = (uint64_t)((int64_t)(v << (64 - 8 * n)) >> (64 - 8 * n));
    *value = n == 8 ? v : v & 0xffffffffu;
    return true;
}

static int t_store(void *cpu, uint32_t addr, unsigned flags, uint64_t value)
{
    unsigned n = msize(flags);
    if (slow_fault(cpu, addr, n)) return TARGET_STORE_RAISED;
    for (unsigned i = 0; i < n; i++) {
        unsigned k = flags & IR_MEM_BIG_ENDIAN ? n - 1 - i : i;
        cur_mem[addr + k] = (uint8_t)(value >> (8 * i));
    }
    return addr >> 12 == PAGE_CODE && !cur_flat ? TARGET_STORE_CODE_CHANGED : TARGET_STORE_OK;
}

static bool t_resume_after(void *cpu, uint32_t pc, uint16_t pc_flags)
{
    struct tstate *s = cpu;
    (void)pc_flags;
    s->resumes++;
    s->resume_pc = pc;
    if (s->resume_ret) s->pc = pc + 4;
    return s->resume_ret;
}

static void t_restore(void *cpu, uint32_t pc, uint16_t pc_flags)
{
    struct tstate *s = cpu;
    s->restores++;
    s->restore_pc = pc;
    s->restore_flags = pc_flags;
    s->pc = 0x80000180u;
}

enum mode { MODE_FLAT, MODE_TLB, MODE_SLOW };

static struct ir_target make_target(enum mode m)
{
    return (struct ir_target){
        .pc_offset = offsetof(struct tstate, pc),
        .icount_offset = offsetof(struct tstate, icount),
        .exit_request_offset = offsetof(struct tstate, exit_request),
        .restore = t_restore,
        .load = t_load,
        .store = t_store,
        .resume_after = t_resume_after,
        .flat_base = m == MODE_FLAT ? mem_jit : NULL,
        .softtlb_offset = offsetof(struct tstate, tlb),
        .softtlb_bits = m == MODE_TLB ? TLB_BITS : 0,
        .jcache_offset = offsetof(struct tstate, jc),
        .jcache_bits = JC_BITS,
        .jcache_count_offset = offsetof(struct tstate, jc_probes),
    };
}

/* Maps the guest's first 64 KiB 1:1 onto `mem` with a few special pages. */
static void fill_tlb(struct tstate *s, uint8_t *mem)
{
    for (unsigned p = 0; p < (1u << TLB_BITS); p++) {
        struct ir_softtlb_entry *e = &s->tlb[p];
        bool none = p == PAGE_MISS || p == PAGE_FAULT;
        e->read_tag = none ? IR_SOFTTLB_INVALID : p << 12;
        e->write_tag = none || p == PAGE_CODE ? IR_SOFTTLB_INVALID : p << 12;
        e->addend = (uint64_t)(uintptr_t)mem;
    }
    for (unsigned i = 0; i < (1u << JC_BITS); i++)
        s->jc[i].pc = ir_jcache_empty_pc(i);
}

/* ---- helpers callable from blocks ---- */

static uint64_t h_mix(void *cpu, uint64_t a, uint64_t b, uint64_t c)
{
    struct tstate *s = cpu;
    s->calls++;
    s->call_sum += a ^ (b << 1) ^ (c << 2);
    return a * 3 + b * 5 + c * 7;
}

static uint64_t h_read(void *cpu, uint64_t a, uint64_t b, uint64_t c)
{
    struct tstate *s = cpu;
    (void)b;
    (void)c;
    s->calls++;
    return s->g[0] + s->g[9] + a;
}

static uint64_t h_write(void *cpu, uint64_t a, uint64_t b, uint64_t c)
{
    struct tstate *s = cpu;
    (void)c;
    s->calls++;
    s->g[1] = (s->g[1] & ~0xffffffffull) | (uint32_t)(a + s->g[1]);
    s->g[9] += b;
    return s->g[3];
}

static uint64_t h_raise(void *cpu, uint64_t a, uint64_t b, uint64_t c)
{
    struct tstate *s = cpu;
    (void)b;
    (void)c;
    s->calls++;
    if (a & 1) s->exc = 0x77;
    return a & 1;
}

static uint64_t h_end(void *cpu, uint64_t a, uint64_t b, uint64_t c)
{
    struct tstate *s = cpu;
    (void)c;
    s->calls++;
    s->pc = (uint32_t)(a + b) & ~3u;
    return 0;
}

static uint64_t h_exc(void *cpu, uint64_t code, uint64_t b, uint64_t c)
{
    struct tstate *s = cpu;
    s->exc = code + b + c;
    return 0;
}

static const struct ir_helper helper_mix = {"mix", h_mix, IR_CALL_PURE};
static const struct ir_helper helper_read = {"read", h_read, IR_CALL_READS_GLOBALS};
static const struct ir_helper helper_write = {"write", h_write,
                                              IR_CALL_READS_GLOBALS | IR_CALL_WRITES_GLOBALS};
static const struct ir_helper helper_raise = {"raise", h_raise, IR_CALL_CAN_RAISE};
static const struct ir_helper helper_end = {"end", h_end,
                                            IR_CALL_ENDS_BLOCK | IR_CALL_READS_GLOBALS};
static const struct ir_helper helper_exc = {"exc", h_exc, IR_CALL_READS_GLOBALS};

/* ---- the code buffer: one memfd, mapped RW and RX ---- */

#define CODE_SIZE (4u << 20)

static uint8_t *code_rw, *code_rx;
static size_t code_used;
static struct backend_entry entries[3];
static struct backend *be;

static void code_setup(void)
{
    int fd = memfd_create("tern-test-code", 0);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(ftruncate(fd, CODE_SIZE), 0);
    code_rw = mmap(NULL, CODE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    code_rx = mmap(NULL, CODE_SIZE, PROT_READ | PROT_EXEC, MAP_SHARED, fd, 0);
    close(fd);
    ck_assert_ptr_ne(code_rw, MAP_FAILED);
    ck_assert_ptr_ne(code_rx, MAP_FAILED);
    code_used = 0;
    for (int m = 0; m < 3; m++) {
        struct ir_target t = make_target((enum mode)m);
        int n = backend_emit_entry(code_rw + code_used, code_rx + code_used, 256, &t, &entries[m]);
        ck_assert_int_gt(n, 0);
        code_used += 64 * (((size_t)n + 63) / 64);
    }
    be = backend_new();
    ck_assert_ptr_nonnull(be);
}

static void code_teardown(void)
{
    backend_free(be);
    munmap(code_rw, CODE_SIZE);
    munmap(code_rx, CODE_SIZE);
}

static const uint64_t tokens[BACKEND_MAX_EXITS] = {
    0x1000, 0x1001, 0x1002, 0x1003, 0x1004, 0x1005, 0x1006, 0x1007, 0x1008, 0x1009, 0x100a,
    0x100b, 0x100c, 0x100d, 0x100e, 0x100f, 0x1010, 0x1011, 0x1012, 0x1013, 0x1014, 0x1015,
    0x1016, 0x1017, 0x1018, 0x1019, 0x101a, 0x101b, 0x101c, 0x101d, 0x101e, 0x101f};

/* Points the rel32 field at offset `at` of the block at rx to offset `to`. */
static void patch_field(const uint8_t *rx, uint32_t at, uint32_t to)
{
    int32_t rel = (int32_t)to - (int32_t)(at + 4);
    memcpy(code_rw + (rx - code_rx) + at, &rel, 4);
}

/* Compiles b for target t into the code buffer (wrapping around when full)
 * and, as the code cache commits a block, points every exit's jmp at its stub; the RX
 * address. */
static const uint8_t *compile_for(const struct ir_block *b, const struct ir_target *t, enum mode m,
                                  struct backend_block *out)
{
    if (code_used + 65536 > CODE_SIZE) code_used = 4096; /* the entries stay at the start */
    int n = backend_emit_block(be, b, t, &entries[m], tokens, code_rw + code_used,
                               code_rx + code_used, CODE_SIZE - code_used, out);
    ck_assert_msg(n > 0, "backend_emit_block returned %d", n);
    const uint8_t *rx = code_rx + code_used;
    code_used += 16 * (((size_t)n + 15) / 16);
    for (unsigned i = 0; i < out->nexits; i++)
        patch_field(rx, out->exits[i].rel32_offset, out->exits[i].stub_offset);
    return rx;
}

/* compile_for with mode m's usual target. */
static const uint8_t *compile_raw(const struct ir_block *b, enum mode m, struct backend_block *out)
{
    struct ir_target t = make_target(m);
    return compile_for(b, &t, m, out);
}

/* compile_raw, and every inline cache set to no pc (as the engine sets one
 * it may not chain), so its indirect exit probes the jump cache. */
static const uint8_t *compile(const struct ir_block *b, enum mode m, struct backend_block *out)
{
    const uint8_t *rx = compile_raw(b, m, out);
    for (unsigned i = 0; i < out->nexits; i++)
        if (out->exits[i].ic_offset)
            patch_field(rx, out->exits[i].ic_fill_offset, out->exits[i].stub_offset);
    return rx;
}

/* What an indirect exit of bb returns on a jump-cache miss: its inline
 * cache's token, IR_TOKEN_JCACHE_MISS when it has none. */
static uint64_t miss_token(const struct backend_block *bb)
{
    for (unsigned i = 0; i < bb->nexits; i++)
        if (bb->exits[i].ic_offset) return tokens[i];
    return IR_TOKEN_JCACHE_MISS;
}

static uint64_t enter(enum mode m, struct tstate *s, const uint8_t *code)
{
    cur_mem = mem_jit;
    cur_flat = m == MODE_FLAT;
    return ((backend_enter_fn)entries[m].enter)(s, code);
}

/* ---- running a block both ways ---- */

struct outcome {
    int eval;
    uint64_t jit;
};

static void prepare_pair(struct tstate *se, struct tstate *sj, const struct tstate *init)
{
    *se = *init;
    *sj = *init;
    fill_tlb(sj, mem_jit);
    fill_tlb(se, mem_jit); /* the evaluator never reads the TLB; keep the states equal */
    memcpy(mem_jit, mem_eval, sizeof(mem_eval));
}

/* Runs b through ir_eval and the backend from the same state; checks that they
 * agree and returns both results. */
static struct outcome run_both(const struct ir_block *b, enum mode m, const struct tstate *init)
{
    struct tstate se, sj;
    prepare_pair(&se, &sj, init);
    struct ir_target t = make_target(m);
    cur_mem = mem_eval;
    cur_flat = m == MODE_FLAT;
    struct outcome o;
    o.eval = ir_eval(b, &se, &t);
    struct backend_block bb;
    const uint8_t *code = compile(b, m, &bb);
    o.jit = enter(m, &sj, code);
    if (o.eval == IR_EVAL_REQUESTED) se.pc = b->guest_pc; /* the backend reports where to resume */
    if (o.eval == IR_EVAL_EXIT) {
        ck_assert_uint_ge(o.jit, 0x1000);
        ck_assert_uint_lt(o.jit - 0x1000, bb.nexits);
        ck_assert_uint_eq(bb.exits[o.jit - 0x1000].target_pc, se.pc);
    } else if (o.eval == IR_EVAL_EXIT_INDIRECT) {
        ck_assert_uint_eq(o.jit, miss_token(&bb)); /* the random tests' cache is empty */
    } else {
        ck_assert_uint_eq(o.jit, 0);
    }
    for (int i = 0; i < 16; i++)
        ck_assert_msg(se.g[i] == sj.g[i], "g%d: eval %#llx jit %#llx", i,
                      (unsigned long long)se.g[i], (unsigned long long)sj.g[i]);
    ck_assert_int_eq(memcmp(&se, &sj, offsetof(struct tstate, jc)), 0);
    ck_assert_int_eq(memcmp(mem_eval, mem_jit, sizeof(mem_eval)), 0);
    return o;
}

static struct tstate base_state(void)
{
    struct tstate s;
    memset(&s, 0, sizeof(s));
    for (int i = 0; i < 16; i++)
        s.g[i] = 0x1111111111111111ull * (uint64_t)(i + 1);
    s.pc = 0x1234;
    return s;
}

#define G32(b, i) ir_global(b, IR_I32, offsetof(struct tstate, g[i]), "g" #i)
#define G64(b, i) ir_global(b, IR_I64, offsetof(struct tstate, g[i]), "G" #i)

static const uint64_t edges[] = {0,
                                 1,
                                 2,
                                 5,
                                 31,
                                 32,
                                 33,
                                 63,
                                 64,
                                 0x7f,
                                 0x80,
                                 0xff,
                                 0x8000,
                                 0xffff,
                                 0x7fffffff,
                                 0x80000000,
                                 0xffffffff,
                                 0xfffffffe,
                                 0x12345678,
                                 0x100000000ull,
                                 0x8000000000000000ull,
                                 0x7fffffffffffffffull,
                                 0xffffffffffffffffull,
                                 0xdeadbeefcafebabeull};
#define NEDGES (sizeof(edges) / sizeof(edges[0]))

#endif
