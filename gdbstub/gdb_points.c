/* gdbstub/gdb_points.c — breakpoint and watchpoint tables; see gdb_points.h. */
#include "gdbstub/gdb_points.h"

#include <string.h>

static bool is_watch(unsigned type)
{
    return type >= GDB_WP_WRITE && type <= GDB_WP_ACCESS;
}

static int find(const struct gdb_point *t, unsigned n, unsigned type, uint32_t addr, uint32_t len)
{
    for (unsigned i = 0; i < n; i++)
        if (t[i].type == type && t[i].addr == addr && t[i].len == len) return (int)i;
    return -1;
}

static uint64_t filter_bit(uint32_t pc)
{
    return 1ull << ((pc >> 2) & 63);
}

static void refilter(struct gdb_points *pts)
{
    pts->bp_filter = 0;
    for (unsigned i = 0; i < pts->nbp; i++)
        pts->bp_filter |= filter_bit(pts->bp[i].addr);
}

int gdb_points_add(struct gdb_points *pts, unsigned type, uint32_t addr, uint32_t len)
{
    if (type > GDB_WP_ACCESS) return -1;
    bool watch = is_watch(type);
    struct gdb_point *t = watch ? pts->wp : pts->bp;
    unsigned *n = watch ? &pts->nwp : &pts->nbp;
    unsigned max = watch ? GDB_MAX_WATCHPOINTS : GDB_MAX_BREAKPOINTS;
    if (watch && (len == 0 || addr + (uint64_t)len > 0x100000000ull)) return -1;
    if (!watch) len = 0; /* the kind (instruction size) does not matter to us */
    if (find(t, *n, type, addr, len) >= 0) return 0;
    if (*n >= max) return -1;
    t[(*n)++] = (struct gdb_point){addr, len, (uint8_t)type};
    refilter(pts);
    return 0;
}

int gdb_points_remove(struct gdb_points *pts, unsigned type, uint32_t addr, uint32_t len)
{
    if (type > GDB_WP_ACCESS) return -1;
    bool watch = is_watch(type);
    struct gdb_point *t = watch ? pts->wp : pts->bp;
    unsigned *n = watch ? &pts->nwp : &pts->nbp;
    int i = find(t, *n, type, addr, watch ? len : 0);
    if (i >= 0) t[i] = t[--*n];
    refilter(pts);
    return 0;
}

int gdb_points_break_at(const struct gdb_points *pts, uint32_t pc)
{
    if (!(pts->bp_filter & filter_bit(pc))) return -1;
    for (unsigned i = 0; i < pts->nbp; i++)
        if (pts->bp[i].addr == pc) return pts->bp[i].type;
    return -1;
}

bool gdb_points_watch_hit(const struct gdb_points *pts, uint32_t vaddr, unsigned size, bool store,
                          unsigned *type, uint32_t *addr)
{
    for (unsigned i = 0; i < pts->nwp; i++) {
        const struct gdb_point *w = &pts->wp[i];
        bool kind = w->type == GDB_WP_ACCESS || (w->type == GDB_WP_WRITE) == store;
        uint64_t end = (uint64_t)vaddr + size, wend = (uint64_t)w->addr + w->len;
        if (!kind || end <= w->addr || vaddr >= wend) continue;
        *type = w->type;
        *addr = vaddr > w->addr ? vaddr : w->addr;
        return true;
    }
    return false;
}

void gdb_points_clear(struct gdb_points *pts)
{
    memset(pts, 0, sizeof *pts);
}
