#!/bin/bash
# tests/user/debian/file.sh TERN CACHE [ENGINE] — Debian's file (libmagic and
# its compiled magic database, which tern's -L rule finds in the sysroot): the
# types of fixed files made here (text, scripts, archives, images), never of
# a program itself (that would report the machine, which differs by design).
. "$(dirname "$0")/lib.sh"
need /usr/bin/file
make_text "$seed/text" 50
printf '#!/bin/sh\necho hi\n' >"$seed/script"
printf '#!/usr/bin/python3\nprint(1)\n' >"$seed/py"
printf '<?xml version="1.0"?>\n<a/>\n' >"$seed/x.xml"
printf '<!DOCTYPE html>\n<html><body>hi</body></html>\n' >"$seed/page.html"
printf '\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x08\x08\x02\x00\x00\x00' >"$seed/img.png"
printf 'GIF89a\x20\x00\x10\x00\x00\x00\x00' >"$seed/img.gif"
printf '%%PDF-1.4\n%%\xe2\xe3\n' >"$seed/doc.pdf"
printf '{"a": [1, 2, {"b": null}]}\n' >"$seed/j.json"
printf 'caf\xc3\xa9 na\xc3\xafve\n' >"$seed/utf8"
printf 'a\r\nb\r\n' >"$seed/crlf"
: >"$seed/empty"
head -c 4096 /dev/zero >"$seed/zeros"
gzip -n -9 -c "$seed/text" >"$seed/text.gz"
bzip2 -c "$seed/text" >"$seed/text.bz2"
xz -c "$seed/text" >"$seed/text.xz"
(cd "$seed" && tar --owner=0 --group=0 --mtime='2020-01-01 UTC' -cf a.tar text script)
mkdir "$seed/dir"
ln -s text "$seed/link"
seal
all="text script py x.xml page.html img.png img.gif doc.pdf j.json utf8 crlf empty zeros text.gz text.bz2 text.xz a.tar dir link"
# shellcheck disable=SC2086
check all /dev/null /usr/bin/file $all
# shellcheck disable=SC2086
check mime /dev/null /usr/bin/file -i $all
check brief_z /dev/null /usr/bin/file -bz text.gz text.xz
check follow /dev/null /usr/bin/file -L link
check stdin "$seed/img.png" /usr/bin/file -
check missing /dev/null /usr/bin/file nope
finish
