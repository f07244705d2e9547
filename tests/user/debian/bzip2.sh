#!/bin/bash
# tests/user/debian/bzip2.sh TERN CACHE [ENGINE] — Debian's bzip2 (libbz2):
# compress at block sizes 1 and 9, decompress, test, a corrupt stream.
. "$(dirname "$0")/lib.sh"
need /bin/bzip2
make_text "$seed/text" 4000
make_binary "$seed/bin" 8
LD_LIBRARY_PATH=$native_libs "$native/bin/bzip2" -c "$seed/text" >"$seed/text.bz2"
head -c 2000 "$seed/text.bz2" >"$seed/cut.bz2"
seal
check compress_9 /dev/null /bin/bzip2 -9 -c text
check compress_1 /dev/null /bin/bzip2 -1 -c bin
check compress_stdin "$seed/text" /bin/bzip2 -c
check compress_file /dev/null /bin/bzip2 -k bin
check decompress /dev/null /bin/bzip2 -dc text.bz2
check test /dev/null /bin/bzip2 -tv text.bz2
check corrupt /dev/null /bin/bzip2 -dc cut.bz2
finish
