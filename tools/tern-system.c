/* tools/tern-system.c — the system-mode command line: builds the virt board
 * from QEMU-like options, runs it, and turns the outcome into an exit status.
 *
 *   tern-system -kernel prog.elf [-m MB] [-nographic] [-d LIST] [-D FILE]
 *               [-initrd FILE] [-append CMDLINE] [-dtb FILE] [-no-reboot] [-icount]
 *               [-drive file=IMG,format=raw[,if=virtio]] [-device virtio-gpu|virtio-rng]
 *               [-display sdl|none] [-screendump FILE.png] [-screendump-after SEC FILE.png]
 *               [-monitor stdio|none]
 *               [--engine=jit|interp|verify] [-insn-limit N] [-gdb tcp:[HOST]:PORT | -s] [-S]
 *
 * Exit status: the guest's power-off value; 1 for a usage or load error (one
 * line on stderr); 3 when the guest is stuck in an exception loop; 4 when the
 * -insn-limit stopped it; 0 when gdb killed it ('k').
 */
#include "codecache/codecache.h"
#include "core/exec.h"
#include "core/jit.h"
#include "core/log.h"
#include "devices/board_map.h"
#include "devices/board_virt.h"
#include "gdbstub/gdb_stub.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define PROG "tern-system"

struct options {
    struct board_options board;
    enum engine engine;
    unsigned long long tb_bytes; /* -tb-size: code cache bytes, 0 = default */
    bool stats;               /* --stats: print the translator's counters at exit */
    struct opt_config opt;    /* -O: which IR passes run */
    uint64_t insn_limit;
    unsigned log_mask;
    const char *log_path;
    bool gdb;          /* -gdb or -s given */
    char gdb_host[64]; /* empty: 127.0.0.1 */
    unsigned gdb_port;
    bool gdb_wait; /* -S */
    const char *dtb_dump; /* -dtb FILE: write the board's device tree there and exit */
    enum { DISPLAY_DEFAULT, DISPLAY_SDL, DISPLAY_NONE } display;
    const char *screendump_path; /* -screendump FILE: a PNG of the display at exit */
    char disk_path[1024];        /* -drive file= */
};

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, PROG ": ");
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    return 1;
}

static void print_help(void)
{
    printf("usage: " PROG " -kernel FILE [options]\n"
           "Runs a MIPS32 Linux kernel (Debian's mips32r2el vmlinuz) or a bare-metal ELF\n"
           "(either byte order) on tern's virt board (docs/board.md). The console is\n"
           "stdin/stdout: C-a x quits, C-a c switches to the monitor, C-a h lists the keys.\n\n"
           "  -kernel FILE      the program to run (entry in kseg0/kseg1)\n"
           "  -initrd FILE      initial ramdisk, placed at the top of RAM\n"
           "  -append CMDLINE   kernel command line (/chosen/bootargs)\n"
           "  -dtb FILE         write the board's device tree blob to FILE and exit\n"
           "  -no-reboot        a guest reboot ends tern (status 0)\n"
           "  -icount           Count from the instruction count (reproducible), not host time\n"
           "  -guest-decompress run vmlinuz's own XZ decompressor (default: unpack on the host)\n"
           "  -m MB             RAM size in MiB (default %d, at most %d)\n"
           "  -nographic        no window (same as -display none)\n"
           "  -display sdl|none show the display (virtio-gpu or the simple-framebuffer) in\n"
           "                    an SDL window; default sdl when $DISPLAY is set\n"
           "  -drive file=IMG,format=raw[,if=virtio]  a raw disk image on virtio-blk\n"
           "  -device virtio-gpu[,xres=W,yres=H] | virtio-rng | virtio-keyboard\n"
           "                    (all on by default)\n"
           "  -monitor stdio|none  the monitor on the console (C-a c; default) or none\n"
           "  -screendump FILE  write a PNG of the display at exit\n"
           "  -screendump-after SEC FILE  write a PNG of the display SEC seconds after start\n"
           "  -d ITEM,...       debug log items (-d help lists them)\n"
           "  -D FILE           write the debug log to FILE instead of stderr\n"
           "  --engine=NAME     execution engine: jit (translate), interp (reference\n"
           "                    interpreter) or verify (both in lock-step)\n"
           "  -tb-size SIZE     translated-code cache size in MiB (default 32), or with a K\n"
           "                    or M suffix: 64K (at least 16K, at most 1024M)\n"
           "  -O PASSES         IR passes on/off: e.g. no-fold,no-dce (all, none)\n"
           "  --stats           print translation and execution statistics at exit\n"
           "  -insn-limit N     stop after N guest instructions (exit status %d)\n"
           "  -gdb tcp:[HOST]:PORT  serve gdb on HOST (default 127.0.0.1) and PORT (0: any\n"
           "                    free port; the port is printed on stderr)\n"
           "  -s                shorthand for -gdb tcp::1234\n"
           "  -S                wait for gdb before the first instruction\n"
           "  -version          print the version\n"
           "  -help             print this help\n\n"
           "Exit status: the guest's power-off value; 1 on bad input; %d when the guest\n"
           "is stuck in an exception loop.\n",
           BOARD_RAM_DEFAULT_MB, BOARD_RAM_MAX_LOW_MB, EXEC_LIMIT_STATUS, EXEC_FAULT_LOOP_STATUS);
}

