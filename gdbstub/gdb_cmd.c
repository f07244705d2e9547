/* gdbstub/gdb_cmd.c — the packet commands of the GDB stub (GDB docs, "Packets",
 * "General Query Packets", "Stop Reply Packets"): registers, memory, break-
 * and watchpoints, resumption, queries and the target description. One
 * handler per command, found by its letter or, for q/Q/v, by its name.
 * Unknown packets get the empty reply, as the protocol asks.
 */
#include "core/cpu.h"
#include "gdbstub/gdb_regs.h"
#include "gdbstub/gdb_stub_int.h"
#include "softmmu/bus.h"
#include "softmmu/memory.h"

#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

typedef enum gdb_cmd_result (*gdb_cmd_fn)(struct gdb_stub *s, const char *args, size_t len);

/* ---- replies ------------------------------------------------------------------ */

static enum gdb_cmd_result reply_text(struct gdb_stub *s, const char *text)
{
    s->reply_len = strlen(text);
    memcpy(s->reply, text, s->reply_len);
    return GDB_CMD_REPLY;
}

static enum gdb_cmd_result reply_ok(struct gdb_stub *s)
{
    return reply_text(s, "OK");
}

static enum gdb_cmd_result reply_error(struct gdb_stub *s)
{
    return reply_text(s, "E01");
}

/* ---- guest memory ------------------------------------------------------------- */

/* The host byte behind guest virtual address vaddr as the guest's kernel sees
 * it (gdb may look at kseg0 while the guest runs in user mode), or NULL when
 * nothing is mapped or it is MMIO: a gdb read never faults the guest and never
 * touches a device. */
static uint8_t *guest_byte(struct gdb_stub *s, uint32_t vaddr)
{
    struct cpu *cpu = s->cpu;
    /* User mode: the flat space, mapped pages only (page_prot bits 0-2:
     * read, write, execute; any of them makes the host page readable). */
    if (cpu->guest_base)
        return !cpu->page_prot || (cpu->page_prot[vaddr >> 12] & 7) ? cpu->guest_base + vaddr
                                                                    : NULL;
    uint32_t paddr;
    return mem_translate_debug(cpu, vaddr, &paddr) ? bus_host_ptr(cpu->bus, paddr, 1) : NULL;
}

bool gdb_stub_read_mem(struct gdb_stub *s, uint32_t vaddr, uint8_t *buf, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        const uint8_t *b = guest_byte(s, vaddr + i);
        if (!b) return false;
        buf[i] = *b;
    }
    return true;
}

/* Parses "addr,len" and the separator after it. */
static bool parse_addr_len(const char **p, uint32_t *addr, uint32_t *len)
{
    return gdb_parse_hex(p, addr) && *(*p)++ == ',' && gdb_parse_hex(p, len);
}

/* m addr,len: as many bytes as are readable from addr; E01 when none are. */
static enum gdb_cmd_result cmd_read_mem(struct gdb_stub *s, const char *args, size_t len)
{
    (void)len;
    uint32_t addr, n;
    if (!parse_addr_len(&args, &addr, &n) || *args) return reply_error(s);
    if (n > GDB_PACKET_MAX / 2) n = GDB_PACKET_MAX / 2;
    char *out = s->reply;
    for (uint32_t i = 0; i < n; i++) {
        const uint8_t *b = guest_byte(s, addr + i);
        if (!b) break;
        out = gdb_put_hex(out, b, 1);
    }
    if (out == s->reply && n) return reply_error(s);
    s->reply_len = (size_t)(out - s->reply);
    return GDB_CMD_REPLY;
}

/* User mode: a page the guest may not write (text) is read-only on the
 * host (linux-user/guest_mem.c); gdb may still write there (a patched
 * instruction), so the page opens for the one byte. */
static void user_poke(struct cpu *cpu, uint32_t vaddr, uint8_t value)
{
    uint8_t prot = cpu->page_prot ? cpu->page_prot[vaddr >> 12] : CPU_PAGE_WRITE;
    if (prot & CPU_PAGE_WRITE) {
        cpu->guest_base[vaddr] = value;
        return;
    }
    uint8_t *page = cpu->guest_base + (vaddr & ~0xfffu);
    if (mprotect(page, 0x1000, PROT_READ | PROT_WRITE) != 0) return;
    cpu->guest_base[vaddr] = value;
    mprotect(page, 0x1000, PROT_READ);
}

