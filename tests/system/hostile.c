/* tests/system/hostile.c — hostile bare-metal guests for tern-system (issue 6:
 * "nothing the guest does may crash or corrupt tern"). One program, built once
 * per scenario with -DHX_<SCENARIO> (see tests/system/CMakeLists.txt):
 *
 *   HX_CP0           pseudo-random MTC0 to every reg/sel (Status.BEV kept 0),
 *                    exceptions and ERET in between, then a sane state: PASS
 *   HX_CP0_BEV       Status = BEV | UM: the next fetch faults into the empty
 *                    boot ROM; tern must stop with its fault-loop message (3)
 *   HX_CP0_EBASE     EBase beyond RAM, then SYSCALL: a fault loop too (3)
 *   HX_MMIO          random writes/reads to every device window but EXIT, and
 *                    virtio queues aimed anywhere, then notified: PASS
 *   HX_TLB           overlapping TLB entries (first match wins, as QEMU's
 *                    r4k_map_address), odd page masks, TLBP/TLBR: PASS
 *   HX_RUNAWAY=n     a kernel that jumps into random words with garbage
 *                    vectors: tern must end with -insn-limit (4) or a fault loop (3)
 *   HX_SMC           user-mode garbage written and run over and over through
 *                    its own TLB mapping, its exceptions caught: PASS
 *
 * The runtime (entry, vectors, handler, MTC0 table) is hostile_rt.S.
 */
#include "devices/board_map.h"

#include <stdint.h>

#define KSEG0(p) (0x80000000u + (p))
#define KSEG1(p) (0xa0000000u + (p))
#define REGSEL(r, s) ((r) * 8 + (s))

#define ST_CU0 0x10000000u
#define ST_BEV 0x00400000u
#define ST_UM 0x10u
#define ST_ERL 0x4u
#define ST_EXL 0x2u
#define ST_IE 0x1u
#define ST_IM7 0x8000u

/* RAM the tests scribble on (64 MiB board): code and data stay below 1 MiB. */
#define SCRATCH_PHYS 0x02000000u
#define GARBAGE_PHYS 0x00100000u
#define GARBAGE_SIZE 0x00040000u
#define RUNAWAY_EBASE (GARBAGE_PHYS + 0x20000u) /* hx_runaway_vector jumps below it */

#ifndef HX_SEED
#define HX_SEED 0x2545f491u
#endif

struct hx_info {
    uint32_t cause, epc, badvaddr, count, status;
};
extern volatile struct hx_info hx_info;
extern uint32_t hx_jb[12];
int hx_setjmp(uint32_t *jb) __attribute__((returns_twice));
void hx_mtc0(unsigned regsel, uint32_t value);
uint32_t hx_mfc0(unsigned regsel);
void hx_tlbwi(void);
void hx_tlbwr(void);
void hx_tlbp(void);
void hx_tlbr(void);
void hx_enter(uint32_t pc, uint32_t status, const uint32_t *regs) __attribute__((noreturn));
void hx_jump(uint32_t pc, uint32_t status, const uint32_t *regs) __attribute__((noreturn));
void hx_exit(int status) __attribute__((noreturn));
void hx_syscall(void);
void hx_sync_icache(uint32_t addr, uint32_t len);
extern const uint32_t hx_runaway_vector[6];

/* ---- console and randomness ---------------------------------------------- */

static volatile uint8_t *const uart = (volatile uint8_t *)KSEG1(BOARD_UART_BASE);

static void put_char(char c)
{
    while (!(uart[5] & 0x20))
        ;
    uart[0] = (uint8_t)c;
}

static void put_str(const char *s)
{
    while (*s)
        put_char(*s++);
}

static void put_hex(uint32_t v)
{
    put_str("0x");
    for (int i = 28; i >= 0; i -= 4)
        put_char("0123456789abcdef"[(v >> i) & 0xf]);
}

static uint32_t rng_state = HX_SEED;

/* Numerical Recipes' LCG, top bits mixed down: deterministic per seed. */
__attribute__((unused)) static uint32_t rnd(void)
{
    rng_state = rng_state * 1664525u + 1013904223u;
    return rng_state ^ (rng_state >> 15);
}

