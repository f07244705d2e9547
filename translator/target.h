/* translator/target.h — what the translator (IR evaluator and backends) needs to
 * know about the guest's CPU state and memory, without knowing the guest.
 *
 * The frontend fills one struct ir_target per CPU mode (frontend/lift_target.c
 * for MIPS); the generated code and translator/ir_eval.c only ever reach guest
 * state through the offsets and callbacks here and the IR's globals.
 *
 * Leaving a block, every engine does the same:
 *   direct or indirect exit:  state.icount += insn.icount; state.pc = target
 *   raise (a load/store/call/raise_if that faulted):
 *       write back dirty globals; state.icount += insn.icount;
 *       restore(cpu, insn.pc, insn.pc_flags); return to the dispatcher
 */
#ifndef TERN_TRANSLATOR_TARGET_H
#define TERN_TRANSLATOR_TARGET_H

#include <stdbool.h>
#include <stdint.h>

struct ir_target {
    unsigned pc_offset; /* uint32_t: the guest pc, written at every exit */
    unsigned icount_offset; /* uint64_t: retired guest instructions, advanced at exits */
    unsigned exit_request_offset; /* uint8_t: non-zero makes the next block entry return */

    /* Puts the guest in the state of an exception raised by the instruction at
     * pc (pc_flags as the frontend gave them); the exception itself is already
     * recorded by whoever raised it. */
    void (*restore)(void *cpu, uint32_t pc, uint16_t pc_flags);

    /* Memory through the guest's MMU: value in/out as the IR_LOAD/IR_STORE
     * would produce/consume it (sign- or zero-extended). False when the access
     * raised a guest exception (recorded in the CPU state). */
    bool (*load)(void *cpu, uint32_t addr, unsigned mem_flags, uint64_t *value);
    bool (*store)(void *cpu, uint32_t addr, unsigned mem_flags, uint64_t value);

    /* Flat memory (user mode): guest address a lives at flat_base + a, and a
     * host fault there is a guest fault. NULL: every access goes through the
     * soft MMU (system mode). */
    uint8_t *flat_base;
};

#endif
