/* core/cpu.h — the architectural state of one MIPS32R2 CPU (struct cpu), the
 * exception codes, and the CP0 register numbering.
 *
 * Both engines work on this struct; generated code will address its fields at
 * fixed offsets, so keep hot fields (gpr, pc, hi/lo) first.
 *
 * Exceptions are values: an instruction that faults records the exception with
 * cpu_exception() and stops; the caller of the engine decides what happens next
 * (system mode enters the guest's vector with cpu_enter_exception(); user mode
 * turns it into a system call or a signal). While the fault is being reported,
 * pc still points at the faulting instruction and in_delay says whether it was a
 * delay slot, which is all that EPC and Cause.BD need.
 */
#ifndef TERN_CORE_CPU_H
#define TERN_CORE_CPU_H

#include <stdbool.h>
#include <stdint.h>

#include "translator/target.h"

struct bus;
struct mem_watch;

/* User mode page map bits (cpu->page_prot, linux-user/guest_mem.h GM_*).
 * CPU_PAGE_CODE marks a page holding translations (set by core/jit.c): stores
 * to it leave generated code for the slow path, which invalidates them. */
#define CPU_PAGE_READ 0x01u
#define CPU_PAGE_WRITE 0x02u
#define CPU_PAGE_CODE 0x40u

/* Cause.ExcCode values (MIPS32 Vol. III, table 9.x "Cause Register ExcCode Field"). */
enum mips_exc {
    EXC_INT = 0,
    EXC_MOD = 1,
    EXC_TLBL = 2,
    EXC_TLBS = 3,
    EXC_ADEL = 4,
    EXC_ADES = 5,
    EXC_IBE = 6,
    EXC_DBE = 7,
    EXC_SYS = 8,
    EXC_BP = 9,
    EXC_RI = 10,
    EXC_CPU = 11,
    EXC_OV = 12,
    EXC_TR = 13,
    EXC_FPE = 15,
    EXC_WATCH = 23,
    EXC_MCHECK = 24,
    /* tern-internal, never entered: a debugger watchpoint abandoned a load or
     * store (softmmu/memory.h struct mem_watch); the exec loop hands it to gdb. */
    EXC_DEBUG_WATCH = 0xfe,
    EXC_NONE = 0xff, /* no exception pending */
};

/* CP0 register numbers (the rd field of MFC0/MTC0); sel is a second index. */
enum cp0_reg {
    CP0_INDEX = 0,
    CP0_RANDOM = 1,
    CP0_ENTRYLO0 = 2,
    CP0_ENTRYLO1 = 3,
    CP0_CONTEXT = 4, /* sel 2: UserLocal */
    CP0_PAGEMASK = 5, /* sel 1: PageGrain */
    CP0_WIRED = 6,
    CP0_HWRENA = 7,
    CP0_BADVADDR = 8,
    CP0_COUNT = 9,
    CP0_ENTRYHI = 10,
    CP0_COMPARE = 11,
    CP0_STATUS = 12, /* sel 1: IntCtl, 2: SRSCtl, 3: SRSMap */
    CP0_CAUSE = 13,
    CP0_EPC = 14,
    CP0_PRID = 15, /* sel 1: EBase */
    CP0_CONFIG = 16, /* sel 0..7: Config0..Config7 */
    CP0_LLADDR = 17,
    CP0_WATCHLO = 18,
    CP0_WATCHHI = 19,
    CP0_DEBUG = 23,
    CP0_DEPC = 24,
    CP0_PERFCNT = 25,
    CP0_ERRCTL = 26,
    CP0_CACHEERR = 27,
    CP0_TAGLO = 28,
    CP0_TAGHI = 29,
    CP0_ERROREPC = 30,
    CP0_DESAVE = 31,
};

/* Status register bits. */
#define ST_IE (1u << 0)
#define ST_EXL (1u << 1)
#define ST_ERL (1u << 2)
#define ST_UM (1u << 4)
#define ST_IM_SHIFT 8
#define ST_NMI (1u << 19)
#define ST_SR (1u << 20)
#define ST_TS (1u << 21)
#define ST_BEV (1u << 22)
#define ST_RE (1u << 25)
#define ST_FR (1u << 26)
#define ST_RP (1u << 27)
#define ST_CU0 (1u << 28)
#define ST_CU1 (1u << 29)

