/* softmmu/softtlb.c — the soft TLB across ASIDs (switch, refill, drops); see
 * softtlb.h for the scheme and its invariant. */
#include "softmmu/softtlb.h"

#include <stddef.h>

#include "softmmu/tlb.h"

#define PAGE_4K 0x1000u
#define PAGE_MASK_4K 0xfffff000u
#define ENTRYHI_ASID 0xffu

static const struct ir_softtlb_entry invalid_entry = {IR_SOFTTLB_INVALID, IR_SOFTTLB_INVALID, 0};

static bool entry_valid(const struct ir_softtlb_entry *e)
{
    return e->read_tag != IR_SOFTTLB_INVALID || e->write_tag != IR_SOFTTLB_INVALID;
}

/* The page an entry maps (valid entries have the read tag; see softtlb_set). */
static uint32_t entry_page(const struct ir_softtlb_entry *e)
{
    return e->read_tag != IR_SOFTTLB_INVALID ? e->read_tag : e->write_tag;
}

static unsigned current_asid(const struct cpu *cpu)
{
    return cpu->cp0[CP0_ENTRYHI][0] & ENTRYHI_ASID;
}

static bool current_erl(const struct cpu *cpu)
{
    return (cpu->cp0[CP0_STATUS][0] & ST_ERL) != 0;
}

/* Remembers index i in a list of SOFTTLB_TRACK (saturating past it). */
static void track(uint16_t *list, unsigned *n, unsigned i)
{
    if (*n < SOFTTLB_TRACK) list[*n] = (uint16_t)i;
    if (*n <= SOFTTLB_TRACK) (*n)++;
}

/* The indices a list stands for: its own, or every entry once it overflowed. */
static unsigned list_len(unsigned n)
{
    return n > SOFTTLB_TRACK ? SOFTTLB_ENTRIES : n;
}

static unsigned list_at(const uint16_t *list, unsigned n, unsigned k)
{
    return n > SOFTTLB_TRACK ? k : list[k];
}

static void record(struct softtlb_asids *s, const struct cpu *cpu)
{
    s->asid = current_asid(cpu);
    s->erl = current_erl(cpu);
    s->mmu_gen = cpu->mmu_gen;
}

void softtlb_reset(struct softtlb_asids *s, struct cpu *cpu)
{
    for (unsigned m = 0; m < 2; m++) {
        for (unsigned i = 0; i < SOFTTLB_ENTRIES; i++) {
            cpu->softtlb[m][i] = invalid_entry;
            s->dep[m][i] = 0;
        }
        s->ndep[m] = 0;
    }
    for (unsigned k = 0; k < SOFTTLB_SLOTS; k++) {
        s->slot[k].asid = -1;
        s->slot[k].n[0] = s->slot[k].n[1] = SOFTTLB_TRACK + 1; /* contents unknown */
    }
    record(s, cpu);
}

static struct softtlb_slot *find_slot(struct softtlb_asids *s, unsigned asid)
{
    for (unsigned k = 0; k < SOFTTLB_SLOTS; k++)
        if (s->slot[k].asid == (int)asid) return &s->slot[k];
    return NULL;
}

/* The slot for asid: its own, else a free one, else the least recently used. */
static struct softtlb_slot *claim_slot(struct softtlb_asids *s, unsigned asid)
{
    struct softtlb_slot *slot = find_slot(s, asid);
    for (unsigned k = 0; !slot && k < SOFTTLB_SLOTS; k++)
        if (s->slot[k].asid < 0) slot = &s->slot[k];
    for (unsigned k = 0; !slot && k < SOFTTLB_SLOTS; k++)
        if (k == 0 || s->slot[k].stamp < slot->stamp) slot = &s->slot[k];
    if (!slot) slot = &s->slot[0];
    slot->asid = (int)asid;
    slot->stamp = ++s->clock;
    slot->code_gen = s->code_gen;
    slot->count = 0;
    for (unsigned m = 0; m < 2; m++) { /* empty again, touching what it held */
        for (unsigned k = 0; k < list_len(slot->n[m]); k++)
            slot->e[m][list_at(slot->idx[m], slot->n[m], k)] = invalid_entry;
        slot->n[m] = 0;
    }
    return slot;
}

