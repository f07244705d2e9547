/* devices/keymap.h — the Linux input key codes tern's keyboard sends
 * (include/uapi/linux/input-event-codes.h: the numbers a guest's evdev sees)
 * and the QEMU key names (QKeyCode, qapi/ui.json: "a", "ctrl", "f1", "ret",
 * "spc") that the monitor's sendkey takes. The SDL window maps its own
 * scancodes to the same codes (devices/display_sdl.c).
 *
 *   unsigned code = keymap_from_name("ctrl");   // KEY_LEFTCTRL (29); 0 = unknown
 */
#ifndef TERN_DEVICES_KEYMAP_H
#define TERN_DEVICES_KEYMAP_H

#include <stddef.h>
#include <stdint.h>

/* The Linux KEY_* values used by the tables (a subset of the 0..0x2ff range). */
enum linux_key {
    KEY_ESC = 1,
    KEY_1 = 2,
    KEY_2,
    KEY_3,
    KEY_4,
    KEY_5,
    KEY_6,
    KEY_7,
    KEY_8,
    KEY_9,
    KEY_0,
    KEY_MINUS = 12,
    KEY_EQUAL,
    KEY_BACKSPACE,
    KEY_TAB,
    KEY_Q = 16,
    KEY_W,
    KEY_E,
    KEY_R,
    KEY_T,
    KEY_Y,
    KEY_U,
    KEY_I,
    KEY_O,
    KEY_P,
    KEY_LEFTBRACE = 26,
    KEY_RIGHTBRACE,
    KEY_ENTER,
    KEY_LEFTCTRL,
    KEY_A = 30,
    KEY_S,
    KEY_D,
    KEY_F,
    KEY_G,
    KEY_H,
    KEY_J,
    KEY_K,
    KEY_L,
    KEY_SEMICOLON = 39,
    KEY_APOSTROPHE,
    KEY_GRAVE,
    KEY_LEFTSHIFT,
    KEY_BACKSLASH,
    KEY_Z = 44,
    KEY_X,
    KEY_C,
    KEY_V,
    KEY_B,
    KEY_N,
    KEY_M,
    KEY_COMMA = 51,
    KEY_DOT,
    KEY_SLASH,
    KEY_RIGHTSHIFT,
    KEY_KPASTERISK,
    KEY_LEFTALT,
    KEY_SPACE,
    KEY_CAPSLOCK = 58,
    KEY_F1,
    KEY_F2,
    KEY_F3,
    KEY_F4,
    KEY_F5,
    KEY_F6,
    KEY_F7,
    KEY_F8,
    KEY_F9,
    KEY_F10,
    KEY_NUMLOCK = 69,
    KEY_SCROLLLOCK,
    KEY_KP7 = 71,
    KEY_KP8,
    KEY_KP9,
    KEY_KPMINUS,
    KEY_KP4,
    KEY_KP5,
    KEY_KP6,
    KEY_KPPLUS,
    KEY_KP1 = 79,
    KEY_KP2,
    KEY_KP3,
    KEY_KP0,
    KEY_KPDOT,
    KEY_102ND = 86,
    KEY_F11,
    KEY_F12,
    KEY_KPENTER = 96,
    KEY_RIGHTCTRL,
    KEY_KPSLASH,
    KEY_SYSRQ,
    KEY_RIGHTALT,
    KEY_HOME = 102,
    KEY_UP,
    KEY_PAGEUP,
    KEY_LEFT,
    KEY_RIGHT,
    KEY_END,
    KEY_DOWN,
    KEY_PAGEDOWN,
    KEY_INSERT = 110,
    KEY_DELETE,
    KEY_POWER = 116,
    KEY_PAUSE = 119,
    KEY_LEFTMETA = 125,
    KEY_RIGHTMETA,
    KEY_COMPOSE,
    KEY_MENU = 139,
    KEY_MAX_CODE = 0x2ff, /* KEY_MAX: the EV_KEY bitmap covers 0..KEY_MAX_CODE */
};

struct keymap_entry {
    const char *name; /* QEMU's QKeyCode spelling */
    uint16_t code;    /* enum linux_key */
};

/* The Linux key code QEMU calls name ("a", "shift_r", "kp_enter"); 0 when
 * there is no such key name. */
unsigned keymap_from_name(const char *name);

/* Every named key, for the keyboard's EV_KEY bitmap and the help text. */
const struct keymap_entry *keymap_entries(size_t *count);

#endif