static void print_log_items(void)
{
    unsigned count;
    const struct log_item_desc *items = log_items(&count);
    printf("Log items (comma separated):\n");
    for (unsigned i = 0; i < count; i++)
        printf("%-13s %s\n", items[i].name, items[i].help);
}

static bool parse_number(const char *s, unsigned long long max, unsigned long long *out)
{
    char *end;
    errno = 0;
    if (*s < '0' || *s > '9') return false;
    *out = strtoull(s, &end, 0);
    return errno == 0 && *end == '\0' && *out <= max;
}

/* -tb-size N[K|M]: MiB by default, as QEMU's -tb-size; a K suffix for the
 * tiny caches that force flushes in tests. */
static int set_tb_size(struct options *o, const char *val)
{
    char num[32];
    size_t len = strlen(val);
    unsigned shift = 20;
    unsigned long long n;
    _Static_assert(CC_MIN_SIZE == 16u << 10, "the messages below name the minimum");
    if (len > 0 && len < sizeof num && strchr("kKmM", val[len - 1])) {
        shift = (val[len - 1] == 'k' || val[len - 1] == 'K') ? 10 : 20;
        len--;
    }
    if (len == 0 || len >= sizeof num)
        return usage_error("-tb-size takes a size in MiB (or 64K, 2M), not '%s'", val);
    memcpy(num, val, len);
    num[len] = '\0';
    if (!parse_number(num, (unsigned long long)CC_MAX_SIZE >> shift, &n) || n == 0)
        return usage_error("-tb-size takes a size in MiB (or 64K, 2M) from 16K to 1024M, not '%s'",
                           val);
    if ((n << shift) < CC_MIN_SIZE)
        return usage_error("-tb-size %s is below the code cache's minimum of 16K", val);
    o->tb_bytes = n << shift;
    return 0;
}

static int set_engine(struct options *o, const char *name)
{
    if (engine_parse(name, &o->engine) != 0)
        return usage_error("unknown engine '%s' (choose jit, interp or verify)", name);
    return 0;
}

/* -gdb tcp:[HOST]:PORT (QEMU's chardev form); a bare PORT is accepted too. */
static int set_gdb(struct options *o, const char *spec)
{
    const char *port = spec;
    unsigned long long n;
    if (!strncmp(spec, "tcp:", 4)) {
        const char *colon = strrchr(spec + 4, ':');
        if (!colon || (size_t)(colon - (spec + 4)) >= sizeof o->gdb_host)
            return usage_error("-gdb takes tcp:[HOST]:PORT, not '%s'", spec);
        snprintf(o->gdb_host, sizeof o->gdb_host, "%.*s", (int)(colon - (spec + 4)), spec + 4);
        port = colon + 1;
    }
    if (!parse_number(port, 65535, &n))
        return usage_error("-gdb takes tcp:[HOST]:PORT, not '%s'", spec);
    o->gdb = true;
    o->gdb_port = (unsigned)n;
    return 0;
}

