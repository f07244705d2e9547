#!/bin/bash
# tests/user/debian/guest_faults.sh TERN_USER PROG_DIR — guest misbehaviour
# beyond bad_input.sh: system calls handed garbage pointers fail with EFAULT
# (as the kernel does; qemu 7.2 says EINVAL for nanosleep, tern follows the
# kernel) and the guest carries on; a blown stack, a jump into unmapped
# memory, into the kernel half and to a misaligned address end in the signal
# and exit status a native run gives (SIGSEGV 139; SIGBUS 135 for the
# address-error fetches, misaligned or from the kernel half, as Linux's do_ade
# sends; qemu 7.2 sends SIGSEGV for the kernel half), with one "uncaught target signal"
# line and no hang. Static and dynamic builds, under jit and interp.
tern=$1
dir=$2
. "$(dirname "$0")/../../integration/lib.sh"

# fault NAME STATUS SIGNUM TEXT -- COMMAND...: stdout "before", the status,
# and stderr exactly tern's one line (a shell's own "Segmentation fault" line
# for the killed child is not part of it: we capture tern's stderr directly).
fault() {
    local name=$1 status=$2 sig=$3 text=$4
    shift 5
    timeout 120 "$@" >"$scratch/out" 2>"$scratch/err"
    local rc=$? ok=1
    [ $rc -eq "$status" ] || { ok=0; echo "FAIL $name: exit status $rc, want $status"; }
    [ "$(cat "$scratch/out")" = before ] || { ok=0; echo "FAIL $name: stdout was:"; cat "$scratch/out"; }
    if [ "$(wc -l <"$scratch/err")" -ne 1 ] ||
        ! grep -qx "tern-user: uncaught target signal $sig ($text) - core dumped" "$scratch/err"; then
        ok=0; echo "FAIL $name: stderr was:"; cat "$scratch/err"
    fi
    if [ $ok = 1 ]; then echo "ok   $name (status $rc)"; else failures=$((failures + 1)); fi
}

# The expected badptr output: every call fails with EFAULT, for each pointer.
for i in 0 1 2 3; do
    echo "pointer $i"
    for c in write read openat stat64 fstat64 uname pipe2 clock_gettime gettimeofday getcwd \
        nanosleep rt_sigaction rt_sigprocmask writev getrandom sysinfo chdir readlink; do
        echo "$c: -1 Bad address"
    done
done >"$scratch/badptr.want"
echo "still alive" >>"$scratch/badptr.want"
badptr_out=$(cat "$scratch/badptr.want")

root=/usr/mipsel-linux-gnu
for engine in jit interp; do
    for link in static dyn; do
        run=("$tern" "--engine=$engine" -L "$root")
        expect_run "badptr.$link.$engine" 0 "$badptr_out\n" "" -- "${run[@]}" "$dir/badptr.$link"
        fault "stack_overflow.$link.$engine" 139 11 "Segmentation fault" -- \
            "${run[@]}" "$dir/stack_overflow.$link"
        fault "jump_unmapped.$link.$engine" 139 11 "Segmentation fault" -- \
            "${run[@]}" "$dir/jump_unmapped.$link"
        fault "jump_null.$link.$engine" 139 11 "Segmentation fault" -- \
            "${run[@]}" "$dir/jump_unmapped.$link" 0
        fault "jump_kernel.$link.$engine" 135 10 "Bus error" -- \
            "${run[@]}" "$dir/jump_unmapped.$link" 80001000
        fault "jump_misaligned.$link.$engine" 135 10 "Bus error" -- \
            "${run[@]}" "$dir/jump_unmapped.$link" 400002
    done
done
exit $failures
