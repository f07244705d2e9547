/* gdbstub/gdb_regs.c — register access in gdb's numbering and the target
 * description; see gdb_regs.h. */
#include "gdbstub/gdb_regs.h"

#include "core/cpu.h"
#include "frontend/fpu.h"

#include <stdarg.h>
#include <stdio.h>

unsigned gdb_reg_count(bool linux_feature)
{
    return linux_feature ? GDB_REG_RESTART + 1 : GDB_REG_FIR + 1;
}

unsigned gdb_reg_size(const struct cpu *cpu, unsigned n, bool linux_feature)
{
    if (n >= gdb_reg_count(linux_feature)) return 0;
    if (n >= GDB_REG_F0 && n < GDB_REG_F0 + 32 && fpu_fr64(cpu)) return 8;
    return 4;
}

/* The 32-bit registers other than the FPRs, by gdb number; NULL for none. */
static uint32_t *reg32(struct cpu *cpu, unsigned n)
{
    if (n < 32) return &cpu->gpr[n];
    switch (n) {
    case GDB_REG_SR:
        return &cpu->cp0[CP0_STATUS][0];
    case GDB_REG_LO:
        return &cpu->lo;
    case GDB_REG_HI:
        return &cpu->hi;
    case GDB_REG_BADVADDR:
        return &cpu->cp0[CP0_BADVADDR][0];
    case GDB_REG_CAUSE:
        return &cpu->cp0[CP0_CAUSE][0];
    case GDB_REG_PC:
        return &cpu->pc;
    case GDB_REG_FCSR:
        return &cpu->fcsr;
    case GDB_REG_FIR:
        return &cpu->fir;
    default:
        return NULL;
    }
}

static void put_bytes(uint8_t *buf, uint64_t v, unsigned size, bool big_endian)
{
    for (unsigned i = 0; i < size; i++)
        buf[i] = (uint8_t)(v >> (big_endian ? 8 * (size - 1 - i) : 8 * i));
}

static uint64_t get_bytes(const uint8_t *buf, unsigned size, bool big_endian)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < size; i++)
        v |= (uint64_t)buf[i] << (big_endian ? 8 * (size - 1 - i) : 8 * i);
    return v;
}

unsigned gdb_reg_read(const struct cpu *cpu, unsigned n, bool linux_feature, uint8_t *buf)
{
    unsigned size = gdb_reg_size(cpu, n, linux_feature);
    uint64_t v = 0;
    if (!size) return 0;
    if (n >= GDB_REG_F0 && n < GDB_REG_F0 + 32)
        v = size == 8 ? cpu->fpr[n - GDB_REG_F0] : (uint32_t)cpu->fpr[n - GDB_REG_F0];
    else if (n != GDB_REG_RESTART)
        v = *reg32((struct cpu *)cpu, n);
    put_bytes(buf, v, size, cpu->big_endian);
    return size;
}

bool gdb_reg_write(struct cpu *cpu, unsigned n, bool linux_feature, const uint8_t *buf)
{
    unsigned size = gdb_reg_size(cpu, n, linux_feature);
    if (!size) return false;
    uint64_t v = get_bytes(buf, size, cpu->big_endian);
    if (n >= GDB_REG_F0 && n < GDB_REG_F0 + 32) {
        uint64_t *f = &cpu->fpr[n - GDB_REG_F0];
        /* FR = 0: a single is bits 31..0; keep bits 63..32 as MTC1 does. */
        *f = size == 8 ? v : (*f & ~0xffffffffull) | (uint32_t)v;
        return true;
    }
    if (n == GDB_REG_FIR || n == GDB_REG_RESTART || n == 0) return true; /* read-only */
    if (n == GDB_REG_PC && (uint32_t)v != cpu->pc) cpu->in_delay = false;
    if (n == GDB_REG_SR) cpu->mmu_gen++; /* KSU/ERL may change what addresses mean */
    *reg32(cpu, n) = (uint32_t)v;
    return true;
}

