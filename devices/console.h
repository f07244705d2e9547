/* devices/console.h — the host side of the serial console: reads the host's
 * stdin (raw mode when it is a terminal, restored on close) without blocking
 * and feeds the UART's receive FIFO, with QEMU's `-serial mon:stdio` escapes:
 * Ctrl-a x quits, Ctrl-a h prints help, Ctrl-a a sends a Ctrl-a, Ctrl-a c
 * switches between the guest's serial line and the monitor's `(tern) `
 * prompt (devices/monitor.h) on the same terminal. In the monitor the
 * console edits the line itself (echo, backspace; the terminal is raw) and
 * runs it on Enter; the guest keeps running and its output keeps coming.
 *
 *   struct console con;
 *   console_open(&con, STDIN_FILENO, STDOUT_FILENO);
 *   console_attach_monitor(&con, &mon);  // optional: without it C-a c says so
 *   console_poll(&con, uart);           // from the board's service hook
 *   if (con.quit) ...;
 *   console_close(&con);
 */
#ifndef TERN_DEVICES_CONSOLE_H
#define TERN_DEVICES_CONSOLE_H

#include <stdbool.h>
#include <stdint.h>
#include <termios.h>

struct uart16550;
struct monitor;

#define CONSOLE_ESCAPE 0x01 /* Ctrl-a */
#define CONSOLE_BUF 256
#define CONSOLE_LINE 256 /* longest monitor command line */

struct console {
    int in_fd, out_fd; /* in_fd < 0: no input (closed or at end of file) */
    bool raw;          /* in_fd is a terminal we put in raw mode */
    struct termios saved;
    bool escape;              /* the last byte was Ctrl-a */
    bool quit;                /* Ctrl-a x was typed */
    uint8_t buf[CONSOLE_BUF]; /* bytes read, not yet in the UART's FIFO */
    unsigned head, count;
    struct monitor *mon;     /* NULL: no monitor (-monitor none) */
    bool in_monitor;         /* input goes to the monitor's line, not the guest */
    bool greeted;            /* the monitor's banner was shown */
    bool last_cr;            /* a CR ended the last line: a following LF is part of it */
    char line[CONSOLE_LINE]; /* the monitor line being typed */
    unsigned line_len;
};

/* Starts reading in_fd (-1 = none), in raw mode when it is a terminal;
 * messages (help) go to out_fd. 0, or -1 when the terminal cannot be set. */
int console_open(struct console *con, int in_fd, int out_fd);

/* Makes Ctrl-a c reach mon, whose output then goes to the console's output
 * (LF written as CR LF: the terminal is raw). Call after console_open. */
void console_attach_monitor(struct console *con, struct monitor *mon);

/* Restores the terminal; safe to call twice. */
void console_close(struct console *con);

/* Moves what input is available into the UART's FIFO, as much as fits
 * (the rest waits: a real line would be flow controlled). Never blocks. */
void console_poll(struct console *con, struct uart16550 *uart);

/* The fd to wait on for input, or -1 when there is none (or bytes are already
 * waiting for room in the FIFO). */
int console_wait_fd(const struct console *con);

#endif
