/* tests/unit/test_elf.c — the ELF32 loader: good images of both byte orders
 * built in memory, and every error path (each must fail with its message and
 * leave guest memory untouched). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "core/elf.h"

#define MEM_BASE 0x80000000u
#define MEM_SIZE 0x10000u
#define FILL 0xaa

/* A guest memory window [MEM_BASE, MEM_BASE+MEM_SIZE) as the sink. */
static uint8_t mem[MEM_SIZE];

static uint8_t *place(void *opaque, uint32_t vaddr, uint32_t size)
{
    (void)opaque;
    if (vaddr < MEM_BASE || (uint64_t)vaddr + size > (uint64_t)MEM_BASE + MEM_SIZE) return NULL;
    return mem + (vaddr - MEM_BASE);
}

static const struct elf_sink sink = {place, NULL};

/* An image under construction: header at 0, phdrs at 52, data from 0x100. */
struct image {
    uint8_t b[0x400];
    size_t size;
    bool be;
};

static void put16(struct image *im, size_t off, uint16_t v)
{
    im->b[off + (im->be ? 0 : 1)] = (uint8_t)(v >> 8);
    im->b[off + (im->be ? 1 : 0)] = (uint8_t)v;
}

static void put32(struct image *im, size_t off, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        im->b[off + (im->be ? 3 - i : i)] = (uint8_t)(v >> (8 * i));
}

static void set_phdr(struct image *im, unsigned i, uint32_t type, uint32_t offset, uint32_t vaddr,
                     uint32_t filesz, uint32_t memsz)
{
    size_t at = 52 + 32 * i;
    put32(im, at, type);
    put32(im, at + 4, offset);
    put32(im, at + 8, vaddr);
    put32(im, at + 12, vaddr);
    put32(im, at + 16, filesz);
    put32(im, at + 20, memsz);
    put32(im, at + 24, 7);
    put32(im, at + 28, 4);
}

/* A valid MIPS32R2 executable: one PT_LOAD of 8 file bytes + 8 bss bytes at
 * 0x80001000, entry 0x80001000; the header and phdrs in a second PT_LOAD. */
static void build(struct image *im, bool be)
{
    memset(im, 0, sizeof(*im));
    im->be = be;
    im->size = 0x200;
    memcpy(im->b, "\177ELF", 4);
    im->b[4] = 1;
    im->b[5] = be ? 2 : 1;
    im->b[6] = 1;
    put16(im, 16, 2); /* ET_EXEC */
    put16(im, 18, 8); /* EM_MIPS */
    put32(im, 20, 1);
    put32(im, 24, 0x80001000u);
    put32(im, 28, 52);
    put32(im, 36, 0x70001000u); /* MIPS32R2, o32 */
    put16(im, 40, 52);
    put16(im, 42, 32);
    put16(im, 44, 2);
    set_phdr(im, 0, 1, 0x100, 0x80001000u, 8, 16);
    set_phdr(im, 1, 1, 0, 0x80000000u, 0x80, 0x80);
    for (int i = 0; i < 8; i++)
        im->b[0x100 + i] = (uint8_t)(0x11 * (i + 1));
}

static int load(struct image *im, struct elf_info *info, char *err)
{
    memset(mem, FILL, sizeof mem);
    return elf_load(im->b, im->size, &sink, info, err, 200);
}

static void check_good(bool be)
{
    struct image im;
    struct elf_info info;
    char err[200] = "";
    build(&im, be);
    ck_assert_msg(load(&im, &info, err) == 0, "%s", err);
    ck_assert_uint_eq(info.entry, 0x80001000u);
    ck_assert(info.big_endian == be);
    ck_assert(info.mips32r2);
    ck_assert_uint_eq(info.type, 2);
    ck_assert_uint_eq(info.phnum, 2);
    ck_assert_uint_eq(info.phdr_addr, 0x80000000u + 52);
    ck_assert_uint_eq(info.low, 0x80000000u);
    ck_assert_uint_eq(info.high, 0x80001010u);
    ck_assert(!info.has_interp);
    ck_assert_mem_eq(mem + 0x1000, im.b + 0x100, 8);
    for (int i = 8; i < 16; i++)
        ck_assert_uint_eq(mem[0x1000 + i], 0); /* bss zeroed */
    ck_assert_uint_eq(mem[0x1010], FILL);      /* nothing past memsz */
    ck_assert_mem_eq(mem, im.b, 0x80);
}

