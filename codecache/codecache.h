/* codecache/codecache.h — tern's code cache: W^X code memory, the block table
 * keyed by (guest physical pc, mode flags), direct chaining with exact
 * unchaining, jump-cache upkeep and invalidation by guest physical page.
 * It knows nothing of MIPS or of the IR: a block is host code plus a record.
 *
 * Translating one block (the engine, holding the code-cache lock):
 *
 *   struct cc_block *b = cc_block_new(&info, n_exits);     // exit tokens exist now:
 *   uint64_t tok = cc_exit_token(&b->exits[0]);            //   the stub returns them
 *   uint8_t *rw; size_t avail;
 *   const uint8_t *rx = cc_code_space(cc, &rw, &avail);    // emit at rw, to run at rx
 *   ... emit size bytes; each direct exit is a jmp rel32 whose field offset is
 *   ... 4-aligned (pad with cc_jmp_padding() NOPs before the jmp)
 *   int r = cc_block_commit(cc, b, size, exits, n_exits);
 *   if (r == CC_FULL) { cc_flush(cc); retry }              // b is still the caller's
 *
 * The dispatcher then looks blocks up (cc_lookup), fills the jump cache, and
 * when a stub returns exit token tok with the target block at hand calls
 * cc_link(cc, cc_exit_from_token(tok), target).
 *
 * Threading rule (user-mode threads share one cache): cc does no locking. Every
 * cc_* call runs under one lock the owner keeps. Generated code runs without
 * it: a link or unlink is one atomic 4-byte store of an aligned rel32 field,
 * so a CPU running the jmp sees the old or the new target, both valid code;
 * removed blocks keep their code and records until cc_flush, which the owner
 * calls only with every CPU outside generated code.
 */
#ifndef TERN_CODECACHE_CODECACHE_H
#define TERN_CODECACHE_CODECACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "codecache/exec_mem.h"
#include "translator/target.h"

#define CC_PAGE_BITS 12
#define CC_PAGE_MASK (~((1u << CC_PAGE_BITS) - 1))
#define CC_NO_PAGE 0xffffffffu /* cc_block_info.page2 of a block within one page */
#define CC_CODE_ALIGN 16       /* every block's entry is aligned to this */
#define CC_DEFAULT_SIZE (32u << 20)
#define CC_MAX_SIZE (1u << 30) /* keeps every rel32 between two blocks in range */
/* The smallest cache cc_init takes: the kept entry trampoline plus room for
 * the largest block the backend emits (64 guest instructions, a few KiB), so
 * that a flush always makes room for the block that asked for it. */
#define CC_MIN_SIZE (16u << 10)
#define CC_TABLE_START 1024u /* buckets of a new block table (it grows 4x at a time) */

enum cc_status {
    CC_OK = 0,
    CC_FULL = -1,   /* the code does not fit: cc_flush, then translate again */
    CC_EINVAL = -2, /* bad exit description (offset out of range, misaligned field) */
    CC_ENOMEM = -3, /* host malloc failed */
};

struct cc_block;

/* One direct exit: a jmp rel32 at jmp_field that leads to the stub at stub
 * while unlinked and to the entry of `to` while linked. */
struct cc_exit {
    struct cc_block *from;
    uint32_t jmp_field;  /* offset of the rel32 field in from's code (4-aligned) */
    uint32_t stub;       /* offset of the unlinked path in from's code */
    uint32_t target_pc;  /* guest virtual pc it leads to (as described by the engine) */
    /* An indirect exit's inline cache (the backend's): offset of the 4-aligned
     * imm32 its jmp is guarded by, 0 for a direct exit; ic_set once the engine
     * has chosen its target_pc, which cc_ic_set writes there before any link. */
    uint32_t ic_field;
    uint32_t ic_fill;    /* its jne's rel32 field: to the engine until set, then to stub */
    bool ic_set;
    struct cc_block *to; /* linked target or NULL */
    struct cc_exit *in_next, **in_pprev; /* entry in to->incoming */
};

/* Links a block into the list of one guest page. */
struct cc_page_node {
    struct cc_page_node *next, **pprev;
    struct cc_block *block;
};

struct cc_block {
    uint32_t vpc, ppc, flags;
    uint32_t pages[2];          /* guest physical page bases; pages[1] CC_NO_PAGE when one page */
    uint32_t icount;            /* guest instructions */
    const uint8_t *code;        /* RX entry */
    uint32_t size;              /* host code bytes */
    bool live;                  /* in the table; false once committed and removed */
    struct cc_block *hash_next; /* bucket chain */
    struct cc_block *all_next;  /* every committed block, live or removed */
    struct cc_page_node page_node[2];
    struct cc_exit *incoming; /* exits linked to this block */
    unsigned n_exits, max_exits;
    struct cc_exit exits[];
};

/* What the engine knows of a block before translating it. */
struct cc_block_info {
    uint32_t vpc, ppc, flags;
    uint32_t page2; /* physical address in a second page the block reads (a delay slot
                     * past the page end), or CC_NO_PAGE */
    uint32_t icount;
};

/* How the backend laid out one chainable exit. */
struct cc_exit_desc {
    uint32_t jmp_field; /* offset of the jmp's rel32 field; 4-aligned */
    uint32_t stub;      /* offset of its unlinked path (jmp_field + 4 for a direct exit) */
    uint32_t target_pc;
    uint32_t ic_field;  /* an inline cache's imm32 (4-aligned); 0: a direct exit */
    uint32_t ic_fill;   /* an inline cache's jne rel32 field (4-aligned) */
};