static int set_log(struct options *o, const char *list)
{
    char err[128];
    int rc = log_parse(list, &o->log_mask, err, sizeof err);
    if (rc == 1) {
        print_log_items();
        return -1;
    }
    return rc ? usage_error("%s", err) : 0;
}

/* -drive file=IMG,format=raw[,if=virtio]: the virtio-blk image (a file
 * name with a comma is not supported). */
static int set_drive(struct options *o, const char *spec)
{
    char buf[sizeof o->disk_path];
    snprintf(buf, sizeof buf, "%s", spec);
    o->disk_path[0] = '\0';
    for (char *save = NULL, *kv = strtok_r(buf, ",", &save); kv; kv = strtok_r(NULL, ",", &save)) {
        if (!strncmp(kv, "file=", 5))
            snprintf(o->disk_path, sizeof o->disk_path, "%s", kv + 5);
        else if (strcmp(kv, "format=raw") && strcmp(kv, "if=virtio") && strcmp(kv, "if=none"))
            return usage_error("-drive: tern takes file=IMG,format=raw[,if=virtio], not '%s'", kv);
    }
    if (!o->disk_path[0]) return usage_error("-drive needs file=IMG (in '%s')", spec);
    o->board.disk_path = o->disk_path;
    return 0;
}

/* -device virtio-gpu[,xres=W,yres=H] | virtio-rng (QEMU's -device names). */
static int set_device(struct options *o, const char *spec)
{
    unsigned w = 0, h = 0;
    int n = 0;
    if (!strcmp(spec, "virtio-rng") || !strcmp(spec, "virtio-rng-device"))
        return (o->board.no_rng = false), 0;
    if (!strcmp(spec, "virtio-keyboard") || !strcmp(spec, "virtio-keyboard-device"))
        return (o->board.no_input = false), 0;
    if (!strcmp(spec, "virtio-gpu") || !strcmp(spec, "virtio-gpu-device"))
        return (o->board.no_gpu = false), 0;
    if ((sscanf(spec, "virtio-gpu,xres=%u,yres=%u%n", &w, &h, &n) == 2 ||
         sscanf(spec, "virtio-gpu-device,xres=%u,yres=%u%n", &w, &h, &n) == 2) &&
        spec[n] == '\0' && w >= 16 && h >= 16 && w <= 4096 && h <= 4096) {
        o->board.gpu_width = w, o->board.gpu_height = h;
        return 0;
    }
    return usage_error(
        "-device: tern has virtio-gpu[,xres=W,yres=H], virtio-rng and virtio-keyboard, not '%s'",
        spec);
}

/* -monitor stdio|none: QEMU's mon:stdio is the only place tern has for it. */
static int set_monitor(struct options *o, const char *name)
{
    if (!strcmp(name, "stdio") || !strcmp(name, "mon:stdio"))
        o->board.no_monitor = false;
    else if (!strcmp(name, "none"))
        o->board.no_monitor = true;
    else
        return usage_error("-monitor takes stdio or none, not '%s'", name);
    return 0;
}

static int set_display(struct options *o, const char *name)
{
    if (!strcmp(name, "sdl"))
        o->display = DISPLAY_SDL;
    else if (!strcmp(name, "none"))
        o->display = DISPLAY_NONE;
    else
        return usage_error("-display takes sdl or none, not '%s'", name);
    return 0;
}

/* -screendump-after SEC FILE: two values. */
static int set_screendump_after(struct options *o, const char *sec, const char *path)
{
    char *end;
    double v = strtod(sec, &end);
    if (*sec == '\0' || *end != '\0' || !(v >= 0 && v < 1e6))
        return usage_error("-screendump-after takes seconds then a file, not '%s'", sec);
    o->board.screendump_after_s = v;
    o->board.screendump_after_path = path;
    return 0;
}

