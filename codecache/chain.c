/* codecache/chain.c — direct chaining: patching an exit's jmp rel32 to a block
 * or back to its stub, and each block's list of incoming exits, so that
 * removing a block restores exactly the exits that lead to it (no scanning).
 * An indirect exit's inline cache chains the same way once its guarding pc
 * is written (cc_ic_set, before the jmp: see translator/x86/backend_exit.c).
 *
 * The patch is one atomic 4-byte store to a 4-aligned field, written through
 * the RW view: x86 executes the jmp with either the old or the new
 * displacement, never a torn one (the rule QEMU's goto_tb relies on too).
 * The two views map the same physical pages, so no cache maintenance is due
 * on x86 (instruction fetch snoops stores to any alias).
 */
#include "codecache/cc_internal.h"

size_t cc_jmp_padding(size_t offset)
{
    return (3 - offset % 4) % 4; /* the field follows the one-byte E9 opcode */
}

/* One atomic store of a 4-aligned word of from's code. */
static void write_word(struct cc *cc, const struct cc_block *from, uint32_t offset, uint32_t v)
{
    uint32_t *rw = (uint32_t *)(void *)exec_mem_rw(&cc->mem, from->code + offset);
    __atomic_store_n(rw, v, __ATOMIC_RELEASE);
}

/* Points the rel32 field at offset of from's code at code. */
static void patch_rel32(struct cc *cc, const struct cc_block *from, uint32_t offset,
                        const uint8_t *code)
{
    /* Both ends lie in one RX view of at most CC_MAX_SIZE: rel always fits. */
    int32_t rel = (int32_t)(code - (from->code + offset + 4));
    write_word(cc, from, offset, (uint32_t)rel);
}

void cc_patch_exit(struct cc *cc, const struct cc_exit *e, const uint8_t *code)
{
    patch_rel32(cc, e->from, e->jmp_field, code);
}

static void incoming_remove(struct cc_exit *e)
{
    *e->in_pprev = e->in_next;
    if (e->in_next) e->in_next->in_pprev = e->in_pprev;
    e->in_next = NULL;
    e->in_pprev = NULL;
    e->to = NULL;
}

static void incoming_add(struct cc_block *to, struct cc_exit *e)
{
    e->to = to;
    e->in_next = to->incoming;
    if (to->incoming) to->incoming->in_pprev = &e->in_next;
    e->in_pprev = &to->incoming;
    to->incoming = e;
}

void cc_unlink(struct cc *cc, struct cc_exit *e)
{
    if (!e->to) return;
    cc_patch_exit(cc, e, e->from->code + e->stub);
    incoming_remove(e);
    cc->stats.unlinks++;
}

void cc_ic_set(struct cc *cc, struct cc_exit *e, uint32_t pc)
{
    if (!e->ic_field || e->ic_set) return;
    write_word(cc, e->from, e->ic_field, pc);
    patch_rel32(cc, e->from, e->ic_fill, e->from->code + e->stub);
    e->target_pc = pc;
    e->ic_set = true;
}

bool cc_link(struct cc *cc, struct cc_exit *e, struct cc_block *to)
{
    if (!e->from->live || !to->live) return false;
    /* an inline cache chains only to the pc its guard compares with */
    if (e->ic_field && (!e->ic_set || e->target_pc != to->vpc)) return false;
    if (e->to == to) return true;
    cc_unlink(cc, e);
    incoming_add(to, e);
    cc_patch_exit(cc, e, to->code);
    cc->stats.links++;
    return true;
}

void cc_chain_detach(struct cc *cc, struct cc_block *b)
{
    while (b->incoming)
        cc_unlink(cc, b->incoming);
    for (unsigned i = 0; i < b->n_exits; i++)
        cc_unlink(cc, &b->exits[i]);
}
