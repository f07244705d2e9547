/* frontend/cp0.c — CP0 register read/write semantics; see cp0.h.
 *
 * One table row per implemented (register, select): the bits MTC0 may change,
 * and hooks for the registers whose value is computed (Count, Random,
 * UserLocal) or whose write has side effects (Count, Compare, HWREna). The
 * masks follow QEMU's 24Kf model (target/mips/cpu-defs.c.inc, cp0_helper.c)
 * minus what tern does not implement, so a guest probing a feature by writing
 * it and reading back sees the truth.
 */
#include "frontend/cp0.h"

#include <stdbool.h>

#include "core/clock.h"
#include "core/cpu.h"

#define HWRENA_ULR (1u << 29)
#define INTCTL_IPTI_SHIFT 29

struct cp0_desc {
    bool present;
    uint32_t writable;
    uint32_t (*read)(const struct cpu *cpu);
    void (*write)(struct cpu *cpu, uint32_t value);
};

static bool has_userlocal(const struct cpu *cpu)
{
    return cpu->cp0[CP0_CONFIG][3] & CP0_CONFIG3_ULRI;
}

uint32_t cp0_random(const struct cpu *cpu)
{
    /* The same draw as softmmu/tlb.c's TLBWR, so a guest that reads Random
     * sees the kind of value TLBWR would use. */
    uint32_t wired = cpu->cp0[CP0_WIRED][0] % TLB_ENTRIES;
    return wired + (uint32_t)(cpu->icount % (TLB_ENTRIES - wired));
}

static uint32_t read_count(const struct cpu *cpu)
{
    return cpu_count(cpu);
}

static void write_count(struct cpu *cpu, uint32_t value)
{
    cpu_set_count(cpu, value);
}

/* Vol. III 9.19: writing Compare acknowledges the timer interrupt. Release 2
 * routes that interrupt to Cause.IP[IntCtl.IPTI]; the board puts nothing else
 * on that line (BOARD.md: timer alone on IP7), so it is dropped with TI. */
static void write_compare(struct cpu *cpu, uint32_t value)
{
    uint32_t ipti = cpu->cp0[CP0_STATUS][1] >> INTCTL_IPTI_SHIFT;
    uint32_t clear = CAUSE_TI;
    if (ipti >= 2)
        clear |= 1u << (CAUSE_IP_SHIFT + ipti);
    cpu->cp0[CP0_COMPARE][0] = value;
    cpu->cp0[CP0_CAUSE][0] &= ~clear;
    clock_update(cpu);
}

/* UserLocal exists only with Config3.ULRI (Vol. III 9.7); otherwise it is a
 * missing register. */
static uint32_t read_userlocal(const struct cpu *cpu)
{
    return has_userlocal(cpu) ? cpu->cp0[CP0_CONTEXT][2] : 0;
}

static void write_userlocal(struct cpu *cpu, uint32_t value)
{
    if (has_userlocal(cpu))
        cpu->cp0[CP0_CONTEXT][2] = value;
}

/* HWREna: bits 0..3 (CPUNum, SYNCI_Step, CC, CCRes) and bit 29 (UserLocal)
 * when ULRI is implemented; the rest are reserved for hardware registers
 * tern lacks and read 0. */
static void write_hwrena(struct cpu *cpu, uint32_t value)
{
    uint32_t mask = 0xfu | (has_userlocal(cpu) ? HWRENA_ULR : 0);
    cpu->cp0[CP0_HWRENA][0] = value & mask;
}

/* Cause.TI reads as set once Count has passed Compare even before the exec
 * loop's next timer check raises it (BOARD.md: the kernel's timer probe spins
 * on Count and then expects TI within a few instructions). */
static uint32_t read_cause(const struct cpu *cpu)
{
    uint32_t cause = cpu->cp0[CP0_CAUSE][0];
    if (!(cause & CAUSE_TI) && clock_pending(cpu)) {
        uint32_t ipti = cpu->cp0[CP0_STATUS][1] >> INTCTL_IPTI_SHIFT;
        cause |= CAUSE_TI | (ipti >= 2 ? 1u << (CAUSE_IP_SHIFT + ipti) : 0);
    }
    return cause;
}

/* PageMask takes only the page sizes the TLB has (4 KiB to 256 MiB, in steps
 * of 4); any other mask, which the manual leaves UNPREDICTABLE, becomes 0
 * (4 KiB pages), as QEMU's cpu_mips_store_pagemask does. */
static void write_pagemask(struct cpu *cpu, uint32_t value)
{
    uint32_t m = value >> 13;
    bool valid = m == 0 || m == 0x3 || m == 0xf || m == 0x3f || m == 0xff || m == 0x3ff ||
                 m == 0xfff || m == 0x3fff || m == 0xffff;
    cpu->cp0[CP0_PAGEMASK][0] = valid ? value & 0x1fffe000u : 0;
}

