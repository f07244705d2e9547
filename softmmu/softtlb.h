/* softmmu/softtlb.h — the host-side soft TLB of system mode across address
 * spaces: which ASID the live tables (cpu->softtlb, probed inline by generated
 * code, translator/target.h) were filled under, and a few saved tables of the
 * ASIDs switched away from.
 *
 * A Linux context switch writes EntryHi.ASID. Instead of emptying the soft TLB
 * there (QEMU's tlb_flush on an ASID change), the entries that depend on the
 * ASID (mapped, non-global pages) move to a slot of the old ASID and the
 * entries saved for the new ASID come back. Entries that no ASID can change —
 * kseg0/kseg1 and pages of global (G) TLB entries — stay in place. Generated
 * code keeps probing the same table at the same offset: the probe costs no
 * extra instruction; a switch costs a pass over 2 x 256 entries.
 *
 * Invariant: every valid entry, live or saved, was derived from a guest TLB
 * entry that is still there (or from kseg0/kseg1). A TLB write announces the
 * old and the new entry with its ASID (softmmu/tlb.c, cpu->tlb_changed), and
 * softtlb_drop_range drops the entries of that range in the live tables (when
 * the ASID is the live one, or the entry global) and in the slot of that ASID.
 *
 * Usage (core/jit.c): softtlb_reset at setup, softtlb_sync at every dispatch
 * (it does the switch), softtlb_set on every refill, softtlb_drop_range from
 * tlb_changed, softtlb_drop_write_tags when a page gets translated code.
 */
#ifndef TERN_SOFTMMU_SOFTTLB_H
#define TERN_SOFTMMU_SOFTTLB_H

#include <stdbool.h>
#include <stdint.h>

#include "core/cpu.h"

#define SOFTTLB_ENTRIES (1u << CPU_SOFTTLB_BITS)
#define SOFTTLB_SLOTS 8     /* saved ASIDs; Linux runs a handful of processes at once */
#define SOFTTLB_GLOBAL (-1) /* the asid of softtlb_drop_range for a global entry */
/* Indices a table remembers having filled, so a switch touches those instead
 * of scanning 1024 entries per mode (a pipe between two processes switches
 * thousands of times a second); a count past it means "scan everything". */
#define SOFTTLB_TRACK 256

/* One ASID's saved entries (only those that depend on the ASID). */
struct softtlb_slot {
    int asid;          /* -1: free */
    uint32_t stamp;    /* last use, for LRU replacement */
    uint32_t code_gen; /* softtlb_asids.code_gen when saved */
    unsigned count;    /* valid entries in e */
    struct ir_softtlb_entry e[2][SOFTTLB_ENTRIES];
    /* Where e may hold valid entries (all of e when n > SOFTTLB_TRACK). */
    uint16_t idx[2][SOFTTLB_TRACK];
    unsigned n[2];
};

struct softtlb_stats {
    uint64_t refills;  /* softtlb_set calls (slow-path accesses that filled an entry) */
    uint64_t switches; /* ASID changes seen by softtlb_sync */
    uint64_t restored; /* entries brought back from a slot on a switch */
    uint64_t flushes;  /* full flushes (ERL changes, unexplained mmu_gen bumps, ...) */
};

struct softtlb_asids {
    unsigned asid;     /* EntryHi.ASID the live tables were filled under */
    bool erl;          /* Status.ERL they were filled under (kuseg 1:1 when set) */
    uint32_t mmu_gen;  /* cpu->mmu_gen last seen */
    uint32_t code_gen; /* bumped when every write tag goes (softtlb_drop_write_tags) */
    uint32_t clock;    /* LRU stamps */
    uint8_t dep[2][SOFTTLB_ENTRIES]; /* live entry depends on the ASID */
    /* Indices whose dep was set since the last switch (every index set is in
     * it, or ndep > SOFTTLB_TRACK); some may have been dropped since. */
    uint16_t dep_idx[2][SOFTTLB_TRACK];
    unsigned ndep[2];
    struct softtlb_slot slot[SOFTTLB_SLOTS];
    struct softtlb_stats stats;
};

/* What softtlb_sync did. */
enum softtlb_sync_result {
    SOFTTLB_SAME,     /* nothing changed */
    SOFTTLB_SWITCHED, /* the ASID changed: ASID-dependent entries swapped */
    SOFTTLB_FLUSHED,  /* everything emptied */
};

/* Empties the live tables and every slot, and records cpu's ASID and ERL. */
void softtlb_reset(struct softtlb_asids *s, struct cpu *cpu);

/* Brings the live tables in line with cpu's ASID, ERL and mmu_gen: an ASID
 * change alone swaps tables; an ERL change or any other mmu_gen bump empties
 * everything. Call before running generated code. */
enum softtlb_sync_result softtlb_sync(struct softtlb_asids *s, struct cpu *cpu);

/* True when what vaddr translates to depends on EntryHi.ASID now: a mapped
 * address whose TLB entry is not global. */
bool softtlb_asid_dependent(const struct cpu *cpu, uint32_t vaddr);

/* Fills the live entry of mode (0 kernel, 1 user) for the 4 KiB page vpage:
 * host = guest + addend; writable adds the write tag (kept with the read tag
 * when an earlier fill for the same page and addend gave it). */
void softtlb_set(struct softtlb_asids *s, struct cpu *cpu, unsigned mode, uint32_t vpage,
                 uint64_t addend, bool writable, bool asid_dependent);

/* A TLB entry of ASID asid (SOFTTLB_GLOBAL: a global one) mapped or maps
 * [vaddr, vaddr + len): drops every live or saved entry it may have given.
 * Returns true when the live tables were concerned (the jump cache then
 * drops the range too). */
bool softtlb_drop_range(struct softtlb_asids *s, struct cpu *cpu, uint32_t vaddr, uint32_t len,
                        int asid);

/* A page now holds translated code: no entry, live or saved, keeps a write
 * tag, so stores reach the slow path (softmmu/memory.c code_write). */
void softtlb_drop_write_tags(struct softtlb_asids *s, struct cpu *cpu);

#endif