/* Writes n bytes to guest memory: all or nothing. */
static enum gdb_cmd_result write_mem(struct gdb_stub *s, uint32_t addr, const uint8_t *data,
                                     uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        if (!guest_byte(s, addr + i)) return reply_error(s);
    for (uint32_t i = 0; i < n; i++) {
        if (s->cpu->guest_base)
            user_poke(s->cpu, addr + i, data[i]);
        else
            *guest_byte(s, addr + i) = data[i];
    }
    s->gen++; /* the bytes may be code: translations of it must go */
    return reply_ok(s);
}

/* M addr,len:hex */
static enum gdb_cmd_result cmd_write_mem(struct gdb_stub *s, const char *args, size_t len)
{
    const char *p = args;
    uint32_t addr, n;
    if (!parse_addr_len(&p, &addr, &n) || *p++ != ':') return reply_error(s);
    if ((size_t)(p - args) + 2 * (size_t)n != len || n > GDB_PACKET_MAX / 2) return reply_error(s);
    uint8_t data[GDB_PACKET_MAX / 2];
    if (!gdb_get_hex(p, data, n)) return reply_error(s);
    return write_mem(s, addr, data, n);
}

/* X addr,len:binary (already unescaped by the receiver) */
static enum gdb_cmd_result cmd_write_bin(struct gdb_stub *s, const char *args, size_t len)
{
    const char *p = args;
    uint32_t addr, n;
    if (!parse_addr_len(&p, &addr, &n) || *p++ != ':') return reply_error(s);
    if ((size_t)(p - args) + n != len) return reply_error(s);
    return write_mem(s, addr, (const uint8_t *)p, n);
}

/* ---- registers ---------------------------------------------------------------- */

static enum gdb_cmd_result cmd_read_regs(struct gdb_stub *s, const char *args, size_t len)
{
    (void)args, (void)len;
    char *out = s->reply;
    uint8_t buf[8];
    for (unsigned n = 0; n < gdb_reg_count(s->linux_feature); n++)
        out = gdb_put_hex(out, buf, gdb_reg_read(s->regs, n, s->linux_feature, buf));
    s->reply_len = (size_t)(out - s->reply);
    return GDB_CMD_REPLY;
}

/* G hex: all registers in 'g' order; a short packet sets the leading ones. */
static enum gdb_cmd_result cmd_write_regs(struct gdb_stub *s, const char *args, size_t len)
{
    uint8_t buf[8];
    size_t pos = 0;
    if (len % 2) return reply_error(s);
    for (unsigned n = 0; n < gdb_reg_count(s->linux_feature) && pos < len; n++) {
        unsigned size = gdb_reg_size(s->regs, n, s->linux_feature);
        if (pos + 2 * size > len || !gdb_get_hex(args + pos, buf, size)) return reply_error(s);
        gdb_reg_write(s->regs, n, s->linux_feature, buf);
        pos += 2 * size;
    }
    return reply_ok(s);
}

static enum gdb_cmd_result cmd_read_reg(struct gdb_stub *s, const char *args, size_t len)
{
    (void)len;
    uint32_t n;
    uint8_t buf[8];
    if (!gdb_parse_hex(&args, &n) || *args) return reply_error(s);
    unsigned size = gdb_reg_read(s->regs, n, s->linux_feature, buf);
    if (!size) return reply_error(s);
    s->reply_len = (size_t)(gdb_put_hex(s->reply, buf, size) - s->reply);
    return GDB_CMD_REPLY;
}

/* P n=hex */
static enum gdb_cmd_result cmd_write_reg(struct gdb_stub *s, const char *args, size_t len)
{
    const char *p = args;
    uint32_t n;
    uint8_t buf[8];
    if (!gdb_parse_hex(&p, &n) || *p++ != '=') return reply_error(s);
    unsigned size = gdb_reg_size(s->regs, n, s->linux_feature);
    if (!size || (size_t)(p - args) + 2 * size != len || !gdb_get_hex(p, buf, size))
        return reply_error(s);
    gdb_reg_write(s->regs, n, s->linux_feature, buf);
    return reply_ok(s);
}

/* ---- break- and watchpoints ---------------------------------------------------- */

