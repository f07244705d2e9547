/* devices/display_sdl.c — the SDL2 window; see display_sdl.h. */
#include "devices/display_sdl.h"

#include "devices/keymap.h"

#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct display_sdl {
    SDL_Window *window;
    SDL_Renderer *renderer;
    SDL_Texture *texture;
    uint32_t width, height; /* the texture's size */
    const uint8_t *last_pixels;
    uint32_t last_generation;
    uint8_t *rgb; /* one converted frame */
    bool (*key)(void *opaque, unsigned code, bool down); /* NULL: keys become text */
    void *key_opaque;
    bool key_taken; /* the last key went to the keyboard: drop its text event */
};

/* SDL scancodes (USB HID usage page 7) to Linux key codes, as QEMU's
 * keycodemapdb has them (usb -> linux). */
static const struct {
    uint16_t scancode, code;
} scancode_map[] = {
    {SDL_SCANCODE_RETURN, KEY_ENTER}, {SDL_SCANCODE_ESCAPE, KEY_ESC},
    {SDL_SCANCODE_BACKSPACE, KEY_BACKSPACE}, {SDL_SCANCODE_TAB, KEY_TAB},
    {SDL_SCANCODE_SPACE, KEY_SPACE}, {SDL_SCANCODE_MINUS, KEY_MINUS},
    {SDL_SCANCODE_EQUALS, KEY_EQUAL}, {SDL_SCANCODE_LEFTBRACKET, KEY_LEFTBRACE},
    {SDL_SCANCODE_RIGHTBRACKET, KEY_RIGHTBRACE}, {SDL_SCANCODE_BACKSLASH, KEY_BACKSLASH},
    {SDL_SCANCODE_NONUSHASH, KEY_BACKSLASH}, {SDL_SCANCODE_SEMICOLON, KEY_SEMICOLON},
    {SDL_SCANCODE_APOSTROPHE, KEY_APOSTROPHE}, {SDL_SCANCODE_GRAVE, KEY_GRAVE},
    {SDL_SCANCODE_COMMA, KEY_COMMA}, {SDL_SCANCODE_PERIOD, KEY_DOT},
    {SDL_SCANCODE_SLASH, KEY_SLASH}, {SDL_SCANCODE_CAPSLOCK, KEY_CAPSLOCK},
    {SDL_SCANCODE_F11, KEY_F11}, {SDL_SCANCODE_F12, KEY_F12},
    {SDL_SCANCODE_PRINTSCREEN, KEY_SYSRQ}, {SDL_SCANCODE_SCROLLLOCK, KEY_SCROLLLOCK},
    {SDL_SCANCODE_PAUSE, KEY_PAUSE}, {SDL_SCANCODE_INSERT, KEY_INSERT},
    {SDL_SCANCODE_HOME, KEY_HOME}, {SDL_SCANCODE_PAGEUP, KEY_PAGEUP},
    {SDL_SCANCODE_DELETE, KEY_DELETE}, {SDL_SCANCODE_END, KEY_END},
    {SDL_SCANCODE_PAGEDOWN, KEY_PAGEDOWN}, {SDL_SCANCODE_RIGHT, KEY_RIGHT},
    {SDL_SCANCODE_LEFT, KEY_LEFT}, {SDL_SCANCODE_DOWN, KEY_DOWN}, {SDL_SCANCODE_UP, KEY_UP},
    {SDL_SCANCODE_NUMLOCKCLEAR, KEY_NUMLOCK}, {SDL_SCANCODE_KP_DIVIDE, KEY_KPSLASH},
    {SDL_SCANCODE_KP_MULTIPLY, KEY_KPASTERISK}, {SDL_SCANCODE_KP_MINUS, KEY_KPMINUS},
    {SDL_SCANCODE_KP_PLUS, KEY_KPPLUS}, {SDL_SCANCODE_KP_ENTER, KEY_KPENTER},
    {SDL_SCANCODE_KP_1, KEY_KP1}, {SDL_SCANCODE_KP_2, KEY_KP2}, {SDL_SCANCODE_KP_3, KEY_KP3},
    {SDL_SCANCODE_KP_4, KEY_KP4}, {SDL_SCANCODE_KP_5, KEY_KP5}, {SDL_SCANCODE_KP_6, KEY_KP6},
    {SDL_SCANCODE_KP_7, KEY_KP7}, {SDL_SCANCODE_KP_8, KEY_KP8}, {SDL_SCANCODE_KP_9, KEY_KP9},
    {SDL_SCANCODE_KP_0, KEY_KP0}, {SDL_SCANCODE_KP_PERIOD, KEY_KPDOT},
    {SDL_SCANCODE_NONUSBACKSLASH, KEY_102ND}, {SDL_SCANCODE_APPLICATION, KEY_COMPOSE},
    {SDL_SCANCODE_POWER, KEY_POWER}, {SDL_SCANCODE_MENU, KEY_MENU},
    {SDL_SCANCODE_LCTRL, KEY_LEFTCTRL}, {SDL_SCANCODE_LSHIFT, KEY_LEFTSHIFT},
    {SDL_SCANCODE_LALT, KEY_LEFTALT}, {SDL_SCANCODE_LGUI, KEY_LEFTMETA},
    {SDL_SCANCODE_RCTRL, KEY_RIGHTCTRL}, {SDL_SCANCODE_RSHIFT, KEY_RIGHTSHIFT},
    {SDL_SCANCODE_RALT, KEY_RIGHTALT}, {SDL_SCANCODE_RGUI, KEY_RIGHTMETA},
};