__attribute__((unused)) static void fail(const char *what, uint32_t got)
{
    put_str("FAIL hostile: ");
    put_str(what);
    put_str(" got ");
    put_hex(got);
    put_char('\n');
    hx_exit(1);
}

__attribute__((unused)) static void pass(const char *name, uint32_t exceptions)
{
    put_str("PASS hostile_");
    put_str(name);
    put_str(" (");
    put_hex(exceptions);
    put_str(" exceptions)\n");
    hx_exit(0);
}

__attribute__((unused)) static uint32_t exc_code(void)
{
    return (hx_info.cause >> 2) & 0x1f;
}

/* ---- a sane CPU ---------------------------------------------------------- */

/* Everything a random MTC0 may have left behind that matters to the next
 * step: Status first (IE = 0, so nothing is taken while EBase is wrong). */
__attribute__((unused)) static void cp0_sane(void)
{
    hx_mtc0(REGSEL(12, 0), ST_CU0 | ST_BEV);
    hx_mtc0(REGSEL(15, 1), 0x80000000u);
    hx_mtc0(REGSEL(12, 0), ST_CU0);
    hx_mtc0(REGSEL(13, 0), 0);
    hx_mtc0(REGSEL(12, 1), 0); /* IntCtl.VS */
    hx_mtc0(REGSEL(16, 0), 3); /* Config.K0 cacheable */
    hx_mtc0(REGSEL(5, 0), 0);  /* PageMask */
    hx_mtc0(REGSEL(6, 0), 0);  /* Wired */
    hx_mtc0(REGSEL(10, 0), 0); /* EntryHi: ASID 0 */
    hx_mtc0(REGSEL(11, 0), hx_mfc0(REGSEL(9, 0)) + 0x40000000u);
}

/* A SYSCALL must come back through the vector as ExcCode 8 (Vol. III 6.2). */
__attribute__((unused)) static void check_syscall(void)
{
    uint32_t before = hx_info.count;
    if (hx_setjmp(hx_jb) == 0) {
        hx_syscall();
        fail("syscall returned without an exception", 0);
    }
    if (exc_code() != 8 || hx_info.count != before + 1) fail("syscall cause", hx_info.cause);
}

/* Moves every TLB entry to its own kseg2 page, invalid, so nothing else matches. */
__attribute__((unused)) static void tlb_clear(void)
{
    hx_mtc0(REGSEL(5, 0), 0);
    for (uint32_t i = 0; i < 32; i++) {
        hx_mtc0(REGSEL(10, 0), 0xc0000000u + (i << 13));
        hx_mtc0(REGSEL(2, 0), 0);
        hx_mtc0(REGSEL(3, 0), 0);
        hx_mtc0(REGSEL(0, 0), i);
        hx_tlbwi();
    }
    hx_mtc0(REGSEL(10, 0), 0);
}

/* EntryLo for physical PADDR: C = 3 | D | V | G as asked. */
__attribute__((unused)) static uint32_t entrylo(uint32_t paddr, uint32_t dvg)
{
    return ((paddr >> 12) << 6) | 0x18 | dvg;
}

__attribute__((unused)) static void tlb_set(uint32_t index, uint32_t hi, uint32_t mask, uint32_t lo0, uint32_t lo1)
{
    hx_mtc0(REGSEL(10, 0), hi);
    hx_mtc0(REGSEL(5, 0), mask);
    hx_mtc0(REGSEL(2, 0), lo0);
    hx_mtc0(REGSEL(3, 0), lo1);
    hx_mtc0(REGSEL(0, 0), index);
    hx_tlbwi();
}

/* ---- 1: CP0 ---------------------------------------------------------------- */

#if defined(HX_CP0)
/* A random value for REGSEL; Status never gets BEV (the boot ROM vectors hold
 * nothing: that case is HX_CP0_BEV), EBase stays in kseg0/1 by construction. */
static uint32_t cp0_value(unsigned regsel)
{
    uint32_t v = rnd();
    if (regsel == REGSEL(12, 0)) v &= ~ST_BEV;
    return v;
}

