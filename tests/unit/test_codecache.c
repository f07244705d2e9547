/* tests/unit/test_codecache.c — the code cache: W^X memory that really runs,
 * the block table, chaining and exact unchaining, invalidation by page with
 * the page hook, the jump cache, flush and the full cache.
 *
 * Blocks are real x86-64 code made with translator/x86/x86_emit.h and called
 * through the RX view: a "value" block is `mov eax, v; ret`; an "exit" block
 * is one patchable `jmp rel32` whose stub is `mov eax, v; ret`, so calling it
 * returns the stub's value while unlinked and the target's value once linked.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "codecache/codecache.h"
#include "codecache/jump_cache.h"
#include "translator/x86/x86_emit.h"

#define PAGE(n) (0x100000u + (n)*0x1000u)

static struct cc cc;

static void setup(void)
{
    ck_assert_int_eq(cc_init(&cc, 1 << 20), 0);
}

static void teardown(void)
{
    cc_destroy(&cc);
}

static int call0(const void *code)
{
    int (*f)(void);
    memcpy(&f, &code, sizeof(f));
    return f();
}

static int call1(const void *code, int arg)
{
    int (*f)(int);
    memcpy(&f, &code, sizeof(f));
    return f(arg);
}

static struct cc_block_info info(uint32_t ppc, uint32_t flags, uint32_t page2)
{
    return (struct cc_block_info){
        .vpc = 0x80000000u | ppc, .ppc = ppc, .flags = flags, .page2 = page2, .icount = 3};
}

/* Commits the code in buf (written at the code space) as b with its exits. */
static struct cc_block *commit(struct cc_block *b, struct x86_buf *buf,
                               const struct cc_exit_desc *exits, unsigned n)
{
    ck_assert(x86_buf_ok(buf));
    ck_assert_int_eq(cc_block_commit(&cc, b, x86_buf_offset(buf), exits, n), CC_OK);
    return b;
}

static struct cc_block *value_block(uint32_t ppc, uint32_t flags, uint32_t page2, int v)
{
    struct cc_block_info in = info(ppc, flags, page2);
    struct cc_block *b = cc_block_new(&in, 0);
    uint8_t *rw;
    size_t avail;
    cc_code_space(&cc, &rw, &avail);
    struct x86_buf buf;
    x86_buf_init(&buf, rw, avail);
    x86_emit_mov_ri(&buf, X86_W32, X86_RAX, v);
    x86_emit_ret(&buf);
    return commit(b, &buf, NULL, 0);
}

/* Emits a padded jmp rel32 to a `mov eax, stub_value; ret` stub into buf;
 * returns the exit's description. */
static struct cc_exit_desc emit_exit(struct x86_buf *buf, int stub_value)
{
    x86_emit_nop(buf, cc_jmp_padding(x86_buf_offset(buf)));
    size_t field = x86_emit_jmp_rel32(buf, 0x12345678); /* commit must repair it */
    struct cc_exit_desc d = {.jmp_field = (uint32_t)field, .stub = (uint32_t)field + 4};
    x86_emit_mov_ri(buf, X86_W32, X86_RAX, stub_value);
    x86_emit_ret(buf);
    return d;
}

/* A new block with one exit, and buf over the code space to emit it into. */
static struct cc_block *one_exit_block(uint32_t ppc, uint32_t page2, struct x86_buf *buf)
{
    struct cc_block_info in = info(ppc, 0, page2);
    struct cc_block *b = cc_block_new(&in, 1);
    uint8_t *rw;
    size_t avail;
    cc_code_space(&cc, &rw, &avail);
    x86_buf_init(buf, rw, avail);
    return b;
}

static struct cc_block *exit_block(uint32_t ppc, uint32_t page2, int stub_value)
{
    struct x86_buf buf;
    struct cc_block *b = one_exit_block(ppc, page2, &buf);
    struct cc_exit_desc d = emit_exit(&buf, stub_value);
    return commit(b, &buf, &d, 1);
}

static unsigned incoming_count(const struct cc_block *b)
{
    unsigned n = 0;
    for (const struct cc_exit *e = b->incoming; e; e = e->in_next) {
        ck_assert_ptr_eq(e->to, b);
        n++;
    }
    return n;
}

/* The permissions column of /proc/self/maps for the mapping holding p. */
static void perms_of(const void *p, char out[5])
{
    FILE *f = fopen("/proc/self/maps", "r");
    ck_assert_ptr_nonnull(f);
    unsigned long lo, hi;
    char perms[5];
    strcpy(out, "none");
    while (fscanf(f, "%lx-%lx %4s%*[^\n]", &lo, &hi, perms) == 3) {
        if ((unsigned long)p >= lo && (unsigned long)p < hi) strcpy(out, perms);
    }
    fclose(f);
}