/* Letters, digits and F1-F10 are runs in both numberings, except the
 * letters: Linux orders them as the keyboard's rows. */
static const uint8_t letter_keys[26] = {
    KEY_A, KEY_B, KEY_C, KEY_D, KEY_E, KEY_F, KEY_G, KEY_H, KEY_I, KEY_J, KEY_K, KEY_L, KEY_M,
    KEY_N, KEY_O, KEY_P, KEY_Q, KEY_R, KEY_S, KEY_T, KEY_U, KEY_V, KEY_W, KEY_X, KEY_Y, KEY_Z};

unsigned display_sdl_linux_key(int scancode)
{
    if (scancode >= SDL_SCANCODE_A && scancode <= SDL_SCANCODE_Z)
        return letter_keys[scancode - SDL_SCANCODE_A];
    if (scancode >= SDL_SCANCODE_1 && scancode <= SDL_SCANCODE_0)
        return KEY_1 + (unsigned)(scancode - SDL_SCANCODE_1); /* 1..9, 0: both in that order */
    if (scancode >= SDL_SCANCODE_F1 && scancode <= SDL_SCANCODE_F10)
        return KEY_F1 + (unsigned)(scancode - SDL_SCANCODE_F1);
    for (size_t i = 0; i < sizeof scancode_map / sizeof scancode_map[0]; i++)
        if (scancode_map[i].scancode == scancode) return scancode_map[i].code;
    return 0;
}

void display_sdl_set_keyboard(struct display_sdl *d, bool (*key)(void *, unsigned, bool),
                              void *opaque)
{
    d->key = key;
    d->key_opaque = opaque;
}

/* A key press or release to the keyboard; true when it took it. SDL's own
 * repeats are dropped: the guest's input layer repeats (EV_REP). */
static bool key_event(struct display_sdl *d, const SDL_KeyboardEvent *k)
{
    unsigned code = display_sdl_linux_key(k->keysym.scancode);
    if (!d->key || !code) return false;
    if (k->repeat) return true;
    return d->key(d->key_opaque, code, k->state == SDL_PRESSED);
}

struct display_sdl *display_sdl_open(const char *title, char *err, size_t errlen)
{
    /* tern owns SIGINT/SIGTERM handling, not SDL; leaving the screensaver
     * alone keeps SDL off D-Bus. */
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
    SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "1");
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
        snprintf(err, errlen, "cannot open the SDL display (%s); use -display none",
                 SDL_GetError());
        return NULL;
    }
    /* Headless drivers: the software renderer, not a GL stack to load. */
    const char *driver = SDL_GetCurrentVideoDriver();
    if (driver && (!strcmp(driver, "offscreen") || !strcmp(driver, "dummy")))
        SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
    struct display_sdl *d = calloc(1, sizeof(*d));
    if (d) {
        d->window = SDL_CreateWindow(title, SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED, 640,
                                     480, SDL_WINDOW_RESIZABLE);
        d->renderer = d->window ? SDL_CreateRenderer(d->window, -1, 0) : NULL;
        if (!d->renderer && d->window)
            d->renderer = SDL_CreateRenderer(d->window, -1, SDL_RENDERER_SOFTWARE);
    }
    if (!d || !d->renderer) {
        snprintf(err, errlen, "cannot open the SDL window: %s", SDL_GetError());
        display_sdl_free(d);
        return NULL;
    }
    SDL_StartTextInput();
    return d;
}

/* A texture of the surface's size, and the window resized to it once. */
static bool ensure_texture(struct display_sdl *d, uint32_t w, uint32_t h)
{
    if (d->texture && d->width == w && d->height == h) return true;
    if (d->texture) SDL_DestroyTexture(d->texture);
    free(d->rgb);
    d->rgb = malloc((size_t)w * h * 3);
    d->texture = SDL_CreateTexture(d->renderer, SDL_PIXELFORMAT_RGB24, SDL_TEXTUREACCESS_STREAMING,
                                   (int)w, (int)h);
    if (!d->texture || !d->rgb) return false;
    d->width = w, d->height = h;
    SDL_SetWindowSize(d->window, (int)w, (int)h);
    SDL_RenderSetLogicalSize(d->renderer, (int)w, (int)h);
    return true;
}

