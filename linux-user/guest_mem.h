/* linux-user/guest_mem.h — the guest's 4 GiB address space in user mode.
 *
 * One host reservation (PROT_NONE, MAP_NORESERVE) stands for guest addresses
 * 0..4 GiB, so guest address a is host base + a (cpu->guest_base). Pages the
 * guest maps become real host mappings inside it, and a byte per guest page
 * records the guest's permissions (GM_READ/GM_WRITE/GM_EXEC); the interpreter
 * checks that map (cpu->page_prot) and turns a miss into a guest SIGSEGV, and
 * the host mapping mirrors it so a system call handed a bad pointer gets
 * EFAULT from the host kernel instead of crashing tern.
 *
 *   struct guest_mem m;
 *   if (gm_init(&m, big_endian) != 0) ...;
 *   uint32_t a = gm_find_free(&m, 0, len);
 *   gm_map_anon(&m, a, len, GM_READ | GM_WRITE);
 *   char *s = gm_string(&m, guest_ptr);   // NULL when unmapped
 *
 * The page map is shared by all guest threads of a process (part 2).
 */
#ifndef TERN_LINUX_USER_GUEST_MEM_H
#define TERN_LINUX_USER_GUEST_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/cpu.h"

#define GM_READ 1u
#define GM_WRITE 2u
#define GM_EXEC 4u
#define GM_CODE CPU_PAGE_CODE /* the JIT holds translations of the page (core/cpu.h) */
#define GM_PAGE 4096u
#define GM_PAGES (1u << 20)

/* Where things go in the guest space (as Linux/MIPS lays out a 32-bit task):
 * the stack grows down from GM_STACK_TOP, mmap()s without a hint are placed
 * upward from GM_MMAP_BASE, and PIE executables load at GM_PIE_BASE. */
#define GM_STACK_TOP 0x7fff0000u
#define GM_STACK_SIZE (8u << 20)
#define GM_MMAP_BASE 0x40000000u
#define GM_PIE_BASE 0x00400000u
#define GM_USER_END 0x80000000u /* kuseg ends here: the rest is kernel space */

struct guest_mem {
    uint8_t *base;       /* host address of guest address 0 */
    uint8_t *prot;       /* GM_* per guest page; 0 = unmapped; at base - FLAT_GUARD - GM_PAGES */
    bool big_endian;     /* the guest's byte order, for the abi_get/put helpers */
    uint32_t brk_start;  /* the program break as the program started */
    uint32_t brk;        /* the current break */
    uint32_t brk_mapped; /* page-aligned end of what the heap has mapped */
    /* Called before a page with GM_CODE is remapped or handed to the host
     * kernel for writing (the JIT drops its translations); NULL: none. */
    void (*code_changed)(void *opaque, uint32_t page_addr);
    void *code_opaque;
};

/* Reserves the 4 GiB space and the page map; 0, or -1 with errno set. */
int gm_init(struct guest_mem *m, bool big_endian);

/* Releases the reservation. */
void gm_fini(struct guest_mem *m);

/* Maps zeroed pages over [addr, addr+len) (page-aligned) with prot, replacing
 * what was there; 0, or -errno (host). */
int gm_map_anon(struct guest_mem *m, uint32_t addr, uint32_t len, unsigned prot);

/* As gm_map_anon for the pages of the range that are not mapped yet, leaving
 * mapped ones (and their contents) alone; 0, or -errno. */
int gm_map_missing(struct guest_mem *m, uint32_t addr, uint32_t len, unsigned prot);

/* mmap of a guest range onto a host file descriptor; 0, or -errno. */
int gm_map_file(struct guest_mem *m, uint32_t addr, uint32_t len, unsigned prot, bool shared,
                int fd, uint64_t offset);

/* Unmaps [addr, addr+len) (back to reserved PROT_NONE); 0, or -errno. */
int gm_unmap(struct guest_mem *m, uint32_t addr, uint32_t len);

/* Changes the permissions of mapped pages; 0, -ENOMEM when a page is unmapped. */
int gm_protect(struct guest_mem *m, uint32_t addr, uint32_t len, unsigned prot);

/* A free page-aligned range of len bytes at or above hint (GM_MMAP_BASE when 0),
 * below GM_USER_END, or below the hint when nothing is free above it; 0 when
 * none. */
uint32_t gm_find_free(const struct guest_mem *m, uint32_t hint, uint32_t len);

/* True when every page of [addr, addr+len) has all of prot. */
bool gm_access_ok(const struct guest_mem *m, uint32_t addr, uint32_t len, unsigned prot);

/* Host pointer for [addr, addr+len) when accessible with prot, else NULL. */
void *gm_ptr(const struct guest_mem *m, uint32_t addr, uint32_t len, unsigned prot);

/* Host pointer to the readable NUL-terminated guest string at addr, or NULL. */
char *gm_string(const struct guest_mem *m, uint32_t addr);

/* Sets the break: moves it within [brk_start, ...), mapping or unmapping heap
 * pages; returns the new break, or the old one when it cannot move (Linux's
 * brk contract). */
uint32_t gm_brk(struct guest_mem *m, uint32_t want);

/* Calls m->code_changed for the pages of [addr, addr+len) that hold
 * translations (before their contents change behind the JIT's back). */
void gm_code_check(const struct guest_mem *m, uint32_t addr, uint64_t len);

/* Page rounding. */
static inline uint32_t gm_page_up(uint32_t a)
{
    return (a + GM_PAGE - 1) & ~(GM_PAGE - 1);
}

#endif
