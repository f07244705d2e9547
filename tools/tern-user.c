/* tools/tern-user.c — the user-mode command line: runs a MIPS Linux program
 * (either byte order, taken from its ELF header) with its system calls served
 * by the host kernel, taking the options a qemu-mipsel user knows.
 *
 *   tern-user [-L SYSROOT] [-E VAR=VAL] [-U VAR] [-0 ARGV0] [-strace]
 *             [-d LIST] [-D FILE] [-cpu 24Kf|74Kf] [--engine=jit|interp|verify]
 *             [-g PORT] PROGRAM [ARGS...]
 *
 * -g PORT (qemu-user's form; "tcp::PORT" is taken too; 0 picks a free port):
 * the GDB stub listens on 127.0.0.1:PORT and holds the guest before its
 * first instruction until gdb attaches; the line "tern-user: gdb stub
 * listening on 127.0.0.1:PORT" goes to stderr.
 *
 * Exit status: the guest's; when the guest dies of a signal tern dies of the
 * same one (after qemu's "uncaught target signal" line for core-dumping
 * signals), so a shell sees 128+N exactly as for a native run; 1 for bad
 * input (one line on stderr).
 */
#include "core/cpu.h"
#include "core/exec.h"
#include "core/log.h"
#include "gdbstub/gdb_stub.h"
#include "linux-user/guest_mem.h"
#include "linux-user/loader.h"
#include "linux-user/mips_abi.h"
#include "linux-user/user.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#define PROG "tern-user"

extern char **environ;

struct options {
    const char *sysroot;
    const char *argv0;
    const char *log_path;
    unsigned log_mask;
    bool strace;
    enum engine engine;
    bool gdb;          /* -g given */
    unsigned gdb_port; /* its port */
    char **env; /* NULL-terminated, malloc'ed */
    size_t envc;
};

static int fail(const char *fmt, const char *arg)
{
    fprintf(stderr, PROG ": ");
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    return 1;
}

static void print_help(void)
{
    printf("usage: " PROG " [options] PROGRAM [ARGS...]\n"
           "Runs a MIPS32 Linux program (o32, either byte order) on this host.\n\n"
           "  -L SYSROOT     look up the ELF interpreter and absolute paths here first\n"
           "                 (default: $TERN_LD_PREFIX)\n"
           "  -E VAR=VALUE   set a variable in the guest environment\n"
           "  -U VAR         remove a variable from the guest environment\n"
           "  -0 ARGV0       the guest's argv[0] (default: PROGRAM)\n"
           "  -strace        print each system call with its arguments and result\n"
           "  -d ITEM,...    debug log items (-d help lists them)\n"
           "  -D FILE        write the debug log and -strace to FILE instead of stderr\n"
           "  -cpu MODEL     24Kf (default) or 74Kf\n"
           "  --engine=NAME  execution engine: jit (default, translate), interp\n"
           "                 (reference interpreter) or verify (both, lock-step)\n"
           "  -g PORT        wait for gdb on 127.0.0.1:PORT before the first instruction\n"
           "  -version       print the version\n"
           "  -help          print this help\n\n"
           "Exit status: the program's; a program killed by a signal kills tern with\n"
           "the same signal; 1 when tern cannot start it.\n");
}

static void print_log_items(void)
{
    unsigned count;
    const struct log_item_desc *items = log_items(&count);
    printf("Log items (comma separated):\n");
    for (unsigned i = 0; i < count; i++)
        printf("%-13s %s\n", items[i].name, items[i].help);
}

/* Index of VAR in the environment (by the part before '='), or envc. */
static size_t env_find(const struct options *o, const char *var, size_t len)
{
    for (size_t i = 0; i < o->envc; i++)
        if (strncmp(o->env[i], var, len) == 0 && o->env[i][len] == '=') return i;
    return o->envc;
}

static int env_set(struct options *o, const char *assign)
{
    const char *eq = strchr(assign, '=');
    if (!eq || eq == assign) return fail("-E takes VAR=VALUE, not '%s'", assign);
    size_t i = env_find(o, assign, (size_t)(eq - assign));
    if (i == o->envc) {
        char **grown = realloc(o->env, (o->envc + 2) * sizeof *grown);
        if (!grown) return fail("%s", "out of memory");
        o->env = grown;
        o->envc++;
    }
    o->env[i] = (char *)assign;
    o->env[o->envc] = NULL;
    return 0;
}

