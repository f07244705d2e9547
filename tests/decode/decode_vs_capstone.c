/* tests/decode/decode_vs_capstone.c — cross-checks tern's decoder (mips_decode)
 * and formatter (mips_format) against Capstone 4 (frontend/disasm.c), as ctest
 * `decode.capstone`:
 *
 *   decode_vs_capstone [--seed N] [--count N] [--report N]
 *
 * It walks every value of every opcode table (primary, SPECIAL, REGIMM,
 * SPECIAL2, SPECIAL3, BSHFL, COP0 rs and CO function, COP1 rs, each fmt x
 * function, COP1X) with several operand patterns, then `count` seeded random
 * words, each in both byte orders. tern and Capstone must agree on validity
 * (MIPS_OP_RI vs "invalid") and, when both decode, on the text after the
 * normalisations below. A mismatch prints the word, both texts and the seed;
 * the exit status is non-zero when there is any.
 *
 * Deliberate differences, each handled by one rule below and counted in the
 * summary (rule: what -> why):
 *
 *   sbz           a "must be zero" field is not zero: tern decodes, Capstone
 *                 rejects it or reads another form (DSP "$acN") -> decode.c
 *                 follows QEMU (pre-R6): only selecting fields are checked.
 *   fpr-pair      a 64-bit FPU operand (fmt D/L, LDC1/SDC1, LDXC1/SDXC1,
 *                 LUXC1/SUXC1) names an odd FPR -> Capstone decodes as if
 *                 Status.FR=0 (even pairs only); tern's decode is FR-agnostic.
 *   cs-unknown    RDPGPR, WRPGPR, MFHC1, MTHC1, RECIP, RSQRT, PREFX, ROUND/
 *                 TRUNC/CEIL/FLOOR.L, CVT.S.L, CVT.D.L, C.cond with cc != 0,
 *                 WAIT with a code, RDHWR other than $29 -> MIPS32R2, but
 *                 Capstone 4's MIPS32 mode does not know them.
 *   cop2          opcode 0x12, LWC2/SWC2/LDC2/SDC2 -> no CP2 exists: tern has
 *                 one op (CpU, CE=2); Capstone decodes a subset.
 *   msa, dsp,     tern RI, Capstone decodes the MSA or DSP ASE, MIPS64 (DADDI,
 *   mips64,       LD, DMTC1, DLSA, ...) or MIPS I coprocessor branches (BC0x;
 *   cop-branch    BC3x, which Capstone prefers over COP1X when rs = 8) -> not
 *                 MIPS32R2; classified by encoding space, not by mnemonic.
 *   unpredictable CLZ/CLO with rt != rd -> UNPREDICTABLE (Vol. II CLZ);
 *                 Capstone prints rt as the destination, tern rd (as QEMU).
 *   alias         move, negu, neg, not, b, bal, beqz, bnez, beqzl, bnezl,
 *                 pause, "jr" for JALR rd=$zero -> Capstone prints assembler
 *                 aliases; rewritten to the real instruction before comparing.
 *                 (nop/ssnop/ehb and "jalr rs" for rd=$ra tern prints itself.)
 *   cp0-name      MFC0/MTC0 name the CP0 register as a GPR ("$t4") -> Capstone
 *                 4 bug; tern prints "$12".
 *   trap-imm      TGEI..TNEI immediate printed as raw 16 bits ("0xfff7") ->
 *                 Capstone 4 bug: it is signed (Vol. II TGEI); tern prints -9.
 *   div-zero      DIV/DIVU printed "div $zero, rs, rt" -> LLVM's spelling of
 *                 the real (non-macro) instruction.
 *
 * Branch targets are compared at a PC (0x10000000 + small) where no target
 * wraps around 32 bits (Capstone does not wrap).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frontend/disasm.h"
#include "frontend/insn.h"

#define BASE_PC 0x10000000u
#define MAX_OPS 6
#define TEXT_SIZE 128

/* ---- deliberate differences ------------------------------------------------ */