START_TEST(test_exec_mem_runs_and_is_wx)
{
    struct exec_mem m;
    ck_assert_int_eq(exec_mem_init(&m, 10000), 0);
    ck_assert_uint_eq(m.size % 4096, 0);
    ck_assert_uint_ge(m.size, 10000);
    uint8_t *rx = exec_mem_alloc(&m, 16, 16);
    ck_assert_ptr_eq(rx, m.rx);
    struct x86_buf b;
    x86_buf_init(&b, exec_mem_rw(&m, rx), 16);
    x86_emit_mov_ri(&b, X86_W32, X86_RAX, 42);
    x86_emit_ret(&b);
    ck_assert_int_eq(call0(rx), 42);
    /* A second write through the RW view is seen by the RX view at once. */
    x86_buf_init(&b, exec_mem_rw(&m, rx), 16);
    x86_emit_mov_ri(&b, X86_W32, X86_RAX, 7);
    ck_assert_int_eq(call0(rx), 7);
    char p[5];
    perms_of(m.rx, p);
    ck_assert_str_eq(p, "r-xs");
    perms_of(m.rw, p);
    ck_assert_str_eq(p, "rw-s");
    exec_mem_destroy(&m);
}
END_TEST

START_TEST(test_exec_mem_bump)
{
    struct exec_mem m;
    ck_assert_int_eq(exec_mem_init(&m, 4096), 0);
    uint8_t *a = exec_mem_alloc(&m, 3, 1);
    uint8_t *b = exec_mem_alloc(&m, 8, 16);
    ck_assert_ptr_eq(b, a + 16);
    ck_assert_uint_eq(exec_mem_avail(&m, 16), 4096 - 32);
    ck_assert_ptr_null(exec_mem_alloc(&m, 4096 - 24 + 1, 1));
    ck_assert_uint_eq(m.used, 24); /* a failed alloc consumes nothing */
    ck_assert_ptr_nonnull(exec_mem_alloc(&m, 4096 - 24, 1));
    ck_assert_ptr_null(exec_mem_alloc(&m, 1, 1));
    ck_assert_uint_eq(exec_mem_avail(&m, 16), 0);
    exec_mem_reset(&m);
    ck_assert_ptr_eq(exec_mem_alloc(&m, 1, 1), m.rx);
    exec_mem_destroy(&m);
    ck_assert_int_lt(exec_mem_init(&m, 0), 0);
}
END_TEST

START_TEST(test_lookup)
{
    struct cc_block *a = value_block(PAGE(0), 0, CC_NO_PAGE, 1);
    struct cc_block *b = value_block(PAGE(0), 1, CC_NO_PAGE, 2);
    struct cc_block *c = value_block(PAGE(0) + 4, 0, CC_NO_PAGE, 3);
    ck_assert_ptr_eq(cc_lookup(&cc, a->vpc, PAGE(0), 0), a);
    ck_assert_ptr_eq(cc_lookup(&cc, b->vpc, PAGE(0), 1), b);
    ck_assert_ptr_eq(cc_lookup(&cc, c->vpc, PAGE(0) + 4, 0), c);
    ck_assert_ptr_null(cc_lookup(&cc, a->vpc, PAGE(0), 2));
    ck_assert_ptr_null(cc_lookup(&cc, 0xa0000000u | PAGE(0), PAGE(0), 0)); /* other alias */
    ck_assert_ptr_null(cc_lookup(&cc, a->vpc + 8, PAGE(0) + 8, 0));
    ck_assert_int_eq(call0(b->code), 2);
    ck_assert_int_eq(cc_block_commit(&cc, b, 6, NULL, 0), CC_EINVAL); /* already in */
    ck_assert_uint_eq((uintptr_t)a->code % CC_CODE_ALIGN, 0);
    ck_assert_uint_eq((uintptr_t)c->code % CC_CODE_ALIGN, 0);
    ck_assert_uint_eq(a->icount, 3);
    ck_assert_uint_eq(cc.stats.blocks, 3);
    cc_invalidate_block(&cc, b);
    ck_assert_ptr_null(cc_lookup(&cc, b->vpc, PAGE(0), 1));
    ck_assert_ptr_eq(cc_lookup(&cc, a->vpc, PAGE(0), 0), a);
    ck_assert_uint_eq(cc.stats.blocks, 2);
}
END_TEST

