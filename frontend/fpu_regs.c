/* frontend/fpu_regs.c — the FPU register file as the guest sees it under
 * Status.FR = 0 and 1, and the control registers CFC1/CTC1 reach. See fpu.h.
 *
 * Storage (core/cpu.h): fpr[i] is 64 bits. FR = 1: register i is fpr[i].
 * FR = 0: register i is bits 31..0 of fpr[i], and a 64-bit operand lives in
 * the pair (even, odd). Choices where the manual says UNPREDICTABLE, all
 * QEMU's (target/mips/tcg/translate.c):
 * - A 32-bit write keeps bits 63..32 of the register (gen_store_fpr32).
 * - A 64-bit access naming an odd register with FR = 0, in an instruction that
 *   does not raise RI for it (LDC1/SDC1), uses the pair (reg & ~1, reg | 1).
 * - MFHC1/MTHC1 with FR = 0 use bits 31..0 of register reg | 1, so an odd reg
 *   names itself.
 * - CFC1 of an unlisted register reads FCSR (helper_cfc1's default); CFC1 of
 *   UFR (1) or FRE (5), which a 24Kf lacks, reads 0 (measured on qemu-mipsel
 *   7.2). CTC1 to an unlisted register is ignored; so is CTC1 to FCCR with
 *   bits above 7 set, or to FEXR/FENR with any of bits 22..18 set (other
 *   stray bits are dropped), as QEMU's helper_ctc1.
 * - FCSR bits 22..18 (including NAN2008 and ABS2008) read as 0 and ignore
 *   writes (24Kf fcr31_rw_bitmask 0xff83ffff).
 */
#include "frontend/fpu.h"

#include "core/cpu.h"

#define FCSR_WRITABLE 0xff83ffffu
#define FCSR_CC_BITS 0xfe800000u /* FCC7..1 at 31..25, FCC0 at 23 */
#define FEXR_BITS 0x0003f07cu    /* Cause 17..12, Flags 6..2 */
#define FENR_BITS 0x00000f83u    /* Enables 11..7, RM 1..0 (FS moves to bit 2) */
#define FENR_FS 0x4u
#define FCSR_RESERVED 0x007c0000u /* bits 22..18: a FEXR/FENR write with any set is ignored */

bool fpu_fr64(const struct cpu *cpu)
{
    return (cpu->cp0[CP0_STATUS][0] & ST_FR) != 0;
}

bool fpu_regs_ok(const struct cpu *cpu, unsigned regs)
{
    return fpu_fr64(cpu) || !(regs & 1);
}

uint32_t fpu_get_s(const struct cpu *cpu, unsigned reg)
{
    return (uint32_t)cpu->fpr[reg & 31];
}

void fpu_set_s(struct cpu *cpu, unsigned reg, uint32_t value)
{
    uint64_t *r = &cpu->fpr[reg & 31];
    *r = (*r & 0xffffffff00000000ull) | value;
}

uint64_t fpu_get_d(const struct cpu *cpu, unsigned reg)
{
    reg &= 31;
    if (fpu_fr64(cpu)) return cpu->fpr[reg];
    return (uint64_t)fpu_get_s(cpu, reg | 1) << 32 | fpu_get_s(cpu, reg & ~1u);
}

void fpu_set_d(struct cpu *cpu, unsigned reg, uint64_t value)
{
    reg &= 31;
    if (fpu_fr64(cpu)) {
        cpu->fpr[reg] = value;
        return;
    }
    fpu_set_s(cpu, reg & ~1u, (uint32_t)value);
    fpu_set_s(cpu, reg | 1, (uint32_t)(value >> 32));
}

uint32_t fpu_get_high(const struct cpu *cpu, unsigned reg)
{
    reg &= 31;
    if (fpu_fr64(cpu)) return (uint32_t)(cpu->fpr[reg] >> 32);
    return fpu_get_s(cpu, reg | 1);
}

void fpu_set_high(struct cpu *cpu, unsigned reg, uint32_t value)
{
    reg &= 31;
    if (fpu_fr64(cpu)) {
        cpu->fpr[reg] = (cpu->fpr[reg] & 0xffffffffull) | (uint64_t)value << 32;
        return;
    }
    fpu_set_s(cpu, reg | 1, value);
}

/* FCCR packs the eight condition codes into bits 7..0. */
static uint32_t fccr_of(uint32_t fcsr)
{
    return ((fcsr >> 24) & 0xfe) | ((fcsr >> 23) & 1);
}

/* FENR: Enables and RM in place, FS (FCSR bit 24) at bit 2. */
static uint32_t fenr_of(uint32_t fcsr)
{
    return (fcsr & FENR_BITS) | ((fcsr & FCSR_FS) ? FENR_FS : 0);
}

bool fpu_read_ctrl(const struct cpu *cpu, unsigned fs, uint32_t *value)
{
    switch (fs) {
    case FPU_FIR:
        *value = cpu->fir;
        return true;
    case 1: /* UFR */
    case 5: /* FRE */
        *value = 0;
        return true;
    case FPU_FCCR:
        *value = fccr_of(cpu->fcsr);
        return true;
    case FPU_FEXR:
        *value = cpu->fcsr & FEXR_BITS;
        return true;
    case FPU_FENR:
        *value = fenr_of(cpu->fcsr);
        return true;
    default:
        *value = cpu->fcsr;
        return true;
    }
}

/* The new FCSR after CTC1 fs, value; false when the write is ignored. */
static bool ctrl_merge(uint32_t fcsr, unsigned fs, uint32_t value, uint32_t *out)
{
    switch (fs) {
    case FPU_FCCR:
        if (value & ~0xffu) return false;
        *out = (fcsr & ~FCSR_CC_BITS) | (value & 0xfe) << 24 | (value & 1) << 23;
        return true;
    case FPU_FEXR:
        if (value & FCSR_RESERVED) return false;
        *out = (fcsr & ~FEXR_BITS) | (value & FEXR_BITS);
        return true;
    case FPU_FENR:
        if (value & FCSR_RESERVED) return false;
        *out = (fcsr & ~(FENR_BITS | FCSR_FS)) | (value & FENR_BITS) |
               ((value & FENR_FS) ? FCSR_FS : 0);
        return true;
    case FPU_FCSR:
        *out = (value & FCSR_WRITABLE) | (fcsr & ~FCSR_WRITABLE);
        return true;
    default:
        return false;
    }
}

bool fpu_write_ctrl(struct cpu *cpu, unsigned fs, uint32_t value)
{
    uint32_t fcsr;
    if (!ctrl_merge(cpu->fcsr, fs, value, &fcsr)) return true;
    cpu->fcsr = fcsr;
    /* Vol. II CTC1: a Cause bit whose Enable is set (or Unimplemented, which
     * has no Enable) traps once the write is done. */
    unsigned cause = (fcsr >> FCSR_CAUSE_SHIFT) & 0x3f;
    unsigned enables = ((fcsr >> FCSR_ENABLES_SHIFT) & 0x1f) | FPE_UNIMPL;
    if (cause & enables) return !cpu_exception(cpu, EXC_FPE);
    return true;
}