/* Cause register bits. */
#define CAUSE_EXC_SHIFT 2
#define CAUSE_EXC_MASK (0x1fu << 2)
#define CAUSE_IP_SHIFT 8
#define CAUSE_IV (1u << 23)
#define CAUSE_CE_SHIFT 28
#define CAUSE_TI (1u << 30)
#define CAUSE_BD (1u << 31)

/* FCSR fields (MIPS32 Vol. I, FCSR). */
#define FCSR_RM_MASK 0x3u
#define FCSR_FLAGS_SHIFT 2
#define FCSR_ENABLES_SHIFT 7
#define FCSR_CAUSE_SHIFT 12
#define FCSR_FS (1u << 24)
/* IEEE exception bits within the flags/enables/cause fields. */
#define FPE_INEXACT 0x01u
#define FPE_UNDERFLOW 0x02u
#define FPE_OVERFLOW 0x04u
#define FPE_DIVZERO 0x08u
#define FPE_INVALID 0x10u
#define FPE_UNIMPL 0x20u /* cause field only */

#define TLB_ENTRIES 32
/* 4096 soft-TLB entries per mode (16 MiB of 4 KiB pages): 1024 gave a third
 * to a quarter of 256's refills in a Linux boot, and 4096 keeps a strided
 * walk over 4 MiB (bench/memory.c) from missing on every access. */
#define CPU_SOFTTLB_BITS 12
/* 16384 jump-cache entries (2 x 256 KiB per CPU): 4096 left sqlite3 and
 * python3 1.5-2% slower through evictions; the kernel boot is the same. */
#define CPU_JCACHE_BITS 14

/* One R4K-style TLB entry as written by TLBWI/TLBWR (raw CP0 values). */
struct tlb_entry {
    uint32_t entryhi; /* VPN2 | ASID */
    uint32_t pagemask;
    uint32_t entrylo0, entrylo1;
};

struct cpu {
    uint32_t gpr[32];
    uint32_t hi, lo;
    uint32_t pc;
    /* When in_delay, the instruction at pc is a delay slot and control goes to
     * delay_target after it. */
    uint32_t delay_target;
    bool in_delay;

    /* FPU. fpr[i] holds register i as 64 bits. With Status.FR = 0 a double
     * lives in the pair (even, odd): low word in fpr[even] bits 31..0, high
     * word in fpr[even + 1] bits 31..0. Singles use bits 31..0 in both modes. */
    uint64_t fpr[32];
    uint32_t fcsr;
    uint32_t fir;

    /* CP0, raw storage indexed by [register][select]. */
    uint32_t cp0[32][8];
    struct tlb_entry tlb[TLB_ENTRIES];

    /* LL/SC link. lladdr is the virtual address LL used and llval the word it
     * loaded: SC stores only while the link holds, the address matches and
     * memory still holds llval (QEMU's cmpxchg rule). */
    bool llbit;
    uint32_t lladdr;
    uint32_t llval;

    /* Mode: guest byte order (fixed at start from the ELF header). */
    bool big_endian;

    /* The pending exception, set by cpu_exception(). */
    struct {
        uint8_t code; /* enum mips_exc, or EXC_NONE */
        uint8_t ce; /* coprocessor number for EXC_CPU */
        bool has_badvaddr;
        bool tlb_refill; /* TLBL/TLBS with no matching entry: refill vector */
        uint32_t badvaddr;
    } exc;

    uint64_t icount; /* guest instructions retired */
    uint64_t count_icount; /* icount when CP0 Count was last written */
    uint64_t timer_due; /* icount at which Count next equals Compare (core/clock.h) */
    volatile uint8_t exit_request;
    bool waiting; /* WAIT executed: sleep until an interrupt is pending */