static uint32_t read_random(const struct cpu *cpu)
{
    return cp0_random(cpu);
}

#define RO {.present = true, .writable = 0}
#define RW(mask) {.present = true, .writable = (mask)}

static const struct cp0_desc cp0_table[32][8] = {
    /* Index.P is set only by TLBP; the index field covers the TLB. */
    [CP0_INDEX][0] = RW(TLB_ENTRIES - 1),
    [CP0_RANDOM][0] = {.present = true, .read = read_random},
    /* PFN (PABITS = 32: bits 25..6), C, D, V, G (QEMU: PAMask >> 6). */
    [CP0_ENTRYLO0][0] = RW(0x03ffffffu),
    [CP0_ENTRYLO1][0] = RW(0x03ffffffu),
    [CP0_CONTEXT][0] = RW(0xff800000u), /* PTEBase; BadVPN2 is set by exceptions */
    [CP0_CONTEXT][2] = {.present = true, .read = read_userlocal, .write = write_userlocal},
    /* Mask bits 28..13, valid page sizes only; no 1 KiB pages. */
    [CP0_PAGEMASK][0] = {.present = true, .write = write_pagemask},
    [CP0_WIRED][0] = RW(TLB_ENTRIES - 1),
    [CP0_HWRENA][0] = {.present = true, .write = write_hwrena},
    [CP0_BADVADDR][0] = RO,
    [CP0_COUNT][0] = {.present = true, .read = read_count, .write = write_count},
    [CP0_ENTRYHI][0] = RW(0xffffe0ffu), /* VPN2, ASID */
    [CP0_COMPARE][0] = {.present = true, .write = write_compare},
    /* CU1 CU0 FR BEV TS SR NMI IM UM ERL EXL IE. RE (reverse user endianness)
     * and KSU's supervisor bit stay 0: tern implements neither. */
    [CP0_STATUS][0] = RW(0x3478ff17u),
    [CP0_STATUS][1] = RW(0x000003e0u), /* IntCtl.VS; IPTI/IPPCI are fixed */
    [CP0_STATUS][2] = RO,              /* SRSCtl: no shadow register sets */
    [CP0_STATUS][3] = RO,              /* SRSMap */
    /* IV and the software interrupts IP1..0. DC (stop Count) and WP are not
     * implemented and read 0. */
    [CP0_CAUSE][0] = {.present = true, .writable = 0x00800300u, .read = read_cause},
    [CP0_EPC][0] = RW(0xffffffffu),
    [CP0_PRID][0] = RO,
    [CP0_PRID][1] = RW(0x3ffff000u), /* EBase: bits 31..30 read 10, CPUNum fixed */
    /* Config.K0 is writable (Vol. III 9.37, QEMU too): Linux sets kseg0's
     * cacheability there in coherency_setup(). The rest is read-only. */
    [CP0_CONFIG][0] = RW(0x7u),
    [CP0_CONFIG][1] = RO,
    [CP0_CONFIG][2] = RO,
    [CP0_CONFIG][3] = RO,
    [CP0_LLADDR][0] = RO,
    /* TagLo/DataLo/TagHi: plain storage for the cache-initialisation code;
     * CACHE itself does not touch them (tern has no cache model). */
    [CP0_TAGLO][0] = RW(0xffffffffu),
    [CP0_TAGLO][1] = RW(0xffffffffu),
    [CP0_TAGHI][0] = RW(0xffffffffu),
    [CP0_ERROREPC][0] = RW(0xffffffffu),
};

uint32_t cp0_read(const struct cpu *cpu, unsigned reg, unsigned sel)
{
    const struct cp0_desc *d = &cp0_table[reg % 32][sel % 8];
    if (!d->present)
        return 0;
    return d->read ? d->read(cpu) : cpu->cp0[reg % 32][sel % 8];
}

/* Bits whose change alters how virtual addresses translate: the soft TLBs of
 * the translated code must then be emptied (cpu->mmu_gen). */
static uint32_t mmu_bits(unsigned reg, unsigned sel)
{
    if (sel != 0)
        return 0;
    return reg == CP0_ENTRYHI ? 0xffu /* ASID */ : reg == CP0_STATUS ? ST_ERL : 0;
}

void cp0_write(struct cpu *cpu, unsigned reg, unsigned sel, uint32_t value)
{
    const struct cp0_desc *d = &cp0_table[reg % 32][sel % 8];
    if (d->write) {
        d->write(cpu, value);
        return;
    }
    uint32_t *raw = &cpu->cp0[reg % 32][sel % 8];
    uint32_t old = *raw;
    *raw = (*raw & ~d->writable) | (value & d->writable);
    if ((old ^ *raw) & mmu_bits(reg % 32, sel % 8))
        cpu->mmu_gen++;
}
