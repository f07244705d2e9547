/* core/log.h — QEMU-style debug logging: `-d item,item` selects what is
 * logged, `-D file` where (stderr by default).
 *
 * Logging is one process-wide sink, like QEMU's qemu_log: the engines, the
 * exec loop and the devices all reach it, and threading a handle through every
 * device call would cost more than it explains. Nothing is written unless an
 * item is enabled, so library code stays silent by default.
 *
 *   unsigned mask;
 *   if (log_parse("in_asm,int", &mask, err, sizeof err) == 0) log_set(mask, stderr);
 *   if (log_enabled(LOG_INT)) log_printf("exception %s\n", name);
 */
#ifndef TERN_CORE_LOG_H
#define TERN_CORE_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum log_item {
    LOG_IN_ASM = 1u << 0,       /* each guest block, disassembled, the first time it runs */
    LOG_EXEC = 1u << 1,         /* each guest block as it is entered */
    LOG_INT = 1u << 2,          /* each exception and interrupt taken */
    LOG_CPU = 1u << 3,          /* the CPU registers before each block */
    LOG_UNIMP = 1u << 4,        /* reserved / unimplemented instructions the guest hit */
    LOG_GUEST_ERRORS = 1u << 5, /* bad device accesses, bus errors */
    LOG_OP = 1u << 6,           /* the IR of each translated block, after the passes */
    LOG_OUT_ASM = 1u << 7,      /* the host code of each translated block */
};

struct log_item_desc {
    unsigned mask;
    const char *name;
    const char *help;
};

/* The table of items, for `-d help`; *count receives its length. */
const struct log_item_desc *log_items(unsigned *count);

/* Parses "item,item,..." into *mask. Returns 0; 1 when the list is "help"
 * (the caller prints log_items()); -1 with a message in err for an unknown
 * item. */
int log_parse(const char *list, unsigned *mask, char *err, size_t errlen);

/* Enables the items in mask and sends them to out (stderr when NULL). */
void log_set(unsigned mask, FILE *out);

/* The enabled items. */
extern unsigned log_mask;

/* True when item is enabled. */
static inline bool log_enabled(unsigned item)
{
    return (log_mask & item) != 0;
}

/* The log stream (stderr unless log_set chose another). */
FILE *log_file(void);

/* printf to the log stream; a no-op while nothing is enabled. */
void log_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Logs one line under guest_errors (a newline is added). */
void log_guest_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
