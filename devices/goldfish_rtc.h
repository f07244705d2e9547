/* devices/goldfish_rtc.h — the Goldfish real-time clock (google,goldfish-rtc,
 * Linux drivers/rtc/rtc-goldfish.c): nanoseconds since the Unix epoch in two
 * 32-bit halves (reading TIME_LOW latches TIME_HIGH), and one alarm with an
 * interrupt. Time is the host's wall clock plus an offset the guest may set.
 *
 *   struct goldfish_rtc rtc;
 *   goldfish_rtc_init(&rtc, irq);
 *   device_map(&bus, BOARD_RTC_BASE, BOARD_RTC_SIZE, goldfish_rtc_device(&rtc));
 *   goldfish_rtc_poll(&rtc);    // from the board's service hook: fires a due alarm
 */
#ifndef TERN_DEVICES_GOLDFISH_RTC_H
#define TERN_DEVICES_GOLDFISH_RTC_H

#include <stdbool.h>
#include <stdint.h>

#include "devices/device.h"

enum goldfish_rtc_reg {
    GOLDFISH_RTC_TIME_LOW = 0x00,
    GOLDFISH_RTC_TIME_HIGH = 0x04,
    GOLDFISH_RTC_ALARM_LOW = 0x08,
    GOLDFISH_RTC_ALARM_HIGH = 0x0c,
    GOLDFISH_RTC_IRQ_ENABLED = 0x10,
    GOLDFISH_RTC_CLEAR_ALARM = 0x14,
    GOLDFISH_RTC_ALARM_STATUS = 0x18,
    GOLDFISH_RTC_CLEAR_INTERRUPT = 0x1c,
};

struct goldfish_rtc {
    struct irq_line irq;
    int64_t offset_ns; /* guest time = host wall clock + offset */
    uint64_t alarm_ns;
    uint32_t time_high, alarm_high; /* latched / staged high halves */
    bool irq_enabled, alarm_running, irq_pending;
};

/* Initialises the RTC at host time with no alarm. */
void goldfish_rtc_init(struct goldfish_rtc *rtc, struct irq_line irq);

/* Guest time now, in nanoseconds since the epoch. */
uint64_t goldfish_rtc_now(const struct goldfish_rtc *rtc);

/* Fires the alarm when it is due: raises the interrupt if enabled. */
void goldfish_rtc_poll(struct goldfish_rtc *rtc);

/* The register file, as the bus calls it. */
extern const struct mmio_ops goldfish_rtc_ops;

/* The device as the board maps it. */
struct device goldfish_rtc_device(struct goldfish_rtc *rtc);

#endif
