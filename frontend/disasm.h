/* frontend/disasm.h — guest disassembly through Capstone (MIPS32R2), for
 * `-d in_asm`, the gdb stub's helpers and the decoder cross-check.
 *
 *   struct disasm *d = disasm_open(false);
 *   char text[64];
 *   disasm_insn(d, pc, word, text, sizeof text);   // "addiu $sp, $sp, -0x20"
 *   disasm_close(d);
 */
#ifndef TERN_FRONTEND_DISASM_H
#define TERN_FRONTEND_DISASM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct disasm;

/* Opens a Capstone disassembler for a guest of the given byte order; NULL when
 * Capstone cannot be opened. */
struct disasm *disasm_open(bool big_endian);

/* Releases what disasm_open() made; NULL is allowed. */
void disasm_close(struct disasm *d);

/* Writes "mnemonic operands" for the word at pc; returns false when Capstone
 * does not know the word (buf then holds ".word 0x........"). */
bool disasm_insn(struct disasm *d, uint32_t pc, uint32_t word, char *buf, size_t size);

/* Prints one line per word, "0x%08x:  %08x  text", to out (the in_asm log format). */
void disasm_print(struct disasm *d, FILE *out, uint32_t pc, const uint32_t *words, unsigned count);

#endif