START_TEST(test_good_little_endian)
{
    check_good(false);
}
END_TEST

START_TEST(test_good_big_endian)
{
    check_good(true);
}
END_TEST

START_TEST(test_interp_and_inspect_only)
{
    struct image im;
    struct elf_info info;
    char err[200];
    build(&im, true);
    put16(&im, 44, 3);
    set_phdr(&im, 2, 3, 0x180, 0, 13, 13);
    memcpy(im.b + 0x180, "/lib/ld.so.1", 13); /* 12 chars + NUL */
    memset(mem, FILL, sizeof mem);
    ck_assert_int_eq(elf_load(im.b, im.size, NULL, &info, err, sizeof err), 0);
    ck_assert(info.has_interp);
    ck_assert_str_eq(info.interp, "/lib/ld.so.1");
    ck_assert_uint_eq(mem[0x1000], FILL); /* no sink: nothing placed */
}
END_TEST

/* Each case breaks one thing of a good image; the load must fail with a
 * message containing `want` and leave memory untouched. */
struct bad_case {
    const char *name;
    void (*breaker)(struct image *im);
    const char *want;
};

static void bad_magic(struct image *im)
{
    im->b[1] = 'X';
}
static void tiny(struct image *im)
{
    im->size = 10;
}
static void elf64(struct image *im)
{
    im->b[4] = 2;
}
static void bad_class(struct image *im)
{
    im->b[4] = 3;
}
static void bad_data(struct image *im)
{
    im->b[5] = 0;
}
static void short_header(struct image *im)
{
    im->size = 40;
}
static void x86(struct image *im)
{
    put16(im, 18, 3);
}
static void aarch64(struct image *im)
{
    put16(im, 18, 183);
}
static void odd_machine(struct image *im)
{
    put16(im, 18, 999);
}
static void relocatable(struct image *im)
{
    put16(im, 16, 1);
}
static void core_file(struct image *im)
{
    put16(im, 16, 4);
}
static void mips64r2(struct image *im)
{
    put32(im, 36, 0x80001000u);
}
static void mips3(struct image *im)
{
    put32(im, 36, 0x20001000u);
}
static void mips32r6(struct image *im)
{
    put32(im, 36, 0x90001000u);
}
static void n32(struct image *im)
{
    put32(im, 36, 0x70000020u);
}
static void micromips(struct image *im)
{
    put32(im, 36, 0x72001000u);
}
static void no_phdrs(struct image *im)
{
    put16(im, 44, 0);
}
static void small_phent(struct image *im)
{
    put16(im, 42, 16);
}
static void phdrs_cut(struct image *im)
{
    im->size = 100;
}
static void phoff_huge(struct image *im)
{
    put32(im, 28, 0xffffffe0u);
}
static void filesz_big(struct image *im)
{
    set_phdr(im, 0, 1, 0x100, 0x80001000u, 32, 16);
}
static void data_cut(struct image *im)
{
    set_phdr(im, 0, 1, 0x1f8, 0x80001000u, 16, 16);
}
static void offset_wrap(struct image *im)
{
    set_phdr(im, 0, 1, 0xffffff00u, 0x80001000u, 0x200, 0x200);
}
static void vaddr_wrap(struct image *im)
{
    set_phdr(im, 0, 1, 0x100, 0xfffffff8u, 8, 16);
}
static void outside(struct image *im)
{
    set_phdr(im, 0, 1, 0x100, 0x90000000u, 8, 16);
}
static void no_load(struct image *im)
{
    set_phdr(im, 0, 4, 0x100, 0, 8, 8);       /* PT_NOTE */
    set_phdr(im, 1, 1, 0, 0x80000000u, 0, 0); /* empty PT_LOAD */
}
static void bad_interp(struct image *im)
{
    set_phdr(im, 0, 3, 0x100, 0, 8, 8); /* 0x11..0x88: no NUL */
}
/* The first segment is fine, the second outside: memory must stay untouched. */
static void second_outside(struct image *im)
{
    set_phdr(im, 1, 1, 0, 0x70000000u, 0x80, 0x80);
}