enum rule_id {
    R_SBZ,
    R_FPR_PAIR,
    R_CS_UNKNOWN,
    R_COP2,
    R_MSA,
    R_DSP,
    R_MIPS64,
    R_COP_BRANCH,
    R_UNPREDICTABLE,
    R_ALIAS,
    R_CP0_NAME,
    R_TRAP_IMM,
    R_DIV_ZERO,
    R_COUNT
};

static const char *const rule_name[R_COUNT] = {
    "sbz",        "fpr-pair",      "cs-unknown", "cop2",     "msa",      "dsp",      "mips64",
    "cop-branch", "unpredictable", "alias",      "cp0-name", "trap-imm", "div-zero",
};

/* Bits the manual marks "0" for each operation (Vol. II instruction pages).
 * Selecting fields (SRL/ROTR rs, DI/EI low half, COP1 fmt, ...) are not here:
 * decode.c checks those itself. */
#define RS_BITS 0x03e00000u
#define RT_BITS 0x001f0000u
#define RD_BITS 0x0000f800u
#define SA_BITS 0x000007c0u
static uint32_t sbz_mask(enum mips_op op)
{
    static uint32_t mask[MIPS_OP_COUNT];
    static bool ready;
    if (!ready) {
        static const struct {
            enum mips_op op;
            uint32_t bits;
        } list[] = {
            {MIPS_OP_SLL, RS_BITS},
            {MIPS_OP_SRL, 0x03c00000u},
            {MIPS_OP_ROTR, 0x03c00000u},
            {MIPS_OP_SRA, RS_BITS},
            {MIPS_OP_SLLV, SA_BITS},
            {MIPS_OP_SRLV, 0x780u},
            {MIPS_OP_ROTRV, 0x780u},
            {MIPS_OP_SRAV, SA_BITS},
            {MIPS_OP_JR, RT_BITS | RD_BITS | 0x3c0u},
            {MIPS_OP_JALR, RT_BITS | 0x3c0u},
            {MIPS_OP_MOVZ, SA_BITS},
            {MIPS_OP_MOVN, SA_BITS},
            {MIPS_OP_SYNC, 0x03fff800u},
            {MIPS_OP_MFHI, RS_BITS | RT_BITS | SA_BITS},
            {MIPS_OP_MFLO, RS_BITS | RT_BITS | SA_BITS},
            {MIPS_OP_MTHI, 0x001fffc0u},
            {MIPS_OP_MTLO, 0x001fffc0u},
            {MIPS_OP_MULT, RD_BITS | SA_BITS},
            {MIPS_OP_MULTU, RD_BITS | SA_BITS},
            {MIPS_OP_DIV, RD_BITS | SA_BITS},
            {MIPS_OP_DIVU, RD_BITS | SA_BITS},
            {MIPS_OP_ADD, SA_BITS},
            {MIPS_OP_ADDU, SA_BITS},
            {MIPS_OP_SUB, SA_BITS},
            {MIPS_OP_SUBU, SA_BITS},
            {MIPS_OP_AND, SA_BITS},
            {MIPS_OP_OR, SA_BITS},
            {MIPS_OP_XOR, SA_BITS},
            {MIPS_OP_NOR, SA_BITS},
            {MIPS_OP_SLT, SA_BITS},
            {MIPS_OP_SLTU, SA_BITS},
            {MIPS_OP_MOVF, 0x00020000u | SA_BITS},
            {MIPS_OP_MOVT, 0x00020000u | SA_BITS},
            {MIPS_OP_LUI, RS_BITS},
            {MIPS_OP_BLEZ, RT_BITS},
            {MIPS_OP_BGTZ, RT_BITS},
            {MIPS_OP_BLEZL, RT_BITS},
            {MIPS_OP_BGTZL, RT_BITS},
            {MIPS_OP_MADD, RD_BITS | SA_BITS},
            {MIPS_OP_MADDU, RD_BITS | SA_BITS},
            {MIPS_OP_MSUB, RD_BITS | SA_BITS},
            {MIPS_OP_MSUBU, RD_BITS | SA_BITS},
            {MIPS_OP_MUL, SA_BITS},
            {MIPS_OP_CLZ, SA_BITS},
            {MIPS_OP_CLO, SA_BITS},
            {MIPS_OP_WSBH, RS_BITS},
            {MIPS_OP_SEB, RS_BITS},
            {MIPS_OP_SEH, RS_BITS},
            {MIPS_OP_RDHWR, RS_BITS | SA_BITS},
            {MIPS_OP_MFC0, 0x7f8u},
            {MIPS_OP_MTC0, 0x7f8u},
            {MIPS_OP_RDPGPR, 0x7ffu},
            {MIPS_OP_WRPGPR, 0x7ffu},
            {MIPS_OP_TLBR, 0x01ffffc0u},
            {MIPS_OP_TLBWI, 0x01ffffc0u},
            {MIPS_OP_TLBWR, 0x01ffffc0u},
            {MIPS_OP_TLBP, 0x01ffffc0u},
            {MIPS_OP_ERET, 0x01ffffc0u},
            {MIPS_OP_DERET, 0x01ffffc0u},
            {MIPS_OP_MFC1, 0x7ffu},
            {MIPS_OP_MTC1, 0x7ffu},
            {MIPS_OP_CFC1, 0x7ffu},
            {MIPS_OP_CTC1, 0x7ffu},
            {MIPS_OP_MFHC1, 0x7ffu},
            {MIPS_OP_MTHC1, 0x7ffu},
            {MIPS_OP_FSQRT, RT_BITS},
            {MIPS_OP_FABS, RT_BITS},
            {MIPS_OP_FMOV, RT_BITS},
            {MIPS_OP_FNEG, RT_BITS},
            {MIPS_OP_ROUND_L, RT_BITS},
            {MIPS_OP_TRUNC_L, RT_BITS},
            {MIPS_OP_CEIL_L, RT_BITS},
            {MIPS_OP_FLOOR_L, RT_BITS},
            {MIPS_OP_ROUND_W, RT_BITS},
            {MIPS_OP_TRUNC_W, RT_BITS},
            {MIPS_OP_CEIL_W, RT_BITS},
            {MIPS_OP_FLOOR_W, RT_BITS},
            {MIPS_OP_RECIP, RT_BITS},
            {MIPS_OP_RSQRT, RT_BITS},
            {MIPS_OP_CVT_S, RT_BITS},
            {MIPS_OP_CVT_D, RT_BITS},
            {MIPS_OP_CVT_W, RT_BITS},
            {MIPS_OP_CVT_L, RT_BITS},
            {MIPS_OP_FMOVF, 0x00020000u},
            {MIPS_OP_FMOVT, 0x00020000u},
            {MIPS_OP_FCMP, 0xc0u},
            {MIPS_OP_LWXC1, RD_BITS},
            {MIPS_OP_LDXC1, RD_BITS},
            {MIPS_OP_LUXC1, RD_BITS},
            {MIPS_OP_SWXC1, SA_BITS},
            {MIPS_OP_SDXC1, SA_BITS},
            {MIPS_OP_SUXC1, SA_BITS},
            {MIPS_OP_PREFX, SA_BITS},
        };
        for (size_t i = 0; i < sizeof list / sizeof list[0]; i++)
            mask[list[i].op] = list[i].bits;
        ready = true;
    }
    return op < MIPS_OP_COUNT ? mask[op] : 0;
}

