/* tests/unit/test_uart.c — the ns16550a: reset values, transmitted bytes
 * reaching the host fd in order, the divisor latch, the receive FIFO, IIR and
 * the interrupt line, FCR, loopback. */
#include <check.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "devices/uart16550.h"

static int pipe_fd[2];
static struct uart16550 *u;
static bool irq_level;
static unsigned irq_calls;

static void record_irq(void *opaque, unsigned n, bool level)
{
    (void)opaque;
    ck_assert_uint_eq(n, 2);
    irq_level = level;
    irq_calls++;
}

static void setup(void)
{
    ck_assert_int_eq(pipe(pipe_fd), 0);
    fcntl(pipe_fd[0], F_SETFL, O_NONBLOCK);
    irq_level = false;
    irq_calls = 0;
    u = uart16550_new(pipe_fd[1], (struct irq_line){record_irq, NULL, 2});
    ck_assert_ptr_nonnull(u);
}

static void teardown(void)
{
    uart16550_free(u);
    close(pipe_fd[0]);
    close(pipe_fd[1]);
}

static uint32_t rd(unsigned reg)
{
    return uart16550_ops.read(u, reg, 1);
}

static void wr(unsigned reg, uint32_t v)
{
    uart16550_ops.write(u, reg, 1, v);
}

/* Everything written to the host fd so far. */
static ssize_t output(char *buf, size_t size)
{
    ssize_t n = read(pipe_fd[0], buf, size);
    return n < 0 ? 0 : n;
}

START_TEST(test_reset_values)
{
    ck_assert_uint_eq(rd(UART_LSR), UART_LSR_THRE | UART_LSR_TEMT);
    ck_assert_uint_eq(rd(UART_IIR_FCR), UART_IIR_NONE);
    ck_assert_uint_eq(rd(UART_MSR), 0xb0);
    ck_assert_uint_eq(rd(UART_LCR), 0);
    ck_assert_uint_eq(rd(UART_IER_DLM), 0);
    ck_assert(!irq_level);
}
END_TEST

START_TEST(test_transmit_in_order)
{
    const char *msg = "hello, uart\n";
    for (const char *p = msg; *p; p++) {
        ck_assert(rd(UART_LSR) & UART_LSR_THRE);
        wr(UART_RBR_THR_DLL, (uint8_t)*p);
    }
    char buf[64];
    ssize_t n = output(buf, sizeof buf);
    ck_assert_int_eq(n, 12);
    ck_assert_mem_eq(buf, msg, 12);
    ck_assert(!irq_level); /* THRI not enabled */
}
END_TEST

START_TEST(test_divisor_latch)
{
    wr(UART_LCR, UART_LCR_DLAB | 0x03);
    wr(UART_RBR_THR_DLL, 0x34);
    wr(UART_IER_DLM, 0x12);
    ck_assert_uint_eq(rd(UART_RBR_THR_DLL), 0x34);
    ck_assert_uint_eq(rd(UART_IER_DLM), 0x12);
    ck_assert_uint_eq(u->divisor, 0x1234);
    wr(UART_LCR, 0x03);
    ck_assert_uint_eq(rd(UART_IER_DLM), 0); /* IER untouched by the DLM write */
    char buf[8];
    ck_assert_int_eq(output(buf, sizeof buf), 0); /* DLL writes are not output */
    wr(UART_RBR_THR_DLL, 'x');
    ck_assert_int_eq(output(buf, sizeof buf), 1);
    ck_assert_int_eq(buf[0], 'x');
}
END_TEST

START_TEST(test_scratch_and_lcr)
{
    wr(UART_SCR, 0x5a);
    ck_assert_uint_eq(rd(UART_SCR), 0x5a);
    wr(UART_LCR, 0x1b);
    ck_assert_uint_eq(rd(UART_LCR), 0x1b);
    wr(UART_LSR, 0); /* read-only */
    ck_assert_uint_eq(rd(UART_LSR), UART_LSR_THRE | UART_LSR_TEMT);
}
END_TEST

