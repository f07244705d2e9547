/* gdbstub/gdb_regs.h — the guest registers as gdb numbers them, and the XML
 * target description that tells gdb so.
 *
 * Numbering is gdb's traditional MIPS layout (the regnum attributes of gdb's
 * own features/mips-*.xml): r0..r31 = 0..31, sr 32, lo 33, hi 34, badvaddr 35,
 * cause 36, pc 37, f0..f31 = 38..69, fcsr 70, fir 71, and for a Linux guest
 * the org.gnu.gdb.mips.linux "restart" register 72. The 'g' packet sends them
 * in that order, each in the guest's byte order.
 *
 * FPU registers follow the FR mode at the time of the call: 32-bit singles
 * with Status.FR = 0 (gdb pairs them into doubles itself), 64-bit registers
 * with FR = 1. The description is generated for the same mode.
 */
#ifndef TERN_GDBSTUB_GDB_REGS_H
#define TERN_GDBSTUB_GDB_REGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cpu;

enum {
    GDB_REG_SR = 32,
    GDB_REG_LO = 33,
    GDB_REG_HI = 34,
    GDB_REG_BADVADDR = 35,
    GDB_REG_CAUSE = 36,
    GDB_REG_PC = 37,
    GDB_REG_F0 = 38,
    GDB_REG_FCSR = 70,
    GDB_REG_FIR = 71,
    GDB_REG_RESTART = 72, /* only with the Linux feature */
};

/* The number of registers gdb sees (72, or 73 with the Linux feature). */
unsigned gdb_reg_count(bool linux_feature);

/* The size in bytes of register n (4 or 8), or 0 when there is no such register. */
unsigned gdb_reg_size(const struct cpu *cpu, unsigned n, bool linux_feature);

/* Writes register n into buf in the guest's byte order; returns its size, or 0
 * when there is no such register. */
unsigned gdb_reg_read(const struct cpu *cpu, unsigned n, bool linux_feature, uint8_t *buf);

/* Sets register n from gdb_reg_size bytes at buf (guest byte order); false when
 * there is no such register. Writes to fir and restart are ignored. A pc write
 * that changes pc leaves any pending delay slot (gdb "jump"). */
bool gdb_reg_write(struct cpu *cpu, unsigned n, bool linux_feature, const uint8_t *buf);

/* Writes the target description (target.xml) for the cpu's current FR mode;
 * returns its length, or 0 when cap is too small. */
size_t gdb_target_xml(const struct cpu *cpu, bool linux_feature, char *out, size_t cap);

#endif