/* Options taking a value; returns 0, 1 on error, -1 when done (help). */
static int option_with_value(struct options *o, const char *opt, const char *val)
{
    unsigned long long n;
    if (!strcmp(opt, "-kernel"))
        o->board.kernel_path = val;
    else if (!strcmp(opt, "-initrd"))
        o->board.initrd_path = val;
    else if (!strcmp(opt, "-append"))
        o->board.append = val;
    else if (!strcmp(opt, "-dtb") || !strcmp(opt, "-dumpdtb"))
        o->dtb_dump = val;
    else if (!strcmp(opt, "-m")) {
        if (!parse_number(val, 1u << 20, &n))
            return usage_error("-m takes a size in MiB, not '%s'", val);
        o->board.ram_mb = (unsigned)n;
        if (n == 0) return usage_error("-m %s: the virt board needs at least 1 MiB", val);
    } else if (!strcmp(opt, "-d"))
        return set_log(o, val);
    else if (!strcmp(opt, "-D"))
        o->log_path = val;
    else if (!strcmp(opt, "-gdb"))
        return set_gdb(o, val);
    else if (!strcmp(opt, "-engine") || !strcmp(opt, "--engine"))
        return set_engine(o, val);
    else if (!strcmp(opt, "-insn-limit") || !strcmp(opt, "--insn-limit")) {
        if (!parse_number(val, ~0ull, &n) || n == 0)
            return usage_error("-insn-limit takes a positive count, not '%s'", val);
        o->insn_limit = n;
    } else if (!strcmp(opt, "-tb-size") || !strcmp(opt, "--tb-size")) {
        return set_tb_size(o, val);
    } else if (!strcmp(opt, "-O")) {
        if (opt_parse(val, &o->opt) != 0)
            return usage_error("-O: unknown pass in '%s' (passes: globals, fold, copy, dce, dse)",
                               val);
    } else if (!strcmp(opt, "-drive"))
        return set_drive(o, val);
    else if (!strcmp(opt, "-device"))
        return set_device(o, val);
    else if (!strcmp(opt, "-display"))
        return set_display(o, val);
    else if (!strcmp(opt, "-monitor"))
        return set_monitor(o, val);
    else if (!strcmp(opt, "-screendump"))
        o->screendump_path = val;
    else
        return usage_error("unknown option '%s' (try -help)", opt);
    return 0;
}

static bool takes_value(const char *opt)
{
    static const char *const with_value[] = {"-kernel", "-initrd", "-append", "-dtb", "-dumpdtb",
                                             "-m",       "-d",          "-D",
                                             "-engine", "--engine", "-insn-limit", "--insn-limit",
                                             "-tb-size", "--tb-size", "-O", "-gdb",
                                             "-drive", "-device", "-display", "-screendump",
                                             "-monitor"};
    for (size_t i = 0; i < sizeof(with_value) / sizeof(with_value[0]); i++)
        if (!strcmp(opt, with_value[i])) return true;
    return false;
}

/* One argument at argv[*i]; returns 0, 1 on error, -1 to exit 0 (help). */
static int parse_arg(struct options *o, int argc, char **argv, int *i)
{
    const char *a = argv[*i];
    const char *eq = strchr(a, '=');
    if (!strcmp(a, "-help") || !strcmp(a, "--help") || !strcmp(a, "-h")) return print_help(), -1;
    if (!strcmp(a, "-version") || !strcmp(a, "--version"))
        return printf(PROG " (tern) 0.1.0\n"), -1;
    if (!strcmp(a, "-nographic")) return (o->display = DISPLAY_NONE), 0;
    if (!strcmp(a, "-screendump-after")) {
        if (*i + 2 >= argc) return usage_error("%s", "-screendump-after needs SEC and FILE");
        *i += 2;
        return set_screendump_after(o, argv[*i - 1], argv[*i]);
    }
    if (!strcmp(a, "-s")) return set_gdb(o, "tcp::1234");
    if (!strcmp(a, "-S")) return (o->gdb_wait = true), 0;
    if (!strcmp(a, "-no-reboot")) return (o->board.no_reboot = true), 0;
    if (!strcmp(a, "-icount")) return (o->board.icount = true), 0;
    if (!strcmp(a, "-guest-decompress")) return (o->board.guest_decompress = true), 0;
    if (!strcmp(a, "--stats") || !strcmp(a, "-stats")) return (o->stats = true), 0;
    if (a[0] == '-' && a[1] == '-' && eq) {
        char opt[32];
        snprintf(opt, sizeof opt, "%.*s", (int)(eq - a), a);
        if (takes_value(opt)) return option_with_value(o, opt, eq + 1);
    }
    if (!takes_value(a)) return usage_error("unknown option '%s' (try -help)", a);
    if (*i + 1 >= argc) return usage_error("option '%s' needs a value", a);
    *i += 1;
    return option_with_value(o, a, argv[*i]);
}