static void env_unset(struct options *o, const char *var)
{
    size_t i = env_find(o, var, strlen(var));
    if (i == o->envc) return;
    memmove(&o->env[i], &o->env[i + 1], (o->envc - i) * sizeof *o->env);
    o->envc--;
}

static int env_init(struct options *o)
{
    size_t n = 0;
    while (environ[n])
        n++;
    o->env = malloc((n + 1) * sizeof *o->env);
    if (!o->env) return fail("%s", "out of memory");
    memcpy(o->env, environ, (n + 1) * sizeof *o->env);
    o->envc = n;
    return 0;
}

static int set_cpu(const char *model)
{
    /* Both models share tern's 24Kf-class CPU state; 74Kf is accepted for
     * scripts written for qemu-mipsel. */
    if (strcasecmp(model, "24Kf") == 0 || strcasecmp(model, "74Kf") == 0) return 0;
    return fail("unknown CPU model '%s' (choose 24Kf or 74Kf)", model);
}

/* -g PORT or -g tcp::PORT (or tcp:HOST:PORT, host ignored: 127.0.0.1). */
static int set_gdb_port(struct options *o, const char *val)
{
    const char *num = strncmp(val, "tcp:", 4) == 0 ? strrchr(val, ':') + 1 : val;
    char *end;
    errno = 0;
    unsigned long port = strtoul(num, &end, 10);
    if (!*num || *end || errno || port > 65535) return fail("-g takes a TCP port, not '%s'", val);
    o->gdb = true;
    o->gdb_port = (unsigned)port;
    return 0;
}

/* Options taking a value; 0, 1 on error, -1 when done (help). */
static int option_with_value(struct options *o, const char *opt, const char *val)
{
    char err[128];
    if (!strcmp(opt, "-L"))
        o->sysroot = val;
    else if (!strcmp(opt, "-E"))
        return env_set(o, val);
    else if (!strcmp(opt, "-U"))
        env_unset(o, val);
    else if (!strcmp(opt, "-0"))
        o->argv0 = val;
    else if (!strcmp(opt, "-D"))
        o->log_path = val;
    else if (!strcmp(opt, "-cpu"))
        return set_cpu(val);
    else if (!strcmp(opt, "-g"))
        return set_gdb_port(o, val);
    else if (!strcmp(opt, "-d")) {
        int rc = log_parse(val, &o->log_mask, err, sizeof err);
        if (rc == 1) return print_log_items(), -1;
        if (rc) return fail("%s", err);
    } else if (!strcmp(opt, "-engine") || !strcmp(opt, "--engine")) {
        if (engine_parse(val, &o->engine) != 0 || !engine_available(o->engine))
            return fail("engine '%s' is not available (choose jit, interp or verify)", val);
    } else
        return fail("unknown option '%s' (try -help)", opt);
    return 0;
}

/* Parses options up to PROGRAM; *first receives its index. 0, 1 or -1 (done). */
static int parse_options(struct options *o, int argc, char **argv, int *first)
{
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *opt = argv[i];
        if (!strcmp(opt, "--")) {
            i++;
            break;
        }
        if (!strcmp(opt, "-help") || !strcmp(opt, "--help") || !strcmp(opt, "-h"))
            return print_help(), -1;
        if (!strcmp(opt, "-version") || !strcmp(opt, "--version"))
            return printf(PROG " %s\n", "0.1.0"), -1;
        if (!strcmp(opt, "-strace")) {
            o->strace = true;
            continue;
        }
        const char *eq = strncmp(opt, "--", 2) == 0 ? strchr(opt, '=') : NULL;
        char name[64];
        if (eq && (size_t)(eq - opt) < sizeof name) {
            memcpy(name, opt, (size_t)(eq - opt));
            name[eq - opt] = '\0';
            int rc = option_with_value(o, name, eq + 1);
            if (rc) return rc;
            continue;
        }
        if (i + 1 >= argc) return fail("option '%s' needs a value", opt);
        int rc = option_with_value(o, opt, argv[++i]);
        if (rc) return rc;
    }
    if (i >= argc) return fail("%s", "no program given (try -help)");
    *first = i;
    return 0;
}