/* Does an FPU operation name an odd register where it needs a 64-bit pair? */
static bool odd_pair(const struct mips_insn *in)
{
    switch (in->op) {
    case MIPS_OP_LDC1:
    case MIPS_OP_SDC1:
        return in->rt & 1;
    case MIPS_OP_LDXC1:
    case MIPS_OP_LUXC1:
        return in->sa & 1;
    case MIPS_OP_SDXC1:
    case MIPS_OP_SUXC1:
        return in->rd & 1;
    default:
        break;
    }
    if (!(in->flags & INSN_FPU)) return false;
    bool wide = in->fmt == FMT_D || in->fmt == FMT_L || in->op == MIPS_OP_CVT_D ||
                in->op == MIPS_OP_CVT_L || in->op == MIPS_OP_ROUND_L || in->op == MIPS_OP_TRUNC_L ||
                in->op == MIPS_OP_CEIL_L || in->op == MIPS_OP_FLOOR_L;
    return wide && ((in->fs | in->ft | in->fd | in->fr) & 1);
}

/* MIPS32R2 operations Capstone 4's MIPS32 mode does not decode. */
static bool capstone_unknown(const struct mips_insn *in)
{
    switch (in->op) {
    case MIPS_OP_RDPGPR:
    case MIPS_OP_WRPGPR:
    case MIPS_OP_MFHC1:
    case MIPS_OP_MTHC1:
    case MIPS_OP_RECIP:
    case MIPS_OP_RSQRT:
    case MIPS_OP_PREFX:
    case MIPS_OP_ROUND_L:
    case MIPS_OP_TRUNC_L:
    case MIPS_OP_CEIL_L:
    case MIPS_OP_FLOOR_L:
        return true;
    case MIPS_OP_CVT_S:
    case MIPS_OP_CVT_D:
        return in->fmt == FMT_L;
    case MIPS_OP_FCMP:
        return in->cc != 0;
    case MIPS_OP_WAIT:
        return in->imm != 0; /* implementation-dependent code */
    case MIPS_OP_RDHWR:
        return in->rd != 29; /* Capstone knows only UserLocal */
    default:
        return false;
    }
}

