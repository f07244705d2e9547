#!/bin/bash
# tests/user/debian/xz.sh TERN CACHE [ENGINE] — Debian's xz-utils (liblzma):
# compress at several presets and formats, decompress, list, test, and a
# corrupt stream's error, mipsel under tern-user against amd64 natively.
. "$(dirname "$0")/lib.sh"
need /usr/bin/xz
make_text "$seed/text" 4000
make_binary "$seed/bin" 16
printf 'tiny\n' >"$seed/tiny"
LD_LIBRARY_PATH=$native_libs "$native/usr/bin/xz" -c -6 "$seed/text" >"$seed/text.xz"
head -c 3000 "$seed/text.xz" >"$seed/cut.xz"
seal
check compress_default /dev/null /usr/bin/xz -c text
check compress_9e /dev/null /usr/bin/xz -9e -c text
check compress_0 /dev/null /usr/bin/xz -0 -c bin
check compress_lzma /dev/null /usr/bin/xz --format=lzma -c text
check compress_crc32 /dev/null /usr/bin/xz -C crc32 -3 -c tiny
check compress_stdin "$seed/text" /usr/bin/xz -c -4
check compress_file /dev/null /usr/bin/xz -k bin
check decompress /dev/null /usr/bin/xz -dc text.xz
check list /dev/null /usr/bin/xz -lvv text.xz
check test /dev/null /usr/bin/xz -t text.xz
check corrupt /dev/null /usr/bin/xz -dc cut.xz
check missing /dev/null /usr/bin/xz -dc nope.xz
finish
