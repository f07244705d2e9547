/* bench/branchy.c — unpredictable control flow: a register bytecode VM
 * (switch dispatch, one indirect jump per bytecode) running a program that
 * branches on random bits, and a switch-driven tokenizer state machine over
 * random text. Both defeat a host branch predictor the way real interpreters
 * and parsers do, and both make a translator's block exits and lookups hot. */
#include "bench.h"

enum vm_op {
    OP_LI,
    OP_RND,
    OP_ANDI,
    OP_ADD,
    OP_XOR,
    OP_MULI,
    OP_SHRI,
    OP_DEC,
    OP_BZ,
    OP_BNZ,
    OP_JMP,
    OP_HALT
};

struct vm_insn {
    uint8_t op, a, b;
    int32_t imm;
};

/* r0 counts down; each trip takes one of three paths picked by random bits. */
static const struct vm_insn vm_program[] = {
    /* 0 */ {OP_RND, 1, 0, 0},
    /* 1 */ {OP_ANDI, 2, 1, 1},
    /* 2 */ {OP_BZ, 2, 0, 6},
    /* 3 */ {OP_ADD, 3, 1, 0},
    /* 4 */ {OP_XOR, 4, 3, 0},
    /* 5 */ {OP_JMP, 0, 0, 13},
    /* 6 */ {OP_ANDI, 2, 1, 6},
    /* 7 */ {OP_BNZ, 2, 0, 10},
    /* 8 */ {OP_MULI, 3, 3, 3},
    /* 9 */ {OP_JMP, 0, 0, 13},
    /* 10 */ {OP_SHRI, 5, 1, 3},
    /* 11 */ {OP_ADD, 4, 5, 0},
    /* 12 */ {OP_XOR, 3, 4, 0},
    /* 13 */ {OP_DEC, 0, 0, 0},
    /* 14 */ {OP_BNZ, 0, 0, 0},
    /* 15 */ {OP_HALT, 0, 0, 0},
};

static uint32_t vm_run(uint32_t trips, uint32_t seed)
{
    uint32_t r[8] = {trips, 0, 0, seed, 0, 0, 0, 0}, rng = seed | 1;
    for (uint32_t pc = 0;;) {
        const struct vm_insn *i = &vm_program[pc++];
        switch (i->op) {
        case OP_LI:
            r[i->a] = (uint32_t)i->imm;
            break;
        case OP_RND:
            r[i->a] = bench_xorshift(&rng);
            break;
        case OP_ANDI:
            r[i->a] = r[i->b] & (uint32_t)i->imm;
            break;
        case OP_ADD:
            r[i->a] += r[i->b];
            break;
        case OP_XOR:
            r[i->a] ^= r[i->b];
            break;
        case OP_MULI:
            r[i->a] = r[i->b] * (uint32_t)i->imm + 7;
            break;
        case OP_SHRI:
            r[i->a] = r[i->b] >> i->imm;
            break;
        case OP_DEC:
            r[i->a]--;
            break;
        case OP_BZ:
            if (!r[i->a]) pc = (uint32_t)i->imm;
            break;
        case OP_BNZ:
            if (r[i->a]) pc = (uint32_t)i->imm;
            break;
        case OP_JMP:
            pc = (uint32_t)i->imm;
            break;
        case OP_HALT:
            return r[3] ^ r[4];
        default:
            return 0xdeadu;
        }
    }
}

enum tok_state { ST_SPACE, ST_IDENT, ST_NUMBER, ST_HEX, ST_OPERATOR, ST_STRING, ST_ESCAPE };

/* Random text biased towards tokens: letters, digits, spaces, operators, quotes. */
static char random_char(uint32_t *rng)
{
    static const char alphabet[] = "abcxyz_0123456789  \t\n+-*/=<>\"\\x0";
    return alphabet[bench_xorshift(rng) % (sizeof alphabet - 1)];
}

static int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || c == '_';
}
static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Counts tokens by kind over N random characters; returns a digest of the counts. */
static uint32_t tokenize(uint32_t n, uint32_t seed)
{
    uint32_t counts[7] = {0}, rng = seed | 1, len = 0;
    enum tok_state st = ST_SPACE;
    for (uint32_t k = 0; k < n; k++) {
        char c = random_char(&rng);
        enum tok_state next = st;
        switch (st) {
        case ST_STRING:
            next = c == '"' ? ST_SPACE : c == '\\' ? ST_ESCAPE : ST_STRING;
            break;
        case ST_ESCAPE:
            next = ST_STRING;
            break;
        case ST_NUMBER:
            if (c == 'x' && len == 1)
                next = ST_HEX;
            else if (!is_digit(c))
                next = ST_SPACE;
            break;
        case ST_HEX:
            if (!is_digit(c) && !(c >= 'a' && c <= 'f')) next = ST_SPACE;
            break;
        case ST_IDENT:
            if (!is_alpha(c) && !is_digit(c)) next = ST_SPACE;
            break;
        default:
            next = ST_SPACE;
            break;
        }
        if (next == ST_SPACE && st != ST_STRING) {
            if (is_alpha(c))
                next = ST_IDENT;
            else if (is_digit(c))
                next = ST_NUMBER;
            else if (c == '"')
                next = ST_STRING;
            else if (c != ' ' && c != '\t' && c != '\n')
                next = ST_OPERATOR;
        }
        if (next != st) {
            counts[next]++;
            len = 0;
        }
        len++;
        st = next;
    }
    uint32_t h = 0;
    for (int i = 0; i < 7; i++)
        h = h * 1000003u + counts[i];
    return h;
}

int main(void)
{
    uint32_t sum = 0;
    for (uint32_t unit = 0; unit < BENCH_SCALE; unit++) {
        sum ^= vm_run(30000, sum + unit);
        sum = sum * 33 + tokenize(60000, sum ^ 0x9e3779b9u);
    }
    return bench_report("branchy", sum);
}