START_TEST(test_lookup_many)
{
    enum { N = 5000 };
    static struct cc_block *blocks[N];
    for (unsigned i = 0; i < N; i++)
        blocks[i] = value_block(PAGE(i % 40) + 4 * (i / 40), i % 3, CC_NO_PAGE, (int)i);
    for (unsigned i = 0; i < N; i++) {
        struct cc_block *b = blocks[i];
        ck_assert_ptr_eq(cc_lookup(&cc, b->vpc, b->ppc, b->flags), b);
    }
    ck_assert_int_eq(call0(blocks[N - 1]->code), N - 1);
    /* One pc in many modes: some share a bucket, each must find its own. */
    static struct cc_block *modes[256];
    for (unsigned f = 0; f < 256; f++)
        modes[f] = value_block(PAGE(50), f << 8, CC_NO_PAGE, (int)f);
    for (unsigned f = 0; f < 256; f++)
        ck_assert_ptr_eq(cc_lookup(&cc, modes[f]->vpc, PAGE(50), f << 8), modes[f]);
}
END_TEST

/* The block table starts small and grows with the blocks: growing rehashes
 * only live blocks, and a flush after growing empties the bigger table. */
START_TEST(test_table_grows)
{
    enum { N = 3 * CC_TABLE_START };
    static struct cc_block *blocks[N];
    for (unsigned i = 0; i < N; i++) {
        blocks[i] = value_block(PAGE(i % 64) + 4 * (i / 64), 0, CC_NO_PAGE, (int)i);
        if (i % 5 == 0) cc_invalidate_block(&cc, blocks[i]); /* dead before each growth */
    }
    ck_assert_uint_gt(cc.table_mask + 1, CC_TABLE_START);
    for (unsigned i = 0; i < N; i++) {
        struct cc_block *want = i % 5 == 0 ? NULL : blocks[i];
        ck_assert_ptr_eq(cc_lookup(&cc, blocks[i]->vpc, blocks[i]->ppc, 0), want);
    }
    cc_flush(&cc);
    for (unsigned i = 1; i < N; i += 97) { /* blocks[] are freed: recompute the pcs */
        uint32_t ppc = PAGE(i % 64) + 4 * (i / 64);
        ck_assert_ptr_null(cc_lookup(&cc, 0x80000000u | ppc, ppc, 0));
    }
    struct cc_block *b = value_block(PAGE(3), 0, CC_NO_PAGE, 7);
    ck_assert_ptr_eq(cc_lookup(&cc, b->vpc, PAGE(3), 0), b);
    ck_assert_int_eq(call0(b->code), 7);
}
END_TEST

START_TEST(test_link_and_invalidate_target)
{
    struct cc_block *a = exit_block(PAGE(0), CC_NO_PAGE, 1);
    struct cc_block *b = value_block(PAGE(1), 0, CC_NO_PAGE, 2);
    ck_assert_int_eq(call0(a->code), 1); /* commit pointed the jmp at its stub */
    ck_assert(cc_link(&cc, &a->exits[0], b));
    ck_assert_int_eq(call0(a->code), 2);
    ck_assert_ptr_eq(a->exits[0].to, b);
    ck_assert_uint_eq(incoming_count(b), 1);
    ck_assert_uint_eq(cc.stats.links, 1);
    ck_assert_uint_eq(cc_invalidate_page(&cc, PAGE(1) + 0x123), 1);
    ck_assert_int_eq(call0(a->code), 1);
    ck_assert_ptr_null(a->exits[0].to);
    ck_assert_uint_eq(cc.stats.unlinks, 1);
    ck_assert(!cc_link(&cc, &a->exits[0], b)); /* b is gone */
    ck_assert_int_eq(call0(a->code), 1);
}
END_TEST

/* An inline cache as the x86 backend lays one out: cmp edi, imm32 ;
 * jne fill ; jmp rel32 (-> stub: eax = 1) ; fill: eax = 2. cc_link refuses it
 * until cc_ic_set has written its pc and pointed jne at the stub, and then
 * links it only to that pc's block. */
static struct cc_block *ic_block(uint32_t ppc)
{
    struct x86_buf buf;
    struct cc_block *b = one_exit_block(ppc, CC_NO_PAGE, &buf);
    x86_emit_nop(&buf, (4 - (x86_buf_offset(&buf) + 6) % 4) % 4);
    x86_emit_alu_ri(&buf, X86_CMP, X86_W32, X86_RDI, 0x7ffffffd);
    uint32_t imm = (uint32_t)x86_buf_offset(&buf) - 4;
    x86_emit_nop(&buf, (4 - (x86_buf_offset(&buf) + 6) % 4) % 4);
    size_t jne = x86_emit_jcc_rel32(&buf, X86_CC_NE, 0);
    struct cc_exit_desc d = emit_exit(&buf, 1);
    x86_patch_rel32(&buf, jne, x86_buf_offset(&buf));
    x86_emit_mov_ri(&buf, X86_W32, X86_RAX, 2);
    x86_emit_ret(&buf);
    d.ic_fill = (uint32_t)jne;
    d.ic_field = imm;
    d.target_pc = 0x7ffffffd;
    return commit(b, &buf, &d, 1);
}

