/* softmmu/tlb.c — the guest TLB (MIPS32 Vol. III, 4.9 "TLB-based MMU"); see tlb.h. */
#include "softmmu/tlb.h"

#include "core/cpu.h"

#define ENTRYHI_ASID 0xffu
#define ENTRYLO_G 1u
#define ENTRYLO_V 2u
#define ENTRYLO_D 4u
#define PAGEMASK_BITS 0x1fffe000u

/* Mask of the VPN2 bits an entry compares (address bits above the page pair). */
static uint32_t vpn2_mask(const struct tlb_entry *e)
{
    return ~((e->pagemask & PAGEMASK_BITS) | 0x1fffu);
}

static bool entry_matches(const struct tlb_entry *e, uint32_t vaddr, uint32_t asid)
{
    uint32_t mask = vpn2_mask(e);
    if ((e->entryhi & mask) != (vaddr & mask))
        return false;
    return (e->entrylo0 & e->entrylo1 & ENTRYLO_G) || (e->entryhi & ENTRYHI_ASID) == asid;
}

static int find_entry(const struct cpu *cpu, uint32_t vaddr)
{
    uint32_t asid = cpu->cp0[CP0_ENTRYHI][0] & ENTRYHI_ASID;
    for (int i = 0; i < TLB_ENTRIES; i++)
        if (entry_matches(&cpu->tlb[i], vaddr, asid))
            return i;
    return -1;
}

static bool tlb_fault(struct cpu *cpu, enum mips_exc code, uint32_t vaddr, bool refill)
{
    cpu_exception_addr(cpu, code, vaddr);
    cpu->exc.tlb_refill = refill;
    return false;
}

bool tlb_translate(struct cpu *cpu, uint32_t vaddr, bool store, bool fetch, uint32_t *paddr)
{
    (void)fetch;
    enum mips_exc code = store ? EXC_TLBS : EXC_TLBL;
    int i = find_entry(cpu, vaddr);
    if (i < 0)
        return tlb_fault(cpu, code, vaddr, true);
    const struct tlb_entry *e = &cpu->tlb[i];
    uint32_t page_size = ((e->pagemask & PAGEMASK_BITS) | 0x1fffu) / 2 + 1;
    uint32_t lo = (vaddr & page_size) ? e->entrylo1 : e->entrylo0;
    if (!(lo & ENTRYLO_V))
        return tlb_fault(cpu, code, vaddr, false);
    if (store && !(lo & ENTRYLO_D))
        return tlb_fault(cpu, EXC_MOD, vaddr, false);
    uint32_t frame = (uint32_t)(((uint64_t)(lo >> 6) << 12) & ~(uint64_t)(page_size - 1));
    *paddr = frame | (vaddr & (page_size - 1));
    return true;
}

bool tlb_global(const struct cpu *cpu, uint32_t vaddr)
{
    int i = find_entry(cpu, vaddr);
    return i >= 0 && (cpu->tlb[i].entrylo0 & ENTRYLO_G);
}

void tlb_probe(struct cpu *cpu)
{
    int i = find_entry(cpu, cpu->cp0[CP0_ENTRYHI][0]);
    cpu->cp0[CP0_INDEX][0] = i < 0 ? 0x80000000u : (uint32_t)i;
}

void tlb_read(struct cpu *cpu)
{
    const struct tlb_entry *e = &cpu->tlb[cpu->cp0[CP0_INDEX][0] % TLB_ENTRIES];
    /* TLBR loads EntryHi.ASID too: a change is a switch, as an MTC0 of it. */
    if ((cpu->cp0[CP0_ENTRYHI][0] ^ e->entryhi) & ENTRYHI_ASID) cpu->mmu_gen++;
    cpu->cp0[CP0_ENTRYHI][0] = e->entryhi;
    cpu->cp0[CP0_PAGEMASK][0] = e->pagemask;
    cpu->cp0[CP0_ENTRYLO0][0] = e->entrylo0;
    cpu->cp0[CP0_ENTRYLO1][0] = e->entrylo1;
}

/* The virtual range an entry maps: an even/odd pair of pages of the size its
 * PageMask gives (Vol. III 4.x, "TLB organisation"). */
static void entry_range(const struct tlb_entry *e, uint32_t *start, uint32_t *len)
{
    uint32_t pair = (e->pagemask | 0x1fffu) + 1u; /* bytes covered by both halves */
    *start = e->entryhi & ~(pair - 1u);
    *len = pair;
}

/* Tells the translator which virtual ranges may now translate differently:
 * what the entry mapped before and what it maps now, and for which ASID (-1:
 * every ASID, a global entry). Its soft TLB and jump cache drop just those (a
 * refill handler writes the TLB constantly), in the tables of that ASID. */
static void announce(struct cpu *cpu, const struct tlb_entry *e)
{
    if (!cpu->tlb_changed)
        return;
    uint32_t start, len;
    entry_range(e, &start, &len);
    int asid = (e->entrylo0 & ENTRYLO_G) ? -1 : (int)(e->entryhi & ENTRYHI_ASID);
    cpu->tlb_changed(cpu, start, len, asid);
}

static void write_entry(struct cpu *cpu, unsigned index)
{
    struct tlb_entry *e = &cpu->tlb[index % TLB_ENTRIES];
    announce(cpu, e);
    uint32_t mask = cpu->cp0[CP0_PAGEMASK][0] & PAGEMASK_BITS;
    uint32_t g = cpu->cp0[CP0_ENTRYLO0][0] & cpu->cp0[CP0_ENTRYLO1][0] & ENTRYLO_G;
    e->pagemask = mask;
    e->entryhi = cpu->cp0[CP0_ENTRYHI][0] & ~(mask | 0x1f00u);
    /* The G bit is the AND of both halves (Vol. III, TLBWI). */
    e->entrylo0 = (cpu->cp0[CP0_ENTRYLO0][0] & ~ENTRYLO_G) | g;
    e->entrylo1 = (cpu->cp0[CP0_ENTRYLO1][0] & ~ENTRYLO_G) | g;
    announce(cpu, e);
    /* Without a translator listening, every cached view is suspect. */
    if (!cpu->tlb_changed)
        cpu->mmu_gen++;
}

void tlb_write_index(struct cpu *cpu)
{
    write_entry(cpu, cpu->cp0[CP0_INDEX][0] & 0x7fffffffu);
}

void tlb_write_random(struct cpu *cpu)
{
    uint32_t wired = cpu->cp0[CP0_WIRED][0] % TLB_ENTRIES;
    uint32_t random = wired + (uint32_t)(cpu->icount % (TLB_ENTRIES - wired));
    cpu->cp0[CP0_RANDOM][0] = random;
    write_entry(cpu, random);
}
