/* frontend/interp_mem.c — the interpreter's memory class: GPR loads and
 * stores, the unaligned LWL/LWR/SWL/SWR, LL/SC, and the cache and ordering
 * instructions (CACHE, PREF, SYNC, SYNCI). See interp_class.h.
 *
 * Every access goes through softmmu/memory.h, which checks alignment and
 * translation and records the exception; a faulting instruction writes no
 * register.
 *
 * Decisions where the manual leaves room:
 * - LL/SC follow QEMU: SC stores (and sets rt = 1) only while the link holds,
 *   its address equals LL's and memory still holds the word LL loaded. The
 *   address checks and translation for a store happen first, as the manual's
 *   pseudocode does them, so a broken link never hides an address error
 *   (QEMU compares the address first and fails an unaligned SC silently
 *   when the link is broken; no real program can tell).
 * - LL records LLAddr = PAddr >> 4, QEMU's 24Kf CP0_LLAddr_shift.
 * - CACHE is a no-op after its CU0 check, as in QEMU: tern models no caches
 *   and does not even translate the address. PREF and SYNC are no-ops.
 * - SYNCI is a no-op as in QEMU (no translation, no exception).
 */
#include "frontend/interp_class.h"
#include "softmmu/memory.h"

/* CACHE op field (the rt bits): bits 1..0 pick the cache (0 = primary
 * instruction cache), bits 4..2 the operation (Vol. II CACHE, table "Usage of
 * Effective Address"). */
#define CACHE_OP_INDEX_INVALIDATE_I 0x00u
#define CACHE_OP_HIT_INVALIDATE_I 0x10u

/* THE HOOK for translation invalidation: an instruction told the machine that
 * code may have changed — at vaddr's line (SYNCI, CACHE Hit_Invalidate_I), or
 * anywhere (whole_cache: CACHE Index_Invalidate_I, whose address names a cache
 * index, not code; Linux's blast_icache uses it). The translating engine
 * hangs its per-page invalidation on cpu->code_sync. Self-modifying code is
 * caught by write tracking anyway (DESIGN.md); this is the guest's explicit
 * request. */
static void interp_code_may_have_changed(struct cpu *cpu, uint32_t vaddr, bool whole_cache)
{
    /* A whole-cache invalidate drops nothing: write tracking has already caught
     * every store into translated code, and Linux issues it on every I-cache
     * flush (BOARD.md: dropping all translations there would be ruinous). */
    if (!whole_cache && cpu->code_sync)
        cpu->code_sync(cpu, vaddr);
}

static uint32_t effective_address(const struct cpu *cpu, const struct mips_insn *in)
{
    return cpu->gpr[in->rs] + (uint32_t)in->imm;
}

static uint32_t sign_extend(uint32_t value, unsigned size)
{
    uint32_t sign = 1u << (8 * size - 1);
    return size == 4 ? value : (value ^ sign) - sign;
}

struct access_kind {
    uint8_t size;
    bool is_signed;
};

static const struct access_kind access_kinds[MIPS_OP_COUNT] = {
    [MIPS_OP_LB] = {1, true}, [MIPS_OP_LBU] = {1, false}, [MIPS_OP_LH] = {2, true},
    [MIPS_OP_LHU] = {2, false}, [MIPS_OP_LW] = {4, false}, [MIPS_OP_SB] = {1, false},
    [MIPS_OP_SH] = {2, false}, [MIPS_OP_SW] = {4, false},
};

static bool op_load(struct cpu *cpu, const struct mips_insn *in)
{
    const struct access_kind *k = &access_kinds[in->op];
    uint32_t value;
    if (!mem_load(cpu, effective_address(cpu, in), k->size, &value))
        return false;
    interp_set_gpr(cpu, in->rt, k->is_signed ? sign_extend(value, k->size) : value);
    return true;
}

static bool op_store(struct cpu *cpu, const struct mips_insn *in)
{
    return mem_store(cpu, effective_address(cpu, in), access_kinds[in->op].size,
                     cpu->gpr[in->rt]);
}