START_TEST(test_inline_cache)
{
    struct cc_block *a = ic_block(PAGE(0));
    struct cc_block *b = value_block(PAGE(1), 0, CC_NO_PAGE, 7);
    struct cc_block *o = value_block(PAGE(2), 0, CC_NO_PAGE, 8);
    struct cc_exit *e = &a->exits[0];
    ck_assert_int_eq(call1(a->code, (int)b->vpc), 2); /* empty: to fill */
    ck_assert_int_eq(call1(a->code, (int)o->vpc), 2);
    ck_assert(!cc_link(&cc, e, b));
    cc_ic_set(&cc, e, b->vpc);
    uint32_t word;
    memcpy(&word, a->code + e->ic_field, 4);
    ck_assert_uint_eq(word, b->vpc);
    ck_assert_uint_eq(e->target_pc, b->vpc);
    cc_ic_set(&cc, e, o->vpc); /* written once */
    ck_assert_uint_eq(e->target_pc, b->vpc);
    ck_assert_int_eq(call1(a->code, (int)b->vpc), 1); /* a hit, unchained: the stub */
    ck_assert(!cc_link(&cc, e, o));
    ck_assert(cc_link(&cc, e, b));
    ck_assert_int_eq(call1(a->code, (int)b->vpc), 7);
    ck_assert_int_eq(call1(a->code, (int)o->vpc), 1); /* set: others to the stub */
    ck_assert_uint_eq(cc_invalidate_page(&cc, PAGE(1)), 1);
    ck_assert_int_eq(call1(a->code, (int)b->vpc), 1); /* unlinked: the stub */
    struct cc_block *b2 = value_block(PAGE(1), 0, CC_NO_PAGE, 9); /* b translated again */
    ck_assert(cc_link(&cc, e, b2));
    ck_assert_int_eq(call1(a->code, (int)b->vpc), 9);
}
END_TEST

START_TEST(test_invalidate_source_unlinks_outgoing)
{
    struct cc_block *a = exit_block(PAGE(0), CC_NO_PAGE, 1);
    struct cc_block *b = value_block(PAGE(1), 0, CC_NO_PAGE, 2);
    ck_assert(cc_link(&cc, &a->exits[0], b));
    cc_invalidate_block(&cc, a);
    ck_assert_ptr_null(b->incoming);
    ck_assert(!cc_link(&cc, &a->exits[0], b));
    ck_assert_int_eq(call0(a->code), 1); /* its code stays until a flush */
}
END_TEST

/* entry: add edi, 1; cmp edi, 10; jge done; jmp exit -> stub (eax = 100);
 * done: eax = edi. Linked to itself it counts up to 10. */
START_TEST(test_self_link)
{
    struct cc_block_info in = info(PAGE(2), 0, CC_NO_PAGE);
    struct cc_block *b = cc_block_new(&in, 1);
    uint8_t *rw;
    size_t avail;
    cc_code_space(&cc, &rw, &avail);
    struct x86_buf buf;
    x86_buf_init(&buf, rw, avail);
    x86_emit_alu_ri(&buf, X86_ADD, X86_W32, X86_RDI, 1);
    x86_emit_alu_ri(&buf, X86_CMP, X86_W32, X86_RDI, 10);
    size_t done = x86_emit_jcc_rel32(&buf, X86_CC_GE, 0);
    struct cc_exit_desc d = emit_exit(&buf, 100);
    x86_patch_rel32(&buf, done, x86_buf_offset(&buf));
    x86_emit_mov_rr(&buf, X86_W32, X86_RAX, X86_RDI);
    x86_emit_ret(&buf);
    commit(b, &buf, &d, 1);
    ck_assert_int_eq(call1(b->code, 0), 100);
    ck_assert(cc_link(&cc, &b->exits[0], b));
    ck_assert_uint_eq(incoming_count(b), 1);
    ck_assert_int_eq(call1(b->code, 0), 10);
    ck_assert_int_eq(call1(b->code, 20), 21);
    cc_invalidate_block(&cc, b);
    ck_assert_ptr_null(b->incoming);
    ck_assert_int_eq(call1(b->code, 0), 100);
}
END_TEST

