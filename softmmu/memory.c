/* softmmu/memory.c — virtual accesses for the reference paths; see memory.h. */
#include "softmmu/memory.h"

#include "core/cpu.h"
#include "softmmu/bus.h"
#include "softmmu/tlb.h"

#include <string.h>

static bool address_error(struct cpu *cpu, uint32_t vaddr, enum mem_access access)
{
    return !cpu_exception_addr(cpu, access == MEM_STORE ? EXC_ADES : EXC_ADEL, vaddr);
}

bool mem_translate(struct cpu *cpu, uint32_t vaddr, enum mem_access access, uint32_t *paddr)
{
    if (cpu->guest_base) {
        /* User mode: an unmapped or protected page raises what a TLB would
         * (Linux answers both with SIGSEGV). A fetch needs read or execute:
         * the 24Kf has no RI/XI bits, so readable pages are executable. */
        static const uint8_t need[] = {[MEM_LOAD] = 1, [MEM_STORE] = 2, [MEM_FETCH] = 5};
        if (cpu->page_prot && !(cpu->page_prot[vaddr >> 12] & need[access]))
            return !cpu_exception_addr(cpu, access == MEM_STORE ? EXC_TLBS : EXC_TLBL, vaddr);
        *paddr = vaddr;
        return true;
    }
    bool kernel = cpu_kernel_mode(cpu);
    if (vaddr < 0x80000000u) {
        /* kuseg is unmapped while ERL is set (Vol. III, 4.5 "kuseg"). */
        if (cpu->cp0[CP0_STATUS][0] & ST_ERL) {
            *paddr = vaddr;
            return true;
        }
        return tlb_translate(cpu, vaddr, access == MEM_STORE, access == MEM_FETCH, paddr);
    }
    if (!kernel)
        return address_error(cpu, vaddr, access);
    if (vaddr < 0xc0000000u) {
        *paddr = vaddr & 0x1fffffffu; /* kseg0 and kseg1 */
        return true;
    }
    return tlb_translate(cpu, vaddr, access == MEM_STORE, access == MEM_FETCH, paddr);
}

/* True when a debugger watchpoint claims the access (see struct mem_watch). */
static bool watch_hit(struct cpu *cpu, uint32_t vaddr, unsigned size, bool store)
{
    if (!cpu->watch->check(cpu->watch->opaque, vaddr, size, store)) return false;
    cpu_exception(cpu, EXC_DEBUG_WATCH);
    return true;
}

static bool flat_load(struct cpu *cpu, uint32_t vaddr, unsigned size, uint32_t *value)
{
    const uint8_t *p = cpu->guest_base + vaddr;
    uint32_t v = 0;
    for (unsigned i = 0; i < size; i++)
        v |= (uint32_t)p[i] << (cpu->big_endian ? 8 * (size - 1 - i) : 8 * i);
    *value = v;
    return true;
}

static bool flat_store(struct cpu *cpu, uint32_t vaddr, unsigned size, uint32_t value)
{
    uint8_t *p = cpu->guest_base + vaddr;
    for (unsigned i = 0; i < size; i++)
        p[i] = (uint8_t)(value >> (cpu->big_endian ? 8 * (size - 1 - i) : 8 * i));
    return true;
}

bool mem_translate_debug(struct cpu *cpu, uint32_t vaddr, uint32_t *paddr)
{
    uint8_t saved[sizeof cpu->exc];
    uint32_t status = cpu->cp0[CP0_STATUS][0];
    memcpy(saved, &cpu->exc, sizeof saved);
    cpu->cp0[CP0_STATUS][0] = status | ST_EXL;
    bool ok = mem_translate(cpu, vaddr, MEM_LOAD, paddr);
    cpu->cp0[CP0_STATUS][0] = status;
    memcpy(&cpu->exc, saved, sizeof saved);
    return ok;
}

