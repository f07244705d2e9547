/* guest/rt/libc.c — the tiny libc of guest programs: formatted output over
 * rt_write() and the memory/string functions GCC may call even when
 * freestanding (memcpy, memset, memmove, memcmp). No 64-bit division, so no
 * libgcc helpers are needed. */
#include "rt.h"

/* An output sink: a bounded buffer, or the console through a small buffer. */
struct sink {
    char *buf;
    size_t size, len;
    int console;
    int total;
};

static void sink_flush(struct sink *s)
{
    if (s->console && s->len) {
        rt_write(s->buf, s->len);
        s->len = 0;
    }
}

static void sink_put(struct sink *s, char c)
{
    if (s->console && s->len == s->size)
        sink_flush(s);
    if (s->len + 1 < s->size || (s->console && s->len < s->size))
        s->buf[s->len++] = c;
    s->total++;
}

/* Formats V in BASE (10 or 16) into TMP backwards; returns the digit count. */
static int format_digits(char *tmp, uint32_t v, unsigned base, int upper)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    int n = 0;
    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while (v);
    return n;
}

struct spec {
    int width;
    int zero, left;
};

static void put_padded(struct sink *s, const struct spec *sp, const char *text, int len,
                       int negative)
{
    int pad = sp->width - len - negative;
    if (negative && sp->zero)
        sink_put(s, '-');
    for (; !sp->left && pad > 0; pad--)
        sink_put(s, sp->zero ? '0' : ' ');
    if (negative && !sp->zero)
        sink_put(s, '-');
    for (int i = 0; i < len; i++)
        sink_put(s, text[i]);
    for (; sp->left && pad > 0; pad--)
        sink_put(s, ' ');
}

static void put_number(struct sink *s, const struct spec *sp, uint32_t v, unsigned base,
                       int upper, int negative)
{
    char tmp[12], text[12];
    int n = format_digits(tmp, v, base, upper);
    for (int i = 0; i < n; i++)
        text[i] = tmp[n - 1 - i];
    put_padded(s, sp, text, n, negative);
}

static const char *parse_spec(const char *f, struct spec *sp)
{
    sp->width = 0;
    sp->zero = sp->left = 0;
    for (;; f++) {
        if (*f == '0')
            sp->zero = 1;
        else if (*f == '-')
            sp->left = 1;
        else
            break;
    }
    while (*f >= '0' && *f <= '9')
        sp->width = sp->width * 10 + (*f++ - '0');
    while (*f == 'l')
        f++;
    return f;
}

static void convert(struct sink *s, const struct spec *sp, char conv, va_list *ap)
{
    switch (conv) {
    case 'd':
    case 'i': {
        int v = va_arg(*ap, int);
        put_number(s, sp, v < 0 ? 0u - (uint32_t)v : (uint32_t)v, 10, 0, v < 0);
        break;
    }
    case 'u': put_number(s, sp, va_arg(*ap, unsigned), 10, 0, 0); break;
    case 'x': put_number(s, sp, va_arg(*ap, unsigned), 16, 0, 0); break;
    case 'X': put_number(s, sp, va_arg(*ap, unsigned), 16, 1, 0); break;
    case 'p': put_number(s, sp, (uint32_t)(uintptr_t)va_arg(*ap, void *), 16, 0, 0); break;
    case 'c': {
        char c = (char)va_arg(*ap, int);
        put_padded(s, sp, &c, 1, 0);
        break;
    }
    case 's': {
        const char *str = va_arg(*ap, const char *);
        if (!str)
            str = "(null)";
        put_padded(s, sp, str, (int)strlen(str), 0);
        break;
    }
    default: sink_put(s, conv); break; /* '%%' and anything unknown */
    }
}

static void format(struct sink *s, const char *fmt, va_list ap)
{
    va_list args;
    va_copy(args, ap);
    for (const char *f = fmt; *f; f++) {
        if (*f != '%') {
            sink_put(s, *f);
            continue;
        }
        struct spec sp;
        f = parse_spec(f + 1, &sp);
        if (!*f)
            break;
        convert(s, &sp, *f, &args);
    }
    va_end(args);
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct sink s = {buf, size, 0, 0, 0};
    format(&s, fmt, ap);
    if (size)
        buf[s.len] = '\0';
    return s.total;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

int printf(const char *fmt, ...)
{
    char buf[128];
    struct sink s = {buf, sizeof buf, 0, 1, 0};
    va_list ap;
    va_start(ap, fmt);
    format(&s, fmt, ap);
    va_end(ap);
    sink_flush(&s);
    return s.total;
}

int putchar(int c)
{
    char ch = (char)c;
    rt_write(&ch, 1);
    return c & 0xff;
}

int puts(const char *s)
{
    rt_write(s, strlen(s));
    rt_write("\n", 1);
    return 0;
}

void *memcpy(void *dst, const void *src, size_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;
    while (n--)
        *d++ = *s++;
    return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;
    if (d <= s || d >= s + n)
        return memcpy(dst, src, n);
    while (n--)
        d[n] = s[n];
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    uint8_t *d = dst;
    while (n--)
        *d++ = (uint8_t)c;
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const uint8_t *x = a, *y = b;
    for (size_t i = 0; i < n; i++)
        if (x[i] != y[i])
            return x[i] - y[i];
    return 0;
}

size_t strlen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

int strcmp(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
    for (; n; n--, a++, b++) {
        if (*a != *b || !*a)
            return (unsigned char)*a - (unsigned char)*b;
    }
    return 0;
}

char *strcpy(char *dst, const char *src)
{
    char *d = dst;
    while ((*d++ = *src++))
        ;
    return dst;
}