static void hostile_cp0(void)
{
    for (unsigned round = 0; round < 3000; round++) {
        cp0_sane();
        unsigned regsel = rnd() & 0xff;
        if (hx_setjmp(hx_jb) == 0) {
            hx_mtc0(regsel, cp0_value(regsel));
            (void)hx_mfc0(rnd() & 0xff);
            /* Exceptions right after the write, unless it moved the vectors
             * (then only an interrupt could come, and Status has IE = 0). */
            if (regsel != REGSEL(15, 1) && round % 7 == 0) hx_syscall();
            /* A kuseg load: a TLB refill, or whatever the random TLB state maps. */
            if (regsel != REGSEL(15, 1) && round % 5 == 0)
                (void)*(volatile uint32_t *)(rnd() & 0x7ffffffcu);
        }
        if (round % 64 == 0) { /* every register once more, all in a row */
            cp0_sane();
            for (unsigned rs = 0; rs < 256; rs++)
                if (hx_setjmp(hx_jb) == 0) (void)hx_mfc0(rs);
        }
    }
    cp0_sane();
    check_syscall();
    if (hx_mfc0(REGSEL(12, 0)) != ST_CU0) fail("Status after recovery", hx_mfc0(REGSEL(12, 0)));
    pass("cp0", hx_info.count);
}
#endif

#if defined(HX_CP0_BEV)
/* User mode with BEV: the fetch after MTC0 takes AdEL to 0xbfc00380, where
 * the erased ROM faults again and again. */
static void hostile_cp0_bev(void)
{
    put_str("hostile_cp0_bev: entering user mode with BEV set\n");
    hx_mtc0(REGSEL(12, 0), ST_CU0 | ST_BEV | ST_UM);
    fail("survived user mode in kseg0", 0);
}
#endif

#if defined(HX_CP0_EBASE)
/* EBase past the end of RAM: every vector is a bus error. */
static void hostile_cp0_ebase(void)
{
    put_str("hostile_cp0_ebase: vectors beyond RAM\n");
    hx_mtc0(REGSEL(12, 0), ST_CU0 | ST_BEV);
    hx_mtc0(REGSEL(15, 1), 0x9e000000u);
    hx_mtc0(REGSEL(12, 0), ST_CU0);
    hx_syscall();
    fail("syscall returned", 0);
}
#endif

/* ---- 2: MMIO --------------------------------------------------------------- */

#if defined(HX_MMIO)
#define VIRTIO_REG(slot, off) \
    ((volatile uint32_t *)KSEG1(BOARD_VIRTIO_BASE + (slot) * BOARD_VIRTIO_STRIDE + (off)))

struct window {
    uint32_t base, size;
};

/* Every device window but EXIT; each a little larger than the device, so the
 * gaps between devices (nothing mapped: a bus error) are hit too. */
static const struct window windows[] = {
    {BOARD_UART_BASE, BOARD_UART_SIZE},
    {BOARD_RTC_BASE, BOARD_RTC_SIZE},
    {BOARD_SYSCON_BASE, 0x100},
    {BOARD_VIRTIO_BASE + 0 * BOARD_VIRTIO_STRIDE, BOARD_VIRTIO_STRIDE},
    {BOARD_VIRTIO_BASE + 1 * BOARD_VIRTIO_STRIDE, BOARD_VIRTIO_STRIDE},
    {BOARD_VIRTIO_BASE + 2 * BOARD_VIRTIO_STRIDE, BOARD_VIRTIO_STRIDE},
    {BOARD_VIRTIO_BASE + 3 * BOARD_VIRTIO_STRIDE, BOARD_VIRTIO_STRIDE},
    {BOARD_FB_BASE, BOARD_FB_MAX + 0x1000},
    {0x1f004000, 0xc000}, /* between syscon and virtio */
};

/* Syscon's magic values stop the machine: the test skips them (a halt is a
 * legitimate guest choice, not what this test is about). */