    struct bus *bus; /* physical memory map (system mode) */
    uint8_t *guest_base; /* non-NULL: user mode, flat 4 GiB guest space */
    /* User mode: one byte per 4 KiB guest page, bit 0 read, 1 write, 2 execute
     * (linux-user/guest_mem.h); an access without its bit is a TLBL/TLBS fault
     * the user-mode loop turns into SIGSEGV. NULL: every page is accessible. */
    const uint8_t *page_prot;

    /* Translated-code state, probed inline by generated code (translator/target.h).
     * softtlb[0] and jcache[0] serve kernel mode, [1] user mode, so a mode
     * switch needs no flush; mmu_gen counts changes that may invalidate both
     * (ASID and ERL changes, unannounced TLB writes). The soft TLB holds the
     * current ASID's entries; an ASID change swaps them with saved ones
     * (softmmu/softtlb.h) instead of emptying the tables. */
    uint32_t mmu_gen;
    struct ir_softtlb_entry softtlb[2][1u << CPU_SOFTTLB_BITS];
    struct ir_jcache_entry jcache[2][1u << CPU_JCACHE_BITS]; /* [0] kernel, [1] user */
    void *jit; /* the translating engine serving this CPU (core/jit.h), or NULL */
    uint64_t jcache_probes; /* indirect exits that probed the jump cache (statistics) */

    /* Self-modifying code (system mode): one bit per guest physical 4 KiB page
     * that holds translations; a store into such a page calls code_write
     * before it lands (softmmu/memory.c). NULL while nothing is translated. */
    const uint8_t *code_pages;
    void (*code_write)(struct cpu *cpu, uint32_t paddr);
    bool code_written; /* set by code_write: the store changed translated code */
    /* A TLB write changed how [vaddr, vaddr + len) translates for ASID asid,
     * or for every ASID when asid is -1 (a global entry) (softmmu/tlb.c);
     * NULL: TLB writes bump mmu_gen instead. */
    void (*tlb_changed)(struct cpu *cpu, uint32_t vaddr, uint32_t len, int asid);
    /* SYNCI / CACHE Hit_Invalidate_I at vaddr: the guest says code there changed. */
    void (*code_sync)(struct cpu *cpu, uint32_t vaddr);

    /* Host-time Count (core/clock.h). count_hz == 0: Count follows icount. */
    uint32_t count_hz;
    uint64_t count_host_ns; /* host monotonic ns when Count was last written */
    uint64_t timer_due_ns;  /* host ns at which Count next reaches Compare */

    /* Debugger watchpoints checked by every load and store (softmmu/memory.h
     * struct mem_watch); NULL when none. Set by gdbstub while gdb has any. */
    const struct mem_watch *watch;
};

/* Resets the CPU to the architectural reset state (ERL=1, BEV=1, kernel mode,
 * pc=0xbfc00000) with the 24Kf identity of BOARD.md; bus may be NULL. */
void cpu_reset(struct cpu *cpu, struct bus *bus, bool big_endian);

/* Records a pending exception and returns true, so a handler can write
 * `return cpu_exception(cpu, EXC_OV);`. */
bool cpu_exception(struct cpu *cpu, enum mips_exc code);

/* As cpu_exception(), also recording the faulting address for BadVAddr. */
bool cpu_exception_addr(struct cpu *cpu, enum mips_exc code, uint32_t badvaddr);

/* As cpu_exception(), for Coprocessor Unusable of coprocessor ce. */
bool cpu_exception_cpu(struct cpu *cpu, unsigned ce);

/* Enters the guest exception vector for the pending exception (system mode):
 * sets EPC (or the branch address and Cause.BD for a delay slot), Cause,
 * BadVAddr, Status.EXL, and pc to the vector chosen by BEV/EBase/EXL/IV.
 * Clears the pending exception. */
void cpu_enter_exception(struct cpu *cpu);

/* True when the CPU is in kernel mode (UM=0, or EXL or ERL set). */
bool cpu_kernel_mode(const struct cpu *cpu);

/* Reads CP0 Count at this moment: once every two retired instructions, or
 * from host time when core/clock.h's host mode is on. */
uint32_t cpu_count(const struct cpu *cpu);

/* Writes CP0 Count (MTC0 Count). */
void cpu_set_count(struct cpu *cpu, uint32_t value);

#endif
