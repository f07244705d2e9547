#!/bin/sh
# tests/user/busybox.sh TERN_USER CACHE — Debian's mipsel busybox-static under
# tern-user against the amd64 busybox-static of the same Debian version run
# natively: each case runs in its own copy of a fixed directory, and stdout,
# the exit status and the files left behind must be identical. Then a few
# dynamic mipsel coreutils (with -L sysroot) against the host's coreutils,
# which is the same Debian version (bookworm).
tern=$1
cache=$2
root=$cache/sysroot-mipsel
mbb=$root/bin/busybox
nbb=$cache/native-amd64/bin/busybox
for f in "$mbb" "$nbb"; do
    [ -x "$f" ] || { echo "missing $f: run scripts/fetch-debian.sh"; exit 1; }
done
failures=0
count=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The fixed input tree: same names, bytes and times for both sides.
mkdir -p "$work/seed/dir/sub"
i=0
while [ $i -lt 200 ]; do
    echo "line $i $((i * 7919 % 1000)) word$((i % 13))"
    i=$((i + 1))
done >"$work/seed/data.txt"
printf 'pear\napple\nfig\napple\nbanana\n' >"$work/seed/fruit.txt"
printf 'alpha\n' >"$work/seed/dir/a"
printf 'beta beta\n' >"$work/seed/dir/b"
printf 'gamma\n' >"$work/seed/dir/sub/c"
printf 'echo "args: $# $1 $2"\nfor w in a b c; do printf "%%s." "$w"; done\necho\nexit 4\n' >"$work/seed/script.sh"
mkdir -p "$work/seed/ext"
(cd "$work/seed" && "$nbb" tar -cf pre.tar dir && "$nbb" gzip -c fruit.txt >pre.gz)
find "$work/seed" -exec touch -h -d '2020-01-02 03:04:05 UTC' {} +

# check NAME STDIN -- CMD...: CMD is "bb APPLET ARGS" (busybox on both sides)
# or "cu PROG ARGS" (coreutils: host /usr/bin/PROG vs the sysroot's).
check() {
    name=$1
    input=$2
    shift 3
    kind=$1
    shift
    rm -rf "$work/n" "$work/t"
    cp -a "$work/seed" "$work/n"
    cp -a "$work/seed" "$work/t"
    if [ "$kind" = bb ]; then
        (cd "$work/n" && "$nbb" "$@" <"$input" >"$work/n.out" 2>"$work/n.err")
        n=$?
        (cd "$work/t" && "$tern" "$mbb" "$@" <"$input" >"$work/t.out" 2>"$work/t.err")
        t=$?
    else
        prog=usr/bin/$1
        [ -x "$root/$prog" ] || prog=bin/$1
        shift
        (cd "$work/n" && "/$prog" "$@" <"$input" >"$work/n.out" 2>"$work/n.err")
        n=$?
        (cd "$work/t" && "$tern" -L "$root" "$root/$prog" "$@" <"$input" \
            >"$work/t.out" 2>"$work/t.err")
        t=$?
    fi
    count=$((count + 1))
    if [ $n -ne $t ] || ! cmp -s "$work/n.out" "$work/t.out" || ! diff -r "$work/n" "$work/t" >/dev/null; then
        failures=$((failures + 1))
        echo "FAIL $name: native status $n, tern status $t"
        diff "$work/n.out" "$work/t.out" | head -10
        diff -r "$work/n" "$work/t" | head -5
        head -3 "$work/t.err"
    else
        echo "ok   $name (status $t, $(wc -c <"$work/t.out") bytes)"
    fi
}