/* Z/z type,addr,kind */
static enum gdb_cmd_result points(struct gdb_stub *s, const char *args, bool insert)
{
    uint32_t type, addr, kind;
    if (!gdb_parse_hex(&args, &type) || *args++ != ',' || !parse_addr_len(&args, &addr, &kind))
        return reply_error(s);
    if (type > GDB_WP_ACCESS) return reply_text(s, ""); /* not supported: empty */
    int rc = insert ? gdb_points_add(&s->pts, type, addr, kind)
                    : gdb_points_remove(&s->pts, type, addr, kind);
    gdb_stub_sync_watch(s);
    s->gen++; /* blocks end before breakpoints; watched pages leave the soft TLB */
    return rc ? reply_error(s) : reply_ok(s);
}

static enum gdb_cmd_result cmd_insert(struct gdb_stub *s, const char *args, size_t len)
{
    (void)len;
    return points(s, args, true);
}

static enum gdb_cmd_result cmd_remove(struct gdb_stub *s, const char *args, size_t len)
{
    (void)len;
    return points(s, args, false);
}

/* ---- run control ---------------------------------------------------------------- */

/* An optional resume address ("c addr", "C sig;addr"): gdb "jump". */
static bool resume_at(struct gdb_stub *s, const char *addr)
{
    uint32_t pc;
    if (!*addr) return true;
    if (!gdb_parse_hex(&addr, &pc) || *addr) return false;
    if (pc != s->cpu->pc) s->cpu->in_delay = false;
    s->cpu->pc = pc;
    return true;
}

static enum gdb_cmd_result resume(struct gdb_stub *s, const char *addr, enum gdb_run run)
{
    if (!resume_at(s, addr)) return reply_error(s);
    gdb_stub_resume(s, run);
    s->resume_signal = 0;
    return GDB_CMD_RESUME;
}

/* As resume, delivering gdb signal sig (user mode; gdb_stub_signal). */
static enum gdb_cmd_result resume_with(struct gdb_stub *s, const char *addr, enum gdb_run run,
                                       uint32_t sig)
{
    enum gdb_cmd_result r = resume(s, addr, run);
    s->resume_signal = sig;
    return r;
}

static enum gdb_cmd_result cmd_continue(struct gdb_stub *s, const char *args, size_t len)
{
    (void)len;
    return resume(s, args, GDB_RUN_CONTINUE);
}

static enum gdb_cmd_result cmd_step(struct gdb_stub *s, const char *args, size_t len)
{
    (void)len;
    return resume(s, args, GDB_RUN_STEP);
}

/* C sig[;addr] / S sig[;addr]: the signal matters in user mode only (gdb_stub_signal). */
static enum gdb_cmd_result resume_signal(struct gdb_stub *s, const char *args, enum gdb_run run)
{
    uint32_t sig;
    if (!gdb_parse_hex(&args, &sig)) return reply_error(s);
    if (*args == ';')
        args++;
    else if (*args)
        return reply_error(s);
    return resume_with(s, args, run, sig);
}

static enum gdb_cmd_result cmd_continue_sig(struct gdb_stub *s, const char *args, size_t len)
{
    (void)len;
    return resume_signal(s, args, GDB_RUN_CONTINUE);
}

static enum gdb_cmd_result cmd_step_sig(struct gdb_stub *s, const char *args, size_t len)
{
    (void)len;
    return resume_signal(s, args, GDB_RUN_STEP);
}

/* One vCont action ("c", "C05", "s", "S0b") as a resume of s->cpu. */
static enum gdb_cmd_result vcont_action(struct gdb_stub *s, const char *act)
{
    const char *p = act + 1;
    uint32_t sig = 0;
    if ((*act == 'C' || *act == 'S') && !gdb_parse_hex(&p, &sig)) return reply_error(s);
    if (*act == 'c' || *act == 'C') return resume_with(s, "", GDB_RUN_CONTINUE, sig);
    if (*act == 's' || *act == 'S') return resume_with(s, "", GDB_RUN_STEP, sig);
    return reply_error(s);
}

/* vCont;action[:tid]...: the first action naming a live thread makes it the
 * one that runs (or steps); an action without a thread (or -1) is what the
 * others do: with none, or one that is not a continue, they stay stopped. */
