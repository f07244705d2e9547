/* softmmu/memory.h — guest virtual memory accesses for the reference paths
 * (the interpreter and the translator's C helpers).
 *
 * Each access checks alignment, translates the address (kseg0/kseg1 directly,
 * kuseg with ERL set as identity, everything else through the guest TLB, or the
 * flat user-mode space when cpu->guest_base is set), then reads or writes the
 * bus. A fault records the guest exception in cpu->exc and returns false; the
 * caller stops the instruction, so no state changes after a fault.
 */
#ifndef TERN_SOFTMMU_MEMORY_H
#define TERN_SOFTMMU_MEMORY_H

#include <stdbool.h>
#include <stdint.h>

struct cpu;

enum mem_access { MEM_LOAD, MEM_STORE, MEM_FETCH };

/* A debugger's watchpoints (gdbstub), installed as cpu->watch. check runs for
 * each load and store after translation and before the bus access; true
 * abandons the access with cpu->exc.code = EXC_DEBUG_WATCH, so the instruction
 * has no effect and the exec loop stops before it for gdb, as a MIPS hardware
 * watchpoint does (gdb's mips target sets have_nonsteppable_watchpoint: it
 * expects the stop before the access, then steps over it itself). */
struct mem_watch {
    bool (*check)(void *opaque, uint32_t vaddr, unsigned size, bool store);
    void *opaque;
};

/* Translates vaddr for one access to a physical address; false with the
 * exception recorded (address error, TLB refill/invalid/modified). */
bool mem_translate(struct cpu *cpu, uint32_t vaddr, enum mem_access access, uint32_t *paddr);

/* Translates vaddr for a debugger (gdb stub, monitor) as the guest's kernel
 * sees it: with kernel privilege and kuseg still mapped (EXL, not ERL), and
 * without raising or leaving any trace in the CPU state; false when unmapped. */
bool mem_translate_debug(struct cpu *cpu, uint32_t vaddr, uint32_t *paddr);

/* Loads a naturally aligned 1-, 2- or 4-byte value (zero-extended); false on a
 * fault (AdEL when unaligned, TLB, DBE). */
bool mem_load(struct cpu *cpu, uint32_t vaddr, unsigned size, uint32_t *value);

/* Stores the low size bytes of value; false on a fault (AdES, TLB, DBE). */
bool mem_store(struct cpu *cpu, uint32_t vaddr, unsigned size, uint32_t value);

/* Loads an 8-byte-aligned doubleword (LDC1): the word at the lower address is
 * the high half on a big-endian guest, the low half on a little-endian one. */
bool mem_load64(struct cpu *cpu, uint32_t vaddr, uint64_t *value);

/* Stores a doubleword as mem_load64 lays it out; both words or neither. */
bool mem_store64(struct cpu *cpu, uint32_t vaddr, uint64_t value);

/* Fetches the instruction word at vaddr (AdEL, TLB or IBE on a fault). */
bool mem_fetch(struct cpu *cpu, uint32_t vaddr, uint32_t *word);

/* mem_fetch that leaves cpu->exc as it was: for looking at code (the lifter,
 * user mode's trap and fix-up paths), not running it. */
bool mem_fetch_quiet(struct cpu *cpu, uint32_t vaddr, uint32_t *word);

#endif