struct cc_stats {
    uint64_t blocks;     /* live blocks */
    uint64_t translated; /* blocks committed, ever */
    uint64_t bytes;      /* code bytes handed out since the last flush */
    uint64_t links, unlinks;
    uint64_t invalidated; /* blocks removed by invalidation */
    uint64_t page_invalidations;
    uint64_t flushes;
    uint64_t jc_hits, jc_misses; /* reported by the engine */
};

/* Told when a guest physical page gains its first block (has_code) or loses
 * its last: the soft MMU / user mode write-protects code pages through it. */
typedef void cc_page_hook(void *opaque, uint32_t page, bool has_code);

struct cc_page;

struct cc {
    struct exec_mem mem;
    struct cc_block **table;
    uint32_t table_mask;
    uint32_t table_max; /* buckets the table grows to (cc_init's choice for a full cache) */
    struct cc_page **pages;
    uint32_t pages_mask;
    struct cc_block *all;
    struct ir_jcache_entry **jcaches;
    unsigned n_jcaches, cap_jcaches;
    cc_page_hook *page_hook;
    void *page_opaque;
    uint64_t generation; /* bumped by every cc_flush */
    struct cc_stats stats;
};

/* --- codecache.c --- */
/* Sets up a cache of size bytes of code (0: CC_DEFAULT_SIZE; otherwise from
 * CC_MIN_SIZE to CC_MAX_SIZE, else -EINVAL); 0 or a negative errno. */
int cc_init(struct cc *cc, size_t size);
/* Frees everything; registered jump caches are left as they are. */
void cc_destroy(struct cc *cc);
/* Installs the page hook (NULL: none). */
void cc_set_page_hook(struct cc *cc, cc_page_hook *hook, void *opaque);
/* Registers a CPU's jump cache (CC_JCACHE_SIZE entries) and empties it; 0 or CC_ENOMEM. */
int cc_add_jcache(struct cc *cc, struct ir_jcache_entry *jc);
/* Forgets a registered jump cache. */
void cc_remove_jcache(struct cc *cc, struct ir_jcache_entry *jc);
/* The RX address of the free code space; *rw its RW alias, *avail its size. */
const uint8_t *cc_code_space(struct cc *cc, uint8_t **rw, size_t *avail);
/* Takes size bytes at cc_code_space for code that is no block (entry
 * trampoline, epilogue); returns its RX address, or NULL when full. It lives
 * until the next cc_flush, or for ever after cc_keep_code. */
const uint8_t *cc_commit_code(struct cc *cc, size_t size);
/* Makes all code handed out so far survive flushes (call before any block). */
void cc_keep_code(struct cc *cc);
/* A block record with room for max_exits exits, not yet in the cache; NULL
 * when out of memory. Its exit tokens are valid from now on. */
struct cc_block *cc_block_new(const struct cc_block_info *info, unsigned max_exits);
/* Frees a block record that was never committed (or whose commit failed). */
void cc_block_free(struct cc_block *b);
/* Enters b, whose size bytes of code were written at cc_code_space, into the
 * cache with its exits (all unlinked); CC_OK, else b stays the caller's. */
int cc_block_commit(struct cc *cc, struct cc_block *b, size_t size,
                    const struct cc_exit_desc *exits, unsigned n_exits);
/* The live block for (vpc, ppc, flags), or NULL. */
struct cc_block *cc_lookup(const struct cc *cc, uint32_t vpc, uint32_t ppc, uint32_t flags);
/* Drops every block and all code after the kept prefix, empties the jump
 * caches, tells the page hook, and bumps the generation. */
void cc_flush(struct cc *cc);

/* --- chain.c --- */
/* NOP bytes to emit before a 5-byte jmp rel32 at offset so its field is 4-aligned
 * (block entries are CC_CODE_ALIGN-aligned, so offsets stand for addresses). */
size_t cc_jmp_padding(size_t offset);
/* Points exit e at block to (possibly its own block); false when either
 * block has been removed, or e is an inline cache not set to to's pc.
 * Relinking an exit first unlinks it. */
bool cc_link(struct cc *cc, struct cc_exit *e, struct cc_block *to);
/* Gives inline-cache exit e the pc its jmp is taken for (its target_pc),
 * written into its code once, and sends its other pcs to its stub from then
 * on; nothing for a direct exit or a set cache. */
void cc_ic_set(struct cc *cc, struct cc_exit *e, uint32_t pc);
/* Points exit e back at its stub; nothing when it is not linked. */
void cc_unlink(struct cc *cc, struct cc_exit *e);

/* The value a stub returns for exit e (never 0). */
static inline uint64_t cc_exit_token(const struct cc_exit *e)
{
    return (uint64_t)(uintptr_t)e;
}

/* The exit behind a stub's return value (valid until the next cc_flush). */
static inline struct cc_exit *cc_exit_from_token(uint64_t token)
{
    return (struct cc_exit *)(uintptr_t)token;
}

/* --- invalidate.c --- */
/* Removes block b: out of the table and its pages, incoming exits back to
 * their stubs, its own exits unlinked, its jump-cache slots emptied. */
void cc_invalidate_block(struct cc *cc, struct cc_block *b);
/* Removes every block covering the guest physical page of addr; returns how many. */
unsigned cc_invalidate_page(struct cc *cc, uint32_t addr);
/* Removes the blocks whose guest code overlaps [addr, addr + len) (a store
 * into a page that mixes code and data leaves the other blocks alone);
 * returns how many. */
unsigned cc_invalidate_range(struct cc *cc, uint32_t addr, uint32_t len);
/* Removes every block (e.g. a breakpoint was set); returns how many. Unlike
 * cc_flush the code space is not reused and the generation stays. */
unsigned cc_invalidate_all(struct cc *cc);
/* True when some live block covers the guest physical page of addr. */
bool cc_page_has_code(const struct cc *cc, uint32_t addr);

#endif