static const struct bad_case bad_cases[] = {
    {"bad magic", bad_magic, "is not an ELF file (bad magic)"},
    {"tiny", tiny, "is truncated"},
    {"elf64", elf64, "is a 64-bit MIPS ELF; tern runs MIPS32 (ELFCLASS32) programs"},
    {"bad class", bad_class, "invalid ELF class 3"},
    {"bad data", bad_data, "invalid ELF byte order"},
    {"short header", short_header, "is truncated (ELF header needs 52 bytes, file has 40)"},
    {"x86", x86, "is an ELF for x86 (i386) (e_machine 3), not MIPS"},
    {"aarch64", aarch64, "AArch64"},
    {"odd machine", odd_machine, "is an ELF for machine 999, not MIPS"},
    {"relocatable", relocatable, "relocatable object"},
    {"core", core_file, "not an executable (ELF type 4)"},
    {"mips64r2", mips64r2, "is built for MIPS64R2"},
    {"mips3", mips3, "is built for MIPS III"},
    {"mips32r6", mips32r6, "is built for MIPS32R6"},
    {"n32", n32, "64-bit MIPS ABI"},
    {"micromips", micromips, "microMIPS"},
    {"no phdrs", no_phdrs, "has no loadable segments"},
    {"small phentsize", small_phent, "bad program header size 16"},
    {"phdrs cut", phdrs_cut, "is truncated (program headers"},
    {"phoff huge", phoff_huge, "is truncated (program headers"},
    {"filesz > memsz", filesz_big, "file size 0x20 exceeds its memory size 0x10"},
    {"data cut", data_cut, "is truncated (segment at 0x80001000"},
    {"offset wrap", offset_wrap, "is truncated (segment"},
    {"vaddr wrap", vaddr_wrap, "wraps past 4 GiB"},
    {"outside", outside, "segment at 0x90000000-0x9000000f outside guest memory"},
    {"no load", no_load, "has no loadable segments"},
    {"bad interp", bad_interp, "malformed PT_INTERP"},
    {"second outside", second_outside, "segment at 0x70000000"},
};

START_TEST(test_bad)
{
    const struct bad_case *c = &bad_cases[_i];
    struct image im;
    struct elf_info info;
    char err[200] = "";
    build(&im, _i % 2);
    c->breaker(&im);
    ck_assert_msg(load(&im, &info, err) == -1, "%s: loaded", c->name);
    ck_assert_msg(strstr(err, c->want), "%s: got '%s', want '%s'", c->name, err, c->want);
    ck_assert_msg(!strchr(err, '\n'), "%s: message has a newline", c->name);
    for (size_t i = 0; i < MEM_SIZE; i++)
        ck_assert_msg(mem[i] == FILL, "%s: memory written at 0x%zx", c->name, i);
}
END_TEST

START_TEST(test_machine_names)
{
    ck_assert_str_eq(elf_machine_name(62), "x86-64");
    ck_assert_str_eq(elf_machine_name(8), "MIPS");
    ck_assert_ptr_null(elf_machine_name(12345));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("elf");
    TCase *tc = tcase_create("elf");
    tcase_add_test(tc, test_good_little_endian);
    tcase_add_test(tc, test_good_big_endian);
    tcase_add_test(tc, test_interp_and_inspect_only);
    tcase_add_loop_test(tc, test_bad, 0, (int)(sizeof bad_cases / sizeof bad_cases[0]));
    tcase_add_test(tc, test_machine_names);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
