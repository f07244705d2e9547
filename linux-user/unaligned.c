/* linux-user/unaligned.c — what MIPS Linux does with an address error in user
 * mode: its do_ade (arch/mips/kernel/unaligned.c) emulates the misaligned
 * load or store in the kernel and resumes after it, for every thread that has
 * TIF_FIXADE (set for every thread from the start, INIT_THREAD_INFO; cleared
 * and set by sysmips(MIPS_FIXADE, 0/1); copied on clone and fork). Also
 * sysmips itself (only MIPS_FIXADE; the other commands stay ENOSYS).
 *
 * The emulation reads the instruction at pc (the engines leave pc on the
 * faulting instruction and in_delay set for a delay slot, core/cpu.h), does
 * the access one byte at a time through softmmu/memory.h (page map, code-page
 * invalidation, the verify engine's logging bus) in the guest's byte order,
 * writes rt or the FPR, and continues after the instruction: pc + 4, or the
 * branch's target for a delay slot (the branch itself already ran, which is
 * what Linux's compute_return_epc redoes). Fixed: LH, LHU, LW, SH, SW,
 * LWC1, LDC1, SWC1, SDC1, LWXC1, LDXC1, SWXC1, SDXC1. Not fixed (the caller
 * sends today's signal): LL/SC and anything else (Linux: SIGBUS), a fetch
 * from a misaligned pc (BadVAddr == pc: SIGBUS), an address whose bytes reach
 * kernel space (Linux's access_ok: SIGBUS), a thread that turned fixing off
 * (SIGBUS). A byte that faults leaves the instruction undone with a TLBL/TLBS
 * at that byte, so the guest gets SIGSEGV with si_addr = the first bad byte;
 * a store checks all its bytes first and writes none when one is bad (as the
 * JIT's host store, which x86 never commits in part).
 */
#include "linux-user/user.h"

#include "core/cpu.h"
#include "core/jit.h"
#include "frontend/fpu.h"
#include "frontend/insn.h"
#include "linux-user/guest_mem.h"
#include "linux-user/syscall_int.h"
#include "softmmu/memory.h"

#define MIPS_FIXADE 7 /* sysmips command (arch/mips/include/uapi/asm/sysmips.h) */

/* Where a fixed-up access takes or puts its value. */
enum fix_reg {
    FIX_GPR,    /* rt */
    FIX_FPR_FT, /* LWC1/LDC1/SWC1/SDC1: ft */
    FIX_FPR_FD, /* LWXC1/LDXC1: fd */
    FIX_FPR_FS, /* SWXC1/SDXC1: fs */
};

struct fix_form {
    uint8_t size; /* bytes; 0: not an access Linux fixes */
    bool store;
    bool sign;   /* LH */
    uint8_t reg; /* enum fix_reg */
};

static const struct fix_form forms[MIPS_OP_COUNT] = {
    [MIPS_OP_LH] = {2, false, true, FIX_GPR},
    [MIPS_OP_LHU] = {2, false, false, FIX_GPR},
    [MIPS_OP_LW] = {4, false, false, FIX_GPR},
    [MIPS_OP_SH] = {2, true, false, FIX_GPR},
    [MIPS_OP_SW] = {4, true, false, FIX_GPR},
    [MIPS_OP_LWC1] = {4, false, false, FIX_FPR_FT},
    [MIPS_OP_LDC1] = {8, false, false, FIX_FPR_FT},
    [MIPS_OP_SWC1] = {4, true, false, FIX_FPR_FT},
    [MIPS_OP_SDC1] = {8, true, false, FIX_FPR_FT},
    [MIPS_OP_LWXC1] = {4, false, false, FIX_FPR_FD},
    [MIPS_OP_LDXC1] = {8, false, false, FIX_FPR_FD},
    [MIPS_OP_SWXC1] = {4, true, false, FIX_FPR_FS},
    [MIPS_OP_SDXC1] = {8, true, false, FIX_FPR_FS},
};

static unsigned fpr_of(const struct mips_insn *in, enum fix_reg r)
{
    return r == FIX_FPR_FT ? in->ft : r == FIX_FPR_FD ? in->fd : in->fs;
}

/* The value a store writes, as the instruction's register holds it. */
static uint64_t store_value(const struct cpu *cpu, const struct mips_insn *in,
                            const struct fix_form *f)
{
    if (f->reg == FIX_GPR) return cpu->gpr[in->rt];
    unsigned reg = fpr_of(in, (enum fix_reg)f->reg);
    return f->size == 8 ? fpu_get_d(cpu, reg) : fpu_get_s(cpu, reg);
}

