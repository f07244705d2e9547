/* linux-user/loader.h — process start for user mode: loads the program (and
 * its PT_INTERP dynamic loader, found under the sysroot) into the guest space,
 * builds the initial stack the o32 ABI expects, and sets up the CPU.
 *
 *   struct user_image img;
 *   char err[256];
 *   if (loader_load(&mem, "/bin/true", sysroot, &img, err, sizeof err) != 0)
 *       fprintf(stderr, "tern-user: %s\n", err);
 *   loader_build_stack(&mem, &img, argc, argv, envp, execfn, &sp, err, sizeof err);
 *   loader_start_cpu(&cpu, &mem, &img, sp);
 *
 * Stack layout at entry (from $sp up, as Linux's create_elf_tables builds it):
 * argc, argv[0..argc-1], NULL, envp[...], NULL, auxv pairs ending in AT_NULL,
 * then the 16 AT_RANDOM bytes, the platform string and the strings themselves.
 */
#ifndef TERN_LINUX_USER_LOADER_H
#define TERN_LINUX_USER_LOADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cpu;
struct guest_mem;

struct user_image {
    bool big_endian;
    uint32_t entry;       /* where the CPU starts: the interpreter's entry, or the program's */
    uint32_t prog_entry;  /* AT_ENTRY */
    uint32_t phdr;        /* AT_PHDR */
    uint32_t phnum;       /* AT_PHNUM */
    uint32_t phent;       /* AT_PHENT */
    uint32_t interp_base; /* AT_BASE: the interpreter's load bias, 0 for a static program */
    uint32_t load_bias;   /* the program's own load bias (PIE) */
    uint32_t brk;         /* the first byte after the program's highest segment */
    bool mips32r2;
};

/* Reads the ELF header of path only to learn its byte order; 0, or -1 with a
 * one-line message in err ("'x': is not an ELF file (bad magic)"). */
int loader_probe(const char *path, bool *big_endian, char *err, size_t errlen);

/* Loads the program at path and, when it names one, its interpreter (looked up
 * as sysroot + interp, then interp itself); sets the break. 0, or -1 with a
 * one-line message in err. */
int loader_load(struct guest_mem *m, const char *path, const char *sysroot, struct user_image *img,
                char *err, size_t errlen);

/* Maps the stack and writes argc/argv/envp/auxv onto it; *sp receives the
 * initial $sp. 0, or -1 with a message in err. */
int loader_build_stack(struct guest_mem *m, const struct user_image *img, int argc,
                       char *const *argv, char *const *envp, const char *execfn, uint32_t *sp,
                       char *err, size_t errlen);

/* Resets the CPU for user mode: guest_base and the page map, Status with UM
 * and CU1 (FR = 0), HWREna opening RDHWR 0-3 and 29, pc, $sp and $t9. */
void loader_start_cpu(struct cpu *cpu, struct guest_mem *m, const struct user_image *img,
                      uint32_t sp);

#endif
