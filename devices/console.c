/* devices/console.c — stdin to the UART with Ctrl-a escapes; see console.h. */
#include "devices/console.h"

#include "devices/monitor.h"
#include "devices/uart16550.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

static const char console_help[] = "\r\nC-a h    print this help\r\n"
                                   "C-a x    exit tern\r\n"
                                   "C-a a    send C-a to the guest\r\n"
                                   "C-a c    switch between console and monitor\r\n";

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

/* The monitor's writer: LF becomes CR LF on the raw terminal. */
static void console_write_crlf(void *out, const char *text, size_t len)
{
    const struct console *con = out;
    char buf[2 * CONSOLE_LINE];
    while (len > 0 && con->out_fd >= 0) {
        size_t n = 0;
        for (; len > 0 && n + 2 <= sizeof buf; text++, len--) {
            if (*text == '\n') buf[n++] = '\r';
            buf[n++] = *text;
        }
        if (write(con->out_fd, buf, n) < 0) return;
    }
}

void console_attach_monitor(struct console *con, struct monitor *mon)
{
    con->mon = mon;
    mon->write = console_write_crlf;
    mon->out = con;
}

static void console_prompt(struct console *con)
{
    console_say(con, MONITOR_PROMPT);
}

/* C-a c: into the monitor (banner the first time, as QEMU's mux) or back. */
static void console_toggle_monitor(struct console *con)
{
    if (!con->mon) {
        console_say(con, "\r\ntern: no monitor (-monitor none)\r\n");
        return;
    }
    con->in_monitor = !con->in_monitor;
    if (!con->in_monitor) return console_say(con, "\r\n");
    console_say(con, "\r\n");
    if (!con->greeted) console_write_crlf(con, MONITOR_BANNER, strlen(MONITOR_BANNER));
    con->greeted = true;
    con->line_len = 0;
    console_prompt(con);
}

/* One byte typed at the monitor: the line editor of a raw terminal. */
static void console_monitor_byte(struct console *con, uint8_t byte)
{
    bool lf_after_cr = byte == '\n' && con->last_cr;
    con->last_cr = byte == '\r';
    if (lf_after_cr) return;
    if (byte == '\r' || byte == '\n') {
        con->line[con->line_len] = '\0';
        con->line_len = 0;
        console_say(con, "\r\n");
        monitor_execute(con->mon, con->line);
        if (con->in_monitor && !con->quit) console_prompt(con);
    } else if ((byte == 0x7f || byte == '\b') && con->line_len > 0) {
        con->line_len--;
        console_say(con, "\b \b");
    } else if (byte >= 0x20 && byte < 0x7f && con->line_len + 1 < sizeof con->line) {
        con->line[con->line_len++] = (char)byte;
        char echo[2] = {(char)byte, '\0'};
        console_say(con, echo);
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
        console_toggle_monitor(con);
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
        bool to_guest =
            (!was_escape && byte != CONSOLE_ESCAPE) || (was_escape && console_escape(con, byte));
        if (!to_guest) continue;
        if (was_escape) byte = CONSOLE_ESCAPE; /* C-a a */
        if (con->in_monitor)
            console_monitor_byte(con, byte);
        else
            con->buf[con->count++] = byte;
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