static enum gdb_cmd_result cmd_vcont(struct gdb_stub *s, const char *args, size_t len)
{
    (void)len;
    if (!strcmp(args, "?")) return reply_text(s, "vCont;c;C;s;S");
    const char *chosen = NULL, *dflt = NULL;
    struct cpu *cpu = NULL;
    while (*args == ';') {
        const char *act = ++args, *end = strchr(act, ';');
        if (!end) end = act + strlen(act);
        const char *colon = memchr(act, ':', (size_t)(end - act));
        const char *tid = colon ? colon + 1 : end;
        bool any;
        struct cpu *c = gdb_stub_thread_cpu(s, tid, (size_t)(end - tid), &any);
        if (any && !dflt) dflt = act;
        if (c && !chosen) chosen = act, cpu = c;
        args = end;
    }
    if (!chosen && !dflt) return reply_error(s);
    if (cpu) s->cpu = cpu;
    /* A continue of all threads lets them all run; a step alone holds the others. */
    const char *all = dflt ? dflt : "";
    s->others_run = *all == 'c' || *all == 'C';
    return vcont_action(s, chosen ? chosen : dflt);
}

static enum gdb_cmd_result cmd_detach(struct gdb_stub *s, const char *args, size_t len)
{
    (void)s, (void)args, (void)len;
    return GDB_CMD_DETACH;
}

static enum gdb_cmd_result cmd_kill(struct gdb_stub *s, const char *args, size_t len)
{
    (void)s, (void)args, (void)len;
    return GDB_CMD_KILL;
}

/* ---- queries -------------------------------------------------------------------- */

static enum gdb_cmd_result cmd_stop_reason(struct gdb_stub *s, const char *args, size_t len)
{
    (void)args, (void)len;
    return reply_text(s, s->stop_reply);
}

/* H op thread: Hg picks the thread whose registers g/G/p/P see, Hc the one
 * c/s resume; 0 and -1 ("any", "all") keep the current one. */
static enum gdb_cmd_result cmd_thread_select(struct gdb_stub *s, const char *args, size_t len)
{
    if (len < 1) return reply_error(s);
    bool any;
    struct cpu *cpu = gdb_stub_thread_cpu(s, args + 1, len - 1, &any);
    if (any) return reply_ok(s);
    if (!cpu) return reply_error(s);
    if (args[0] == 'g') s->regs = cpu;
    if (args[0] == 'c') s->cpu = cpu;
    return reply_ok(s);
}

/* T thread: OK when the thread lives. */
static enum gdb_cmd_result cmd_thread_alive(struct gdb_stub *s, const char *args, size_t len)
{
    bool any;
    return len && gdb_stub_thread_cpu(s, args, len, &any) ? reply_ok(s) : reply_error(s);
}

static enum gdb_cmd_result cmd_supported(struct gdb_stub *s, const char *args, size_t len)
{
    (void)len;
    s->gdb_swbreak = strstr(args, "swbreak+") != NULL;
    s->gdb_hwbreak = strstr(args, "hwbreak+") != NULL;
    s->reply_len = (size_t)snprintf(s->reply, sizeof s->reply,
                                    "PacketSize=%x;qXfer:features:read+;swbreak+;hwbreak+;"
                                    "vContSupported+;QStartNoAckMode+",
                                    GDB_PACKET_MAX);
    return GDB_CMD_REPLY;
}

/* qXfer:features:read:annex:offset,length -> m<data> (more) or l<data> (last). */
static enum gdb_cmd_result cmd_xfer_features(struct gdb_stub *s, const char *args, size_t len)
{
    (void)len;
    static const char annex[] = ":read:target.xml:";
    uint32_t off, n;
    if (strncmp(args, annex, sizeof annex - 1)) return reply_text(s, "E00");
    args += sizeof annex - 1;
    if (!parse_addr_len(&args, &off, &n) || *args) return reply_error(s);
    char xml[8192];
    size_t total = gdb_target_xml(s->cpu, s->linux_feature, xml, sizeof xml);
    if (!total) return reply_error(s);
    if (off > total) return reply_error(s);
    if (n > GDB_PACKET_MAX - 8) n = GDB_PACKET_MAX - 8;
    size_t chunk = total - off < n ? total - off : n;
    s->reply[0] = off + chunk < total ? 'm' : 'l';
    memcpy(s->reply + 1, xml + off, chunk);
    s->reply_len = chunk + 1;
    return GDB_CMD_REPLY;
}