static bool any_dependent(const struct softtlb_asids *s, const struct cpu *cpu)
{
    for (unsigned m = 0; m < 2; m++)
        for (unsigned k = 0; k < list_len(s->ndep[m]); k++) {
            unsigned i = list_at(s->dep_idx[m], s->ndep[m], k);
            if (s->dep[m][i] && entry_valid(&cpu->softtlb[m][i])) return true;
        }
    return false;
}

/* Moves the live ASID-dependent entries into a slot of s->asid (none taken
 * when there are none: an idle ASID must not evict another's). */
static void save_live(struct softtlb_asids *s, struct cpu *cpu)
{
    if (!any_dependent(s, cpu)) {
        struct softtlb_slot *stale = find_slot(s, s->asid);
        if (stale) stale->asid = -1;
        for (unsigned m = 0; m < 2; m++) { /* every dep index is listed: keep it so */
            for (unsigned k = 0; k < list_len(s->ndep[m]); k++)
                s->dep[m][list_at(s->dep_idx[m], s->ndep[m], k)] = 0;
            s->ndep[m] = 0;
        }
        return;
    }
    struct softtlb_slot *slot = claim_slot(s, s->asid);
    for (unsigned m = 0; m < 2; m++) {
        for (unsigned k = 0; k < list_len(s->ndep[m]); k++) {
            unsigned i = list_at(s->dep_idx[m], s->ndep[m], k);
            struct ir_softtlb_entry *e = &cpu->softtlb[m][i];
            if (s->dep[m][i] && entry_valid(e)) {
                slot->e[m][i] = *e;
                track(slot->idx[m], &slot->n[m], i);
                slot->count++;
                *e = invalid_entry;
            }
            s->dep[m][i] = 0;
        }
        s->ndep[m] = 0;
    }
    if (slot->count == 0) slot->asid = -1; /* nothing worth keeping */
}

/* Brings back asid's saved entries where the live table has room (an entry
 * that no ASID changes keeps its place); the slot is then free. */
static void restore_live(struct softtlb_asids *s, struct cpu *cpu, unsigned asid)
{
    struct softtlb_slot *slot = find_slot(s, asid);
    if (!slot) return;
    /* Pages that got code since the save must not keep a write tag. */
    bool strip = slot->code_gen != s->code_gen;
    for (unsigned m = 0; m < 2; m++)
        for (unsigned k = 0; k < list_len(slot->n[m]); k++) {
            unsigned i = list_at(slot->idx[m], slot->n[m], k);
            const struct ir_softtlb_entry *saved = &slot->e[m][i];
            struct ir_softtlb_entry *e = &cpu->softtlb[m][i];
            if (!entry_valid(saved) || entry_valid(e)) continue;
            *e = *saved;
            if (strip) e->write_tag = IR_SOFTTLB_INVALID;
            if (!s->dep[m][i]) track(s->dep_idx[m], &s->ndep[m], i);
            s->dep[m][i] = 1;
            s->stats.restored++;
        }
    slot->asid = -1; /* free; its e and idx still say what to empty on reuse */
}