START_TEST(test_incoming_exact)
{
    enum { N = 8 };
    struct cc_block *x[N];
    for (int i = 0; i < N; i++)
        x[i] = exit_block(PAGE(0) + 16 * i, CC_NO_PAGE, 10 + i);
    struct cc_block *t1 = value_block(PAGE(1), 0, CC_NO_PAGE, 1);
    struct cc_block *t2 = value_block(PAGE(2), 0, CC_NO_PAGE, 2);
    for (int i = 0; i < N; i++)
        ck_assert(cc_link(&cc, &x[i]->exits[0], i % 2 ? t1 : t2));
    ck_assert(cc_link(&cc, &x[0]->exits[0], t1)); /* relink t2 -> t1 */
    ck_assert(cc_link(&cc, &x[3]->exits[0], t2)); /* relink t1 -> t2 */
    cc_unlink(&cc, &x[5]->exits[0]);
    cc_unlink(&cc, &x[5]->exits[0]);              /* twice: no-op */
    ck_assert(cc_link(&cc, &x[7]->exits[0], t1)); /* same target again: no-op */
    /* t1 <- x0 x1 x7; t2 <- x2 x3 x4 x6; x5 unlinked */
    ck_assert_uint_eq(incoming_count(t1), 3);
    ck_assert_uint_eq(incoming_count(t2), 4);
    const int want[N] = {1, 1, 2, 2, 2, 15, 2, 1};
    for (int i = 0; i < N; i++)
        ck_assert_int_eq(call0(x[i]->code), want[i]);
    cc_invalidate_block(&cc, t1);
    const int after[N] = {10, 11, 2, 2, 2, 15, 2, 17};
    for (int i = 0; i < N; i++)
        ck_assert_int_eq(call0(x[i]->code), after[i]);
    ck_assert_uint_eq(incoming_count(t2), 4);
    ck_assert_uint_eq(cc.stats.links, N + 2);
    ck_assert_uint_eq(cc.stats.unlinks, 2 + 1 + 3);
}
END_TEST

START_TEST(test_invalidate_page_many)
{
    enum { NP = 200, NQ = 50, NS = 10 };
    struct cc_block *p[NP], *q[NQ], *s[NS];
    struct cc_block *src = exit_block(PAGE(9), CC_NO_PAGE, 77);
    for (int i = 0; i < NP; i++)
        p[i] = value_block(PAGE(3) + 4 * i, 0, CC_NO_PAGE, i);
    for (int i = 0; i < NQ; i++)
        q[i] = value_block(PAGE(4) + 4 * i, 0, CC_NO_PAGE, i);
    for (int i = 0; i < NS; i++) /* on page 2, their delay slot on page 3 */
        s[i] = value_block(PAGE(3) - 4 - 16 * i, 0, PAGE(3), i);
    ck_assert(cc_link(&cc, &src->exits[0], p[17]));
    ck_assert(cc_page_has_code(&cc, PAGE(3) + 0xfff));
    ck_assert_uint_eq(cc_invalidate_page(&cc, PAGE(3) + 0x800), NP + NS);
    ck_assert(!cc_page_has_code(&cc, PAGE(3)));
    for (int i = 0; i < NP; i++)
        ck_assert_ptr_null(cc_lookup(&cc, p[i]->vpc, p[i]->ppc, 0));
    for (int i = 0; i < NS; i++)
        ck_assert_ptr_null(cc_lookup(&cc, s[i]->vpc, s[i]->ppc, 0));
    for (int i = 0; i < NQ; i++)
        ck_assert_ptr_eq(cc_lookup(&cc, q[i]->vpc, q[i]->ppc, 0), q[i]);
    ck_assert(!cc_page_has_code(&cc, PAGE(2))); /* the s blocks' first page: gone too */
    ck_assert(cc_page_has_code(&cc, PAGE(4)));
    ck_assert_uint_eq(cc_invalidate_page(&cc, PAGE(2)), 0);
    ck_assert_int_eq(call0(src->code), 77);
    ck_assert_uint_eq(cc.stats.invalidated, NP + NS);
    ck_assert_uint_eq(cc_invalidate_page(&cc, PAGE(3)), 0);
    ck_assert_uint_eq(cc.stats.blocks, NQ + 1);
}
END_TEST

struct hook_log {
    unsigned n;
    uint32_t page[16];
    bool has[16];
};

static void hook(void *opaque, uint32_t page, bool has_code)
{
    struct hook_log *log = opaque;
    ck_assert_uint_lt(log->n, 16);
    log->page[log->n] = page;
    log->has[log->n++] = has_code;
}

static void expect_event(const struct hook_log *log, unsigned i, uint32_t page, bool has)
{
    ck_assert_uint_gt(log->n, i);
    ck_assert_uint_eq(log->page[i], page);
    ck_assert_int_eq(log->has[i], has);
}

