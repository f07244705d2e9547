/* translator/x86/backend_int.h — private to translator/x86/backend*.c: the
 * backend object, the per-block emission context, and the cold stubs that are
 * laid out after a block's straight-line body (side exits, raise paths,
 * memory slow paths).
 */
#ifndef TERN_TRANSLATOR_X86_BACKEND_INT_H
#define TERN_TRANSLATOR_X86_BACKEND_INT_H

#include "translator/x86/backend.h"
#include "translator/x86/regalloc.h"

enum stub_kind {
    STUB_REQUEST,  /* exit_request at entry or at a loop's back edge: write back,
                      store the block's pc, return 0 */
    STUB_EXIT_IF,  /* a taken IR_EXIT_IF: flush, icount, chainable jmp */
    STUB_RAISE_IF, /* IR_RAISE_IF: flush, helper(cpu, imm), icount, restore */
    STUB_RAISE,    /* a can-raise call returned non-zero: icount, restore */
    STUB_PROBE,    /* an inline store probe found the page read-only: flush, call
                      the probe's helper (it raises), icount, restore */
    STUB_LOAD,     /* soft-TLB miss of a load: call t->load */
    STUB_STORE,    /* soft-TLB miss of a store: call t->store */
    STUB_FPU,      /* inline FP op's fallback: call its helper (backend_fpu.c) */
};

/* Most further body branches one stub can take (backend_fpu.c). */
#define BE_STUB_ALSO 6

/* backend_fpu.c: FPR values kept in xmm8..15 between inline FP ops of a
 * block. Write-through: memory stays current, so only changes to it (and
 * anything that may clobber xmm registers) end an entry. */
struct be_fp_cache {
    uint8_t slot[8]; /* xmm8 + k holds FPR slot[k] ... */
    uint8_t form[8]; /* ... as a single, a double or a split pair (backend_fpu.c) */
    uint8_t live;    /* entries in use */
    uint8_t pinned;  /* entries the current op reads */
    uint8_t next;    /* the next victim when all are in use */
    uint16_t file;   /* the FPR file's offset in the CPU state */
    unsigned insn;   /* the op the entries are current after */
};

/* One cold path, recorded in the body and emitted after it. */
struct stub {
    uint8_t kind;            /* enum stub_kind */
    int8_t addr_reg;         /* memory: the register holding the (wrapped) guest address */
    int8_t val_reg;          /* store: the value; load: the destination */
    int32_t addr_imm;        /* memory: added (wrapping) to addr_reg's value for the address */
    unsigned insn;           /* the op it belongs to */
    unsigned exit_index;     /* STUB_EXIT_IF: its direct-exit number */
    size_t branch_at;        /* rel32 field of the body's jump to this stub, or STUB_NO_BRANCH */
    size_t resume;           /* memory stubs: where the body continues; a self loop's
                              * jump-cache test: where its back edge goes on when the
                              * block is in its set's second entry; else 0 */
    size_t fault_at;         /* flat_fault: where the access starts, or STUB_NO_BRANCH */
    struct ra_snapshot snap; /* register state at the branch */
    bool guest_mxcsr;        /* STUB_FPU: resume with the guest MXCSR reloaded */
    uint8_t nalso;           /* STUB_FPU: further body branches to it, */
    size_t also_at[BE_STUB_ALSO]; /* their rel32 fields */
    struct be_fp_cache fpc;       /* STUB_FPU: the xmm-kept FPRs to reload at resume */
};

/* A stub no body branch leads to (only a host fault, flat_fault targets). */
#define STUB_NO_BRANCH ((size_t)-1)

struct backend {
    struct ra ra;
    struct stub *stubs;
    unsigned nstubs, stubs_cap;
    struct backend_fault *faults; /* backend_block.faults of the last block */
    unsigned nfaults, faults_cap;
    bool has_movbe, has_lzcnt, has_bmi2; /* the host CPU's */
    bool use_movbe, use_lzcnt, use_bmi2; /* what code is emitted with */
    int8_t fpu_fast; /* FP ops checked by FMA, no MXCSR: 0 undecided, 1 on, -1 off */
};