none=/dev/null
data=$work/seed/data.txt
check echo $none -- bb echo hello world
check sh_loop $none -- bb sh -c 'for i in 1 2 3; do echo "n=$i"; done; x=$((6 * 7)); echo $x; exit 5'
check sh_funcs $none -- bb sh -c 'f() { echo "f:$1:$#"; return 3; }; f a b; echo "rc=$?"; case foo in f*) echo matched;; esac; s=abcdef; echo ${#s} ${s%def} ${s#ab}'
check sh_read "$data" -- bb sh -c 'n=0; while read a b c d; do n=$((n + b)); done; echo "sum=$n"'
check sh_test $none -- bb sh -c 'test -d dir && echo isdir; [ -f dir/a ] && echo isfile; [ -e nope ] || echo missing; exit 0'
check sh_redirect $none -- bb sh -c 'echo one >out.txt; echo two >>out.txt; while read l; do echo "got $l"; done <out.txt'
check sh_stdin "$work/seed/script.sh" -- bb sh -s arg1 arg2
check sh_pipe "$data" -- bb sh -c 'grep word3 | sort -t " " -k3,3n | head -n 4 | tr a-z A-Z'
check sh_subst $none -- bb sh -c 'n=$(wc -l <data.txt); f=$(sort fruit.txt | uniq | head -n 1); echo "$n $f $(echo a; echo b)"'
check sh_status $none -- bb sh -c 'sh -c "exit 7"; echo "child=$?"; (exit 3) | cat; echo "pipe=$?"; false | true; echo $?'
check sh_script $none -- bb sh -c 'chmod +x script.sh; ./script.sh x y; echo "rc=$?"'
check sh_bg $none -- bb sh -c 'sleep 0 & wait $!; echo "waited $?"; echo x >f1 & wait; cat f1'
check sh_trap $none -- bb sh -c 'trap "echo caught USR1" USR1; kill -USR1 $$; echo after; trap "echo bye" EXIT; exit 2'
check sh_sigpipe $none -- bb sh -c 'yes | head -n 3; sh -c "kill -TERM \$\$"; echo "term=$?"'
check sha256sum $none -- bb sha256sum data.txt fruit.txt dir/a
check md5sum $none -- bb md5sum data.txt
check sort $none -- bb sort fruit.txt
check sort_num $none -- bb sort -k3,3n -k1,1 -t ' ' data.txt
check sort_uniq $none -- bb sort -u -o sorted.txt fruit.txt
check uniq_c "$work/seed/fruit.txt" -- bb uniq -c
check awk "$data" -- bb awk '{ s += $3; n[$4]++ } END { print s; for (k in n) c++; print c, NR }'
check awk_printf $none -- bb awk 'BEGIN { for (i = 1; i <= 5; i++) printf "%d:%s:%x\n", i, substr("abcdef", i), i * 255 }'
check sed "$data" -- bb sed -n -e 's/word\([0-9]*\)/W<\1>/' -e '/^line 1[0-9] /p'
check sed_inplace $none -- bb sed -i 's/apple/APPLE/g' fruit.txt
check grep "$data" -- bb grep -c 'word1[0-2]$'
check wc $none -- bb wc data.txt fruit.txt
check head $none -- bb head -n 3 data.txt
check tail $none -- bb tail -n 2 data.txt
check cut $none -- bb cut -d ' ' -f 2,4 data.txt
check tr "$data" -- bb tr a-z A-Z
check tar_create $none -- bb tar -cf out.tar dir
check tar_list $none -- bb tar -tvf pre.tar
check tar_extract $none -- bb tar -xf pre.tar -C ext
check gzip $none -- bb gzip -c data.txt
check gzip_bytes "$data" -- bb gzip -9 -c
check gunzip $none -- bb gunzip -c pre.gz
check gzip_file $none -- bb gzip fruit.txt
check ls $none -- bb ls -ln dir dir/sub
check ls_r $none -- bb ls -R
check seq $none -- bb seq 3 3 30
check expr $none -- bb expr 7 '*' 6
check printf $none -- bb sh -c 'printf "%s-%d-%5.2f\n" x 5 3.14159'
check od $none -- bb od -A x -t x1z dir/b
check false $none -- bb false
check missing_file $none -- bb cat nope.txt
check mkdir_p $none -- bb mkdir -p p/q/r
check rm_r $none -- bb rm -r dir/sub
check mv $none -- bb mv fruit.txt dir/f2.txt
check cp_a $none -- bb cp -a dir d2

check cu_ls $none -- cu ls -ln --time-style=+%F dir
check cu_sort $none -- cu sort -t ' ' -k3,3n -k2,2n data.txt
check cu_sha256 $none -- cu sha256sum data.txt
check cu_wc $none -- cu wc -lwc data.txt fruit.txt
check cu_factor $none -- cu factor 1234567890 600851475143
check cu_date $none -- cu date -u -d @1234567890 '+%Y-%m-%d %H:%M:%S %A'
check cu_seq $none -- cu seq -w 1 0.5 4
check cu_od $none -- cu od -An -tx4 dir/b
check cu_tr "$data" -- cu tr -s 'a-z' 'A-Z'
check cu_stat $none -- cu stat -c '%n %s %a %Y' data.txt dir/a
check cu_false $none -- cu false
echo "$count cases, $failures failed"
exit $failures