START_TEST(test_page_hook)
{
    struct hook_log log = {0};
    cc_set_page_hook(&cc, hook, &log);
    struct cc_block *a = value_block(PAGE(5) + 8, 0, CC_NO_PAGE, 1);
    expect_event(&log, 0, PAGE(5), true);
    struct cc_block *b = value_block(PAGE(5) + 16, 0, CC_NO_PAGE, 2);
    ck_assert_uint_eq(log.n, 1);                 /* not the first block of the page */
    value_block(PAGE(7) - 4, 0, PAGE(7) + 4, 3); /* spans pages 6 and 7 */
    ck_assert_uint_eq(log.n, 3);
    expect_event(&log, 1, PAGE(6), true);
    expect_event(&log, 2, PAGE(7), true);
    cc_invalidate_block(&cc, a);
    ck_assert_uint_eq(log.n, 3); /* b still covers page 5 */
    cc_invalidate_block(&cc, b);
    expect_event(&log, 3, PAGE(5), false);
    value_block(PAGE(8), 0, CC_NO_PAGE, 4);
    expect_event(&log, 4, PAGE(8), true);
    ck_assert_uint_eq(cc_invalidate_page(&cc, PAGE(7)), 1);
    ck_assert_uint_eq(log.n, 7); /* the spanning block leaves pages 6 and 7 */
    expect_event(&log, 5, PAGE(6), false);
    expect_event(&log, 6, PAGE(7), false);
    cc_flush(&cc);
    expect_event(&log, 7, PAGE(8), false);
    ck_assert_uint_eq(log.n, 8);
}
END_TEST

START_TEST(test_flush)
{
    /* An entry trampoline kept across flushes. */
    uint8_t *rw;
    size_t avail;
    const uint8_t *tramp = cc_code_space(&cc, &rw, &avail);
    struct x86_buf buf;
    x86_buf_init(&buf, rw, avail);
    x86_emit_mov_ri(&buf, X86_W32, X86_RAX, 55);
    x86_emit_ret(&buf);
    ck_assert_ptr_eq(cc_commit_code(&cc, x86_buf_offset(&buf)), tramp);
    cc_keep_code(&cc);
    static struct ir_jcache_entry jc[CC_JCACHE_SIZE];
    ck_assert_int_eq(cc_add_jcache(&cc, jc), CC_OK);

    const uint8_t *first = cc_code_space(&cc, &rw, &avail);
    struct cc_block *a = value_block(PAGE(0), 0, CC_NO_PAGE, 1);
    ck_assert_ptr_eq(a->code, first);
    value_block(PAGE(1), 0, CC_NO_PAGE, 2);
    cc_jcache_insert(jc, a->vpc, 0, a->code);
    uint64_t gen = cc.generation;
    cc_flush(&cc);
    ck_assert_uint_eq(cc.generation, gen + 1);
    ck_assert_uint_eq(cc.stats.flushes, 1);
    ck_assert_uint_eq(cc.stats.blocks, 0);
    ck_assert_ptr_null(cc_lookup(&cc, 0x80000000u | PAGE(0), PAGE(0), 0));
    ck_assert_ptr_null(cc_jcache_probe(jc, 0x80000000u | PAGE(0), 0));
    ck_assert(!cc_page_has_code(&cc, PAGE(1)));
    ck_assert_ptr_eq(cc_code_space(&cc, &rw, &avail), first); /* space reused */
    ck_assert_int_eq(call0(tramp), 55);
    struct cc_block *b = value_block(PAGE(0), 0, CC_NO_PAGE, 9);
    ck_assert_ptr_eq(b->code, first);
    ck_assert_int_eq(call0(b->code), 9);
    ck_assert_int_eq(call0(tramp), 55);
    cc_remove_jcache(&cc, jc);
}
END_TEST

/* The pc distance between two pcs of one jump-cache set. */
#define JC_PERIOD (4u << (CC_JCACHE_BITS - 1))

