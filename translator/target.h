/* translator/target.h — what the translator (IR evaluator and backends) needs to
 * know about the guest's CPU state and memory, without knowing the guest.
 *
 * The frontend fills one struct ir_target per CPU mode (frontend/lift_target.c
 * for MIPS); the generated code and translator/ir_eval.c only ever reach guest
 * state through the offsets and callbacks here and the IR's globals.
 *
 * Leaving a block, every engine does the same:
 *   direct or indirect exit:  state.icount += insn.icount; state.pc = target
 *   raise (a load/store/call/raise_if that faulted):
 *       write back dirty globals; state.icount += insn.icount;
 *       restore(cpu, insn.pc, insn.pc_flags); return to the dispatcher
 *   a store that changed code, when resume_after() says so:
 *       state.icount += insn.icount + 1; return to the dispatcher
 */
#ifndef TERN_TRANSLATOR_TARGET_H
#define TERN_TRANSLATOR_TARGET_H

#include <stdbool.h>
#include <stdint.h>

enum target_store_result {
    TARGET_STORE_OK = 0,
    TARGET_STORE_RAISED = 1, /* a guest exception was recorded */
    TARGET_STORE_CODE_CHANGED = 2, /* stored; translations of that page are gone */
};

/* Inaccessible bytes below and above a flat_fault target's 4 GiB space. */
#define FLAT_GUARD 0x10000u

struct ir_target {
    unsigned pc_offset; /* uint32_t: the guest pc, written at every exit */
    unsigned icount_offset; /* uint64_t: retired guest instructions, advanced at exits */
    bool no_icount;         /* exits leave icount alone (nothing reads it: user mode) */
    unsigned exit_request_offset; /* uint8_t: non-zero makes the next block entry return */

    /* Puts the guest in the state of an exception raised by the instruction at
     * pc (pc_flags as the frontend gave them); the exception itself is already
     * recorded by whoever raised it. */
    void (*restore)(void *cpu, uint32_t pc, uint16_t pc_flags);

    /* Memory through the guest's MMU: value in/out as the IR_LOAD/IR_STORE
     * would produce/consume it (sign- or zero-extended). False when the access
     * raised a guest exception (recorded in the CPU state). */
    bool (*load)(void *cpu, uint32_t addr, unsigned mem_flags, uint64_t *value);
    /* A store returns a enum target_store_result: it may also have overwritten
     * translated code, whose blocks it invalidated before writing. */
    int (*store)(void *cpu, uint32_t addr, unsigned mem_flags, uint64_t value);

    /* After a store at (pc, pc_flags) changed translated code: true when the
     * block must end right after it, with the guest state already set to
     * continue at the next instruction (a block that writes into itself ends
     * after the store); false to go on (e.g. the store was the block's last). */
    bool (*resume_after)(void *cpu, uint32_t pc, uint16_t pc_flags);

    /* Flat memory (user mode): guest address a lives at flat_base + a, and a
     * host fault there is a guest fault. NULL: the soft TLB below (system mode). */
    uint8_t *flat_base;
    /* Flat page check (user mode): when flat_prot_offset != 0, the byte at
     * flat_base + flat_prot_offset + (a >> 12) holds the page's permissions.
     * Generated code takes the fast path only when a load's page has
     * flat_prot_read, a store's page has flat_prot_write and not
     * flat_prot_code (translated code lives there), and the access is aligned;
     * else it calls load/store, which raise the guest's fault. */
    int32_t flat_prot_offset;
    uint8_t flat_prot_read, flat_prot_write, flat_prot_code;
    /* Flat without the page check (user mode, core/jit_fault.h): the host
     * faults on any access the guest may not make, and the engine sends the
     * faulting instruction to its slow path through backend_block.faults.
     * Only misaligned accesses branch to the slow path inline. The space has
     * FLAT_GUARD bytes without access on both sides, so flat_base + a + imm
     * needs no wrap to 32 bits when |imm| < FLAT_GUARD: one that would wrap
     * faults, and the slow path wraps it. */
    bool flat_fault;
    /* With flat_fault: misaligned accesses need no inline test either; they
     * happen on the host (x86 allows them) with the result the guest's OS
     * gives (user mode's fix-up, linux-user/unaligned.c), and one that
     * faults on the host reaches the slow path as any other fault. */
    bool flat_unaligned;

    /* Soft TLB (system mode): 1 << softtlb_bits struct ir_softtlb_entry at
     * softtlb_offset in the CPU state. Generated code probes it inline and
     * calls load/store (which refill it) on a miss. 0 bits: always call. */
    unsigned softtlb_offset;
    unsigned softtlb_bits;