static int is_halt(uint32_t paddr, uint32_t value)
{
    return paddr >= BOARD_SYSCON_BASE && paddr < BOARD_SYSCON_BASE + BOARD_SYSCON_SIZE &&
           (value == BOARD_SYSCON_REBOOT_VALUE || value == BOARD_SYSCON_POWEROFF_VALUE);
}

static void mmio_poke(uint32_t paddr, unsigned size, uint32_t value, int store)
{
    uint32_t va = KSEG1(paddr);
    if (size == 1) value &= 0xff;
    if (size == 2) value &= 0xffff;
    /* UART +0 is THR: random bytes on the console would garble the log. */
    if (paddr == BOARD_UART_BASE || is_halt(paddr, value)) return;
    if (hx_setjmp(hx_jb) != 0) return;
    if (size == 1) {
        if (store) *(volatile uint8_t *)va = (uint8_t)value;
        else (void)*(volatile uint8_t *)va;
    } else if (size == 2) {
        if (store) *(volatile uint16_t *)va = (uint16_t)value;
        else (void)*(volatile uint16_t *)va;
    } else {
        if (store) *(volatile uint32_t *)va = value;
        else (void)*(volatile uint32_t *)va;
    }
}

static void mmio_random(unsigned rounds)
{
    for (unsigned i = 0; i < rounds; i++) {
        const struct window *w = &windows[rnd() % (sizeof windows / sizeof windows[0])];
        unsigned size = 1u << (rnd() % 3);
        uint32_t off = (rnd() % w->size) & ~(size - 1);
        /* Registers live in the first 0x100 bytes: aim there most of the time. */
        if (rnd() & 1) off &= 0xfc;
        mmio_poke(w->base + off, size, rnd(), (int)(rnd() & 1));
    }
}

/* A guest-physical address for a queue or buffer: the scratch RAM, anywhere
 * past RAM, the MMIO window, or the last bytes of the 4 GiB space. */
static uint32_t dma_addr(void)
{
    switch (rnd() % 5) {
    case 0: return SCRATCH_PHYS + (rnd() & 0xff0);
    case 1: return 0x04000000u + (rnd() & 0x7bfffff0u);
    case 2: return BOARD_VIRTIO_BASE + (rnd() & 0xff0);
    case 3: return 0xfffffff0u + (rnd() & 0xc);
    default: return SCRATCH_PHYS + (rnd() & 0x1ffff0);
    }
}

/* Random descriptors, avail and used rings in the scratch RAM. */
static void scratch_fill(void)
{
    volatile uint32_t *s = (volatile uint32_t *)KSEG0(SCRATCH_PHYS);
    for (unsigned i = 0; i < 0x1000 / 4; i += 4) {
        s[i] = dma_addr();
        s[i + 1] = 0;
        s[i + 2] = rnd() % 3 ? rnd() & 0xfff : rnd();
        s[i + 3] = rnd(); /* flags (NEXT, WRITE, INDIRECT) and next */
    }
}

/* One driver bring-up done wrong: queue registers anywhere, then notify. */
static void virtio_abuse(unsigned slot)
{
    static const uint32_t nums[] = {0, 1, 8, 64, 255, 256, 1024, 0xffff, 0xffffffffu};
    volatile uint32_t *status = VIRTIO_REG(slot, 0x070);
    *status = 0;
    *status = 1 | 2;
    *VIRTIO_REG(slot, 0x024) = 1;
    *VIRTIO_REG(slot, 0x020) = 1; /* VIRTIO_F_VERSION_1 */
    *status = 1 | 2 | 8;
    *VIRTIO_REG(slot, 0x030) = rnd() % 4;
    *VIRTIO_REG(slot, 0x038) = nums[rnd() % (sizeof nums / sizeof nums[0])];
    for (uint32_t off = 0x080; off <= 0x0a0; off += 0x10) {
        *VIRTIO_REG(slot, off) = dma_addr();
        *VIRTIO_REG(slot, off + 4) = rnd() % 4 ? 0 : rnd();
    }
    *VIRTIO_REG(slot, 0x044) = 1;
    *status = 1 | 2 | 4 | 8;
    for (int n = 0; n < 4; n++) {
        *VIRTIO_REG(slot, 0x050) = n < 3 ? rnd() % 4 : rnd();
        *VIRTIO_REG(slot, 0x064) = *VIRTIO_REG(slot, 0x060);
    }
    (void)*status;
}

