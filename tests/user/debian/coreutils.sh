#!/bin/bash
# tests/user/debian/coreutils.sh TERN CACHE [ENGINE] — Debian's coreutils
# (dynamic, libacl/libattr/libselinux/libgmp): listing and stat of a fixed
# tree, sorting, checksums, text tools, arithmetic, dates, and errors.
. "$(dirname "$0")/lib.sh"
need /bin/ls /usr/bin/sort
make_text "$seed/text" 500
mkdir -p "$seed/dir/sub"
printf 'alpha\n' >"$seed/dir/a"
printf 'beta beta\n' >"$seed/dir/b"
printf 'gamma\n' >"$seed/dir/sub/c"
printf 'pear\napple\nfig\napple\nBanana\n10\n9\n' >"$seed/fruit"
chmod 640 "$seed/dir/a"
ln -s a "$seed/dir/lnk"
seal
c() { local name=$1 prog=$2; shift 2; check "$name" /dev/null "$prog" "$@"; }
c ls_l /bin/ls -lnR --time-style=+%F_%T dir
c ls_sort /bin/ls -1SrA dir
c stat /usr/bin/stat -c '%n %s %a %F %h %Y' dir dir/a dir/lnk text
c du /usr/bin/du -ab --apparent-size dir
c sort_n /usr/bin/sort -t ' ' -k5,5 -k1,1nr text
c sort_u /usr/bin/sort -fu fruit
c sort_v /usr/bin/sort -V fruit
c uniq /usr/bin/uniq -c fruit
c sha256 /usr/bin/sha256sum text fruit
c sha512 /usr/bin/sha512sum text
c b2sum /usr/bin/b2sum text
c md5 /usr/bin/md5sum dir/a dir/b
c cksum /usr/bin/cksum text
c base64 /usr/bin/base64 text
c wc /usr/bin/wc -lwmc text fruit
c head_c /usr/bin/head -c 100 text
c tail /usr/bin/tail -n 3 text
c cut /usr/bin/cut -d ' ' -f 2,5 text
c paste /usr/bin/paste -d: fruit fruit
c nl /usr/bin/nl -ba fruit
c tac /usr/bin/tac fruit
c fold /usr/bin/fold -w 17 text
c split /usr/bin/split -l 100 -d text part.
c csplit /usr/bin/csplit -s text '/^000250/' '{1}'
c numfmt /usr/bin/numfmt --to=iec 1023 1024 123456789 9876543210
c factor /usr/bin/factor 4294967291 18446744073709551557 1234567890123456789
c expr /usr/bin/expr 123456789 '*' 1000 % 997
c seq /usr/bin/seq -f '%.3e' 0.1 0.7 5
c printf /usr/bin/printf '%s %05d %x %o %.3f %g %c\n' str 42 255 8 3.14159 1e-10 z
c date /bin/date -u -d '2021-03-04 05:06:07' '+%s %A %j %U %c'
c touch_d /bin/touch -d '2001-02-03 04:05:06 UTC' dir/b
c cp_a /bin/cp -a dir d2
c mv /bin/mv fruit dir/
c rm_r /bin/rm -r dir/sub
c mkdir_p /bin/mkdir -p -m 700 x/y/z
c ln_s /bin/ln -s text link2
c chmod /bin/chmod -R go-r dir
c readlink /bin/readlink dir/lnk
c realpath /usr/bin/realpath -s --relative-to=dir dir/sub/c
c tr /usr/bin/tr -d 'aeiou' --
c od /usr/bin/od -Ax -tx1z -N 48 text
c dd /bin/dd if=text of=dd.out bs=1000 count=3 skip=1 status=none
c truncate /usr/bin/truncate -s 1234 text
c join /usr/bin/join fruit fruit
c comm /usr/bin/comm -12 fruit fruit
c tsort /usr/bin/tsort fruit
c shuf /usr/bin/shuf --random-source=text -n 5 fruit
c missing /bin/cat nope
c bad_opt /bin/ls --bogus
c false /bin/false
c test /usr/bin/test -d dir -a -f dir/a
finish
