/* codecache/codecache.c — the code cache's life cycle, the block table and
 * block commit, lookup and flush. Chaining is in chain.c, removal of blocks and
 * the page lists in invalidate.c.
 */
#include "codecache/codecache.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "codecache/cc_internal.h"
#include "codecache/jump_cache.h"

/* The smallest power of two >= v (v >= 1). */
static uint32_t pow2_at_least(size_t v)
{
    uint32_t p = 1;
    while (p < v && p < (1u << 30))
        p <<= 1;
    return p;
}

int cc_init(struct cc *cc, size_t size)
{
    memset(cc, 0, sizeof(*cc));
    if (size == 0) size = CC_DEFAULT_SIZE;
    if (size > CC_MAX_SIZE || size < CC_MIN_SIZE) return -EINVAL;
    int err = exec_mem_init(&cc->mem, size);
    if (err != 0) return err;
    /* Buckets sized for blocks of ~256 bytes and pages of ~1 KiB of code:
     * chains stay short even when the cache is full. The block table starts
     * small and grows with the blocks (grow_table): a short run's few
     * thousand blocks then share a few cache lines' worth of buckets instead
     * of missing the cache (and faulting a page in) on most lookups. */
    uint32_t nb = pow2_at_least(size >> 8 > 1024 ? size >> 8 : 1024);
    uint32_t np = pow2_at_least(size >> 10 > 256 ? size >> 10 : 256);
    cc->table_max = nb;
    nb = nb < CC_TABLE_START ? nb : CC_TABLE_START;
    cc->table = calloc(nb, sizeof(*cc->table));
    cc->pages = calloc(np, sizeof(*cc->pages));
    if (!cc->table || !cc->pages) {
        cc_destroy(cc);
        return -ENOMEM;
    }
    cc->table_mask = nb - 1;
    cc->pages_mask = np - 1;
    return 0;
}

static void free_blocks(struct cc *cc)
{
    for (struct cc_block *b = cc->all, *next; b; b = next) {
        next = b->all_next;
        free(b);
    }
    cc->all = NULL;
}

void cc_destroy(struct cc *cc)
{
    cc->page_hook = NULL; /* the owner is going away: no calls now */
    if (cc->pages) cc_pages_drop_all(cc);
    free_blocks(cc);
    free(cc->table);
    free(cc->pages);
    free(cc->jcaches);
    exec_mem_destroy(&cc->mem);
    memset(cc, 0, sizeof(*cc));
}

void cc_set_page_hook(struct cc *cc, cc_page_hook *hook, void *opaque)
{
    cc->page_hook = hook;
    cc->page_opaque = opaque;
}

int cc_add_jcache(struct cc *cc, struct ir_jcache_entry *jc)
{
    if (cc->n_jcaches == cc->cap_jcaches) {
        unsigned cap = cc->cap_jcaches ? 2 * cc->cap_jcaches : 4;
        void *p = realloc(cc->jcaches, cap * sizeof(*cc->jcaches));
        if (!p) return CC_ENOMEM;
        cc->jcaches = p;
        cc->cap_jcaches = cap;
    }
    cc_jcache_clear(jc);
    cc->jcaches[cc->n_jcaches++] = jc;
    return CC_OK;
}

void cc_remove_jcache(struct cc *cc, struct ir_jcache_entry *jc)
{
    for (unsigned i = 0; i < cc->n_jcaches; i++) {
        if (cc->jcaches[i] == jc) {
            cc->jcaches[i] = cc->jcaches[--cc->n_jcaches];
            return;
        }
    }
}

const uint8_t *cc_code_space(struct cc *cc, uint8_t **rw, size_t *avail)
{
    exec_mem_populate(&cc->mem);
    size_t at = (cc->mem.used + CC_CODE_ALIGN - 1) & ~(size_t)(CC_CODE_ALIGN - 1);
    if (at > cc->mem.size) at = cc->mem.size;
    *avail = cc->mem.size - at;
    *rw = cc->mem.rw + at;
    return cc->mem.rx + at;
}

const uint8_t *cc_commit_code(struct cc *cc, size_t size)
{
    const uint8_t *rx = exec_mem_alloc(&cc->mem, size, CC_CODE_ALIGN);
    if (rx) cc->stats.bytes += size;
    return rx;
}

void cc_keep_code(struct cc *cc)
{
    exec_mem_keep_prefix(&cc->mem);
}

struct cc_block *cc_block_new(const struct cc_block_info *info, unsigned max_exits)
{
    struct cc_block *b = calloc(1, sizeof(*b) + max_exits * sizeof(b->exits[0]));
    if (!b) return NULL;
    b->vpc = info->vpc;
    b->ppc = info->ppc;
    b->flags = info->flags;
    b->icount = info->icount;
    b->pages[0] = info->ppc & CC_PAGE_MASK;
    b->pages[1] = info->page2 == CC_NO_PAGE ? CC_NO_PAGE : info->page2 & CC_PAGE_MASK;
    if (b->pages[1] == b->pages[0]) b->pages[1] = CC_NO_PAGE;
    b->max_exits = max_exits;
    for (unsigned i = 0; i < max_exits; i++)
        b->exits[i].from = b;
    return b;
}

