/* codecache/exec_mem.h — W^X executable memory for the JIT: one memfd mapped
 * twice, a read-write view where code is written and a read-execute view where
 * it runs, side by side at a fixed distance (rx = rw + size), with a bump
 * allocator over it. No page is ever writable and executable through one view.
 *
 *   struct exec_mem m;
 *   if (exec_mem_init(&m, 32 << 20) != 0) ... error
 *   uint8_t *rx = exec_mem_alloc(&m, n, 16);      // NULL: full, the owner flushes
 *   memcpy(exec_mem_rw(&m, rx), code, n);          // write through the RW view
 *   ((int (*)(void))rx)();                         // run through the RX view
 *   exec_mem_reset(&m);                            // everything after the prefix is free
 */
#ifndef TERN_CODECACHE_EXEC_MEM_H
#define TERN_CODECACHE_EXEC_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The memfd itself is closed once both views map it: the mappings keep it
 * alive, and tern-user holds no descriptor a guest could close or see. */
struct exec_mem {
    uint8_t *rw;      /* writable view */
    uint8_t *rx;      /* executable view, at rw + size */
    size_t size;      /* bytes of each view (a multiple of the host page size) */
    size_t used;      /* bump pointer: [0, used) is handed out */
    size_t reserved;  /* [0, reserved) survives exec_mem_reset (entry trampolines) */
    size_t populated; /* [0, populated) was prefaulted by exec_mem_populate */
};

/* Creates the memfd and both views of size bytes (rounded up to a page);
 * returns 0, or a negative errno (m is then left unmapped). */
int exec_mem_init(struct exec_mem *m, size_t size);
/* Unmaps both views; m may be re-initialised after. */
void exec_mem_destroy(struct exec_mem *m);
/* The RX address of size free bytes aligned to align (a power of two), or
 * NULL when they do not fit; nothing is consumed on failure. */
void *exec_mem_alloc(struct exec_mem *m, size_t size, size_t align);
/* Bytes free after aligning the bump pointer to align (a power of two). */
size_t exec_mem_avail(const struct exec_mem *m, size_t align);
/* Makes everything handed out so far survive exec_mem_reset (call it after
 * emitting code that must outlive flushes, e.g. the entry trampoline). */
void exec_mem_keep_prefix(struct exec_mem *m);
/* Frees everything after the kept prefix. */
void exec_mem_reset(struct exec_mem *m);
/* Prefaults both views some way past the bump pointer, a chunk at a time, so
 * code is not written and run a page fault per page (best effort: on kernels
 * without MADV_POPULATE_* the pages still fault in one by one). */
void exec_mem_populate(struct exec_mem *m);

/* True when p points into the RX view. */
static inline bool exec_mem_contains(const struct exec_mem *m, const void *p)
{
    return (const uint8_t *)p >= m->rx && (const uint8_t *)p < m->rx + m->size;
}

/* The RW alias of an RX address (p must be in the RX view). */
static inline uint8_t *exec_mem_rw(const struct exec_mem *m, const void *rx)
{
    return m->rw + ((const uint8_t *)rx - m->rx);
}

#endif