bool mem_load(struct cpu *cpu, uint32_t vaddr, unsigned size, uint32_t *value)
{
    uint32_t paddr;
    if (vaddr & (size - 1))
        return address_error(cpu, vaddr, MEM_LOAD);
    if (!mem_translate(cpu, vaddr, MEM_LOAD, &paddr))
        return false;
    if (cpu->watch && watch_hit(cpu, vaddr, size, false))
        return false;
    if (cpu->guest_base && !cpu->bus)
        return flat_load(cpu, paddr, size, value);
    if (!bus_read(cpu->bus, paddr, size, cpu->big_endian, value))
        return !cpu_exception(cpu, EXC_DBE);
    return true;
}

bool mem_store(struct cpu *cpu, uint32_t vaddr, unsigned size, uint32_t value)
{
    uint32_t paddr;
    if (vaddr & (size - 1))
        return address_error(cpu, vaddr, MEM_STORE);
    if (!mem_translate(cpu, vaddr, MEM_STORE, &paddr))
        return false;
    if (cpu->watch && watch_hit(cpu, vaddr, size, true))
        return false;
    /* DESIGN.md "Self-modifying code": translations of the page go first. */
    if (cpu->code_pages && (cpu->code_pages[paddr >> 15] >> ((paddr >> 12) & 7) & 1))
        cpu->code_write(cpu, paddr);
    /* User mode is flat, unless the verify engine put a logging bus over it. */
    if (cpu->guest_base && !cpu->bus)
        return flat_store(cpu, paddr, size, value);
    if (!bus_write(cpu->bus, paddr, size, cpu->big_endian, value))
        return !cpu_exception(cpu, EXC_DBE);
    return true;
}

bool mem_load64(struct cpu *cpu, uint32_t vaddr, uint64_t *value)
{
    uint32_t first, second;
    if (vaddr & 7)
        return address_error(cpu, vaddr, MEM_LOAD);
    if (!mem_load(cpu, vaddr, 4, &first) || !mem_load(cpu, vaddr + 4, 4, &second))
        return false;
    *value = cpu->big_endian ? ((uint64_t)first << 32 | second) : ((uint64_t)second << 32 | first);
    return true;
}

bool mem_store64(struct cpu *cpu, uint32_t vaddr, uint64_t value)
{
    uint32_t hi = (uint32_t)(value >> 32), lo = (uint32_t)value, paddr;
    if (vaddr & 7)
        return address_error(cpu, vaddr, MEM_STORE);
    /* Translate the second word first so a fault there leaves memory untouched. */
    if (!mem_translate(cpu, vaddr + 4, MEM_STORE, &paddr))
        return false;
    /* Both words or neither, for a watchpoint too. */
    if (cpu->watch && watch_hit(cpu, vaddr, 8, true))
        return false;
    if (!mem_store(cpu, vaddr, 4, cpu->big_endian ? hi : lo))
        return false;
    return mem_store(cpu, vaddr + 4, 4, cpu->big_endian ? lo : hi);
}

bool mem_fetch(struct cpu *cpu, uint32_t vaddr, uint32_t *word)
{
    uint32_t paddr;
    if (vaddr & 3)
        return address_error(cpu, vaddr, MEM_FETCH);
    if (!mem_translate(cpu, vaddr, MEM_FETCH, &paddr))
        return false;
    if (cpu->guest_base && !cpu->bus)
        return flat_load(cpu, paddr, 4, word);
    if (!bus_read(cpu->bus, paddr, 4, cpu->big_endian, word))
        return !cpu_exception_addr(cpu, EXC_IBE, vaddr);
    return true;
}

bool mem_fetch_quiet(struct cpu *cpu, uint32_t vaddr, uint32_t *word)
{
    uint8_t saved[sizeof cpu->exc];
    memcpy(saved, &cpu->exc, sizeof saved);
    bool ok = mem_fetch(cpu, vaddr, word);
    memcpy(&cpu->exc, saved, sizeof saved);
    return ok;
}
