/* frontend/disasm.c — guest disassembly through Capstone 4 (see disasm.h): one
 * handle per guest byte order, one instruction word at a time. Capstone's MIPS32
 * mode is wider than MIPS32R2 (it knows some MIPS64/DSP forms) and rejects a few
 * R2 encodings; tests/decode/decode_vs_capstone.c lists those differences.
 */
#include "frontend/disasm.h"

#include <capstone/capstone.h>
#include <inttypes.h>
#include <stdlib.h>

struct disasm {
    csh handle;
    cs_insn *insn; /* reused by every call: no allocation per instruction */
    bool big_endian;
};

struct disasm *disasm_open(bool big_endian)
{
    struct disasm *d = calloc(1, sizeof(*d));
    if (!d) return NULL;
    cs_mode mode = CS_MODE_MIPS32 | (big_endian ? CS_MODE_BIG_ENDIAN : CS_MODE_LITTLE_ENDIAN);
    if (cs_open(CS_ARCH_MIPS, mode, &d->handle) != CS_ERR_OK) {
        free(d);
        return NULL;
    }
    d->insn = cs_malloc(d->handle);
    if (!d->insn) {
        cs_close(&d->handle);
        free(d);
        return NULL;
    }
    d->big_endian = big_endian;
    return d;
}

void disasm_close(struct disasm *d)
{
    if (!d) return;
    cs_free(d->insn, 1);
    cs_close(&d->handle);
    free(d);
}

/* The word as it lies in guest memory: Capstone reads bytes, not words. */
static void word_bytes(const struct disasm *d, uint32_t word, uint8_t b[4])
{
    for (unsigned i = 0; i < 4; i++)
        b[i] = (uint8_t)(word >> (d->big_endian ? 24 - 8 * i : 8 * i));
}

bool disasm_insn(struct disasm *d, uint32_t pc, uint32_t word, char *buf, size_t size)
{
    uint8_t bytes[4];
    const uint8_t *code = bytes;
    size_t left = sizeof bytes;
    uint64_t address = pc;
    word_bytes(d, word, bytes);
    if (!cs_disasm_iter(d->handle, &code, &left, &address, d->insn)) {
        if (size) snprintf(buf, size, ".word 0x%08" PRIx32, word);
        return false;
    }
    /* Capstone leaves a trailing space after operand-less mnemonics ("nop "). */
    if (size) {
        if (d->insn->op_str[0])
            snprintf(buf, size, "%s %s", d->insn->mnemonic, d->insn->op_str);
        else
            snprintf(buf, size, "%s", d->insn->mnemonic);
    }
    return true;
}

void disasm_print(struct disasm *d, FILE *out, uint32_t pc, const uint32_t *words, unsigned count)
{
    char text[sizeof d->insn->mnemonic + sizeof d->insn->op_str]; /* never cut */
    for (unsigned i = 0; i < count; i++) {
        uint32_t at = pc + 4 * i;
        disasm_insn(d, at, words[i], text, sizeof text);
        fprintf(out, "0x%08" PRIx32 ":  %08" PRIx32 "  %s\n", at, words[i], text);
    }
}