static bool is_cop2(const struct mips_insn *in)
{
    return in->op == MIPS_OP_COP2 || in->op == MIPS_OP_LWC2 || in->op == MIPS_OP_SWC2 ||
           in->op == MIPS_OP_LDC2 || in->op == MIPS_OP_SDC2;
}

/* Encoding space that Capstone 4's MIPS32 mode gives to other ISAs and ASEs
 * (it enables MSA, DSP and some MIPS64/MIPS-I forms) and MIPS32R2 leaves
 * reserved or gives to COP1X; R_COUNT when none. */
static enum rule_id foreign_space(uint32_t w)
{
    unsigned op = w >> 26, rs = (w >> 21) & 31, rt = (w >> 16) & 31, fn = w & 63;
    switch (op) {
    case 0x00:
        return fn == 0x05 ? R_MSA : fn == 0x15 ? R_MIPS64 : R_COUNT; /* LSA, DLSA */
    case 0x01:
        return rt == 0x1c ? R_DSP : R_COUNT; /* BPOSGE32 */
    case 0x10:
        return rs == 8 ? R_COP_BRANCH : (rs == 1 || rs == 5) ? R_MIPS64 : R_COUNT;
    case 0x11:
        if (rs == 1 || rs == 5) /* DMFC1, DMTC1 */
            return R_MIPS64;
        return (rs == 0x0b || rs == 0x0f || rs >= 0x18) ? R_MSA : R_COUNT; /* BZ/BNZ */
    case 0x13:
        return rs == 8 ? R_COP_BRANCH : R_COUNT; /* MIPS I BC3*, not COP1X */
    case 0x1e:
        return R_MSA;
    case 0x1f: /* SPECIAL3: EXT, INS, BSHFL, RDHWR are R2; the rest is the DSP ASE */
        return (fn == 0x00 || fn == 0x04 || fn == 0x20 || fn == 0x3b) ? R_COUNT : R_DSP;
    case 0x18:
    case 0x19:
    case 0x1a:
    case 0x1b:
    case 0x1d:
    case 0x27:
    case 0x2c:
    case 0x2d:
    case 0x34:
    case 0x37:
    case 0x3c:
    case 0x3f:
        return R_MIPS64;
    default:
        return R_COUNT;
    }
}

/* ---- Capstone text, parsed and normalised ---------------------------------- */

struct text {
    char mnemonic[32];
    char op[MAX_OPS][48];
    int count;
};

