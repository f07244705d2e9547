/* codecache/cc_internal.h — what the code cache's own files share: the page
 * records and the helpers one file calls in another. Not for other modules.
 */
#ifndef TERN_CODECACHE_CC_INTERNAL_H
#define TERN_CODECACHE_CC_INTERNAL_H

#include "codecache/codecache.h"

/* The blocks covering one guest physical page. */
struct cc_page {
    uint32_t base;
    unsigned count;
    struct cc_page_node *blocks;
    struct cc_page *next; /* bucket chain */
};

/* Fibonacci hashing: spreads keys that differ in any bit over the bucket index. */
static inline uint32_t cc_hash(uint32_t key, uint32_t mask)
{
    return (uint32_t)((key * 0x9e3779b97f4a7c15ull) >> 32) & mask;
}

/* Bucket of the block table for (ppc, flags). */
static inline uint32_t cc_block_bucket(const struct cc *cc, uint32_t ppc, uint32_t flags)
{
    return cc_hash((ppc >> 2) ^ (flags * 0x85ebca6bu), cc->table_mask);
}

/* invalidate.c: enters b in the lists of its pages; 0 or CC_ENOMEM (nothing entered). */
int cc_pages_add(struct cc *cc, struct cc_block *b);
/* invalidate.c: forgets every page record, telling the hook each page lost its code. */
void cc_pages_drop_all(struct cc *cc);
/* chain.c: points e's rel32 field at code (the stub or a block entry). */
void cc_patch_exit(struct cc *cc, const struct cc_exit *e, const uint8_t *code);
/* chain.c: unlinks every exit into b and every exit of b. */
void cc_chain_detach(struct cc *cc, struct cc_block *b);

#endif
