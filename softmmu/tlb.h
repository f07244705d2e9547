/* softmmu/tlb.h — the guest's R4K-style TLB: lookup for address translation and
 * the TLBP/TLBR/TLBWI/TLBWR operations, on cpu->tlb and the CP0 registers. */
#ifndef TERN_SOFTMMU_TLB_H
#define TERN_SOFTMMU_TLB_H

#include <stdbool.h>
#include <stdint.h>

struct cpu;

/* Translates a mapped address through the TLB for the current ASID; false with
 * TLB refill (no match), TLB invalid (V=0) or TLB modified (store, D=0) recorded. */
bool tlb_translate(struct cpu *cpu, uint32_t vaddr, bool store, bool fetch, uint32_t *paddr);

/* True when vaddr is mapped, for the current ASID, by a global (G) entry:
 * its translation does not change with EntryHi.ASID. */
bool tlb_global(const struct cpu *cpu, uint32_t vaddr);

/* TLBP: sets Index to the matching entry, or Index.P when none matches. */
void tlb_probe(struct cpu *cpu);

/* TLBR: loads EntryHi, EntryLo0/1 and PageMask from the entry Index names. */
void tlb_read(struct cpu *cpu);

/* TLBWI / TLBWR: writes the CP0 staging registers into entry Index / Random. */
void tlb_write_index(struct cpu *cpu);
void tlb_write_random(struct cpu *cpu);

#endif
