/* devices/monitor.h — tern's human monitor: the command language of QEMU's
 * HMP (`(qemu) ` prompt) for the commands a system-mode user reaches for:
 * help, info registers|tlb|cpus|status, x/FMT ADDR (guest virtual),
 * xp/FMT ADDR (physical), screendump FILE, sendkey KEYS, system_reset,
 * system_powerdown, stop, cont, quit. One line in, text out through a write
 * callback; a bad line prints one error line and changes nothing.
 *
 * The monitor knows the CPU (registers, TLB, memory through the soft MMU,
 * read without faulting or touching devices) and reaches the board only
 * through struct monitor_ops. It runs on the CPU's thread between blocks
 * (the board's service hook, the same place the gdb stub stops the guest),
 * so the CPU state it shows is exact; `stop` sets `stopped` and the board
 * holds the guest in its service hook until `cont`.
 *
 *   struct monitor mon;
 *   monitor_init(&mon, &cpu, &board_monitor_ops, board);
 *   mon.write = my_write, mon.out = my_fd;
 *   monitor_execute(&mon, "info registers");
 */
#ifndef TERN_DEVICES_MONITOR_H
#define TERN_DEVICES_MONITOR_H

#include <stdbool.h>
#include <stddef.h>

struct cpu;

#define MONITOR_PROMPT "(tern) "
#define MONITOR_BANNER "tern monitor - type 'help' for more information\n"

/* What the board does for the monitor; any member may be NULL (the command
 * then says it is not available). */
struct monitor_ops {
    /* Writes a PNG of the display to path; 0, or -1 with a message in err. */
    int (*screendump)(void *opaque, const char *path, char *err, size_t errlen);
    /* Presses (down) or releases Linux key code; false when no keyboard took it. */
    bool (*key)(void *opaque, unsigned code, bool down);
    void (*reset)(void *opaque);     /* system_reset */
    void (*powerdown)(void *opaque); /* system_powerdown */
    void (*quit)(void *opaque);      /* quit: end tern with status 0 */
};

struct monitor {
    struct cpu *cpu;
    const struct monitor_ops *ops;
    void *opaque;
    void (*write)(void *out, const char *text, size_t len); /* NULL: output dropped */
    void *out;
    bool stopped; /* `stop` given, no `cont` since */
};

/* Sets up m for cpu with the board's ops (opaque is handed to them); output
 * is dropped until write is set. */
void monitor_init(struct monitor *m, struct cpu *cpu, const struct monitor_ops *ops, void *opaque);

/* Runs one command line (no newline needed); its output and any error go
 * through m->write. An empty line does nothing. */
void monitor_execute(struct monitor *m, const char *line);

#endif