static int check_sysroot(const char *sysroot)
{
    struct stat st;
    if (!sysroot || !*sysroot) return 0;
    if (stat(sysroot, &st) != 0) {
        fprintf(stderr, PROG ": sysroot '%s': %s\n", sysroot, strerror(errno));
        return 1;
    }
    if (!S_ISDIR(st.st_mode)) return fail("sysroot '%s' is not a directory", sysroot);
    return 0;
}

/* Loads the program and builds its stack; 0, or 1 after printing why. */
static int start(struct options *o, int argc, char **argv, struct guest_mem *mem,
                 struct user_image *img, uint32_t *sp)
{
    char err[512];
    char **gargv = malloc(sizeof *gargv * (size_t)(argc + 1));
    if (!gargv) return fail("%s", "out of memory");
    memcpy(gargv, argv, sizeof *gargv * (size_t)(argc + 1));
    if (o->argv0) gargv[0] = (char *)o->argv0;
    int rc = loader_load(mem, argv[0], o->sysroot, img, err, sizeof err) != 0 ||
             loader_build_stack(mem, img, argc, gargv, o->env, argv[0], sp, err, sizeof err) != 0;
    free(gargv);
    return rc ? fail("%s", err) : 0;
}

static int run(struct options *o, int argc, char **argv)
{
    const char *path = argv[0];
    char err[512];
    bool be;
    if (loader_probe(path, &be, err, sizeof err) != 0) return fail("%s", err);
    struct guest_mem mem;
    if (gm_init(&mem, be) != 0)
        return fail("cannot reserve the 4 GiB guest space: %s", strerror(errno));
    struct user_image img;
    uint32_t sp;
    if (start(o, argc, argv, &mem, &img, &sp)) {
        gm_fini(&mem);
        return 1;
    }
    static struct cpu cpu; /* large (soft TLB, jump cache): not on the stack */
    loader_start_cpu(&cpu, &mem, &img, sp);
    struct user_proc proc;
    user_proc_init(&proc, &cpu, &mem, o->sysroot);
    char exe[PATH_MAX];
    proc.exe_path = realpath(path, exe) ? exe : path;
    proc.strace = o->strace ? log_file() : NULL;
    if (o->gdb) {
        /* After the loader: the stub reads guest memory through guest_base
         * and page_prot, and starts at cpu.pc. */
        struct gdb_stub_options go = {NULL, o->gdb_port, true, true};
        proc.gdb = gdb_stub_create(&go, &cpu, err, sizeof err);
        if (!proc.gdb) {
            gm_fini(&mem);
            return fail("%s", err);
        }
        fprintf(stderr, PROG ": gdb stub listening on 127.0.0.1:%u\n", gdb_stub_port(proc.gdb));
        fflush(stderr);
    }
    struct user_exit ex;
    user_run(&proc, o->engine, &ex);
    gdb_stub_free(proc.gdb);
    gm_fini(&mem);
    if (ex.engine_err) return fail("%s", ex.message);
    if (ex.signal || thread_forked_from_threads()) user_die(&ex);
    fflush(NULL);
    return ex.status;
}

int main(int argc, char **argv)
{
    static struct options o; /* static: what it holds stays reachable in a fork's child */
    o.engine = ENGINE_JIT;
    if (env_init(&o)) return 1;
    o.sysroot = getenv("TERN_LD_PREFIX");
    static char sysroot_abs[PATH_MAX];
    int first = 0;
    int rc = parse_options(&o, argc, argv, &first);
    if (!rc) rc = check_sysroot(o.sysroot);
    /* Absolute, so the guest's chdir and a re-exec (execve) keep finding it. */
    if (!rc && o.sysroot && *o.sysroot && realpath(o.sysroot, sysroot_abs)) o.sysroot = sysroot_abs;
    FILE *log = NULL;
    if (!rc && o.log_path && !(log = fopen(o.log_path, "w"))) {
        fprintf(stderr, PROG ": cannot open log file '%s': %s\n", o.log_path, strerror(errno));
        rc = 1;
    }
    if (rc) {
        free(o.env);
        return rc < 0 ? 0 : rc;
    }
    log_set(o.log_mask, log);
    rc = run(&o, argc - first, argv + first);
    free(o.env);
    return rc;
}