    /* Jump cache for indirect exits: 1 << jcache_bits struct ir_jcache_entry at
     * jcache_offset in the CPU state, two-way: pc may be in either entry of its
     * set (ir_jcache_first); generated code jumps to `code` when `pc`
     * matches, else returns to the dispatcher. */
    unsigned jcache_offset;
    unsigned jcache_bits;
    /* uint64_t counting the indirect exits that probed the jump cache (hits
     * are this count less the misses, which return IR_TOKEN_JCACHE_MISS);
     * 0: not counted. */
    unsigned jcache_count_offset;
    /* Whether the engine may chain a direct exit of a block at guest pc
     * `from` to pc `to` (NULL: always). A direct exit it never chains
     * probes the jump cache for its constant target before it returns, so
     * the dispatcher sees it only on a miss (QEMU's lookup_and_goto_ptr). */
    bool (*may_chain)(uint32_t from, uint32_t to);
    /* The engine raises exit_request on every other CPU in generated code
     * whenever it invalidates blocks, and no debugger stop can be a block's own start: a self loop's
     * back edge then needs no jump-cache test (translator/x86/backend_exit.c). */
    bool loops_unchecked;
};

/* What generated code returns when an indirect exit without an inline cache
 * missed the jump cache (state.pc holds the target); never an exit token. One
 * with a cache returns the cache's exit token instead. */
#define IR_TOKEN_JCACHE_MISS (~(uint64_t)0)

struct ir_jcache_entry {
    uint32_t pc; /* ir_jcache_empty_pc(slot) when the slot is empty */
    uint32_t flags; /* mode flags of the block (the engine empties the cache when they change) */
    const void *code; /* host entry of the block */
};

/* The first of pc's two entries in a table of 1 << bits (bits >= 2): its set
 * is (pc >> 2) & (sets - 1), the entries 2 set and 2 set + 1, so its 32
 * bytes start at byte (pc << 3) & ((sets - 1) << 5). Two ways: the hot
 * returns of sqlite3's libraries that were 64 KiB apart took one slot and
 * evicted each other some 600 000 times a run. The dispatcher puts a new pc
 * first and moves the older one second (codecache/jump_cache.h). */
static inline unsigned ir_jcache_first(uint32_t pc, unsigned bits)
{
    return ((pc >> 2) & ((1u << (bits - 1)) - 1)) << 1;
}

/* The pc an empty entry holds. Probes compare all 32 bits of any guest value
 * (JR to 0xffffffff is legal code; its fetch raises AdEL), so no single
 * marker is safe: one fixed value (it was 0xffffffff) matched a jump to
 * itself and sent generated code through the entry's stale or NULL `code`.
 * Entry i (set i >> 1) holds a pc of set (i >> 1) ^ 1: a target t is only
 * compared in its own set, so t equal to the marker is never compared with
 * it (for any table of 2 or more sets). The low bits 3 make it unaligned, so
 * no block has it and ir_jcache_is_empty tells it apart. */
static inline uint32_t ir_jcache_empty_pc(unsigned entry)
{
    return (((entry >> 1) ^ 1u) << 2) | 3u;
}

/* Whether entry pc pc marks an empty slot (blocks start 4-aligned). */
static inline bool ir_jcache_is_empty(uint32_t pc)
{
    return (pc & 3u) != 0;
}

/* One soft-TLB entry. For an access of size n at guest address a:
 *   e = &table[(a >> 12) & ((1 << bits) - 1)];
 *   hit when (a & (0xfffff000 | (n - 1))) == e->read_tag (write_tag for stores),
 *   and then the host address is (uintptr_t)a + e->addend.
 * Tags of valid entries have their low 12 bits clear, so an unaligned access
 * never hits; IR_SOFTTLB_INVALID never matches anything. A page that holds
 * translated code, or MMIO, gets no write tag: its stores take the slow path. */
struct ir_softtlb_entry {
    uint32_t read_tag;
    uint32_t write_tag;
    uint64_t addend;
};

/* Bit 11: the probe's compare value keeps only the page and the low three
 * alignment bits, so it never has bits 3..11 set. (It was 0x1, which an
 * unaligned halfword or word access at 0x...1 of virtual page 0 matched, with
 * the empty entry's addend: a host access at the guest address.) */
#define IR_SOFTTLB_INVALID 0x800u

#endif
