/* tools/tern-system.c — the system-mode command line: builds the virt board
 * from QEMU-like options, runs it, and turns the outcome into an exit status.
 *
 *   tern-system -kernel prog.elf [-m MB] [-nographic] [-d LIST] [-D FILE]
 *               [--engine=interp] [-insn-limit N]
 *
 * Exit status: the guest's power-off value; 1 for a usage or load error (one
 * line on stderr); 3 when the guest is stuck in an exception loop; 4 when the
 * -insn-limit stopped it.
 */
#include "core/exec.h"
#include "core/log.h"
#include "devices/board_map.h"
#include "devices/board_virt.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PROG "tern-system"

struct options {
    struct board_options board;
    enum engine engine;
    uint64_t insn_limit;
    unsigned log_mask;
    const char *log_path;
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
           "Runs a bare-metal MIPS32 ELF (either byte order) on tern's virt board.\n\n"
           "  -kernel FILE      the program to run (entry in kseg0/kseg1)\n"
           "  -m MB             RAM size in MiB (default %d, at most %d)\n"
           "  -nographic        accepted for QEMU compatibility (tern is headless)\n"
           "  -d ITEM,...       debug log items (-d help lists them)\n"
           "  -D FILE           write the debug log to FILE instead of stderr\n"
           "  --engine=NAME     execution engine: interp\n"
           "  -insn-limit N     stop after N guest instructions (exit status %d)\n"
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

static int set_engine(struct options *o, const char *name)
{
    if (engine_parse(name, &o->engine) != 0)
        return usage_error("unknown engine '%s' (choose interp)", name);
    if (!engine_available(o->engine))
        return usage_error("engine '%s' is not available yet (choose interp)", name);
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

/* Options taking a value; returns 0, 1 on error, -1 when done (help). */
static int option_with_value(struct options *o, const char *opt, const char *val)
{
    unsigned long long n;
    if (!strcmp(opt, "-kernel"))
        o->board.kernel_path = val;
    else if (!strcmp(opt, "-m")) {
        if (!parse_number(val, 1u << 20, &n))
            return usage_error("-m takes a size in MiB, not '%s'", val);
        o->board.ram_mb = (unsigned)n;
        if (n == 0) return usage_error("-m %s: the virt board needs at least 1 MiB", val);
    } else if (!strcmp(opt, "-d"))
        return set_log(o, val);
    else if (!strcmp(opt, "-D"))
        o->log_path = val;
    else if (!strcmp(opt, "-engine") || !strcmp(opt, "--engine"))
        return set_engine(o, val);
    else if (!strcmp(opt, "-insn-limit") || !strcmp(opt, "--insn-limit")) {
        if (!parse_number(val, ~0ull, &n) || n == 0)
            return usage_error("-insn-limit takes a positive count, not '%s'", val);
        o->insn_limit = n;
    } else
        return usage_error("unknown option '%s' (try -help)", opt);
    return 0;
}

static bool takes_value(const char *opt)
{
    static const char *const with_value[] = {"-kernel", "-m",       "-d",          "-D",
                                             "-engine", "--engine", "-insn-limit", "--insn-limit"};
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
    if (!strcmp(a, "-nographic")) return 0;
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
    default:
        exec_describe(res, msg, sizeof msg);
        fprintf(stderr, PROG ": %s\n", msg);
        return 1;
    }
}

int main(int argc, char **argv)
{
    struct options o = {.board = {.uart_fd = STDOUT_FILENO}, .engine = ENGINE_INTERP};
    int rc = parse_args(&o, argc, argv);
    if (rc) return rc < 0 ? 0 : rc;
    struct board_virt *b;
    char err[400];
    if (board_virt_create(&o.board, &b, err, sizeof err) != 0) {
        fprintf(stderr, PROG ": %s\n", err);
        return 1;
    }
    FILE *log = NULL;
    if (open_log(&o, &log) != 0) {
        board_virt_free(b);
        return 1;
    }
    struct exec_config cfg = {o.engine, true, o.insn_limit, 0, {board_virt_service, b}};
    struct exec_result res;
    exec_run(&b->cpu, &cfg, &res);
    fflush(stdout);
    int status = exit_status(b, &res);
    board_virt_free(b);
    if (log) fclose(log);
    return status;
}
