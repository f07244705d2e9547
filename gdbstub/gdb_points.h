/* gdbstub/gdb_points.h — the breakpoint and watchpoint tables gdb fills with
 * Z/z packets. Breakpoints never patch guest memory: the stub compares the pc
 * before each interpreted instruction and each translated block (which the
 * translator ends before a breakpoint); watchpoints are matched by the memory
 * access path (softmmu/memory.c's watch hook). The breakpoint lookup is on
 * the dispatcher's path, so a 64-bit filter answers most misses at once.
 */
#ifndef TERN_GDBSTUB_GDB_POINTS_H
#define TERN_GDBSTUB_GDB_POINTS_H

#include <stdbool.h>
#include <stdint.h>

/* Z packet types (GDB docs, "Packets": Z0..Z4). */
enum gdb_point_type {
    GDB_BP_SW = 0,
    GDB_BP_HW = 1,
    GDB_WP_WRITE = 2,
    GDB_WP_READ = 3,
    GDB_WP_ACCESS = 4,
};

#define GDB_MAX_BREAKPOINTS 64
#define GDB_MAX_WATCHPOINTS 16

struct gdb_point {
    uint32_t addr, len;
    uint8_t type;
};

struct gdb_points {
    struct gdb_point bp[GDB_MAX_BREAKPOINTS];
    unsigned nbp;
    uint64_t bp_filter; /* bit (pc >> 2) & 63 of every breakpoint: a quick "none here" */
    struct gdb_point wp[GDB_MAX_WATCHPOINTS];
    unsigned nwp;
};

/* Adds a point (adding one that exists is a no-op); 0, or -1 when the table is
 * full or the type or length is invalid. */
int gdb_points_add(struct gdb_points *pts, unsigned type, uint32_t addr, uint32_t len);

/* Removes a point; 0, or -1 when the type is invalid (removing an absent one is fine). */
int gdb_points_remove(struct gdb_points *pts, unsigned type, uint32_t addr, uint32_t len);

/* The breakpoint type at pc (GDB_BP_SW or GDB_BP_HW), or -1 when none. */
int gdb_points_break_at(const struct gdb_points *pts, uint32_t pc);

/* True when an access of size bytes at vaddr (a store or a load) hits a
 * watchpoint; *type gets its type and *addr the first watched byte accessed. */
bool gdb_points_watch_hit(const struct gdb_points *pts, uint32_t vaddr, unsigned size, bool store,
                          unsigned *type, uint32_t *addr);

/* Removes every point. */
void gdb_points_clear(struct gdb_points *pts);

#endif
