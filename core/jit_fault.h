/* core/jit_fault.h — user mode's host-fault path for guest memory.
 *
 * In user mode generated code reaches guest memory at r15 + a with no page
 * check: the host's page protections mirror the guest's (linux-user/
 * guest_mem.c), and a page holding translations is also write-protected on the
 * host (core/jit.c page_hook). An access that faults lands in the SIGSEGV
 * handler here, which looks the faulting host pc up in a map of every inline
 * access (filled as blocks are committed) and resumes at that access's
 * slow-path stub: the C memory path then raises the guest's fault, or lets a
 * store into code drop the page's translations and land (QEMU's
 * page_unprotect). A fault in tern's own C code on a guest page that the guest
 * may write (a system call or SC writing into a code page) unprotects the page
 * and retries. Any other fault is tern's own and kills tern as it would have.
 */
#ifndef TERN_CORE_JIT_FAULT_H
#define TERN_CORE_JIT_FAULT_H

#include <stdbool.h>
#include <stdint.h>

/* Drops the page's translations so its host protection opens again; called
 * by the handler for a fault in C code (may take the engine's lock). */
typedef void jit_fault_unprotect_fn(void *opaque, uint32_t page);

/* Installs the SIGSEGV handler for the guest space at base (4 GiB) with its
 * page map prot (one byte per page, core/cpu.h CPU_PAGE_*), and reserves the
 * site map for a code cache of code_size bytes; false when out of memory or
 * the handler cannot be installed. Once per process. */
bool jit_fault_install(uint8_t *base, const uint8_t *prot, uint64_t code_size,
                       jit_fault_unprotect_fn *unprotect, void *opaque);

/* True once jit_fault_install succeeded. */
bool jit_fault_active(void);

/* Records that a fault at host code [start, end) resumes at stub; false when
 * the map is full (the caller flushes the cache). Sites must come in
 * increasing address order between two jit_fault_reset calls; the engine
 * calls this under its lock. */
bool jit_fault_add(const uint8_t *start, const uint8_t *end, const uint8_t *stub);

/* Forgets every site (the code cache was flushed: no CPU runs generated code). */
void jit_fault_reset(void);

/* Forgets the sites at or after from (code space handed out again). */
void jit_fault_truncate(const uint8_t *from);

/* Puts SIGSEGV and SIGBUS back to their default actions and forgets the map. */
void jit_fault_uninstall(void);

/* The stub a fault at host pc resumes at, or NULL when pc is no recorded site. */
const uint8_t *jit_fault_lookup(const uint8_t *pc);

#endif
