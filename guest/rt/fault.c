/* guest/rt/fault.c — what the exception entry (exc.S) does with an exception:
 * resume at rt_exc_resume when a test expects one, else report it over the UART
 * (Cause, ExcCode name, EPC, BadVAddr, Status, ra) with a FAIL line and power
 * off with RT_EXIT_EXCEPTION. */
#include "rt.h"

#define MFC0(reg, sel)                                                                         \
    ({                                                                                         \
        uint32_t v_;                                                                           \
        __asm__ volatile("mfc0 %0, $" #reg ", " #sel : "=r"(v_));                              \
        v_;                                                                                    \
    })

static const char *const exc_names[32] = {
    [0] = "Int",   [1] = "Mod",   [2] = "TLBL", [3] = "TLBS",   [4] = "AdEL",   [5] = "AdES",
    [6] = "IBE",   [7] = "DBE",   [8] = "Sys",  [9] = "Bp",     [10] = "RI",    [11] = "CpU",
    [12] = "Ov",   [13] = "Tr",   [15] = "FPE", [23] = "WATCH", [24] = "MCheck",
};

/* Called by exc.S with the saved GPR frame; returns the address to ERET to. */
uint32_t rt_exception(const uint32_t *frame);

uint32_t rt_exception(const uint32_t *frame)
{
    uint32_t cause = MFC0(13, 0), epc = MFC0(14, 0), badvaddr = MFC0(8, 0);
    uint32_t resume = rt_exc_resume;
    if (resume) {
        rt_exc.cause = cause;
        rt_exc.epc = epc;
        rt_exc.badvaddr = badvaddr;
        rt_exc.count++;
        rt_exc_resume = 0;
        return resume;
    }
    const char *name = exc_names[RT_EXCCODE(cause)];
    printf("unexpected exception %u (%s): Cause=0x%08x EPC=0x%08x BadVAddr=0x%08x "
           "Status=0x%08x ra=0x%08x\n",
           RT_EXCCODE(cause), name ? name : "?", cause, epc, badvaddr, MFC0(12, 0), frame[31]);
    printf("FAIL unexpected exception\n");
    rt_exit(RT_EXIT_EXCEPTION);
}
