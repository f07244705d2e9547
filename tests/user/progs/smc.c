/* tests/user/progs/smc.c — self-modifying code: a function written into an
 * executable mapping, run, rewritten in place (same address), run again; then
 * code rewritten by a read() into it (the kernel writes, not the program).
 * Every result must follow the newest code: a translator that kept a stale
 * block prints the old number. */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

typedef int (*fn)(void);

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
    munmap(code, 4096);
    code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1,
                0);
    emit(code, 77);
    printf("remapped -> %d\n", ((fn)(uintptr_t)code)());
    printf("sum %d\n", sum);
    return 0;
}