static void uart_sane(void)
{
    uart[3] = 0x03; /* LCR: 8N1, DLAB = 0 */
    uart[1] = 0;    /* IER */
    uart[4] = 0;    /* MCR: no loopback */
    uart[2] = 0x07; /* FCR: FIFOs on and cleared */
}

static void hostile_mmio(void)
{
    volatile uint32_t *s = (volatile uint32_t *)KSEG0(SCRATCH_PHYS);
    for (unsigned round = 0; round < 200; round++) {
        scratch_fill();
        /* Valid-looking avail rings: idx moves, entries point at descriptors. */
        for (unsigned i = 0; i < 64; i++)
            s[(0x800 + 4 * (rnd() & 0x1ff)) / 4] = rnd() & 0x00ff00ffu;
        for (unsigned slot = 0; slot < BOARD_VIRTIO_COUNT; slot++)
            if (hx_setjmp(hx_jb) == 0) virtio_abuse(slot);
        mmio_random(40);
        cp0_sane();
    }
    uart_sane();
    /* Every transport must come back after a reset (status 0, then ACK). */
    for (unsigned slot = 0; slot < BOARD_VIRTIO_COUNT; slot++) {
        *VIRTIO_REG(slot, 0x070) = 0;
        if (*VIRTIO_REG(slot, 0x070) != 0) fail("virtio status after reset", slot);
        if (*VIRTIO_REG(slot, 0x000) != 0x74726976u) fail("virtio magic", slot);
    }
    check_syscall();
    pass("mmio", hx_info.count);
}
#endif

/* ---- 3: TLB ---------------------------------------------------------------- */

#if defined(HX_TLB)
static volatile uint32_t *phys_word(uint32_t paddr)
{
    return (volatile uint32_t *)KSEG0(paddr);
}

static uint32_t load(uint32_t va)
{
    return *(volatile uint32_t *)va;
}

/* Same VPN twice, global and not: the lowest index wins (QEMU's
 * r4k_map_address and TLBP scan from entry 0 and take the first match; tern
 * raises no Machine Check for duplicates, as QEMU). */
static void overlap_same_vpn(void)
{
    *phys_word(SCRATCH_PHYS) = 0xaaaa0001u;
    *phys_word(SCRATCH_PHYS + 0x2000) = 0xbbbb0002u;
    tlb_set(1, 0x00400000u, 0, entrylo(SCRATCH_PHYS, 6), 0);
    tlb_set(2, 0x00400000u, 0, entrylo(SCRATCH_PHYS + 0x2000, 7), entrylo(0x3000, 7));
    hx_mtc0(REGSEL(5, 0), 0);
    hx_mtc0(REGSEL(10, 0), 0);
    if (load(0x00400000u) != 0xaaaa0001u) fail("ASID 0: entry 1 first", load(0x00400000u));
    hx_mtc0(REGSEL(10, 0), 0x00400000u);
    hx_tlbp();
    if (hx_mfc0(REGSEL(0, 0)) != 1) fail("TLBP ASID 0", hx_mfc0(REGSEL(0, 0)));
    hx_mtc0(REGSEL(10, 0), 5);
    if (load(0x00400000u) != 0xbbbb0002u) fail("ASID 5: the global entry", load(0x00400000u));
    hx_mtc0(REGSEL(10, 0), 0x00400005u);
    hx_tlbp();
    if (hx_mfc0(REGSEL(0, 0)) != 2) fail("TLBP ASID 5", hx_mfc0(REGSEL(0, 0)));
    hx_tlbr();
    if ((hx_mfc0(REGSEL(2, 0)) & 1) != 1 || (hx_mfc0(REGSEL(3, 0)) & 1) != 1)
        fail("TLBR G", hx_mfc0(REGSEL(2, 0)));
    if ((hx_mfc0(REGSEL(10, 0)) & 0xffffe000u) != 0x00400000u)
        fail("TLBR EntryHi", hx_mfc0(REGSEL(10, 0)));
    hx_mtc0(REGSEL(10, 0), 0);
}

