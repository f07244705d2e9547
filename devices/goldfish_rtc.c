/* devices/goldfish_rtc.c — the Goldfish RTC registers; see goldfish_rtc.h.
 * Register behaviour follows QEMU's hw/rtc/goldfish_rtc.c, which is what the
 * Linux driver was written against: a write to TIME_LOW (after TIME_HIGH)
 * sets the clock, a write to ALARM_LOW (after ALARM_HIGH) arms the alarm. */
#include "devices/goldfish_rtc.h"

#include "core/log.h"

#include <time.h>

static uint64_t host_wall_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void rtc_update_irq(struct goldfish_rtc *rtc)
{
    irq_set(&rtc->irq, rtc->irq_pending && rtc->irq_enabled);
}

static void rtc_reset(void *opaque)
{
    struct goldfish_rtc *rtc = opaque;
    rtc->alarm_ns = 0;
    rtc->time_high = rtc->alarm_high = 0;
    rtc->irq_enabled = rtc->alarm_running = rtc->irq_pending = false;
    rtc_update_irq(rtc);
}

void goldfish_rtc_init(struct goldfish_rtc *rtc, struct irq_line irq)
{
    rtc->irq = irq;
    rtc->offset_ns = 0;
    rtc_reset(rtc);
}

uint64_t goldfish_rtc_now(const struct goldfish_rtc *rtc)
{
    return host_wall_ns() + (uint64_t)rtc->offset_ns;
}

void goldfish_rtc_poll(struct goldfish_rtc *rtc)
{
    if (!rtc->alarm_running || goldfish_rtc_now(rtc) < rtc->alarm_ns) return;
    rtc->alarm_running = false;
    rtc->irq_pending = true;
    rtc_update_irq(rtc);
}

static uint32_t rtc_read(void *opaque, uint32_t offset, unsigned size)
{
    struct goldfish_rtc *rtc = opaque;
    (void)size;
    switch (offset) {
    case GOLDFISH_RTC_TIME_LOW: {
        uint64_t now = goldfish_rtc_now(rtc);
        rtc->time_high = (uint32_t)(now >> 32);
        return (uint32_t)now;
    }
    case GOLDFISH_RTC_TIME_HIGH:
        return rtc->time_high;
    case GOLDFISH_RTC_ALARM_LOW:
        return (uint32_t)rtc->alarm_ns;
    case GOLDFISH_RTC_ALARM_HIGH:
        return (uint32_t)(rtc->alarm_ns >> 32);
    case GOLDFISH_RTC_IRQ_ENABLED:
        return rtc->irq_enabled;
    case GOLDFISH_RTC_ALARM_STATUS:
        return rtc->alarm_running;
    default:
        return 0;
    }
}

static void rtc_write(void *opaque, uint32_t offset, unsigned size, uint32_t value)
{
    struct goldfish_rtc *rtc = opaque;
    (void)size;
    switch (offset) {
    case GOLDFISH_RTC_TIME_LOW:
        rtc->offset_ns = (int64_t)(((uint64_t)rtc->time_high << 32 | value) - host_wall_ns());
        break;
    case GOLDFISH_RTC_TIME_HIGH:
        rtc->time_high = value;
        break;
    case GOLDFISH_RTC_ALARM_LOW:
        rtc->alarm_ns = (uint64_t)rtc->alarm_high << 32 | value;
        rtc->alarm_running = true;
        goldfish_rtc_poll(rtc);
        break;
    case GOLDFISH_RTC_ALARM_HIGH:
        rtc->alarm_high = value;
        break;
    case GOLDFISH_RTC_IRQ_ENABLED:
        rtc->irq_enabled = value & 1u;
        rtc_update_irq(rtc);
        break;
    case GOLDFISH_RTC_CLEAR_ALARM:
        rtc->alarm_running = false;
        break;
    case GOLDFISH_RTC_CLEAR_INTERRUPT:
        rtc->irq_pending = false;
        rtc_update_irq(rtc);
        break;
    default:
        log_guest_error("goldfish-rtc: write of unknown register 0x%x", offset);
        break;
    }
}

const struct mmio_ops goldfish_rtc_ops = {rtc_read, rtc_write};

struct device goldfish_rtc_device(struct goldfish_rtc *rtc)
{
    return (struct device){"goldfish-rtc", &goldfish_rtc_ops, rtc_reset, rtc};
}
