/* codecache/exec_mem.c — the double mapping of the JIT's code memory.
 *
 * One address range of 2*size is reserved PROT_NONE first, then the memfd is
 * mapped over both halves with MAP_FIXED, so the distance between the views
 * is fixed and no other mapping can land between them.
 */
#include "codecache/exec_mem.h"

#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>

static size_t round_up(size_t v, size_t align)
{
    return (v + align - 1) & ~(align - 1);
}

static int map_views(struct exec_mem *m, int fd)
{
    uint8_t *base = mmap(NULL, 2 * m->size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED) return -errno;
    void *rw = mmap(base, m->size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, 0);
    void *rx = rw == MAP_FAILED ? MAP_FAILED
                                : mmap(base + m->size, m->size, PROT_READ | PROT_EXEC,
                                       MAP_SHARED | MAP_FIXED, fd, 0);
    if (rx == MAP_FAILED) {
        int err = -errno;
        munmap(base, 2 * m->size);
        return err;
    }
    m->rw = base;
    m->rx = base + m->size;
    return 0;
}

int exec_mem_init(struct exec_mem *m, size_t size)
{
    long page = sysconf(_SC_PAGESIZE);
    *m = (struct exec_mem){0};
    if (size == 0) return -EINVAL;
    m->size = round_up(size, page > 0 ? (size_t)page : 4096);
    int fd = memfd_create("tern-code", MFD_CLOEXEC);
    if (fd < 0) return -errno;
    int err = ftruncate(fd, (off_t)m->size) != 0 ? -errno : map_views(m, fd);
    close(fd);
    if (err != 0) *m = (struct exec_mem){0};
    return err;
}

void exec_mem_destroy(struct exec_mem *m)
{
    if (m->rw) munmap(m->rw, 2 * m->size);
    *m = (struct exec_mem){0};
}

size_t exec_mem_avail(const struct exec_mem *m, size_t align)
{
    size_t at = round_up(m->used, align);
    return at < m->size ? m->size - at : 0;
}

void *exec_mem_alloc(struct exec_mem *m, size_t size, size_t align)
{
    size_t at = round_up(m->used, align);
    if (at > m->size || size > m->size - at) return NULL;
    m->used = at + size;
    return m->rx + at;
}

void exec_mem_keep_prefix(struct exec_mem *m)
{
    m->reserved = m->used;
}

void exec_mem_reset(struct exec_mem *m)
{
    m->used = m->reserved;
}

/* 256 KiB holds ~200 blocks: one madvise per view replaces 64 write faults on
 * the RW view (shmem has no fault-around for writes) and the RX view's read
 * faults (fault-around maps 16 pages each). */
#define POPULATE_CHUNK (256u << 10)

void exec_mem_populate(struct exec_mem *m)
{
    if (m->used + POPULATE_CHUNK / 2 <= m->populated || m->populated >= m->size) return;
    size_t from = m->populated > m->used ? m->populated : m->used & ~(size_t)4095;
    size_t len = m->size - from < POPULATE_CHUNK ? m->size - from : POPULATE_CHUNK;
#ifdef MADV_POPULATE_WRITE
    madvise(m->rw + from, len, MADV_POPULATE_WRITE);
    madvise(m->rx + from, len, MADV_POPULATE_READ);
#endif
    m->populated = from + len;
}