/* A 16 KiB pair over a 4 KiB pair at the same address: entry 3 wins until
 * it is rewritten, then entry 4 shows through (the soft TLB must follow). */
static void overlap_sizes(void)
{
    *phys_word(SCRATCH_PHYS + 0x10000) = 0xcccc0003u;
    *phys_word(SCRATCH_PHYS + 0x20000) = 0xdddd0004u;
    tlb_set(3, 0x01000000u, 0x6000, entrylo(SCRATCH_PHYS + 0x10000, 6), 0);
    tlb_set(4, 0x01000000u, 0, entrylo(SCRATCH_PHYS + 0x20000, 6), 0);
    hx_mtc0(REGSEL(10, 0), 0);
    if (load(0x01000000u) != 0xcccc0003u) fail("16K entry first", load(0x01000000u));
    *(volatile uint32_t *)0x01000004u = 0x12340003u;
    if (*phys_word(SCRATCH_PHYS + 0x10004) != 0x12340003u) fail("store via 16K entry", 0);
    tlb_set(3, 0xc0100000u, 0, 0, 0);
    hx_mtc0(REGSEL(10, 0), 0);
    if (load(0x01000000u) != 0xdddd0004u) fail("4K entry after rewrite", load(0x01000000u));
}

/* Random entries, odd page masks, random indexes; loads only, since a random
 * frame may be this program. Nothing is asserted but survival (and, under
 * --engine=verify, that both engines agree). */
static void tlb_chaos(void)
{
    static const uint32_t masks[] = {0, 0x2000, 0x6000, 0x1e000, 0x5000, 0x1fffe000u,
                                     0x01ffe000u, 0xa000, 0x7fe000};
    for (unsigned round = 0; round < 1500; round++) {
        uint32_t mask = rnd() % 3 ? masks[rnd() % (sizeof masks / sizeof masks[0])] : rnd();
        if (hx_setjmp(hx_jb) == 0) {
            hx_mtc0(REGSEL(5, 0), mask);
            hx_mtc0(REGSEL(10, 0), (rnd() & 0x1fffe000u) | (rnd() & 3));
            hx_mtc0(REGSEL(2, 0), rnd());
            hx_mtc0(REGSEL(3, 0), rnd());
            hx_mtc0(REGSEL(0, 0), rnd());
            hx_mtc0(REGSEL(6, 0), rnd() % 40);
            if (rnd() & 1) hx_tlbwi();
            else hx_tlbwr();
            hx_tlbp();
            hx_tlbr();
            hx_mtc0(REGSEL(10, 0), rnd() & 3);
            (void)load(rnd() & 0x1ffffffcu);
        }
        cp0_sane();
    }
}

static void hostile_tlb(void)
{
    tlb_clear();
    overlap_same_vpn();
    overlap_sizes();
    tlb_chaos();
    tlb_clear();
    overlap_same_vpn();
    check_syscall();
    pass("tlb", hx_info.count);
}
#endif

/* ---- 4: runaway kernel ------------------------------------------------------ */

#if defined(HX_RUNAWAY)
static uint32_t regs[32];

/* Random words over 256 KiB of RAM, EBase in the middle of them (its vectors
 * restart the garbage at a Count-chosen place, hx_runaway_vector), random
 * GPRs, and a jump: no handler of ours is ever reached again. HX_RUNAWAY picks the
 * target: 0 kseg0 garbage; 1 kseg2 (unmapped: refill into garbage vectors);
 * 2 kuseg with ERL (unmapped, the garbage at its physical address); 3 kuseg
 * with EXL (mapped, no entries: misses go to the general vector); 4 kuseg in
 * user mode (ERET). */