/* ---- target description -------------------------------------------------- */

struct xml_out {
    char *buf;
    size_t cap, len;
    bool overflow;
};

__attribute__((format(printf, 2, 3))) static void xml_printf(struct xml_out *x, const char *fmt,
                                                             ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(x->buf + x->len, x->overflow ? 0 : x->cap - x->len, fmt, ap);
    va_end(ap);
    if (n < 0 || x->overflow || (size_t)n >= x->cap - x->len)
        x->overflow = true;
    else
        x->len += (size_t)n;
}

static void xml_reg(struct xml_out *x, const char *name, unsigned bits, unsigned regnum,
                    const char *type, const char *group)
{
    xml_printf(x, "    <reg name=\"%s\" bitsize=\"%u\" regnum=\"%u\"", name, bits, regnum);
    if (type) xml_printf(x, " type=\"%s\"", type);
    if (group) xml_printf(x, " group=\"%s\"", group);
    xml_printf(x, "/>\n");
}

static void xml_cpu(struct xml_out *x)
{
    char name[8];
    xml_printf(x, "  <feature name=\"org.gnu.gdb.mips.cpu\">\n");
    for (unsigned i = 0; i < 32; i++) {
        snprintf(name, sizeof name, "r%u", i);
        xml_reg(x, name, 32, i, NULL, NULL);
    }
    xml_reg(x, "lo", 32, GDB_REG_LO, NULL, NULL);
    xml_reg(x, "hi", 32, GDB_REG_HI, NULL, NULL);
    xml_reg(x, "pc", 32, GDB_REG_PC, "code_ptr", NULL);
    xml_printf(x, "  </feature>\n");
}

static void xml_cp0(struct xml_out *x)
{
    xml_printf(x, "  <feature name=\"org.gnu.gdb.mips.cp0\">\n");
    xml_reg(x, "status", 32, GDB_REG_SR, NULL, NULL);
    xml_reg(x, "badvaddr", 32, GDB_REG_BADVADDR, NULL, NULL);
    xml_reg(x, "cause", 32, GDB_REG_CAUSE, NULL, NULL);
    xml_printf(x, "  </feature>\n");
}

/* FR = 0: 32 singles (gdb's mips-fpu.xml); FR = 1: 32 doubles (mips64-fpu.xml). */
static void xml_fpu(struct xml_out *x, bool fr64)
{
    char name[8];
    xml_printf(x, "  <feature name=\"org.gnu.gdb.mips.fpu\">\n");
    for (unsigned i = 0; i < 32; i++) {
        snprintf(name, sizeof name, "f%u", i);
        xml_reg(x, name, fr64 ? 64 : 32, GDB_REG_F0 + i, fr64 ? "ieee_double" : "ieee_single",
                NULL);
    }
    xml_reg(x, "fcsr", 32, GDB_REG_FCSR, NULL, "float");
    xml_reg(x, "fir", 32, GDB_REG_FIR, NULL, "float");
    xml_printf(x, "  </feature>\n");
}

size_t gdb_target_xml(const struct cpu *cpu, bool linux_feature, char *out, size_t cap)
{
    struct xml_out x = {out, cap, 0, cap == 0};
    xml_printf(&x, "<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
                   "<target version=\"1.0\">\n  <architecture>mips:isa32r2</architecture>\n");
    if (linux_feature) xml_printf(&x, "  <osabi>GNU/Linux</osabi>\n");
    xml_cpu(&x);
    xml_cp0(&x);
    xml_fpu(&x, fpu_fr64(cpu));
    if (linux_feature) {
        xml_printf(&x, "  <feature name=\"org.gnu.gdb.mips.linux\">\n");
        xml_reg(&x, "restart", 32, GDB_REG_RESTART, NULL, "system");
        xml_printf(&x, "  </feature>\n");
    }
    xml_printf(&x, "</target>\n");
    return x.overflow ? 0 : x.len;
}
