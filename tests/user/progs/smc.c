/* tests/user/progs/smc.c — self-modifying code: a function written into an
 * executable mapping, run, rewritten in place (same address), run again; then
 * code rewritten by a read() into it (the kernel writes, not the program).
 * Every result must follow the newest code: a translator that kept a stale
 * block prints the old number. Then the page's protection changes under its
 * translations (tern write-protects code pages on the host), an atomic
 * (LL/SC) store rewrites code, a store into a read-only code page must be
 * the guest's SIGSEGV, and data sharing the page with running code is
 * written in a loop. */
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

typedef int (*fn)(void);

static sigjmp_buf escape;

static void on_segv(int sig)
{
    siglongjmp(escape, sig);
}

/* addiu v0, zero, n ; jr ra ; nop */
static void emit(uint32_t *code, int n)
{
    code[0] = 0x24020000u | ((uint32_t)n & 0xffffu);
    code[1] = 0x03e00008u;
    code[2] = 0;
    __builtin___clear_cache((char *)code, (char *)(code + 3));
}

int main(void)
{
    uint32_t *code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
                          MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (code == MAP_FAILED) return 1;
    fn f = (fn)(uintptr_t)code;
    int sum = 0;
    for (int i = 0; i < 50; i++) {
        emit(code, i);
        int r = f();
        sum += r;
        if (i % 10 == 0) printf("store %d -> %d\n", i, r);
    }
    /* Rewrite only the immediate, without a cache flush call: the store into
     * a page holding translations must still be seen (Linux on a coherent
     * core, and qemu, run the new code). */
    for (int i = 0; i < 5; i++) {
        code[0] = 0x24020000u | (uint32_t)(1000 + i);
        printf("plain store -> %d\n", f());
    }
    uint32_t fresh[3];
    emit(fresh, 4242);
    char path[] = "/tmp/tern-smc-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0 || write(fd, fresh, sizeof fresh) != sizeof fresh) return 2;
    lseek(fd, 0, SEEK_SET);
    if (read(fd, code, sizeof fresh) != sizeof fresh) return 3;
    close(fd);
    unlink(path);
    printf("read() -> %d\n", f());

    /* Read-only with translations, then writable again. */
    if (mprotect(code, 4096, PROT_READ | PROT_EXEC) != 0) return 4;
    printf("read-only -> %d\n", f());
    signal(SIGSEGV, on_segv);
    int sig = sigsetjmp(escape, 1);
    if (sig == 0) {
        ((volatile uint32_t *)code)[0] = 0x24020000u | 13u;
        printf("store into read-only code did not fault\n");
    } else {
        printf("store into read-only code: signal %d\n", sig);
    }
    signal(SIGSEGV, SIG_DFL);
    printf("still -> %d\n", f());
    if (mprotect(code, 4096, PROT_READ | PROT_WRITE | PROT_EXEC) != 0) return 5;
    emit(code, 55);
    printf("writable again -> %d\n", f());

    /* An atomic read-modify-write (LL/SC) of the instruction word. */
    uint32_t old = __atomic_exchange_n(&code[0], 0x24020000u | 66u, __ATOMIC_SEQ_CST);
    printf("ll/sc -> %d (old immediate %u)\n", f(), old & 0xffffu);

    /* A counter on the code's page, bumped between calls. */
    volatile uint32_t *counter = code + 512;
    for (int i = 0; i < 1000; i++) {
        *counter += (uint32_t)f();
    }
    printf("counter on the code page %u\n", *counter);
    munmap(code, 4096);
    code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1,
                0);
    emit(code, 77);
    printf("remapped -> %d\n", ((fn)(uintptr_t)code)());
    printf("sum %d\n", sum);
    return 0;
}
