#!/bin/sh
# tests/user/bad_input.sh TERN_USER PROG_DIR — inputs tern-user must refuse
# with one clear line and status 1, and guests that must die of the signal a
# native Linux run would give (status 128+N as a shell sees it), with qemu's
# style of "uncaught target signal" line.
tern=$1
dir=$2
. "$(dirname "$0")/../integration/lib.sh"

expect_run missing_program 1 "" "^tern-user: '/nonexistent/prog': No such file or directory$" \
    -- "$tern" /nonexistent/prog
expect_run non_mips_elf 1 "" "^tern-user: '/bin/true' .*(x86-64|machine)" -- "$tern" /bin/true
printf 'not an elf at all\n' >"$scratch/text"
expect_run not_elf 1 "" "^tern-user: '.*/text' is not an ELF file" -- "$tern" "$scratch/text"
expect_run no_program 1 "" "^tern-user: no program given" -- "$tern"
expect_run bad_option 1 "" "^tern-user: unknown option '-bogus'" -- "$tern" -bogus x
expect_run bad_cpu 1 "" "^tern-user: unknown CPU model 'r4000'" -- "$tern" -cpu r4000 x
expect_run missing_sysroot 1 "" "^tern-user: sysroot '/nonexistent/root': No such file" \
    -- "$tern" -L /nonexistent/root "$dir/startup.el.static"
mkdir -p "$scratch/emptyroot"
expect_run missing_interp 1 "" "interpreter '/lib/ld.so.1' not found under sysroot" \
    -- "$tern" -L "$scratch/emptyroot" "$dir/startup.el.dyn"
expect_run cpu_74kf 0 "argc=1\n" "" -- sh -c "'$tern' -cpu 74Kf '$dir/startup.el.static' | head -1"
expect_run version 0 "tern-user 0.1.0\n" "" -- "$tern" -version

# -strace: qemu's line format, unknown numbers named, the guest's output intact.
"$tern" -strace "$dir/startup.el.static" >"$scratch/out" 2>"$scratch/err"
if grep -Eq '^[0-9]+ uname\(0x[0-9a-f]+\) = 0$' "$scratch/err" &&
    grep -Eq '^[0-9]+ openat\(AT_FDCWD,"/nonexistent/tern/file",0x[0-9a-f]+,0+\) = -1 errno=2 \(No such file or directory\)$' "$scratch/err" &&
    grep -Eq '^[0-9]+ exit_group\(0\)$' "$scratch/err" && grep -q '^machine=mips' "$scratch/out"; then
    echo "ok   strace"
else
    echo "FAIL strace:"; cat "$scratch/err"; failures=$((failures + 1))
fi

# Guest faults: the exit status a shell reports for a native run, and one
# "uncaught target signal" line from tern (the shell running the test may add
# its own "Segmentation fault" line for the killed child: that one is dropped).
expect_signal() {
    local name=$1 status=$2 out=$3 sig=$4 text=$5
    shift 5
    "$@" >"$scratch/out" 2>"$scratch/err"
    local rc=$? ok=1
    grep -v -x -e "$text" "$scratch/err" >"$scratch/err2"
    [ $rc -eq "$status" ] || { ok=0; echo "FAIL $name: exit status $rc, want $status"; }
    [ "$(cat "$scratch/out")" = "$out" ] || { ok=0; echo "FAIL $name: stdout was:"; cat "$scratch/out"; }
    if [ "$(wc -l <"$scratch/err2")" -ne 1 ] ||
        ! grep -q "^tern-user: uncaught target signal $sig ($text) - core dumped$" "$scratch/err2"; then
        ok=0; echo "FAIL $name: stderr was:"; cat "$scratch/err"
    fi
    if [ $ok = 1 ]; then echo "ok   $name: $(cat "$scratch/err2")"; else failures=$((failures + 1)); fi
}

for v in el.static eb.dyn; do
    root=/usr/mipsel-linux-gnu
    [ $v = eb.dyn ] && root=/usr/mips-linux-gnu
    expect_signal "null_deref.$v" 139 before 11 "Segmentation fault" \
        "$tern" -L $root "$dir/null_deref.$v"
    # A load from kseg0 is an address error: Linux's do_ade sends SIGBUS;
    # qemu-user 7.2 sends SIGSEGV, so this one follows the kernel too.
    for engine in jit interp; do
        expect_signal "kernel_deref.$v.$engine" 135 before 10 "Bus error" \
            "$tern" --engine=$engine -L $root "$dir/kernel_deref.$v"
    done
    expect_signal "reserved.$v" 132 "" 4 "Illegal instruction" "$tern" -L $root "$dir/reserved.$v"
    # Linux sends SIGFPE for "teq rs, zero, 7" (arch/mips/kernel/traps.c,
    # BRK_DIVZERO); qemu-user 7.2 sends SIGTRAP there, so this one follows
    # the kernel rather than qemu.
    expect_signal "divzero.$v" 136 "signal 8 code 1 addr set" 8 "Floating point exception" \
        "$tern" -L $root "$dir/divzero.$v"
done
exit $failures