/* A load's value into its register (sign-extended for LH; $zero stays 0). */
static void load_result(struct cpu *cpu, const struct mips_insn *in, const struct fix_form *f,
                        uint64_t v)
{
    if (f->reg != FIX_GPR) {
        unsigned reg = fpr_of(in, (enum fix_reg)f->reg);
        if (f->size == 8)
            fpu_set_d(cpu, reg, v);
        else
            fpu_set_s(cpu, reg, (uint32_t)v);
        return;
    }
    uint32_t w = (uint32_t)v;
    if (f->sign) w = (uint32_t)(int32_t)(int16_t)w;
    if (in->rt) cpu->gpr[in->rt] = w;
}

/* Byte i (0 = lowest address) of an n-byte value in the guest's byte order. */
static unsigned byte_shift(const struct cpu *cpu, unsigned i, unsigned n)
{
    return 8 * (cpu->big_endian ? n - 1 - i : i);
}

/* The n bytes at addr, one at a time; false with the first bad byte's
 * fault recorded. */
static bool load_bytes(struct cpu *cpu, uint32_t addr, unsigned n, uint64_t *value)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++) {
        uint32_t b;
        if (!mem_load(cpu, addr + i, 1, &b)) return false;
        v |= (uint64_t)b << byte_shift(cpu, i, n);
    }
    *value = v;
    return true;
}

/* Every byte writable first (nothing lands when one is not), then stored. */
static bool store_bytes(struct cpu *cpu, uint32_t addr, unsigned n, uint64_t value)
{
    for (unsigned i = 0; i < n; i++) {
        uint32_t paddr;
        if (!mem_translate(cpu, addr + i, MEM_STORE, &paddr)) return false;
    }
    for (unsigned i = 0; i < n; i++)
        if (!mem_store(cpu, addr + i, 1, (uint32_t)(value >> byte_shift(cpu, i, n)) & 0xffu))
            return false;
    return true;
}

/* The instruction at pc when it is one Linux fixes, else NULL. */
static const struct fix_form *fixable(struct cpu *cpu, struct mips_insn *in)
{
    uint32_t word;
    if (!mem_fetch_quiet(cpu, cpu->pc, &word)) return NULL;
    mips_decode(word, in);
    if ((unsigned)in->op >= MIPS_OP_COUNT || !forms[in->op].size) return NULL;
    return &forms[in->op];
}

/* The access itself; false with a fault recorded in cpu->exc. */
static bool emulate(struct cpu *cpu, const struct mips_insn *in, const struct fix_form *f,
                    uint32_t addr)
{
    /* Watchpoints belong to the guest's own accesses, not the kernel's. */
    const struct mem_watch *watch = cpu->watch;
    cpu->watch = NULL;
    bool ok;
    if (f->store) {
        ok = store_bytes(cpu, addr, f->size, store_value(cpu, in, f));
    } else {
        uint64_t v;
        ok = load_bytes(cpu, addr, f->size, &v);
        if (ok) load_result(cpu, in, f, v);
    }
    cpu->watch = watch;
    return ok;
}

bool user_fixade(struct user_proc *p)
{
    struct cpu *cpu = p->cpu;
    uint8_t code = cpu->exc.code;
    uint32_t addr = cpu->exc.badvaddr;
    if ((code != EXC_ADEL && code != EXC_ADES) || p->fixade_off) return false;
    if (addr == cpu->pc) return false; /* the fetch itself (do_ade: BadVAddr == EPC) */
    struct mips_insn in;
    const struct fix_form *f = fixable(cpu, &in);
    if (!f || f->store != (code == EXC_ADES)) return false;
    if (addr >= GM_USER_END || GM_USER_END - addr < f->size) return false; /* access_ok */
    cpu->exc.code = EXC_NONE;
    if (!emulate(cpu, &in, f, addr)) return false; /* a TLB fault at the bad byte */
    cpu->icount++;
    if (cpu->in_delay) {
        cpu->pc = cpu->delay_target;
        cpu->in_delay = false;
    } else {
        cpu->pc += 4;
    }
    return true;
}

/* sysmips(MIPS_FIXADE, flags): bit 0 fixing on, bit 1 logging (TIF_LOGADE,
 * printk only: nothing to do here); other bits EINVAL, as Linux. The JIT's
 * code may drop its alignment tests only while no thread turned fixing off:
 * the engine is shared by the threads, so once one did, it keeps them, unless
 * the process has a single thread that turns fixing back on. */
int64_t sys_sysmips(struct user_proc *p, const uint32_t *a)
{
    if (a[0] != MIPS_FIXADE) return -MIPS_ENOSYS;
    if (a[1] & ~3u) return -MIPS_EINVAL;
    p->fixade_off = !(a[1] & 1u);
    if (p->jit && (p->fixade_off || !p->group)) jit_set_fixade(p->jit, !p->fixade_off);
    return 0;
}
