/* core/boot.h — what a boot loader does before a Linux kernel runs: places
 * the initrd and the device tree at the top of RAM (BOARD.md: KASLR may copy
 * the kernel up to 16 MiB higher without looking, so nothing goes right
 * after it), and enters the kernel through the UHI protocol: $a0 = -2,
 * $a1 = the KSEG0 address of the DTB, $a2 = $a3 = 0.
 *
 *   struct boot_layout l;
 *   if (boot_place(&bus, ram_size, kernel_end, "rootfs.cpio.gz", dtb, dtb_size,
 *                  &l, err, sizeof err) != 0) ...;
 *   boot_enter_uhi(&cpu, kernel_entry, &l);
 *
 * The DTB itself is the board's to write (devices/fdt.h); it needs the initrd
 * placement first, so boot_place_initrd() and boot_place_dtb() are separate.
 */
#ifndef TERN_CORE_BOOT_H
#define TERN_CORE_BOOT_H

#include <stddef.h>
#include <stdint.h>

struct bus;
struct cpu;

struct boot_layout {
    uint32_t initrd_start, initrd_end; /* physical; equal when there is no initrd */
    uint32_t dtb_addr, dtb_size;       /* physical */
};

/* Reads the whole of a regular file into a malloc'd buffer; 0, or -1 with a
 * one-line message ("cannot open 'x': No such file or directory"). */
int boot_read_file(const char *path, uint8_t **data, size_t *size, char *err, size_t errlen);

/* Where Debian's MIPS decompressor puts the kernel (VMLINUX_LOAD_ADDRESS). */
#define BOOT_UNPACK_ADDR 0x00100000u

/* Debian's vmlinuz is a little-endian ELF decompressor around an XZ stream
 * (BOARD.md "The image"). When image is one, unpacks the kernel on the host
 * to physical BOOT_UNPACK_ADDR and returns 1 with *entry (kernel_entry, the
 * target of the decompressor's last `lui t9 / ori t9` pair) and *end
 * (physical end of the kernel); 0 when image is not such a kernel (load it as
 * a plain ELF); -1 with a message when the stream is corrupt or too big. */
int boot_unpack_kernel(struct bus *bus, uint32_t ram_size, const uint8_t *image, size_t size,
                       uint32_t *entry, uint32_t *end, char *err, size_t errlen);

/* Copies the initrd file (NULL = none) to the top of RAM, 4 KiB aligned,
 * leaving room for a DTB of dtb_room bytes above it, and above kernel_end
 * (physical). Fills initrd_start/end; 0, or -1 with a message. */
int boot_place_initrd(struct bus *bus, uint32_t ram_size, uint32_t kernel_end, const char *path,
                      uint32_t dtb_room, struct boot_layout *l, char *err, size_t errlen);

/* Copies the DTB into the room boot_place_initrd left (8-byte aligned, below
 * the top of RAM, above the initrd). 0, or -1 with a message. */
int boot_place_dtb(struct bus *bus, uint32_t ram_size, const void *dtb, uint32_t size,
                   struct boot_layout *l, char *err, size_t errlen);

/* Sets the UHI entry registers and pc = entry (kernel mode, BEV, interrupts
 * off: BOARD.md "Entry"). */
void boot_enter_uhi(struct cpu *cpu, uint32_t entry, const struct boot_layout *l);

#endif
