/* devices/syscon.c — reboot and power-off registers; see syscon.h. */
#include "devices/syscon.h"

#include "devices/board_map.h"

void syscon_init(struct syscon *sc, volatile uint8_t *exit_request)
{
    sc->request = SYSCON_NONE;
    sc->exit_request = exit_request;
}

static uint32_t syscon_read(void *opaque, uint32_t offset, unsigned size)
{
    (void)opaque, (void)offset, (void)size;
    return 0;
}

static void syscon_write(void *opaque, uint32_t offset, unsigned size, uint32_t value)
{
    struct syscon *sc = opaque;
    (void)size;
    if (offset == 0 && value == BOARD_SYSCON_REBOOT_VALUE)
        sc->request = SYSCON_REBOOT;
    else if (offset == 4 && value == BOARD_SYSCON_POWEROFF_VALUE)
        sc->request = SYSCON_POWEROFF;
    else
        return;
    if (sc->exit_request) *sc->exit_request = 1;
}

static void syscon_reset(void *opaque)
{
    ((struct syscon *)opaque)->request = SYSCON_NONE;
}

const struct mmio_ops syscon_ops = {syscon_read, syscon_write};

struct device syscon_device(struct syscon *sc)
{
    return (struct device){"syscon", &syscon_ops, syscon_reset, sc};
}
