/* tests/user/progs/startup.c — what a process sees at start: argv, the
 * environment, the auxiliary vector, TLS, errno, the FPU. Prints only values
 * that are the same under qemu-mipsel and tern-user. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/utsname.h>
#include <unistd.h>

static __thread int tls_counter = 41;

int main(int argc, char **argv)
{
    printf("argc=%d\n", argc);
    for (int i = 1; i < argc; i++)
        printf("argv[%d]=%s\n", i, argv[i]);
    const char *v = getenv("TERN_TEST_VAR");
    printf("TERN_TEST_VAR=%s\n", v ? v : "(unset)");
    printf("TERN_TEST_GONE=%s\n", getenv("TERN_TEST_GONE") ? "set" : "(unset)");
    printf("pagesz=%lu\n", getauxval(AT_PAGESZ));
    printf("phnum>0=%d phent=%lu\n", getauxval(AT_PHNUM) > 0, getauxval(AT_PHENT));
    const unsigned char *rnd = (const unsigned char *)getauxval(AT_RANDOM);
    printf("random=%s\n", rnd ? "yes" : "no");
    printf("secure=%lu uid_match=%d\n", getauxval(AT_SECURE), getauxval(AT_UID) == getuid());
    const char *execfn = (const char *)getauxval(AT_EXECFN);
    printf("execfn_ends=%s\n", execfn && strstr(execfn, "startup") ? "ok" : "bad");
    tls_counter++;
    printf("tls=%d\n", tls_counter);
    errno = 0;
    int fd = open("/nonexistent/tern/file", O_RDONLY);
    printf("open=%d errno=%s\n", fd, errno == ENOENT ? "ENOENT" : strerror(errno));
    struct utsname u;
    uname(&u);
    printf("machine=%s sysname=%s\n", u.machine, u.sysname);
    volatile double x = 2.0;
    printf("sqrt=%.9f sin=%.6f\n", sqrt(x), sin(x));
    printf("pid_positive=%d\n", getpid() > 0);
    return argc == 1 ? 0 : 7;
}