enum softtlb_sync_result softtlb_sync(struct softtlb_asids *s, struct cpu *cpu)
{
    unsigned asid = current_asid(cpu);
    bool gen_moved = cpu->mmu_gen != s->mmu_gen;
    if (!gen_moved && asid == s->asid) return SOFTTLB_SAME;
    /* mmu_gen moves on ASID and ERL writes (frontend/cp0.c, TLBR), ERET out of ERL,
     * a debugger's Status write and TLB writes nobody announced. Only a plain
     * ASID change is understood here; anything else empties everything. */
    if (current_erl(cpu) != s->erl || (gen_moved && asid == s->asid)) {
        softtlb_reset(s, cpu);
        s->stats.flushes++;
        return SOFTTLB_FLUSHED;
    }
    save_live(s, cpu);
    restore_live(s, cpu, asid);
    record(s, cpu);
    s->stats.switches++;
    return SOFTTLB_SWITCHED;
}

bool softtlb_asid_dependent(const struct cpu *cpu, uint32_t vaddr)
{
    if (vaddr < 0x80000000u) {
        if (current_erl(cpu)) return false; /* kuseg 1:1 under ERL (Vol. III 4.5) */
    } else if (vaddr < 0xc0000000u) {
        return false; /* kseg0, kseg1 */
    }
    return !tlb_global(cpu, vaddr);
}

void softtlb_set(struct softtlb_asids *s, struct cpu *cpu, unsigned mode, uint32_t vpage,
                 uint64_t addend, bool writable, bool asid_dependent)
{
    unsigned i = (vpage >> 12) & (SOFTTLB_ENTRIES - 1);
    struct ir_softtlb_entry *e = &cpu->softtlb[mode][i];
    if (e->addend != addend || entry_page(e) != vpage || !entry_valid(e)) *e = invalid_entry;
    e->addend = addend;
    e->read_tag = vpage;
    if (writable) e->write_tag = vpage;
    if (asid_dependent && !s->dep[mode][i]) track(s->dep_idx[mode], &s->ndep[mode], i);
    s->dep[mode][i] = asid_dependent;
    s->stats.refills++;
}

/* Drops the entries of table[] (live when dep is non-NULL) inside
 * [vaddr, vaddr + len); returns how many went. */
static unsigned drop_in(struct ir_softtlb_entry *table, uint8_t *dep, uint32_t vaddr, uint32_t len)
{
    unsigned dropped = 0;
    uint32_t pages = len / PAGE_4K;
    bool scan = pages == 0 || pages >= SOFTTLB_ENTRIES;
    unsigned n = scan ? SOFTTLB_ENTRIES : pages;
    for (unsigned k = 0; k < n; k++) {
        unsigned i = scan ? k : ((vaddr >> 12) + k) & (SOFTTLB_ENTRIES - 1);
        struct ir_softtlb_entry *e = &table[i];
        if (!entry_valid(e) || entry_page(e) - vaddr >= len) continue;
        *e = invalid_entry;
        if (dep) dep[i] = 0;
        dropped++;
    }
    return dropped;
}

bool softtlb_drop_range(struct softtlb_asids *s, struct cpu *cpu, uint32_t vaddr, uint32_t len,
                        int asid)
{
    vaddr &= PAGE_MASK_4K;
    bool live = asid == SOFTTLB_GLOBAL || (unsigned)asid == s->asid;
    if (live)
        for (unsigned m = 0; m < 2; m++)
            drop_in(cpu->softtlb[m], s->dep[m], vaddr, len);
    for (unsigned k = 0; k < SOFTTLB_SLOTS; k++) {
        struct softtlb_slot *slot = &s->slot[k];
        if (slot->asid < 0 || (asid != SOFTTLB_GLOBAL && slot->asid != asid)) continue;
        for (unsigned m = 0; m < 2; m++)
            slot->count -= drop_in(slot->e[m], NULL, vaddr, len);
        if (slot->count == 0) slot->asid = -1;
    }
    return live;
}

void softtlb_drop_write_tags(struct softtlb_asids *s, struct cpu *cpu)
{
    for (unsigned m = 0; m < 2; m++)
        for (unsigned i = 0; i < SOFTTLB_ENTRIES; i++)
            cpu->softtlb[m][i].write_tag = IR_SOFTTLB_INVALID;
    s->code_gen++;
}