static int parse_args(struct options *o, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        int rc = parse_arg(o, argc, argv, &i);
        if (rc) return rc;
    }
    if (!o->board.kernel_path)
        return usage_error("%s", "no program given: use -kernel FILE (try -help)");
    if (o->gdb_wait && !o->gdb)
        return usage_error("%s", "-S waits for gdb: give -gdb tcp::PORT or -s too");
    return 0;
}

static int open_log(const struct options *o, FILE **out)
{
    *out = NULL;
    if (o->log_path) {
        *out = fopen(o->log_path, "w");
        if (!*out) {
            fprintf(stderr, PROG ": cannot open '%s': %s\n", o->log_path, strerror(errno));
            return 1;
        }
        setvbuf(*out, NULL, _IOLBF, 0);
    }
    log_set(o->log_mask, *out);
    return 0;
}

/* -dtb FILE: the device tree this run would hand the kernel. */
static int dump_dtb(struct board_virt *b, const char *path)
{
    FILE *f = fopen(path, "wb");
    bool ok = f && fwrite(b->dtb, 1, (size_t)b->dtb_size, f) == (size_t)b->dtb_size;
    if (f && fclose(f) != 0) ok = false;
    if (!ok) fprintf(stderr, PROG ": cannot write '%s': %s\n", path, strerror(errno));
    board_virt_free(b);
    return ok ? 0 : 1;
}

static int exit_status(const struct board_virt *b, const struct exec_result *res)
{
    char msg[400];
    switch (res->stop) {
    case EXEC_STOP_REQUESTED:
        return (int)(b->poweroff.status & 0xffu);
    case EXEC_STOP_FAULT_LOOP:
        exec_describe(res, msg, sizeof msg);
        fprintf(stderr, PROG ": %s\n", msg);
        return EXEC_FAULT_LOOP_STATUS;
    case EXEC_STOP_LIMIT:
        exec_describe(res, msg, sizeof msg);
        fprintf(stderr, PROG ": %s\n", msg);
        return EXEC_LIMIT_STATUS;
    case EXEC_STOP_DEBUG: /* gdb 'k': QEMU exits with 0 too */
        exec_describe(res, msg, sizeof msg);
        fprintf(stderr, PROG ": %s\n", msg);
        return 0;
    default:
        exec_describe(res, msg, sizeof msg);
        fprintf(stderr, PROG ": %s\n", msg);
        return 1;
    }
}

static struct gdb_stub *start_gdb(const struct options *o, struct cpu *cpu)
{
    char err[200];
    struct gdb_stub_options go = {o->gdb_host, o->gdb_port, o->gdb_wait, false};
    struct gdb_stub *g = gdb_stub_create(&go, cpu, err, sizeof err);
    if (!g) {
        fprintf(stderr, PROG ": %s\n", err);
        return NULL;
    }
    fprintf(stderr, PROG ": gdb stub listening on %s:%u%s\n",
            o->gdb_host[0] ? o->gdb_host : "127.0.0.1", gdb_stub_port(g),
            o->gdb_wait ? ", waiting for gdb" : "");
    return g;
}

