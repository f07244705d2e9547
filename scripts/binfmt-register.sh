#!/bin/sh
# scripts/binfmt-register.sh — registers tern-user with the kernel's
# binfmt_misc for 32-bit MIPS ELF executables of either byte order (what
# qemu-binfmt-conf.sh does for qemu-mipsel/qemu-mips), so ./mips-program runs
# under tern directly. Needs root and a mounted binfmt_misc.
#
#   sudo scripts/binfmt-register.sh [--tern PATH] [--flags FLAGS] [--name N] [--dry-run]
#   sudo scripts/binfmt-register.sh [--name N] --unregister
#
# The entries are N-mipsel and N-mips (N: "tern" unless --name; the tests
# use a name of their own so they never touch a real registration).
# The sysroot (the dynamic loader and libraries) comes from $TERN_LD_PREFIX
# in the environment of the program being started, as with `tern-user -L`.
# FLAGS (default "F"): F opens tern-user now, so it also works inside a chroot
# or container that lacks it; C takes credentials from the program (setuid
# binaries) — use with care. No P: tern-user runs the program with the path
# the kernel gives as argv[0].
set -eu

tern=$(dirname "$0")/../build/tern-user
flags=F
prefix=tern
dry=false
unregister=false
while [ $# -gt 0 ]; do
    case $1 in
    --tern) tern=$2; shift ;;
    --flags) flags=$2; shift ;;
    --name) prefix=$2; shift ;;
    --dry-run) dry=true ;;
    --unregister) unregister=true ;;
    -h | --help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "binfmt-register: unknown option '$1' (try --help)" >&2; exit 1 ;;
    esac
    shift
done

dir=/proc/sys/fs/binfmt_misc
# ELF32 (class 1), byte order (1 LE, 2 BE), version 1, any OS ABI and padding,
# e_type EXEC (2) or DYN (3): the mask drops the low bit; e_machine MIPS (8).
head='\x7fELF\x01'
mask_head='\xff\xff\xff\xff\xff\xff\xff\x00\x00\x00\x00\x00\x00\x00\x00\x00'
el_magic="$head"'\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x08\x00'
el_mask="$mask_head"'\xfe\xff\xff\xff'
eb_magic="$head"'\x02\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x08'
eb_mask="$mask_head"'\xff\xfe\xff\xff'

if $unregister; then
    for name in "$prefix-mipsel" "$prefix-mips"; do
        if $dry; then echo "echo -1 > $dir/$name"
        elif [ -e "$dir/$name" ]; then echo -1 >"$dir/$name"; fi
    done
    exit 0
fi

[ -x "$tern" ] || { echo "binfmt-register: no tern-user at '$tern' (build it, or --tern PATH)" >&2; exit 1; }
tern=$(realpath "$tern")
for entry in "$prefix-mipsel:$el_magic:$el_mask" "$prefix-mips:$eb_magic:$eb_mask"; do
    name=${entry%%:*}
    rest=${entry#*:}
    line=":$name:M::${rest%%:*}:${rest#*:}:$tern:$flags"
    if $dry; then
        echo "$line"
        continue
    fi
    [ -w "$dir/register" ] || { echo "binfmt-register: $dir/register is not writable (root? mount -t binfmt_misc none $dir)" >&2; exit 1; }
    [ -e "$dir/$name" ] && echo -1 >"$dir/$name"
    printf '%s' "$line" >"$dir/register"
    echo "binfmt-register: $name -> $tern ($flags)"
done