/* LWL/LWR/SWL/SWR (Vol. II, the per-offset tables) work on the aligned word
 * holding vaddr. With k = the byte offset on a big-endian guest and 3 - offset
 * on a little-endian one, the left forms move the word's most significant
 * 4 - k bytes and the right forms its least significant k + 1 bytes. The
 * access is translated at vaddr itself, so BadVAddr is the instruction's
 * address, not the aligned one. */
static unsigned unaligned_k(const struct cpu *cpu, uint32_t vaddr)
{
    return cpu->big_endian ? (vaddr & 3) : 3 - (vaddr & 3);
}

static uint32_t low_bytes_mask(unsigned bytes)
{
    return bytes >= 4 ? 0xffffffffu : (1u << (8 * bytes)) - 1;
}

/* Loads the aligned word holding vaddr, faulting as a load at vaddr would. */
static bool load_containing_word(struct cpu *cpu, uint32_t vaddr, uint32_t *word)
{
    uint32_t paddr;
    return mem_translate(cpu, vaddr, MEM_LOAD, &paddr) && mem_load(cpu, vaddr & ~3u, 4, word);
}

static bool op_lwl(struct cpu *cpu, const struct mips_insn *in)
{
    uint32_t vaddr = effective_address(cpu, in), word;
    if (!load_containing_word(cpu, vaddr, &word))
        return false;
    unsigned k = unaligned_k(cpu, vaddr);
    uint32_t keep = low_bytes_mask(k);
    interp_set_gpr(cpu, in->rt, (word << (8 * k)) | (cpu->gpr[in->rt] & keep));
    return true;
}

static bool op_lwr(struct cpu *cpu, const struct mips_insn *in)
{
    uint32_t vaddr = effective_address(cpu, in), word;
    if (!load_containing_word(cpu, vaddr, &word))
        return false;
    unsigned shift = 8 * (3 - unaligned_k(cpu, vaddr));
    uint32_t keep = ~(0xffffffffu >> shift);
    interp_set_gpr(cpu, in->rt, (word >> shift) | (cpu->gpr[in->rt] & keep));
    return true;
}

/* Read-modify-write of the aligned word; translating for a store first makes
 * a read-only or unmapped page fault as a store (TLBS/Mod/AdES) at vaddr. */
static bool merge_into_word(struct cpu *cpu, uint32_t vaddr, uint32_t keep, uint32_t bits)
{
    uint32_t paddr, word;
    if (!mem_translate(cpu, vaddr, MEM_STORE, &paddr) || !mem_load(cpu, vaddr & ~3u, 4, &word))
        return false;
    return mem_store(cpu, vaddr & ~3u, 4, (word & keep) | bits);
}

static bool op_swl(struct cpu *cpu, const struct mips_insn *in)
{
    uint32_t vaddr = effective_address(cpu, in);
    unsigned shift = 8 * unaligned_k(cpu, vaddr);
    uint32_t keep = ~(0xffffffffu >> shift);
    return merge_into_word(cpu, vaddr, keep, cpu->gpr[in->rt] >> shift);
}

static bool op_swr(struct cpu *cpu, const struct mips_insn *in)
{
    uint32_t vaddr = effective_address(cpu, in);
    unsigned k = unaligned_k(cpu, vaddr);
    uint32_t keep = low_bytes_mask(3 - k);
    return merge_into_word(cpu, vaddr, keep, cpu->gpr[in->rt] << (8 * (3 - k)));
}

/* LL also records LLAddr, which holds PAddr[35:4] on a 24K (QEMU:
 * CP0_LLAddr_shift = 4). */
static bool op_ll(struct cpu *cpu, const struct mips_insn *in)
{
    uint32_t vaddr = effective_address(cpu, in), value, paddr;
    if (!mem_load(cpu, vaddr, 4, &value) || !mem_translate(cpu, vaddr, MEM_LOAD, &paddr))
        return false;
    cpu->llbit = true;
    cpu->lladdr = vaddr;
    cpu->llval = value;
    cpu->cp0[CP0_LLADDR][0] = paddr >> 4;
    interp_set_gpr(cpu, in->rt, value);
    return true;
}

/* A guest word value as it lies in memory (guest byte order). */
static uint32_t guest_order(const struct cpu *cpu, uint32_t v)
{
    return cpu->big_endian ? __builtin_bswap32(v) : v;
}

