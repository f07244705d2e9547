/* codecache/jump_cache.h — the per-CPU jump cache for indirect exits.
 *
 * CC_JCACHE_SIZE entries of struct ir_jcache_entry (translator/target.h, the
 * layout generated code probes inline), two-way: a virtual pc may sit in
 * either entry of its set (ir_jcache_first). An empty entry i has pc
 * ir_jcache_empty_pc(i), which no probe of its set can match
 * (translator/target.h): not even a jump to an unaligned pc.
 * The dispatcher inserts after a block-table lookup; the code cache clears the
 * entries of every block it removes (cc_add_jcache registers the table).
 *
 * Threading: only the owning CPU's thread inserts and probes; other threads
 * clear slots while holding the code-cache lock. An insert publishes pc last
 * (release) so a probe that sees the new pc sees the new code; a probe racing
 * a clear may still jump to the removed block, whose code stays in place until
 * the next flush (flushes happen with every CPU outside generated code).
 * The engine empties the table when the mode flags or the TLB mapping change,
 * since entries are keyed by virtual pc.
 */
#ifndef TERN_CODECACHE_JUMP_CACHE_H
#define TERN_CODECACHE_JUMP_CACHE_H

#include <stdint.h>

#include "translator/target.h"

#define CC_JCACHE_BITS 14
#define CC_JCACHE_SIZE (1u << CC_JCACHE_BITS)

_Static_assert(sizeof(struct ir_jcache_entry) == 16, "generated code assumes 16-byte entries");

/* The first of pc's two entries. */
static inline unsigned cc_jcache_index(uint32_t pc)
{
    return ir_jcache_first(pc, CC_JCACHE_BITS);
}

/* Empties all CC_JCACHE_SIZE entries of jc. */
static inline void cc_jcache_clear(struct ir_jcache_entry *jc)
{
    for (unsigned i = 0; i < CC_JCACHE_SIZE; i++)
        jc[i] = (struct ir_jcache_entry){.pc = ir_jcache_empty_pc(i)};
}

/* The host code for (pc, flags), or NULL on a miss. */
static inline const void *cc_jcache_probe(const struct ir_jcache_entry *jc, uint32_t pc,
                                          uint32_t flags)
{
    for (unsigned i = cc_jcache_index(pc), w = 0; w < 2; w++) {
        const struct ir_jcache_entry *e = &jc[i + w];
        if (__atomic_load_n(&e->pc, __ATOMIC_ACQUIRE) == pc && e->flags == flags) return e->code;
    }
    return NULL;
}

/* Entry i = (pc, flags, code), published pc last. */
static inline void cc_jcache_put(struct ir_jcache_entry *jc, unsigned i, uint32_t pc,
                                 uint32_t flags, const void *code)
{
    struct ir_jcache_entry *e = &jc[i];
    __atomic_store_n(&e->pc, ir_jcache_empty_pc(i), __ATOMIC_RELAXED);
    e->flags = flags;
    e->code = code;
    __atomic_store_n(&e->pc, pc, __ATOMIC_RELEASE);
}

/* Makes (pc, flags) jump to code in the first entry of its set, moving a
 * different pc there to the second (which drops what the second held).
 * Returns true when it moved one. */
static inline bool cc_jcache_insert(struct ir_jcache_entry *jc, uint32_t pc, uint32_t flags,
                                    const void *code)
{
    unsigned i = cc_jcache_index(pc);
    const struct ir_jcache_entry old = jc[i];
    bool move = old.pc != pc && !ir_jcache_is_empty(old.pc);
    if (move) cc_jcache_put(jc, i + 1, old.pc, old.flags, old.code);
    cc_jcache_put(jc, i, pc, flags, code);
    return move;
}

/* Empties the entry of pc's set that leads to code (exact: other blocks in
 * the set keep their entries). */
static inline void cc_jcache_remove(struct ir_jcache_entry *jc, uint32_t pc, const void *code)
{
    for (unsigned i = cc_jcache_index(pc), w = 0; w < 2; w++) {
        struct ir_jcache_entry *e = &jc[i + w];
        if (e->pc == pc && e->code == code)
            __atomic_store_n(&e->pc, ir_jcache_empty_pc(i + w), __ATOMIC_RELAXED);
    }
}

#endif
