#!/bin/bash
# tests/user/debian/gzip.sh TERN CACHE [ENGINE] — Debian's gzip (not
# busybox's): levels 1 and 9, -n (no name/time), list, test, a corrupt stream.
. "$(dirname "$0")/lib.sh"
need /bin/gzip
make_text "$seed/text" 4000
make_binary "$seed/bin" 8
LD_LIBRARY_PATH=$native_libs "$native/bin/gzip" -c "$seed/text" >"$seed/text.gz"
head -c 2000 "$seed/text.gz" >"$seed/cut.gz"
seal
check compress_9 /dev/null /bin/gzip -9 -c text
check compress_1n /dev/null /bin/gzip -1 -n -c bin
check compress_stdin "$seed/text" /bin/gzip -c
check compress_file /dev/null /bin/gzip bin
check decompress /dev/null /bin/gzip -dc text.gz
check list /dev/null /bin/gzip -lv text.gz
check test /dev/null /bin/gzip -tv text.gz
check corrupt /dev/null /bin/gzip -dc cut.gz
finish