static void hostile_runaway(void)
{
    volatile uint32_t *g = (volatile uint32_t *)KSEG0(GARBAGE_PHYS);
    for (unsigned i = 0; i < GARBAGE_SIZE / 4; i++)
        g[i] = rnd();
    for (unsigned i = 0; i < 32; i++)
        regs[i] = rnd();
    static const uint32_t vectors[] = {0, 0x180, 0x200};
    for (unsigned v = 0; v < 3; v++)
        for (unsigned i = 0; i < 6; i++)
            g[(RUNAWAY_EBASE - GARBAGE_PHYS + vectors[v]) / 4 + i] = hx_runaway_vector[i];
    put_str("hostile_runaway: jumping into garbage\n");
    hx_mtc0(REGSEL(12, 0), ST_CU0 | ST_BEV);
    hx_mtc0(REGSEL(15, 1), KSEG0(RUNAWAY_EBASE));
    uint32_t off = rnd() & (GARBAGE_SIZE - 4);
    switch (HX_RUNAWAY) {
    case 0: hx_jump(KSEG0(GARBAGE_PHYS + off), ST_CU0, regs);
    case 1: hx_jump(0xc0000000u + (rnd() & 0x1ffffffcu), ST_CU0, regs);
    case 2: hx_jump(GARBAGE_PHYS + off, ST_CU0 | ST_ERL, regs);
    case 3: hx_jump(GARBAGE_PHYS + off, ST_CU0 | ST_EXL, regs);
    default: hx_enter(GARBAGE_PHYS + off, ST_CU0 | ST_UM, regs);
    }
}
#endif

/* ---- 5: self-modifying garbage ---------------------------------------------- */

#if defined(HX_SMC)
#define CODE_VA 0x00400000u
#define CODE_PHYS (SCRATCH_PHYS + 0x100000u)
#define CODE_WORDS 2048 /* the even page and half of the odd one */

static uint32_t regs[32];
static volatile uint32_t codes; /* ExcCodes seen, one bit each */

/* A GPR value: mostly pointers into the mapped pages (so loads and stores
 * land, some on the code itself), else anything. */
static uint32_t reg_value(void)
{
    return rnd() % 4 ? CODE_VA + (rnd() & 0x1ffc) : rnd();
}

static void hostile_smc(void)
{
    tlb_clear();
    tlb_set(0, CODE_VA, 0, entrylo(CODE_PHYS, 6), entrylo(CODE_PHYS + 0x1000, 6));
    volatile uint32_t *code = (volatile uint32_t *)KSEG0(CODE_PHYS);
    for (unsigned round = 0; round < 1500; round++) {
        unsigned n = 8 + (rnd() % 64), at = rnd() % (CODE_WORDS - n);
        for (unsigned i = 0; i < n; i++)
            code[at + i] = rnd();
        hx_sync_icache(KSEG0(CODE_PHYS + at * 4), n * 4);
        for (unsigned i = 0; i < 32; i++)
            regs[i] = reg_value();
        /* The timer ends code that loops without faulting (IM7 | IE in user mode). */
        hx_mtc0(REGSEL(11, 0), hx_mfc0(REGSEL(9, 0)) + 2000);
        if (hx_setjmp(hx_jb) == 0)
            hx_enter(CODE_VA + (at + rnd() % n) * 4, ST_CU0 | ST_UM | ST_IM7 | ST_IE, regs);
        codes |= 1u << exc_code();
        cp0_sane();
        hx_mtc0(REGSEL(10, 0), 0);
    }
    put_str("hostile_smc: exception codes seen ");
    put_hex(codes);
    put_char('\n');
    if (!(codes & (1u << 10))) fail("no reserved instruction in all that garbage", codes);
    check_syscall();
    pass("smc", hx_info.count);
}
#endif

int main(void)
{
    uart[1] = 0;
#if defined(HX_CP0)
    hostile_cp0();
#elif defined(HX_CP0_BEV)
    hostile_cp0_bev();
#elif defined(HX_CP0_EBASE)
    hostile_cp0_ebase();
#elif defined(HX_MMIO)
    hostile_mmio();
#elif defined(HX_TLB)
    hostile_tlb();
#elif defined(HX_SMC)
    hostile_smc();
#else
    hostile_runaway();
#endif
    return 1;
}