/* Tells gdb how the run ended: 'W' for a power-off, 'X' otherwise. */
static void report_to_gdb(struct gdb_stub *g, const struct board_virt *b,
                          const struct exec_result *res)
{
    if (res->stop == EXEC_STOP_REQUESTED)
        gdb_stub_report_exit(g, b->poweroff.status & 0xffu);
    else if (res->stop == EXEC_STOP_FAULT_LOOP)
        gdb_stub_report_signal(g, SIGSEGV);
    else if (res->stop != EXEC_STOP_DEBUG)
        gdb_stub_report_signal(g, SIGKILL);
}

/* Starts the board with the display asked for. By default the window opens
 * when there is a display server ($DISPLAY or $WAYLAND_DISPLAY), and a
 * failure to open it falls back to headless, as QEMU does. */
static int start_board(const struct options *o, struct board_virt *b, char *err, size_t errlen)
{
    bool have_server = getenv("DISPLAY") || getenv("WAYLAND_DISPLAY");
    b->opt.display_sdl = o->display == DISPLAY_SDL || (o->display == DISPLAY_DEFAULT && have_server);
    if (board_virt_start(b, err, errlen) == 0) return 0;
    if (o->display != DISPLAY_DEFAULT || !b->opt.display_sdl) return -1;
    b->opt.display_sdl = false;
    return board_virt_start(b, err, errlen);
}

/* -screendump FILE at exit, and the report of a failed timed one. */
static void final_screendumps(const struct options *o, const struct board_virt *b)
{
    char err[300];
    if (b->screendump_error[0]) fprintf(stderr, PROG ": %s\n", b->screendump_error);
    if (o->screendump_path && board_virt_screendump(b, o->screendump_path, err, sizeof err) != 0)
        fprintf(stderr, PROG ": %s\n", err);
}

int main(int argc, char **argv)
{
    struct options o = {.board = {.uart_fd = STDOUT_FILENO, .console_fd = STDIN_FILENO},
                        .engine = ENGINE_JIT};
    opt_config_default(&o.opt);
    int rc = parse_args(&o, argc, argv);
    if (rc) return rc < 0 ? 0 : rc;
    struct board_virt *b;
    char err[400];
    /* Lock-step runs must read the same Count in both engines: instruction time. */
    if (o.engine == ENGINE_VERIFY) o.board.icount = true;
    if (board_virt_create(&o.board, &b, err, sizeof err) != 0) {
        fprintf(stderr, PROG ": %s\n", err);
        return 1;
    }
    if (o.dtb_dump) return dump_dtb(b, o.dtb_dump);
    FILE *log = NULL;
    err[0] = '\0';
    if (open_log(&o, &log) != 0 || start_board(&o, b, err, sizeof err) != 0) {
        if (*err) fprintf(stderr, PROG ": %s\n", err);
        board_virt_free(b);
        return 1;
    }
    struct jit *jit = NULL;
    if (o.engine != ENGINE_INTERP) {
        struct jit_config jc = {(size_t)o.tb_bytes, 0, o.opt, o.engine == ENGINE_VERIFY, false,
                                JIT_TRANSLATE_AFTER};
        jit = jit_new(&b->cpu, &jc, err, sizeof err);
        if (!jit) {
            fprintf(stderr, PROG ": %s\n", err);
            board_virt_free(b);
            return 1;
        }
    }
    struct exec_config cfg = {o.engine, true, o.insn_limit, 0, {board_virt_service, b}, jit};
    struct exec_result res;
    struct gdb_stub *gdb = o.gdb ? start_gdb(&o, &b->cpu) : NULL;
    if (o.gdb && !gdb) {
        jit_free(jit);
        board_virt_free(b);
        if (log) fclose(log);
        return 1;
    }
    struct exec_debug dbg = gdb ? gdb_stub_debug(gdb) : (struct exec_debug){0};
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    exec_run_debug(&b->cpu, &cfg, gdb ? &dbg : NULL, &res);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    fflush(stdout);
    if (gdb) report_to_gdb(gdb, b, &res);
    gdb_stub_free(gdb);
    if (o.stats && jit)
        jit_print_stats(jit, res.insns,
                        (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
                        stderr);
    jit_free(jit);
    final_screendumps(&o, b);
    int status = exit_status(b, &res);
    board_virt_free(b);
    if (log) fclose(log);
    return status;
}