static void parse_text(const char *s, struct text *t)
{
    memset(t, 0, sizeof(*t));
    size_t n = strcspn(s, " ");
    snprintf(t->mnemonic, sizeof t->mnemonic, "%.*s", (int)n, s);
    s += n;
    while (*s == ' ')
        s++;
    while (*s && t->count < MAX_OPS) {
        size_t len = strcspn(s, ",");
        snprintf(t->op[t->count++], sizeof t->op[0], "%.*s", (int)len, s);
        s += len;
        while (*s == ',' || *s == ' ')
            s++;
    }
}

static void join_text(const struct text *t, char *buf, size_t size)
{
    int len = snprintf(buf, size, "%s", t->mnemonic);
    for (int i = 0; i < t->count && len >= 0 && (size_t)len < size; i++)
        len += snprintf(buf + len, size - (size_t)len, "%s%s", i ? ", " : " ", t->op[i]);
}

static void insert_op(struct text *t, int at, const char *s)
{
    if (t->count >= MAX_OPS) return;
    memmove(t->op[at + 1], t->op[at], sizeof t->op[0] * (size_t)(t->count - at));
    snprintf(t->op[at], sizeof t->op[0], "%s", s);
    t->count++;
}

static void imm_text(int64_t v, char *buf, size_t size)
{
    if (v >= 0)
        snprintf(buf, size, v > 9 ? "0x%" PRIx64 : "%" PRId64, v);
    else
        snprintf(buf, size, v < -9 ? "-0x%" PRIx64 : "-%" PRId64, -v);
}

/* Capstone's aliases, each the real instruction with $zero operands left out. */
struct alias {
    const char *cs;  /* Capstone's mnemonic */
    enum mips_op op; /* the instruction tern decodes */
    int at;          /* where the $zero operands go back */
    int zeros;       /* how many */
};

static const struct alias aliases[] = {
    {"move", MIPS_OP_ADDU, 2, 1},  {"move", MIPS_OP_OR, 2, 1},    {"negu", MIPS_OP_SUBU, 1, 1},
    {"not", MIPS_OP_NOR, 2, 1},    {"neg", MIPS_OP_SUB, 1, 1},    {"b", MIPS_OP_BEQ, 0, 2},
    {"bal", MIPS_OP_BGEZAL, 0, 1}, {"beqz", MIPS_OP_BEQ, 1, 1},   {"bnez", MIPS_OP_BNE, 1, 1},
    {"beqzl", MIPS_OP_BEQL, 1, 1}, {"bnezl", MIPS_OP_BNEL, 1, 1}, {"jr", MIPS_OP_JALR, 0, 1},
    {"jr.hb", MIPS_OP_JALR, 0, 1},
};

static unsigned long rule_hits[R_COUNT];

/* Rewrites Capstone's text for `in` into what tern prints, counting each rule. */
static void normalise(const struct mips_insn *in, struct text *t)
{
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++) {
        const struct alias *a = &aliases[i];
        if (a->op != in->op || strcmp(a->cs, t->mnemonic) != 0) continue;
        bool hb = strstr(t->mnemonic, ".hb") != NULL;
        snprintf(t->mnemonic, sizeof t->mnemonic, "%s%s", mips_op_name(in->op), hb ? ".hb" : "");
        for (int z = 0; z < a->zeros; z++)
            insert_op(t, a->at, "$zero");
        rule_hits[R_ALIAS]++;
        return;
    }
    if (in->op == MIPS_OP_SLL && strcmp(t->mnemonic, "pause") == 0) {
        parse_text("sll $zero, $zero, 5", t);
        rule_hits[R_ALIAS]++;
    } else if ((in->op == MIPS_OP_MFC0 || in->op == MIPS_OP_MTC0) && t->count >= 2) {
        snprintf(t->op[1], sizeof t->op[1], "$%u", in->rd);
        rule_hits[R_CP0_NAME]++;
    } else if ((in->op == MIPS_OP_DIV || in->op == MIPS_OP_DIVU) && t->count == 3 &&
               strcmp(t->op[0], "$zero") == 0) {
        /* LLVM prints the real DIV as "div $zero, rs, rt" (gas's macro-free form) */
        memmove(t->op[0], t->op[1], sizeof t->op[0] * 2);
        t->count = 2;
        rule_hits[R_DIV_ZERO]++;
    } else if (in->op >= MIPS_OP_TGEI && in->op <= MIPS_OP_TNEI && t->count == 2) {
        imm_text(in->imm, t->op[1], sizeof t->op[1]);
        rule_hits[R_TRAP_IMM]++;
    }
}

