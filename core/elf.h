/* core/elf.h — the ELF32 loader shared by system mode (the board places
 * segments in guest physical memory) and user mode (segments at guest_base +
 * vaddr). Both byte orders are parsed by hand; the guest's byte order is the
 * ELF's. The image is fully validated before any byte is placed, so a bad
 * file leaves guest memory untouched.
 *
 *   struct elf_sink sink = {board_place, board};
 *   struct elf_info info;
 *   char err[160];
 *   if (elf_load(image, size, &sink, &info, err, sizeof err) != 0)
 *       fprintf(stderr, "tern-system: '%s' %s\n", path, err);  // err starts with a verb
 */
#ifndef TERN_CORE_ELF_H
#define TERN_CORE_ELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ELF_INTERP_MAX 256

/* Where segments go: place() returns a host pointer to size bytes standing for
 * guest addresses [vaddr, vaddr+size), or NULL when that range is not memory. */
struct elf_sink {
    uint8_t *(*place)(void *opaque, uint32_t vaddr, uint32_t size);
    void *opaque;
};

struct elf_info {
    uint32_t entry;
    bool big_endian;
    uint16_t type;      /* ET_EXEC (2) or ET_DYN (3) */
    uint32_t flags;     /* e_flags */
    bool mips32r2;      /* EF_MIPS_ARCH is MIPS32R2 (else an older MIPS32/MIPS I-II) */
    uint32_t phdr_addr; /* guest address of the program headers (AT_PHDR), 0 if unmapped */
    uint16_t phnum, phentsize;
    bool has_interp;
    char interp[ELF_INTERP_MAX]; /* PT_INTERP path, NUL-terminated */
    uint32_t low, high;          /* lowest vaddr and one past the highest of the PT_LOAD segments */
};

/* Validates image as a MIPS32 ELF executable and places every PT_LOAD segment
 * through sink (file bytes copied, the rest up to memsz zeroed). Returns 0 with
 * *info filled; -1 with a one-line message in err that reads after the file
 * name ("is not an ELF file (bad magic)"). sink may be NULL to only inspect. */
int elf_load(const uint8_t *image, size_t size, const struct elf_sink *sink, struct elf_info *info,
             char *err, size_t errlen);

/* A readable name for an ELF e_machine value ("x86-64", "AArch64", ...); NULL when unknown. */
const char *elf_machine_name(unsigned machine);

#endif
