/* devices/monitor.c — the monitor's command table, line parser and commands;
 * see monitor.h. Output follows QEMU's HMP for a MIPS guest, so habits and
 * scripts carry over: `info registers` opens with "pc=0x..." and GPR rows,
 * `x` lines are "ADDR: 0x........ ...", an unknown command is
 * "unknown command: 'NAME'". */
#include "devices/monitor.h"

#include "core/cpu.h"
#include "devices/keymap.h"
#include "frontend/disasm.h"
#include "softmmu/bus.h"
#include "softmmu/memory.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DUMP_UNITS 4096 /* x/N: bounded so a typo cannot flood the terminal */
#define MAX_SENDKEY 16      /* keys held at once by one sendkey */

static void say(struct monitor *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void say(struct monitor *m, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0 || !m->write) return;
    m->write(m->out, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

void monitor_init(struct monitor *m, struct cpu *cpu, const struct monitor_ops *ops, void *opaque)
{
    memset(m, 0, sizeof(*m));
    m->cpu = cpu;
    m->ops = ops;
    m->opaque = opaque;
}

/* ---- info ---- */

static const char *const gpr_names[32] = {
    "r0", "at", "v0", "v1", "a0", "a1", "a2", "a3", "t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7",
    "s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "t8", "t9", "k0", "k1", "gp", "sp", "s8", "ra"};

/* QEMU's mips_cpu_dump_state layout; "ds" is the delay-slot state: 1 and
 * the branch target when pc is a delay slot. */
static void info_registers(struct monitor *m)
{
    const struct cpu *c = m->cpu;
    say(m, "pc=0x%08" PRIx32 " HI=0x%08" PRIx32 " LO=0x%08" PRIx32 " ds %d 0x%08" PRIx32 "\n",
        c->pc, c->hi, c->lo, c->in_delay, c->in_delay ? c->delay_target : 0);
    for (unsigned i = 0; i < 32; i += 4)
        say(m, "GPR%02u: %s %08" PRIx32 " %s %08" PRIx32 " %s %08" PRIx32 " %s %08" PRIx32 "\n", i,
            gpr_names[i], c->gpr[i], gpr_names[i + 1], c->gpr[i + 1], gpr_names[i + 2],
            c->gpr[i + 2], gpr_names[i + 3], c->gpr[i + 3]);
    say(m, "CP0 Status  0x%08" PRIx32 " Cause   0x%08" PRIx32 " EPC    0x%08" PRIx32 "\n",
        c->cp0[CP0_STATUS][0], c->cp0[CP0_CAUSE][0], c->cp0[CP0_EPC][0]);
    say(m, "    Config0 0x%08" PRIx32 " Config1 0x%08" PRIx32 " LLAddr 0x%08" PRIx32 "\n",
        c->cp0[CP0_CONFIG][0], c->cp0[CP0_CONFIG][1], c->cp0[CP0_LLADDR][0]);
    say(m,
        "    EntryHi 0x%08" PRIx32 " BadVAddr 0x%08" PRIx32 " Count 0x%08" PRIx32
        " Compare 0x%08" PRIx32 "\n",
        c->cp0[CP0_ENTRYHI][0], c->cp0[CP0_BADVADDR][0], cpu_count(c), c->cp0[CP0_COMPARE][0]);
}

/* One EntryLo as "PFN C D V" (MIPS32 Vol. III, EntryLo0/1 fields). */
static void say_entrylo(struct monitor *m, uint32_t lo)
{
    say(m, " PFN %08" PRIx32 " C%" PRIu32 " D%" PRIu32 " V%" PRIu32, (lo >> 6 & 0xfffff) << 12,
        lo >> 3 & 7, lo >> 2 & 1, lo >> 1 & 1);
}

static void info_tlb(struct monitor *m)
{
    const struct cpu *c = m->cpu;
    unsigned shown = 0;
    say(m, "EntryHi ASID 0x%02" PRIx32 ", Wired %" PRIu32 "\n", c->cp0[CP0_ENTRYHI][0] & 0xff,
        c->cp0[CP0_WIRED][0]);
    for (unsigned i = 0; i < TLB_ENTRIES; i++) {
        const struct tlb_entry *e = &c->tlb[i];
        if (!((e->entrylo0 | e->entrylo1) & 2)) continue; /* neither half valid */
        say(m, "TLB[%02u] VPN2 %08" PRIx32 " ASID %02" PRIx32 " G%" PRIu32 " Mask %08" PRIx32, i,
            e->entryhi & ~0x1fffu, e->entryhi & 0xff, e->entrylo0 & e->entrylo1 & 1, e->pagemask);
        say_entrylo(m, e->entrylo0);
        say_entrylo(m, e->entrylo1);
        say(m, "\n");
        shown++;
    }
    if (!shown) say(m, "no valid TLB entries\n");
}

static void info_cpus(struct monitor *m)
{
    say(m, "* CPU #0: pc=0x%08" PRIx32 "%s%s\n", m->cpu->pc, m->cpu->waiting ? " (halted)" : "",
        m->stopped ? " (stopped)" : "");
}

static void info_status(struct monitor *m)
{
    say(m, "VM status: %s\n", m->stopped ? "paused" : "running");
}

static const struct {
    const char *name, *help;
    void (*run)(struct monitor *m);
} info_table[] = {
    {"registers", "show the cpu registers", info_registers},
    {"tlb", "show the guest TLB (valid entries)", info_tlb},
    {"cpus", "show the cpus and their pc", info_cpus},
    {"status", "show whether the guest runs or is stopped", info_status},
};

static void cmd_info(struct monitor *m, const char *args)
{
    for (size_t i = 0; i < sizeof info_table / sizeof info_table[0]; i++)
        if (!strcmp(args, info_table[i].name)) return info_table[i].run(m);
    if (*args) return say(m, "info: unknown item '%s' (try 'info')\n", args);
    for (size_t i = 0; i < sizeof info_table / sizeof info_table[0]; i++)
        say(m, "info %-10s -- %s\n", info_table[i].name, info_table[i].help);
}

/* ---- x / xp ---- */

struct dump_format {
    unsigned count, size; /* size in bytes: 1, 2, 4, 8 */
    char format;          /* x d u o c i */
};

/* QEMU's /FMT: an optional count, then format and size letters in any order
 * (gdb's syntax). 0, or -1 for a letter it does not know. */
static int parse_format(const char *s, struct dump_format *f)
{
    *f = (struct dump_format){1, 0, 'x'};
    if (isdigit((unsigned char)*s)) f->count = (unsigned)strtoul(s, (char **)&s, 10);
    for (; *s; s++) {
        const char *p = strchr("bhwg", *s);
        if (p)
            f->size = 1u << (p - "bhwg");
        else if (strchr("xduoci", *s))
            f->format = *s;
        else
            return -1;
    }
    if (!f->size) f->size = f->format == 'c' ? 1 : 4;
    if (f->format == 'i') f->size = 4;
    return 0;
}

/* The host byte behind vaddr as the guest's kernel sees it, without raising
 * anything: EXL gives kernel privilege and keeps kuseg mapped (the gdb stub
 * reads memory the same way). NULL for unmapped addresses and MMIO. */
static const uint8_t *virt_byte(struct cpu *c, uint32_t vaddr)
{
    uint32_t paddr;
    return mem_translate_debug(c, vaddr, &paddr) ? bus_host_ptr(c->bus, paddr, 1) : NULL;
}

/* Reads one unit in the guest's byte order; false when a byte is unreadable. */
static bool read_unit(struct monitor *m, uint64_t addr, unsigned size, bool phys, uint64_t *v)
{
    *v = 0;
    for (unsigned i = 0; i < size; i++) {
        uint64_t a = addr + i;
        if (a > 0xffffffffu) return false;
        const uint8_t *p =
            phys ? bus_host_ptr(m->cpu->bus, (uint32_t)a, 1) : virt_byte(m->cpu, (uint32_t)a);
        if (!p) return false;
        unsigned shift = m->cpu->big_endian ? 8 * (size - 1 - i) : 8 * i;
        *v |= (uint64_t)*p << shift;
    }
    return true;
}

static void say_unit(struct monitor *m, const struct dump_format *f, uint64_t v)
{
    unsigned bits = 8 * f->size;
    int64_t sv = bits == 64 ? (int64_t)v : (int64_t)(v << (64 - bits)) >> (64 - bits);
    switch (f->format) {
    case 'd':
        say(m, " %*" PRId64, (int)((bits * 10 + 32) / 33), sv);
        break;
    case 'u':
        say(m, " %*" PRIu64, (int)((bits * 10 + 32) / 33), v);
        break;
    case 'o':
        say(m, " %#*" PRIo64, (int)((bits + 2) / 3), v);
        break;
    case 'c':
        say(m, isprint((int)(v & 0xff)) ? " '%c'" : " \\x%02x", (int)(v & 0xff));
        break;
    default:
        say(m, " 0x%0*" PRIx64, (int)(bits / 4), v);
        break;
    }
}

static void dump_insns(struct monitor *m, uint32_t addr, unsigned count, bool phys)
{
    struct disasm *d = disasm_open(m->cpu->big_endian);
    for (unsigned i = 0; i < count; i++, addr += 4) {
        uint64_t w;
        char text[128];
        if (!read_unit(m, addr, 4, phys, &w)) {
            say(m, "Cannot access memory\n");
            break;
        }
        if (!d || !disasm_insn(d, addr, (uint32_t)w, text, sizeof text))
            snprintf(text, sizeof text, ".word 0x%08" PRIx64, w);
        say(m, "0x%08" PRIx32 ":  %s\n", addr, text);
    }
    disasm_close(d);
}

/* QEMU's memory_dump: 16 bytes a line (8 for bytes), the address as the
 * target prints it: 8 digits virtual, 16 physical (hwaddr). */
static void dump(struct monitor *m, const struct dump_format *f, uint32_t addr, bool phys)
{
    if (f->format == 'i') return dump_insns(m, addr, f->count, phys);
    unsigned per_line = (f->size == 1 ? 8 : 16) / f->size;
    for (unsigned i = 0; i < f->count; i++) {
        uint64_t a = (uint64_t)addr + (uint64_t)i * f->size, v;
        if (i % per_line == 0) say(m, phys ? "%016" PRIx64 ":" : "%08" PRIx64 ":", a);
        if (!read_unit(m, a, f->size, phys, &v)) return say(m, " Cannot access memory\n");
        say_unit(m, f, v);
        if (i % per_line == per_line - 1 || i + 1 == f->count) say(m, "\n");
    }
}

static bool parse_u32(const char *s, uint32_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (end == s || errno || v > 0xffffffffu) return false;
    while (isspace((unsigned char)*end))
        end++;
    *out = (uint32_t)v;
    return *end == '\0';
}

static void cmd_dump(struct monitor *m, const char *name, const char *fmt, const char *args,
                     bool phys)
{
    struct dump_format f;
    uint32_t addr;
    if (parse_format(fmt, &f) != 0) return say(m, "%s: invalid format '/%s'\n", name, fmt);
    if (f.count == 0 || f.count > MAX_DUMP_UNITS)
        return say(m, "%s: count must be 1 to %u\n", name, MAX_DUMP_UNITS);
    if (!parse_u32(args, &addr)) return say(m, "%s: expected an address, not '%s'\n", name, args);
    dump(m, &f, addr, phys);
}

/* ---- control ---- */

static void cmd_screendump(struct monitor *m, const char *args)
{
    char path[1024], extra[64] = "", err[300];
    int n = sscanf(args, "%1023s %63[^\n]", path, extra);
    if (n < 1) return say(m, "screendump: missing file name\n");
    if (n == 2 && strcmp(extra, "-f png"))
        return say(m, "screendump: tern writes PNG only ('-f png'), not '%s'\n", extra);
    if (!m->ops || !m->ops->screendump) return say(m, "screendump: no display\n");
    if (m->ops->screendump(m->opaque, path, err, sizeof err) != 0) say(m, "%s\n", err);
}

/* "ctrl-alt-f1": presses in order, releases in reverse, as QEMU's sendkey
 * (which also holds them for hold-time ms; the guest sees the same order). */
static void cmd_sendkey(struct monitor *m, const char *args)
{
    unsigned codes[MAX_SENDKEY], n = 0;
    char keys[256], *save = NULL;
    if (sscanf(args, "%255s", keys) != 1) return say(m, "sendkey: missing key names\n");
    for (char *k = strtok_r(keys, "-", &save); k; k = strtok_r(NULL, "-", &save)) {
        if (n == MAX_SENDKEY) return say(m, "sendkey: too many keys\n");
        if (!(codes[n++] = keymap_from_name(k))) return say(m, "sendkey: unknown key '%s'\n", k);
    }
    if (n == 0) return say(m, "sendkey: missing key names\n");
    if (!m->ops || !m->ops->key) return say(m, "sendkey: no keyboard on this board\n");
    bool taken = true;
    for (unsigned i = 0; i < n; i++)
        taken &= m->ops->key(m->opaque, codes[i], true);
    for (unsigned i = n; i-- > 0;)
        taken &= m->ops->key(m->opaque, codes[i], false);
    if (!taken) say(m, "sendkey: the guest's keyboard driver is not up (virtio_input); dropped\n");
}

static void call_op(struct monitor *m, void (*op)(void *), const char *what)
{
    if (!op) return say(m, "%s: not available on this board\n", what);
    op(m->opaque);
}

static void cmd_reset(struct monitor *m, const char *args)
{
    (void)args;
    call_op(m, m->ops ? m->ops->reset : NULL, "system_reset");
}

static void cmd_powerdown(struct monitor *m, const char *args)
{
    (void)args;
    call_op(m, m->ops ? m->ops->powerdown : NULL, "system_powerdown");
}

static void cmd_quit(struct monitor *m, const char *args)
{
    (void)args;
    call_op(m, m->ops ? m->ops->quit : NULL, "quit");
}

static void cmd_stop(struct monitor *m, const char *args)
{
    (void)args;
    m->stopped = true;
}

static void cmd_cont(struct monitor *m, const char *args)
{
    (void)args;
    m->stopped = false;
}

static void cmd_help(struct monitor *m, const char *args);

/* Commands that take /FMT (x, xp) are dispatched before this table. */
static const struct command {
    const char *name, *alias, *params, *help;
    void (*run)(struct monitor *m, const char *args);
} commands[] = {
    {"help", "?", "[cmd]", "show the help", cmd_help},
    {"info", NULL, "[subcommand]", "show various information about the system state", cmd_info},
    {"screendump", NULL, "filename [-f png]", "save the display as a PNG image", cmd_screendump},
    {"sendkey", NULL, "keys", "send keys to the guest (e.g. 'sendkey ctrl-alt-f1')", cmd_sendkey},
    {"system_reset", NULL, "", "reset the system", cmd_reset},
    {"system_powerdown", NULL, "", "press the power key (KEY_POWER on the keyboard)",
     cmd_powerdown},
    {"stop", "s", "", "stop emulation", cmd_stop},
    {"cont", "c", "", "resume emulation", cmd_cont},
    {"quit", "q", "", "quit the emulator", cmd_quit},
};

static void cmd_help(struct monitor *m, const char *args)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!*args || !strcmp(args, commands[i].name))
            say(m, "%s%s%s %s -- %s\n", commands[i].name, commands[i].alias ? "|" : "",
                commands[i].alias ? commands[i].alias : "", commands[i].params, commands[i].help);
    if (!*args || !strcmp(args, "x"))
        say(m, "x /fmt addr -- virtual memory dump starting at 'addr'\n");
    if (!*args || !strcmp(args, "xp"))
        say(m, "xp /fmt addr -- physical memory dump starting at 'addr'\n");
}

/* Splits "name/fmt args" into its parts (name cut at '/' or a space). */
static void split(const char *line, char *name, size_t nlen, char *fmt, size_t flen,
                  const char **args)
{
    size_t i = 0;
    while (*line && !isspace((unsigned char)*line) && *line != '/' && i + 1 < nlen)
        name[i++] = *line++;
    name[i] = '\0';
    i = 0;
    if (*line == '/')
        for (line++; *line && !isspace((unsigned char)*line) && i + 1 < flen;)
            fmt[i++] = *line++;
    fmt[i] = '\0';
    while (isspace((unsigned char)*line))
        line++;
    *args = line;
}

void monitor_execute(struct monitor *m, const char *line)
{
    char buf[1024], name[32], fmt[32];
    const char *args;
    while (isspace((unsigned char)*line))
        line++;
    snprintf(buf, sizeof buf, "%s", line);
    for (size_t n = strlen(buf); n > 0 && isspace((unsigned char)buf[n - 1]);)
        buf[--n] = '\0';
    if (!buf[0]) return;
    split(buf, name, sizeof name, fmt, sizeof fmt, &args);
    if (!strcmp(name, "x") || !strcmp(name, "xp"))
        return cmd_dump(m, name, fmt, args, name[1] == 'p');
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        const struct command *c = &commands[i];
        if (fmt[0] || (strcmp(name, c->name) && (!c->alias || strcmp(name, c->alias)))) continue;
        return c->run(m, args);
    }
    say(m, "unknown command: '%s%s%s'\n", name, fmt[0] ? "/" : "", fmt);
}