START_TEST(test_jump_cache)
{
    static struct ir_jcache_entry jc[CC_JCACHE_SIZE], other[CC_JCACHE_SIZE];
    memset(jc, 0, sizeof(jc));
    ck_assert_int_eq(cc_add_jcache(&cc, jc), CC_OK);
    ck_assert_int_eq(cc_add_jcache(&cc, other), CC_OK);
    ck_assert_uint_eq(jc[0].pc, ir_jcache_empty_pc(0)); /* registering empties it */
    ck_assert_ptr_null(cc_jcache_probe(jc, 0, 0));
    ck_assert_uint_eq(cc_jcache_index(0x80001004u), 0x802); /* set 0x401's first entry */
    ck_assert_uint_eq(cc_jcache_index(0x80001004u + JC_PERIOD), 0x802);
    ck_assert_uint_ne(cc_jcache_index(0x80001004u + JC_PERIOD / 2), 0x802);
    struct cc_block *a = value_block(PAGE(1) + 4, 0, CC_NO_PAGE, 1);
    struct cc_block *b = value_block(PAGE(2) + 8, 0, CC_NO_PAGE, 2);
    cc_jcache_insert(jc, a->vpc, 0, a->code);
    cc_jcache_insert(other, a->vpc, 0, a->code);
    ck_assert_ptr_eq(cc_jcache_probe(jc, a->vpc, 0), a->code);
    ck_assert_ptr_null(cc_jcache_probe(jc, a->vpc, 1));          /* flags differ */
    ck_assert_ptr_null(cc_jcache_probe(jc, a->vpc + JC_PERIOD, 0)); /* same set */
    cc_jcache_insert(jc, b->vpc, 0, b->code);
    ck_assert_ptr_eq(cc_jcache_probe(jc, b->vpc, 0), b->code);
    /* Set sharing: a block at another pc in a's set joins it (a moves to the
     * second entry), and removing a then leaves c's entry alone. */
    struct cc_block *c = value_block(PAGE(1) + JC_PERIOD + 4, 0, CC_NO_PAGE, 3);
    ck_assert_uint_eq(cc_jcache_index(c->vpc), cc_jcache_index(a->vpc));
    cc_jcache_insert(jc, c->vpc, 0, c->code);
    ck_assert_ptr_eq(cc_jcache_probe(jc, a->vpc, 0), a->code);
    ck_assert_uint_eq(jc[cc_jcache_index(a->vpc) + 1].pc, a->vpc);
    cc_invalidate_block(&cc, a);
    ck_assert_ptr_null(cc_jcache_probe(jc, a->vpc, 0));
    ck_assert_ptr_eq(cc_jcache_probe(jc, c->vpc, 0), c->code);
    ck_assert_ptr_null(cc_jcache_probe(other, a->vpc, 0)); /* every registered cache */
    ck_assert_int_eq(call0(cc_jcache_probe(jc, c->vpc, 0)), 3);
    /* b's pc in another mode replaces b's entry; removing b leaves it alone. */
    struct cc_block *b1 = value_block(PAGE(2) + 8, 1, CC_NO_PAGE, 4);
    cc_jcache_insert(jc, b1->vpc, 1, b1->code);
    cc_invalidate_block(&cc, b);
    ck_assert_ptr_eq(cc_jcache_probe(jc, b1->vpc, 1), b1->code);
    cc_invalidate_page(&cc, PAGE(2));
    ck_assert_ptr_null(cc_jcache_probe(jc, b1->vpc, 1));
    cc_remove_jcache(&cc, other);
    cc_jcache_insert(other, c->vpc, 0, c->code);
    cc_invalidate_block(&cc, c);
    ck_assert_ptr_eq(cc_jcache_probe(other, c->vpc, 0), c->code); /* no longer registered */
    ck_assert_ptr_null(cc_jcache_probe(jc, c->vpc, 0));
    cc_jcache_clear(other);
    ck_assert_uint_eq(other[CC_JCACHE_SIZE - 1].pc, ir_jcache_empty_pc(CC_JCACHE_SIZE - 1));
    /* A third pc in a set drops the older of the two there. */
    cc_jcache_insert(other, 0x1004, 0, a->code);
    cc_jcache_insert(other, 0x1004 + JC_PERIOD, 0, b->code);
    cc_jcache_insert(other, 0x1004 + 2 * JC_PERIOD, 0, c->code);
    ck_assert_ptr_null(cc_jcache_probe(other, 0x1004, 0));
    ck_assert_ptr_eq(cc_jcache_probe(other, 0x1004 + JC_PERIOD, 0), b->code);
    ck_assert_ptr_eq(cc_jcache_probe(other, 0x1004 + 2 * JC_PERIOD, 0), c->code);
}
END_TEST

START_TEST(test_full)
{
    cc_destroy(&cc);
    ck_assert_int_eq(cc_init(&cc, 64 << 10), 0);
    unsigned n = 0;
    for (;;) {
        uint8_t *rw;
        size_t avail;
        cc_code_space(&cc, &rw, &avail);
        struct cc_block_info in = info(PAGE(n % 16) + 4 * (n / 16), 0, CC_NO_PAGE);
        struct cc_block *b = cc_block_new(&in, 0);
        struct x86_buf buf;
        x86_buf_init(&buf, rw, avail);
        x86_emit_mov_ri(&buf, X86_W32, X86_RAX, (int)n);
        x86_emit_nop(&buf, 100);
        x86_emit_ret(&buf);
        size_t size = x86_buf_ok(&buf) ? x86_buf_offset(&buf) : avail + 1;
        int r = cc_block_commit(&cc, b, size, NULL, 0);
        if (r != CC_OK) {
            ck_assert_int_eq(r, CC_FULL);
            ck_assert_ptr_null(cc_lookup(&cc, in.vpc, in.ppc, 0));
            cc_block_free(b);
            break;
        }
        n++;
    }
    ck_assert_uint_ge(n, (64 << 10) / 112 - 1);
    ck_assert_uint_le(cc.mem.used, cc.mem.size);
    ck_assert_uint_eq(cc.stats.blocks, n);
    cc_flush(&cc);
    struct cc_block *b = value_block(PAGE(0), 0, CC_NO_PAGE, 5);
    ck_assert_int_eq(call0(b->code), 5);
    ck_assert_int_lt(cc_init(&(struct cc){0}, (size_t)CC_MAX_SIZE + 1), 0);
}
END_TEST