static enum gdb_cmd_result cmd_attached(struct gdb_stub *s, const char *args, size_t len)
{
    (void)args, (void)len;
    return reply_text(s, "1"); /* we did not create a process for gdb: detach, don't kill */
}

static enum gdb_cmd_result cmd_current_thread(struct gdb_stub *s, const char *args, size_t len)
{
    (void)args, (void)len;
    s->reply_len = (size_t)snprintf(s->reply, sizeof s->reply, "QC%x", (unsigned)s->cur_tid);
    return GDB_CMD_REPLY;
}

/* qfThreadInfo: every live thread in one reply (qsThreadInfo then ends the list). */
static enum gdb_cmd_result cmd_first_thread(struct gdb_stub *s, const char *args, size_t len)
{
    (void)args, (void)len;
    if (!s->threads.list) return reply_text(s, "m1");
    int tids[256];
    size_t n = s->threads.list(s->threads.opaque, tids, sizeof tids / sizeof tids[0]);
    if (n > sizeof tids / sizeof tids[0]) n = sizeof tids / sizeof tids[0];
    char *out = s->reply;
    *out++ = 'm';
    for (size_t i = 0; i < n; i++)
        out += snprintf(out, 12, i ? ",%x" : "%x", (unsigned)tids[i]);
    s->reply_len = (size_t)(out - s->reply);
    return GDB_CMD_REPLY;
}

static enum gdb_cmd_result cmd_next_thread(struct gdb_stub *s, const char *args, size_t len)
{
    (void)args, (void)len;
    return reply_text(s, "l");
}

static enum gdb_cmd_result cmd_no_ack(struct gdb_stub *s, const char *args, size_t len)
{
    (void)args, (void)len;
    /* The OK itself is still acked by gdb; later packets are not. */
    s->no_ack = true;
    return reply_ok(s);
}

/* ---- dispatch ------------------------------------------------------------------- */

static const gdb_cmd_fn letter_cmds[128] = {
    ['?'] = cmd_stop_reason,  ['g'] = cmd_read_regs,     ['G'] = cmd_write_regs,
    ['p'] = cmd_read_reg,     ['P'] = cmd_write_reg,     ['m'] = cmd_read_mem,
    ['M'] = cmd_write_mem,    ['X'] = cmd_write_bin,     ['Z'] = cmd_insert,
    ['z'] = cmd_remove,       ['c'] = cmd_continue,      ['s'] = cmd_step,
    ['C'] = cmd_continue_sig, ['S'] = cmd_step_sig,      ['D'] = cmd_detach,
    ['k'] = cmd_kill,         ['H'] = cmd_thread_select, ['T'] = cmd_thread_alive,
};

/* Named packets: the name must be followed by ':', ';', ',' or the end. */
static const struct {
    const char *name;
    gdb_cmd_fn fn;
} named_cmds[] = {
    {"qSupported", cmd_supported},
    {"qXfer:features", cmd_xfer_features},
    {"qAttached", cmd_attached},
    {"qC", cmd_current_thread},
    {"qfThreadInfo", cmd_first_thread},
    {"qsThreadInfo", cmd_next_thread},
    {"QStartNoAckMode", cmd_no_ack},
    {"vCont", cmd_vcont},
    {"vKill", cmd_kill},
};

enum gdb_cmd_result gdb_cmd_dispatch(struct gdb_stub *s, const char *pkt, size_t len)
{
    s->reply_len = 0;
    if (len == 0) return GDB_CMD_REPLY;
    unsigned char c = (unsigned char)pkt[0];
    if (c == 'q' || c == 'Q' || c == 'v') {
        for (size_t i = 0; i < sizeof named_cmds / sizeof named_cmds[0]; i++) {
            size_t n = strlen(named_cmds[i].name);
            if (len < n || memcmp(pkt, named_cmds[i].name, n)) continue;
            if (len > n && !strchr(":;,?", pkt[n])) continue;
            return named_cmds[i].fn(s, pkt + n, len - n);
        }
        return GDB_CMD_REPLY; /* unknown: empty reply */
    }
    if (c < 128 && letter_cmds[c]) return letter_cmds[c](s, pkt + 1, len - 1);
    return GDB_CMD_REPLY;
}
