/* codecache/invalidate.c — removing blocks: the per-page lists (hash of guest
 * physical page -> blocks covering it) that self-modifying code and
 * breakpoints go through, and the page hook that tells the owner when a page
 * starts or stops holding code (it write-protects such pages).
 *
 * A removed block leaves the table, its pages and every jump cache, and every
 * exit into it goes back to its stub; its code and record stay until
 * cc_flush, because a CPU may still be running it or hold one of its exit
 * tokens.
 */
#include <stdlib.h>

#include "codecache/cc_internal.h"
#include "codecache/jump_cache.h"

static struct cc_page **page_slot(const struct cc *cc, uint32_t base)
{
    struct cc_page **pp = &cc->pages[cc_hash(base >> CC_PAGE_BITS, cc->pages_mask)];
    while (*pp && (*pp)->base != base)
        pp = &(*pp)->next;
    return pp;
}

static void notify(struct cc *cc, uint32_t base, bool has_code)
{
    if (cc->page_hook) cc->page_hook(cc->page_opaque, base, has_code);
}

static void node_insert(struct cc_page *p, struct cc_page_node *n)
{
    n->next = p->blocks;
    if (p->blocks) p->blocks->pprev = &n->next;
    n->pprev = &p->blocks;
    p->blocks = n;
    p->count++;
}

int cc_pages_add(struct cc *cc, struct cc_block *b)
{
    struct cc_page *fresh[2] = {NULL, NULL};
    for (int i = 0; i < 2; i++) {
        if (b->pages[i] == CC_NO_PAGE || *page_slot(cc, b->pages[i])) continue;
        fresh[i] = calloc(1, sizeof(*fresh[i]));
        if (!fresh[i]) {
            free(fresh[0]);
            return CC_ENOMEM;
        }
    }
    for (int i = 0; i < 2; i++) {
        if (b->pages[i] == CC_NO_PAGE) continue;
        struct cc_page **pp = page_slot(cc, b->pages[i]);
        if (fresh[i]) {
            fresh[i]->base = b->pages[i];
            *pp = fresh[i];
        }
        b->page_node[i].block = b;
        node_insert(*pp, &b->page_node[i]);
        if (fresh[i]) notify(cc, b->pages[i], true);
    }
    return CC_OK;
}

static void page_remove_block(struct cc *cc, struct cc_block *b, int i)
{
    struct cc_page **pp = page_slot(cc, b->pages[i]);
    struct cc_page_node *n = &b->page_node[i];
    *n->pprev = n->next;
    if (n->next) n->next->pprev = n->pprev;
    n->next = NULL;
    n->pprev = NULL;
    struct cc_page *p = *pp;
    if (--p->count > 0) return;
    *pp = p->next;
    free(p);
    notify(cc, b->pages[i], false);
}

void cc_pages_drop_all(struct cc *cc)
{
    for (uint32_t h = 0; h <= cc->pages_mask; h++) {
        while (cc->pages[h]) {
            struct cc_page *p = cc->pages[h];
            cc->pages[h] = p->next;
            uint32_t base = p->base;
            free(p);
            notify(cc, base, false);
        }
    }
}

static void table_remove(struct cc *cc, struct cc_block *b)
{
    struct cc_block **pp = &cc->table[cc_block_bucket(cc, b->ppc, b->flags)];
    while (*pp != b)
        pp = &(*pp)->hash_next;
    *pp = b->hash_next;
    b->hash_next = NULL;
}

void cc_invalidate_block(struct cc *cc, struct cc_block *b)
{
    if (!b->live) return;
    table_remove(cc, b);
    for (int i = 0; i < 2; i++) {
        if (b->pages[i] != CC_NO_PAGE) page_remove_block(cc, b, i);
    }
    cc_chain_detach(cc, b);
    for (unsigned i = 0; i < cc->n_jcaches; i++)
        cc_jcache_remove(cc->jcaches[i], b->vpc, b->code);
    b->live = false;
    cc->stats.blocks--;
    cc->stats.invalidated++;
}

unsigned cc_invalidate_page(struct cc *cc, uint32_t addr)
{
    unsigned n = 0;
    cc->stats.page_invalidations++;
    /* Each removal may free the page record (with its last block): re-find it. */
    for (struct cc_page *p; (p = *page_slot(cc, addr & CC_PAGE_MASK)) != NULL; n++)
        cc_invalidate_block(cc, p->blocks->block);
    return n;
}

/* Whether block b's guest code (4 bytes per instruction from ppc, running on
 * into its second page) overlaps [addr, addr + len). */
static bool block_overlaps(const struct cc_block *b, uint32_t addr, uint32_t len)
{
    uint64_t start = b->ppc, end = (uint64_t)b->ppc + 4ull * b->icount;
    uint64_t first_end = ((uint64_t)(b->ppc & CC_PAGE_MASK)) + (1u << CC_PAGE_BITS);
    uint64_t a = addr, z = (uint64_t)addr + len;
    if (end > first_end) {
        uint64_t rest = end - first_end; /* bytes in the second page */
        if (b->pages[1] != CC_NO_PAGE && a < (uint64_t)b->pages[1] + rest && b->pages[1] < z)
            return true;
        end = first_end;
    }
    return a < end && start < z;
}

unsigned cc_invalidate_range(struct cc *cc, uint32_t addr, uint32_t len)
{
    unsigned n = 0;
    struct cc_page *p = *page_slot(cc, addr & CC_PAGE_MASK);
    while (p) {
        struct cc_block *hit = NULL;
        for (struct cc_page_node *node = p->blocks; node && !hit; node = node->next)
            if (block_overlaps(node->block, addr, len)) hit = node->block;
        if (!hit) break;
        cc_invalidate_block(cc, hit);
        n++;
        /* The removal may have freed the page record with its last block. */
        p = *page_slot(cc, addr & CC_PAGE_MASK);
    }
    if (n) cc->stats.page_invalidations++;
    return n;
}

unsigned cc_invalidate_all(struct cc *cc)
{
    unsigned n = 0;
    for (struct cc_block *b = cc->all; b; b = b->all_next) {
        if (b->live) {
            cc_invalidate_block(cc, b);
            n++;
        }
    }
    return n;
}

bool cc_page_has_code(const struct cc *cc, uint32_t addr)
{
    return *page_slot(cc, addr & CC_PAGE_MASK) != NULL;
}