void cc_block_free(struct cc_block *b)
{
    free(b);
}

/* A rel32 field must lie inside the code and be 4-aligned (atomic patching);
 * its stub must be inside the code too. */
static bool exits_valid(const struct cc_exit_desc *exits, unsigned n, size_t size)
{
    for (unsigned i = 0; i < n; i++) {
        if (exits[i].jmp_field % 4 != 0 || exits[i].jmp_field < 1) return false;
        if ((size_t)exits[i].jmp_field + 4 > size || exits[i].stub >= size) return false;
        if (exits[i].ic_field % 4 != 0 || (size_t)exits[i].ic_field + 4 > size) return false;
        if (exits[i].ic_fill % 4 != 0 || (size_t)exits[i].ic_fill + 4 > size) return false;
    }
    return true;
}

static void set_exits(struct cc *cc, struct cc_block *b, const struct cc_exit_desc *exits,
                      unsigned n)
{
    b->n_exits = n;
    for (unsigned i = 0; i < n; i++) {
        struct cc_exit *e = &b->exits[i];
        *e = (struct cc_exit){.from = b,
                              .jmp_field = exits[i].jmp_field,
                              .stub = exits[i].stub,
                              .target_pc = exits[i].target_pc,
                              .ic_field = exits[i].ic_field,
                              .ic_fill = exits[i].ic_fill};
        cc_patch_exit(cc, e, b->code + e->stub);
    }
}

/* Quadruples the block table once it holds more blocks than buckets (up to
 * the size cc_init picked for a full cache); a failed allocation keeps the
 * old table, which still works, with longer chains. */
static void grow_table(struct cc *cc)
{
    uint32_t n = cc->table_mask + 1;
    if (cc->stats.blocks <= n || n >= cc->table_max) return;
    uint32_t nn = n * 4 < cc->table_max ? n * 4 : cc->table_max;
    struct cc_block **t = calloc(nn, sizeof(*t));
    if (!t) return;
    free(cc->table);
    cc->table = t;
    cc->table_mask = nn - 1;
    for (struct cc_block *b = cc->all; b; b = b->all_next) {
        if (!b->live) continue;
        uint32_t h = cc_block_bucket(cc, b->ppc, b->flags);
        b->hash_next = t[h];
        t[h] = b;
    }
}

int cc_block_commit(struct cc *cc, struct cc_block *b, size_t size,
                    const struct cc_exit_desc *exits, unsigned n_exits)
{
    uint8_t *rw;
    size_t avail;
    const uint8_t *rx = cc_code_space(cc, &rw, &avail);
    if (size > avail) return CC_FULL;
    if (b->code || size == 0 || size > UINT32_MAX || n_exits > b->max_exits ||
        !exits_valid(exits, n_exits, size))
        return CC_EINVAL;
    b->size = (uint32_t)size;
    if (cc_pages_add(cc, b) != 0) return CC_ENOMEM;
    b->code = rx; /* from here on b is the cache's: committing it again is refused */
    exec_mem_alloc(&cc->mem, size, CC_CODE_ALIGN);
    set_exits(cc, b, exits, n_exits);
    uint32_t h = cc_block_bucket(cc, b->ppc, b->flags);
    b->hash_next = cc->table[h];
    cc->table[h] = b;
    b->all_next = cc->all;
    cc->all = b;
    b->live = true;
    cc->stats.blocks++;
    cc->stats.translated++;
    cc->stats.bytes += size;
    grow_table(cc);
    return CC_OK;
}

struct cc_block *cc_lookup(const struct cc *cc, uint32_t vpc, uint32_t ppc, uint32_t flags)
{
    /* The virtual pc is compared too: the code of a block depends on it (link
     * addresses, branch targets), so two virtual aliases of one physical page
     * get a block each, as QEMU's TB lookup does. */
    for (struct cc_block *b = cc->table[cc_block_bucket(cc, ppc, flags)]; b; b = b->hash_next) {
        if (b->ppc == ppc && b->flags == flags && b->vpc == vpc) return b;
    }
    return NULL;
}

void cc_flush(struct cc *cc)
{
    cc_pages_drop_all(cc);
    free_blocks(cc);
    for (unsigned i = 0; i < cc->n_jcaches; i++)
        cc_jcache_clear(cc->jcaches[i]);
    exec_mem_reset(&cc->mem);
    memset(cc->table, 0, (cc->table_mask + 1) * sizeof(*cc->table));
    cc->stats.blocks = 0;
    cc->stats.bytes = cc->mem.used;
    cc->stats.flushes++;
    cc->generation++;
}