START_TEST(test_receive_fifo)
{
    ck_assert(uart16550_receive(u, 'a'));
    ck_assert(uart16550_receive(u, 'b'));
    ck_assert(rd(UART_LSR) & UART_LSR_DR);
    ck_assert_uint_eq(rd(UART_RBR_THR_DLL), 'a');
    ck_assert(rd(UART_LSR) & UART_LSR_DR);
    ck_assert_uint_eq(rd(UART_RBR_THR_DLL), 'b');
    ck_assert(!(rd(UART_LSR) & UART_LSR_DR));
    for (int i = 0; i < UART_FIFO_SIZE; i++)
        ck_assert(uart16550_receive(u, (uint8_t)i));
    ck_assert(!uart16550_receive(u, 0xff));
    ck_assert(rd(UART_LSR) & UART_LSR_OE);
    ck_assert(!(rd(UART_LSR) & UART_LSR_OE)); /* cleared by the read */
    ck_assert_uint_eq(rd(UART_RBR_THR_DLL), 0);
}
END_TEST

START_TEST(test_rx_interrupt)
{
    wr(UART_IER_DLM, UART_IER_RDI);
    ck_assert(!irq_level);
    uart16550_receive(u, 'z');
    ck_assert(irq_level);
    ck_assert_uint_eq(rd(UART_IIR_FCR) & 0x0f, UART_IIR_RDI);
    ck_assert_uint_eq(rd(UART_RBR_THR_DLL), 'z');
    ck_assert(!irq_level);
    ck_assert_uint_eq(rd(UART_IIR_FCR) & 0x0f, UART_IIR_NONE);
}
END_TEST

START_TEST(test_thr_interrupt)
{
    wr(UART_IER_DLM, UART_IER_THRI);
    ck_assert(irq_level); /* THR is empty: pending at once */
    ck_assert_uint_eq(rd(UART_IIR_FCR) & 0x0f, UART_IIR_THRI);
    ck_assert(!irq_level); /* the IIR read acknowledged it */
    ck_assert_uint_eq(rd(UART_IIR_FCR) & 0x0f, UART_IIR_NONE);
    wr(UART_RBR_THR_DLL, '!');
    ck_assert(irq_level);
    /* Received data outranks THR empty. */
    wr(UART_IER_DLM, UART_IER_THRI | UART_IER_RDI);
    uart16550_receive(u, 'q');
    ck_assert_uint_eq(rd(UART_IIR_FCR) & 0x0f, UART_IIR_RDI);
    wr(UART_IER_DLM, 0);
    ck_assert(!irq_level);
}
END_TEST

START_TEST(test_fcr)
{
    wr(UART_IIR_FCR, 0x01);
    ck_assert_uint_eq(rd(UART_IIR_FCR), UART_IIR_FIFO | UART_IIR_NONE);
    uart16550_receive(u, 'a');
    wr(UART_IIR_FCR, 0x03); /* clear the receive FIFO */
    ck_assert(!(rd(UART_LSR) & UART_LSR_DR));
    wr(UART_IIR_FCR, 0x00);
    ck_assert_uint_eq(rd(UART_IIR_FCR), UART_IIR_NONE);
}
END_TEST

START_TEST(test_loopback)
{
    wr(UART_MCR, UART_MCR_LOOP | 0x03);           /* DTR | RTS */
    ck_assert_uint_eq(rd(UART_MSR) & 0xf0, 0x30); /* DSR | CTS */
    wr(UART_RBR_THR_DLL, 'L');
    char buf[4];
    ck_assert_int_eq(output(buf, sizeof buf), 0);
    ck_assert(rd(UART_LSR) & UART_LSR_DR);
    ck_assert_uint_eq(rd(UART_RBR_THR_DLL), 'L');
    wr(UART_MCR, 0);
    ck_assert_uint_eq(rd(UART_MSR), 0xb0);
}
END_TEST

START_TEST(test_device_reset)
{
    struct device dev = uart16550_device(u);
    wr(UART_LCR, 0x83);
    uart16550_receive(u, 'a');
    device_reset(dev);
    ck_assert_uint_eq(rd(UART_LCR), 0);
    ck_assert_uint_eq(rd(UART_LSR), UART_LSR_THRE | UART_LSR_TEMT);
    ck_assert_ptr_eq(dev.mmio, &uart16550_ops);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("uart16550");
    TCase *tc = tcase_create("uart");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_reset_values);
    tcase_add_test(tc, test_transmit_in_order);
    tcase_add_test(tc, test_divisor_latch);
    tcase_add_test(tc, test_scratch_and_lcr);
    tcase_add_test(tc, test_receive_fifo);
    tcase_add_test(tc, test_rx_interrupt);
    tcase_add_test(tc, test_thr_interrupt);
    tcase_add_test(tc, test_fcr);
    tcase_add_test(tc, test_loopback);
    tcase_add_test(tc, test_device_reset);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
