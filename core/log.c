/* core/log.c — the `-d` item table and the log sink; see log.h. */
#include "core/log.h"

#include <stdarg.h>
#include <string.h>

unsigned log_mask;
static FILE *log_out;

/* Names follow QEMU's `-d` items so its users need nothing new. */
static const struct log_item_desc items[] = {
    {LOG_IN_ASM, "in_asm", "show guest code of each block the first time it runs"},
    {LOG_EXEC, "exec", "show the guest pc of each block as it is entered"},
    {LOG_INT, "int", "show exceptions and interrupts (code, pc, badvaddr)"},
    {LOG_CPU, "cpu", "show the CPU registers before each block"},
    {LOG_UNIMP, "unimp", "show reserved or unimplemented instructions the guest hit"},
    {LOG_GUEST_ERRORS, "guest_errors", "show bad device accesses and bus errors"},
    {LOG_OP, "op", "show the IR of each translated block (after the passes)"},
    {LOG_OUT_ASM, "out_asm", "show the host code of each translated block"},
};

const struct log_item_desc *log_items(unsigned *count)
{
    *count = sizeof(items) / sizeof(items[0]);
    return items;
}

static int find_item(const char *name, size_t len, unsigned *mask)
{
    for (size_t i = 0; i < sizeof(items) / sizeof(items[0]); i++) {
        if (strlen(items[i].name) == len && strncmp(items[i].name, name, len) == 0) {
            *mask |= items[i].mask;
            return 0;
        }
    }
    return -1;
}

int log_parse(const char *list, unsigned *mask, char *err, size_t errlen)
{
    *mask = 0;
    if (strcmp(list, "help") == 0) return 1;
    const char *p = list;
    for (;;) {
        size_t len = strcspn(p, ",");
        if (len > 0 && find_item(p, len, mask) != 0) {
            snprintf(err, errlen, "unknown log item '%.*s' (try -d help)", (int)len, p);
            return -1;
        }
        if (p[len] == '\0') return 0;
        p += len + 1;
    }
}

void log_set(unsigned mask, FILE *out)
{
    log_mask = mask;
    log_out = out;
}

FILE *log_file(void)
{
    return log_out ? log_out : stderr;
}

void log_printf(const char *fmt, ...)
{
    if (!log_mask) return;
    va_list ap;
    va_start(ap, fmt);
    vfprintf(log_file(), fmt, ap);
    va_end(ap);
}

void log_guest_error(const char *fmt, ...)
{
    if (!log_enabled(LOG_GUEST_ERRORS)) return;
    FILE *out = log_file();
    va_list ap;
    va_start(ap, fmt);
    vfprintf(out, fmt, ap);
    va_end(ap);
    fputc('\n', out);
}