/* ---- one word ------------------------------------------------------------- */

struct run {
    struct disasm *le, *be;
    uint64_t seed;
    unsigned long agree, invalid, accepted, mismatches, report;
};

static void report(struct run *r, uint32_t w, const char *why, const char *tern, const char *cs)
{
    r->mismatches++;
    if (r->mismatches <= r->report)
        printf("MISMATCH %08" PRIx32 " (%s): tern \"%s\" capstone \"%s\" (seed %" PRIu64 ")\n", w,
               why, tern, cs, r->seed);
}

/* Which rule excuses a validity or text difference for this word; R_COUNT if none. */
static enum rule_id excuse(uint32_t w, const struct mips_insn *in, bool tv, const char *cs)
{
    if (tv && (w & sbz_mask(in->op))) return R_SBZ;
    if (tv && is_cop2(in)) return R_COP2;
    if (tv && !cs && odd_pair(in)) return R_FPR_PAIR;
    if (tv && !cs && capstone_unknown(in)) return R_CS_UNKNOWN;
    /* CLZ/CLO with rt != rd are UNPREDICTABLE (Vol. II CLZ); Capstone
     * reads rt as the destination, tern (like QEMU) rd. */
    if ((in->op == MIPS_OP_CLZ || in->op == MIPS_OP_CLO) && in->rt != in->rd)
        return R_UNPREDICTABLE;
    if (cs) return foreign_space(w);
    return R_COUNT;
}

static void check_order(struct run *r, struct disasm *d, uint32_t w, uint32_t pc)
{
    struct mips_insn in;
    char tern[TEXT_SIZE], cs[TEXT_SIZE], norm[TEXT_SIZE];
    mips_decode(w, &in);
    bool tv = in.op != MIPS_OP_RI;
    bool cv = disasm_insn(d, pc, w, cs, sizeof cs);
    mips_format(&in, pc, tern, sizeof tern);
    if (!tv && !cv) {
        r->invalid++;
        return;
    }
    if (tv && cv) {
        struct text t;
        parse_text(cs, &t);
        normalise(&in, &t);
        join_text(&t, norm, sizeof norm);
        if (strcmp(norm, tern) == 0) {
            r->agree++;
            return;
        }
    }
    enum rule_id why = excuse(w, &in, tv, cv ? cs : NULL);
    if (why != R_COUNT) {
        rule_hits[why]++;
        r->accepted++;
        return;
    }
    report(r, w,
           tv && cv ? "text"
           : tv     ? "capstone invalid"
                    : "tern RI",
           tern, cv ? (tv ? norm : cs) : "invalid");
}

static void check_word(struct run *r, uint32_t w, uint32_t pc)
{
    check_order(r, r->le, w, pc);
    check_order(r, r->be, w, pc);
}

/* ---- (a) the table walk ----------------------------------------------------- */

/* Operand bodies (bits 25..0) tried with every table value. */
static const uint32_t bodies[] = {
    0x0000000u, /* all zero: nop-like forms, $zero operands */
    0x0a63800u, /* rs=5 rt=6 rd=7 sa=0 */
    0x3fde800u, /* rs=31 rt=30 rd=29 sa=0 */
    0x04440c0u, /* rs=2 rt=4 rd=8 sa=3 */
    0x1084010u, /* rs=8 rt=8 rd=8 offset 0x4010 */
    0x0e2fff0u, /* negative 16-bit immediate / branch back */
    0x3ffffffu, /* all ones */
    0x0128000u, /* offset -0x8000 */
};
#define NBODIES (sizeof bodies / sizeof bodies[0])

