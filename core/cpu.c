/* core/cpu.c — CPU reset, exception recording and exception entry; see cpu.h. */
#include "core/cpu.h"

#include "core/clock.h"

#include <string.h>

/* The 24Kf identity QEMU presents (../shared/BOARD.md), adjusted to what tern
 * implements: 32 TLB entries; no watch registers, MIPS16 or EJTAG; UserLocal. */
#define RESET_PRID 0x00019300u
#define RESET_CONFIG0 0x80000482u
#define RESET_CONFIG1 (0x80000000u | (TLB_ENTRIES - 1u) << 25 | 0x00190c81u)
#define RESET_CONFIG2 0x80000000u
#define RESET_CONFIG3 (1u << 13) /* ULRI */
#define RESET_INTCTL 0xe0000000u /* timer interrupt on IP7 */
#define RESET_FIR 0x00739300u
#define CONFIG0_BE (1u << 15)

void cpu_reset(struct cpu *cpu, struct bus *bus, bool big_endian)
{
    memset(cpu, 0, sizeof(*cpu));
    cpu->bus = bus;
    cpu->big_endian = big_endian;
    cpu->pc = 0xbfc00000u;
    cpu->exc.code = EXC_NONE;
    cpu->fir = RESET_FIR;
    cpu->cp0[CP0_STATUS][0] = ST_BEV | ST_ERL;
    cpu->cp0[CP0_RANDOM][0] = TLB_ENTRIES - 1;
    cpu->cp0[CP0_PRID][0] = RESET_PRID;
    cpu->cp0[CP0_PRID][1] = 0x80000000u; /* EBase */
    cpu->cp0[CP0_STATUS][1] = RESET_INTCTL;
    cpu->cp0[CP0_CONFIG][0] = RESET_CONFIG0 | (big_endian ? CONFIG0_BE : 0);
    cpu->cp0[CP0_CONFIG][1] = RESET_CONFIG1;
    cpu->cp0[CP0_CONFIG][2] = RESET_CONFIG2;
    cpu->cp0[CP0_CONFIG][3] = RESET_CONFIG3;
    for (unsigned m = 0; m < 2; m++)
        for (unsigned i = 0; i < (1u << CPU_SOFTTLB_BITS); i++)
            cpu->softtlb[m][i] = (struct ir_softtlb_entry){IR_SOFTTLB_INVALID, IR_SOFTTLB_INVALID, 0};
    for (unsigned m = 0; m < 2; m++)
        for (unsigned i = 0; i < (1u << CPU_JCACHE_BITS); i++)
            cpu->jcache[m][i].pc = ir_jcache_empty_pc(i); /* translator/target.h */
    clock_update(cpu);
}

bool cpu_exception(struct cpu *cpu, enum mips_exc code)
{
    cpu->exc.code = (uint8_t)code;
    cpu->exc.ce = 0;
    cpu->exc.has_badvaddr = false;
    cpu->exc.tlb_refill = false;
    return true;
}

bool cpu_exception_addr(struct cpu *cpu, enum mips_exc code, uint32_t badvaddr)
{
    cpu_exception(cpu, code);
    cpu->exc.has_badvaddr = true;
    cpu->exc.badvaddr = badvaddr;
    return true;
}

bool cpu_exception_cpu(struct cpu *cpu, unsigned ce)
{
    cpu_exception(cpu, EXC_CPU);
    cpu->exc.ce = (uint8_t)ce;
    return true;
}

bool cpu_kernel_mode(const struct cpu *cpu)
{
    uint32_t status = cpu->cp0[CP0_STATUS][0];
    return !(status & ST_UM) || (status & (ST_EXL | ST_ERL));
}

static bool is_tlb_exception(unsigned code)
{
    return code == EXC_MOD || code == EXC_TLBL || code == EXC_TLBS;
}

/* BadVAddr, and for TLB exceptions Context.BadVPN2 and EntryHi.VPN2 (Vol. III 6.2). */
static void record_address(struct cpu *cpu)
{
    uint32_t va = cpu->exc.badvaddr;
    cpu->cp0[CP0_BADVADDR][0] = va;
    if (!is_tlb_exception(cpu->exc.code))
        return;
    uint32_t *context = &cpu->cp0[CP0_CONTEXT][0];
    *context = (*context & 0xff800000u) | ((va >> 9) & 0x007ffff0u);
    uint32_t *entryhi = &cpu->cp0[CP0_ENTRYHI][0];
    *entryhi = (va & 0xffffe000u) | (*entryhi & 0xffu);
}

void cpu_enter_exception(struct cpu *cpu)
{
    uint32_t *status = &cpu->cp0[CP0_STATUS][0];
    uint32_t *cause = &cpu->cp0[CP0_CAUSE][0];
    unsigned code = cpu->exc.code;
    uint32_t offset = 0x180;

    if (!(*status & ST_EXL)) {
        bool bd = cpu->in_delay;
        cpu->cp0[CP0_EPC][0] = bd ? cpu->pc - 4 : cpu->pc;
        *cause = bd ? (*cause | CAUSE_BD) : (*cause & ~CAUSE_BD);
        if (cpu->exc.tlb_refill)
            offset = 0x000;
        else if (code == EXC_INT && (*cause & CAUSE_IV))
            offset = 0x200;
    }
    *cause &= ~(CAUSE_EXC_MASK | (3u << CAUSE_CE_SHIFT));
    *cause |= code << CAUSE_EXC_SHIFT | (uint32_t)cpu->exc.ce << CAUSE_CE_SHIFT;
    if (cpu->exc.has_badvaddr)
        record_address(cpu);
    *status |= ST_EXL;

    uint32_t base = (*status & ST_BEV) ? 0xbfc00200u : (cpu->cp0[CP0_PRID][1] & 0xfffff000u);
    cpu->pc = base + offset;
    cpu->in_delay = false;
    cpu->exc.code = EXC_NONE;
}

uint32_t cpu_count(const struct cpu *cpu)
{
    return clock_count(cpu);
}

void cpu_set_count(struct cpu *cpu, uint32_t value)
{
    clock_set_count(cpu, value);
}