void display_sdl_show(struct display_sdl *d, const struct display_surface *s, bool force)
{
    if (!force && s && s->pixels == d->last_pixels && s->generation == d->last_generation &&
        s->width == d->width && s->height == d->height)
        return;
    SDL_SetRenderDrawColor(d->renderer, 0, 0, 0, 255);
    SDL_RenderClear(d->renderer);
    if (s && s->pixels && ensure_texture(d, s->width, s->height)) {
        for (uint32_t y = 0; y < s->height; y++)
            display_row_rgb(s, y, d->rgb + (size_t)y * s->width * 3);
        SDL_UpdateTexture(d->texture, NULL, d->rgb, (int)(s->width * 3));
        SDL_RenderCopy(d->renderer, d->texture, NULL, NULL);
    }
    SDL_RenderPresent(d->renderer);
    d->last_pixels = s ? s->pixels : NULL;
    d->last_generation = s ? s->generation : 0;
}

/* The bytes a terminal would send for a key SDL reports as a keydown
 * rather than as text; 0 when none. */
static size_t key_bytes(const SDL_Keysym *k, uint8_t out[3])
{
    static const struct {
        SDL_Keycode key;
        uint8_t byte;
    } plain[] = {{SDLK_RETURN, '\r'},
                 {SDLK_KP_ENTER, '\r'},
                 {SDLK_BACKSPACE, 0x7f},
                 {SDLK_TAB, '\t'},
                 {SDLK_ESCAPE, 0x1b}};
    static const struct {
        SDL_Keycode key;
        uint8_t final;
    } arrows[] = {{SDLK_UP, 'A'}, {SDLK_DOWN, 'B'}, {SDLK_RIGHT, 'C'}, {SDLK_LEFT, 'D'}};
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++)
        if (k->sym == plain[i].key) return out[0] = plain[i].byte, 1;
    for (size_t i = 0; i < sizeof arrows / sizeof arrows[0]; i++)
        if (k->sym == arrows[i].key)
            return out[0] = 0x1b, out[1] = '[', out[2] = arrows[i].final, 3;
    if ((k->mod & KMOD_CTRL) && k->sym >= SDLK_a && k->sym <= SDLK_z)
        return out[0] = (uint8_t)(k->sym - SDLK_a + 1), 1;
    return 0;
}

size_t display_sdl_poll(struct display_sdl *d, uint8_t *keys, size_t max, bool *quit)
{
    SDL_Event ev;
    size_t n = 0;
    while (SDL_PollEvent(&ev)) {
        uint8_t buf[32];
        size_t len = 0;
        if (ev.type == SDL_QUIT ||
            (ev.type == SDL_WINDOWEVENT && ev.window.event == SDL_WINDOWEVENT_CLOSE))
            *quit = true;
        else if (ev.type == SDL_TEXTINPUT && !d->key_taken)
            len = strnlen(ev.text.text, sizeof ev.text.text), memcpy(buf, ev.text.text, len);
        else if (ev.type == SDL_KEYDOWN && !(d->key_taken = key_event(d, &ev.key)))
            len = key_bytes(&ev.key.keysym, buf);
        else if (ev.type == SDL_KEYUP)
            key_event(d, &ev.key);
        else if (ev.type == SDL_WINDOWEVENT && ev.window.event == SDL_WINDOWEVENT_EXPOSED)
            d->last_pixels = NULL; /* repaint on the next show */
        for (size_t i = 0; i < len && n < max; i++)
            keys[n++] = buf[i];
    }
    return n;
}

bool display_sdl_pixel(struct display_sdl *d, uint32_t x, uint32_t y, uint32_t *rgb)
{
    int ww, wh;
    if (!d->width || x >= d->width || y >= d->height) return false;
    SDL_GetRendererOutputSize(d->renderer, &ww, &wh);
    /* Surface pixel -> output pixel through the logical-size scaling. */
    SDL_Rect r = {(int)((uint64_t)x * (uint64_t)ww / d->width),
                  (int)((uint64_t)y * (uint64_t)wh / d->height), 1, 1};
    uint8_t px[4] = {0};
    /* The back buffer is undefined after a present: draw the frame again. */
    SDL_RenderClear(d->renderer);
    SDL_RenderCopy(d->renderer, d->texture, NULL, NULL);
    if (SDL_RenderReadPixels(d->renderer, &r, SDL_PIXELFORMAT_RGB888, px, 4) != 0) return false;
    *rgb = ((uint32_t)px[2] << 16 | (uint32_t)px[1] << 8 | px[0]);
    return true;
}

void display_sdl_free(struct display_sdl *d)
{
    if (d) {
        if (d->texture) SDL_DestroyTexture(d->texture);
        if (d->renderer) SDL_DestroyRenderer(d->renderer);
        if (d->window) SDL_DestroyWindow(d->window);
        free(d->rgb);
        free(d);
    }
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
}