/* Runs fixed | (body & mask) | value << shift for all values and bodies. */
static void walk(struct run *r, uint32_t fixed, uint32_t mask, unsigned shift, unsigned values)
{
    for (unsigned v = 0; v < values; v++)
        for (unsigned b = 0; b < NBODIES; b++) {
            uint32_t w = fixed | (bodies[b] & mask) | (v << shift);
            check_word(r, w, BASE_PC + 0x1000 + 4 * b);
        }
}

static void walk_tables(struct run *r)
{
    walk(r, 0, 0x3ffffffu, 26, 64);                        /* primary */
    walk(r, 0x00000000u, 0x3ffffc0u, 0, 64);               /* SPECIAL */
    walk(r, 0x04000000u, 0x3e0ffffu, 16, 32);              /* REGIMM */
    walk(r, 0x70000000u, 0x3ffffc0u, 0, 64);               /* SPECIAL2 */
    walk(r, 0x7c000000u, 0x3ffffc0u, 0, 64);               /* SPECIAL3 */
    walk(r, 0x7c000020u, 0x3fff800u, 6, 32);               /* BSHFL */
    walk(r, 0x40000000u, 0x01fffffu, 21, 32);              /* COP0 rs */
    walk(r, 0x42000000u, 0x1ffffc0u, 0, 64);               /* COP0 CO function */
    walk(r, 0x40000000u | (0x0bu << 21), 0x1f0000u, 0, 1); /* MFMC0 as it is */
    check_word(r, 0x41606000u, BASE_PC);                   /* DI */
    check_word(r, 0x41606020u, BASE_PC);                   /* EI */
    walk(r, 0x44000000u, 0x01fffffu, 21, 32);              /* COP1 rs */
    walk(r, 0x45000000u, 0x000ffffu, 16, 32);              /* BC1 by cc, nd, tf */
    for (unsigned fmt = 16; fmt < 24; fmt++)               /* COP1 each fmt x function */
        walk(r, 0x44000000u | fmt << 21, 0x1fffc0u, 0, 64);
    walk(r, 0x4c000000u, 0x3ffffc0u, 0, 64); /* COP1X */
}

/* ---- (b) seeded random words ------------------------------------------------ */

static uint64_t next_random(uint64_t *s)
{
    /* xorshift64*: fast, and good enough to spread words over the tables */
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 0x2545f4914f6cdd1dull;
}

static void walk_random(struct run *r, unsigned long count)
{
    uint64_t s = r->seed ? r->seed : 0x9e3779b97f4a7c15ull;
    for (unsigned long i = 0; i < count; i++) {
        uint32_t w = (uint32_t)(next_random(&s) >> 32);
        check_word(r, w, BASE_PC + (uint32_t)(i & 0xfff) * 4);
    }
}

int main(int argc, char **argv)
{
    struct run r = {.seed = 1, .report = 20};
    unsigned long count = 1000000;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--seed") == 0)
            r.seed = strtoull(argv[i + 1], NULL, 0);
        else if (strcmp(argv[i], "--count") == 0)
            count = strtoul(argv[i + 1], NULL, 0);
        else if (strcmp(argv[i], "--report") == 0)
            r.report = strtoul(argv[i + 1], NULL, 0);
        else {
            fprintf(stderr, "usage: %s [--seed N] [--count N] [--report N]\n", argv[0]);
            return 2;
        }
    }
    r.le = disasm_open(false);
    r.be = disasm_open(true);
    if (!r.le || !r.be) {
        fprintf(stderr, "decode_vs_capstone: cannot open Capstone\n");
        return 2;
    }
    walk_tables(&r);
    walk_random(&r, count);
    printf("decode.capstone: seed %" PRIu64 ", %lu random words x 2 byte orders: %lu agree, "
           "%lu both invalid, %lu accepted differences, %lu mismatches\n",
           r.seed, count, r.agree, r.invalid, r.accepted, r.mismatches);
    for (int i = 0; i < R_COUNT; i++)
        printf("  %-10s %lu\n", rule_name[i], rule_hits[i]);
    disasm_close(r.le);
    disasm_close(r.be);
    return r.mismatches ? 1 : 0;
}
