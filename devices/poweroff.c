/* devices/poweroff.c — the EXIT device; see poweroff.h. */
#include "devices/poweroff.h"

#include "core/log.h"

static void poweroff_reset(void *opaque)
{
    struct poweroff *dev = opaque;
    dev->requested = false;
    dev->status = 0;
}

void poweroff_init(struct poweroff *dev, volatile uint8_t *exit_request)
{
    dev->exit_request = exit_request;
    poweroff_reset(dev);
}

static uint32_t poweroff_read(void *opaque, uint32_t offset, unsigned size)
{
    (void)opaque;
    (void)offset;
    (void)size;
    return 0;
}

/* Only a word store at offset 0 counts, so a stray byte store cannot stop the
 * machine with a truncated status; anything else is a guest error. */
static void poweroff_write(void *opaque, uint32_t offset, unsigned size, uint32_t value)
{
    struct poweroff *dev = opaque;
    if (offset != 0 || size != 4) {
        log_guest_error("poweroff: ignored %u-byte write at offset 0x%x", size, offset);
        return;
    }
    dev->requested = true;
    dev->status = value;
    if (dev->exit_request) *dev->exit_request = 1;
}

static const struct mmio_ops poweroff_ops = {poweroff_read, poweroff_write};

struct device poweroff_device(struct poweroff *dev)
{
    return (struct device){"poweroff", &poweroff_ops, poweroff_reset, dev};
}