/* The state of one backend_emit_block call. */
struct emit_ctx {
    struct backend *be;
    struct ra *ra;
    const struct ir_block *b;
    const struct ir_target *t;
    const struct backend_entry *entry;
    const uint64_t *tokens;
    struct x86_buf buf;
    uint8_t *rx;
    struct backend_block *out;
    bool unsupported;
    /* flat_fault: values whose alignment an earlier access tested (as of op
     * `insn`), so later word accesses off them need no test of their own. */
    struct {
        ir_val_t v;
        unsigned insn;
        unsigned align;
    } aligned[8];
    unsigned naligned;
    /* A self loop (backend_exit.c): the block's direct exits back to its own
     * pc jump to loop_head, where the globals of `loop` are in registers. */
    bool self_loop;
    size_t loop_head;
    struct ra_loop loop;
    struct ra_snapshot loop_snap; /* the allocator at loop_head */
    struct be_fp_cache fpc;       /* backend_fpu.c; empty at the block's start */
    /* backend_fpu.c: a block of several inline FP ops keeps the FP status word
     * in status_reg (callee-saved, out of the allocator's hands; -1: none),
     * write-through, valid while status_live (as of op status_seen). */
    int8_t status_reg;
    bool status_live;
    unsigned status_seen;
    unsigned done_at; /* 1 + an op an earlier one already lowered (a mul beside its
                       * mulh), else 0 */
};

/* Records a stub for the current op, its body branch at rel32 field branch_at;
 * NULL (and ctx->unsupported) when out of memory. */
struct stub *be_add_stub(struct emit_ctx *c, enum stub_kind kind, size_t branch_at);

/* backend_slow.c: a fault-only memory stub as `call slow_entry` and its
 * record; returns the offset of the call (where a fault resumes), or
 * STUB_NO_BRANCH when the stub must be emitted (not flat_fault, a body
 * branch leads to it, no trampoline). */
size_t be_emit_slow_site(struct emit_ctx *c, const struct stub *s);

/* backend_slow.c: emits the shared trampoline of slow sites at b, leaving
 * through the epilogue at offset epilogue of b; returns its offset. */
size_t be_emit_slow_entry(struct x86_buf *b, size_t epilogue);

/* Emits jmp rel32 to the shared epilogue. */
void be_jmp_epilogue(struct emit_ctx *c);

/* Emits add qword [rbp+icount], n. */
void be_add_icount(struct emit_ctx *c, unsigned n);

/* Saves (or, with restore, reloads) the registers of mask in the frame's save area. */
void be_save_regs(struct emit_ctx *c, uint16_t mask, bool restore);

/* Emits the call of fn(cpu, ...) with the arguments already in rsi/rdx/rcx. */
void be_call_helper(struct emit_ctx *c, const void *fn);

/* Emits t->restore(cpu, pc, pc_flags); icount += n; rax = 0; jmp epilogue. */
void be_emit_raise_tail(struct emit_ctx *c, const struct ir_insn *in, unsigned extra_icount);

/* The x86 condition of an IR condition. */
enum x86_cond be_cond(enum ir_cond cond);

/* cmp a, b of op in (b as an immediate or memory operand when it can be). */
void be_emit_cmp(struct emit_ctx *c, const struct ir_insn *in);

/* Op lowerings of backend_exit.c. */
void be_emit_entry_check(struct emit_ctx *c);
/* After the entry check: when the block loops to itself and may keep its
 * globals in registers across iterations, loads them and marks the loop head. */
void be_begin_self_loop(struct emit_ctx *c);
void be_lower_exit(struct emit_ctx *c, const struct ir_insn *in);
void be_lower_exit_if(struct emit_ctx *c, const struct ir_insn *in);
void be_lower_exit_indirect(struct emit_ctx *c, const struct ir_insn *in);
void be_lower_raise_if(struct emit_ctx *c, const struct ir_insn *in);
void be_lower_call(struct emit_ctx *c, const struct ir_insn *in);
/* Emits a non-memory stub s (at the current position). */
void be_emit_exit_stub(struct emit_ctx *c, const struct stub *s);

/* IR_CALL, inline when it carries an FP form (backend_fpu.c), else be_lower_call. */
void be_lower_call_fp(struct emit_ctx *c, const struct ir_insn *in);

/* backend_fpu.c: before the body, picks status_reg for a block with two or
 * more inline FP ops (taking it from the allocator). */
void be_fpu_begin_block(struct emit_ctx *c);
/* Emits the helper-call fallback stub s of an inline FP op (backend_fpu.c). */
void be_emit_fpu_stub(struct emit_ctx *c, const struct stub *s);

/* Op lowerings of backend_mem.c. */
void be_lower_load(struct emit_ctx *c, const struct ir_insn *in);
void be_lower_store(struct emit_ctx *c, const struct ir_insn *in);
/* Emits a memory slow-path stub s (at the current position). */
void be_emit_mem_stub(struct emit_ctx *c, const struct stub *s);

#endif