/* User mode's flat space: SC is one host compare-and-swap of the LL value
 * against the new one on the guest word, so guest spinlocks and atomics hold
 * across guest threads on host threads (QEMU's cmpxchg rule, made atomic).
 * The page's translations go first, as for any store into code. */
static bool sc_flat(struct cpu *cpu, const struct mips_insn *in, uint32_t vaddr)
{
    bool success = false;
    if (cpu->llbit && vaddr == cpu->lladdr) {
        if (cpu->code_pages && (cpu->code_pages[vaddr >> 15] >> ((vaddr >> 12) & 7) & 1))
            cpu->code_write(cpu, vaddr);
        uint32_t expected = guest_order(cpu, cpu->llval);
        uint32_t *word = (uint32_t *)(void *)(cpu->guest_base + vaddr);
        success = __atomic_compare_exchange_n(word, &expected, guest_order(cpu, cpu->gpr[in->rt]),
                                              false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    }
    interp_set_gpr(cpu, in->rt, success);
    return true;
}

static bool op_sc(struct cpu *cpu, const struct mips_insn *in)
{
    uint32_t vaddr = effective_address(cpu, in), paddr, current;
    if (vaddr & 3)
        return !cpu_exception_addr(cpu, EXC_ADES, vaddr);
    if (!mem_translate(cpu, vaddr, MEM_STORE, &paddr))
        return false;
    if (cpu->guest_base && !cpu->bus && !cpu->watch)
        return sc_flat(cpu, in, paddr);
    bool linked = cpu->llbit && vaddr == cpu->lladdr;
    if (linked && !mem_load(cpu, vaddr, 4, &current))
        return false;
    bool success = linked && current == cpu->llval;
    if (success && !mem_store(cpu, vaddr, 4, cpu->gpr[in->rt]))
        return false;
    interp_set_gpr(cpu, in->rt, success);
    return true;
}

/* CACHE after its CP0 check (interp.c): no cache model, no translation of the
 * address, no exception, as in QEMU; only I-cache invalidations reach the
 * hook. */
static bool op_cache(struct cpu *cpu, const struct mips_insn *in)
{
    if (in->rt == CACHE_OP_HIT_INVALIDATE_I)
        interp_code_may_have_changed(cpu, effective_address(cpu, in), false);
    else if (in->rt == CACHE_OP_INDEX_INVALIDATE_I)
        interp_code_may_have_changed(cpu, effective_address(cpu, in), true);
    return true;
}

static bool op_synci(struct cpu *cpu, const struct mips_insn *in)
{
    interp_code_may_have_changed(cpu, effective_address(cpu, in), false);
    return true;
}

static bool op_nothing(struct cpu *cpu, const struct mips_insn *in)
{
    (void)cpu;
    (void)in;
    return true;
}

static bool (*const mem_ops[MIPS_OP_COUNT])(struct cpu *, const struct mips_insn *) = {
    [MIPS_OP_LB] = op_load,    [MIPS_OP_LH] = op_load,    [MIPS_OP_LWL] = op_lwl,
    [MIPS_OP_LW] = op_load,    [MIPS_OP_LBU] = op_load,   [MIPS_OP_LHU] = op_load,
    [MIPS_OP_LWR] = op_lwr,    [MIPS_OP_SB] = op_store,   [MIPS_OP_SH] = op_store,
    [MIPS_OP_SWL] = op_swl,    [MIPS_OP_SW] = op_store,   [MIPS_OP_SWR] = op_swr,
    [MIPS_OP_CACHE] = op_cache, [MIPS_OP_LL] = op_ll,     [MIPS_OP_PREF] = op_nothing,
    [MIPS_OP_SC] = op_sc,      [MIPS_OP_SYNC] = op_nothing, [MIPS_OP_SYNCI] = op_synci,
};

bool interp_mem(struct cpu *cpu, const struct mips_insn *in, struct interp_flow *flow)
{
    (void)flow;
    if (!mem_ops[in->op])
        return !cpu_exception(cpu, EXC_RI);
    return mem_ops[in->op](cpu, in);
}