START_TEST(test_bad_exits)
{
    for (size_t off = 0; off < 8; off++)
        ck_assert_uint_eq((off + cc_jmp_padding(off) + 1) % 4, 0);
    ck_assert_uint_lt(cc_jmp_padding(5), 4);
    struct cc_block_info in = info(PAGE(0), 0, CC_NO_PAGE);
    struct cc_block *b = cc_block_new(&in, 1);
    uint8_t *rw;
    size_t avail;
    cc_code_space(&cc, &rw, &avail);
    memset(rw, 0xc3, 32);
    const struct cc_exit_desc misaligned = {.jmp_field = 2, .stub = 8};
    const struct cc_exit_desc outside = {.jmp_field = 32, .stub = 8};
    const struct cc_exit_desc stub_out = {.jmp_field = 4, .stub = 32};
    const struct cc_exit_desc ic_odd = {.jmp_field = 4, .stub = 8, .ic_field = 10};
    ck_assert_int_eq(cc_block_commit(&cc, b, 32, &ic_odd, 1), CC_EINVAL);
    ck_assert_int_eq(cc_block_commit(&cc, b, 32, &misaligned, 1), CC_EINVAL);
    ck_assert_int_eq(cc_block_commit(&cc, b, 32, &outside, 1), CC_EINVAL);
    ck_assert_int_eq(cc_block_commit(&cc, b, 32, &stub_out, 1), CC_EINVAL);
    const struct cc_exit_desc two[2] = {{4, 8, 0, 0, 0}, {12, 16, 0, 0, 0}};
    ck_assert_int_eq(cc_block_commit(&cc, b, 32, two, 2), CC_EINVAL); /* room for one */
    ck_assert_int_eq(cc_block_commit(&cc, b, avail + 1, NULL, 0), CC_FULL);
    ck_assert_uint_eq(cc.stats.blocks, 0);
    ck_assert_ptr_null(cc_lookup(&cc, in.vpc, in.ppc, 0));
    ck_assert(!cc_page_has_code(&cc, PAGE(0)));
    cc_block_free(b);
}
END_TEST

START_TEST(test_invalidate_all)
{
    struct hook_log log = {0};
    cc_set_page_hook(&cc, hook, &log);
    struct cc_block *a = exit_block(PAGE(0), CC_NO_PAGE, 1);
    struct cc_block *b = exit_block(PAGE(1), CC_NO_PAGE, 2);
    ck_assert(cc_link(&cc, &a->exits[0], b));
    ck_assert(cc_link(&cc, &b->exits[0], a));
    uint8_t *rw;
    size_t avail;
    const uint8_t *before = cc_code_space(&cc, &rw, &avail);
    ck_assert_uint_eq(cc_invalidate_all(&cc), 2);
    ck_assert_uint_eq(log.n, 4);
    ck_assert_int_eq(call0(a->code), 1);
    ck_assert_int_eq(call0(b->code), 2);
    ck_assert_ptr_eq(cc_code_space(&cc, &rw, &avail), before); /* no space reused */
    ck_assert_uint_eq(cc.generation, 0);
    ck_assert_uint_eq(cc_invalidate_all(&cc), 0);
    struct cc_block *c = value_block(PAGE(0), 0, CC_NO_PAGE, 3);
    ck_assert_ptr_eq(cc_lookup(&cc, c->vpc, c->ppc, 0), c);
    ck_assert_ptr_ne(c->code, a->code);
}
END_TEST

static Suite *codecache_suite(void)
{
    Suite *s = suite_create("codecache");
    TCase *t = tcase_create("codecache");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, test_exec_mem_runs_and_is_wx);
    tcase_add_test(t, test_exec_mem_bump);
    tcase_add_test(t, test_lookup);
    tcase_add_test(t, test_lookup_many);
    tcase_add_test(t, test_table_grows);
    tcase_add_test(t, test_link_and_invalidate_target);
    tcase_add_test(t, test_inline_cache);
    tcase_add_test(t, test_invalidate_source_unlinks_outgoing);
    tcase_add_test(t, test_self_link);
    tcase_add_test(t, test_incoming_exact);
    tcase_add_test(t, test_invalidate_page_many);
    tcase_add_test(t, test_page_hook);
    tcase_add_test(t, test_flush);
    tcase_add_test(t, test_jump_cache);
    tcase_add_test(t, test_full);
    tcase_add_test(t, test_bad_exits);
    tcase_add_test(t, test_invalidate_all);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *r = srunner_create(codecache_suite());
    srunner_run_all(r, CK_NORMAL);
    int failed = srunner_ntests_failed(r);
    srunner_free(r);
    return failed ? 1 : 0;
}
