/* devices/console.c — stdin to the UART with Ctrl-a escapes; see console.h. */
#include "devices/console.h"

#include "devices/uart16550.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

static const char console_help[] = "\r\nC-a h    print this help\r\n"
                                   "C-a x    exit tern\r\n"
                                   "C-a a    send C-a to the guest\r\n"
                                   "C-a c    (monitor: not implemented in tern)\r\n";

int console_open(struct console *con, int in_fd, int out_fd)
{
    memset(con, 0, sizeof(*con));
    con->in_fd = in_fd;
    con->out_fd = out_fd;
    if (in_fd < 0 || !isatty(in_fd)) return 0;
    if (tcgetattr(in_fd, &con->saved) != 0) return -1;
    struct termios raw = con->saved;
    /* Raw like QEMU's stdio backend: no echo, no line editing, no signals
     * (Ctrl-c goes to the guest), no CR/NL mapping either way. */
    cfmakeraw(&raw);
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    if (tcsetattr(in_fd, TCSANOW, &raw) != 0) return -1;
    con->raw = true;
    return 0;
}

void console_close(struct console *con)
{
    if (con->raw) tcsetattr(con->in_fd, TCSANOW, &con->saved);
    con->raw = false;
}

static void console_say(const struct console *con, const char *text)
{
    if (con->out_fd >= 0 && write(con->out_fd, text, strlen(text)) < 0) {
        /* nothing to do: the console itself is gone */
    }
}

/* Interprets byte after Ctrl-a; true when it goes to the guest. */
static bool console_escape(struct console *con, uint8_t byte)
{
    switch (byte) {
    case 'x':
    case 'X':
        console_say(con, "\r\ntern: terminated by C-a x\r\n");
        con->quit = true;
        return false;
    case 'h':
    case 'H':
    case '?':
        console_say(con, console_help);
        return false;
    case 'c':
    case 'C':
        console_say(con, "\r\ntern: no monitor in this build (C-a h for help)\r\n");
        return false;
    case CONSOLE_ESCAPE:
    case 'a':
        return true; /* sends a Ctrl-a itself */
    default:
        return false;
    }
}

/* Reads what is there without blocking; filters escapes into buf. */
static void console_fill(struct console *con)
{
    struct pollfd pfd = {con->in_fd, POLLIN, 0};
    if (con->in_fd < 0 || con->count > 0 || poll(&pfd, 1, 0) <= 0) return;
    uint8_t raw[CONSOLE_BUF];
    ssize_t n = read(con->in_fd, raw, sizeof raw);
    if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN)) {
        con->in_fd = -1; /* end of input: the guest simply gets no more */
        return;
    }
    con->head = 0;
    for (ssize_t i = 0; i < n; i++) {
        uint8_t byte = raw[i];
        bool was_escape = con->escape;
        con->escape = !was_escape && byte == CONSOLE_ESCAPE;
        if (!was_escape && byte != CONSOLE_ESCAPE)
            con->buf[con->count++] = byte;
        else if (was_escape && console_escape(con, byte))
            con->buf[con->count++] = CONSOLE_ESCAPE;
    }
}

void console_poll(struct console *con, struct uart16550 *uart)
{
    console_fill(con);
    while (con->count > 0 && uart->rx_count < UART_FIFO_SIZE) {
        uart16550_receive(uart, con->buf[con->head++]);
        con->count--;
    }
}

int console_wait_fd(const struct console *con)
{
    return con->count > 0 ? -1 : con->in_fd;
}
