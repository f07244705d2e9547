#!/usr/bin/env bash
# scripts/fetch-debian.sh — fetches Debian bookworm packages for the user-mode
# tests with apt (no root needed) into cache/, and unpacks them:
#   cache/debian-<arch>/        apt lists, the package cache, the .debs
#   cache/sysroot-<arch>/       dpkg -x of every mipsel package (the -L sysroot)
#   cache/native-amd64/         dpkg -x of the amd64 packages (native comparison;
#                               run with LD_LIBRARY_PATH at its lib dirs, host libc)
#
#   scripts/fetch-debian.sh [PKG...]      (default: the programs the tests use;
#                                          mipsel only when PKGs are given)
#
# Each program comes with its Depends/Pre-Depends closure (apt-cache depends
# --recurse on the ARCH lists), so libraries never need listing by hand.
#
# The apt source is built from this machine's own /etc/apt/sources.list(.d)
# entries (the mirror it already uses), with [arch=...] added. Idempotent: a
# package already unpacked is skipped; lists are refreshed once a day at most.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cache=${TERN_CACHE:-$root/cache}
# One fetch at a time: the tests that need the cache (user.fetch_debian,
# system.images) may start together, and apt runs here without its own locks.
mkdir -p "$cache"
exec 9>"$cache/.fetch.lock"
flock 9
# The programs the user-mode tests and benchmarks run (tests/user/debian,
# bench/user_programs); their library dependencies are resolved with
# apt-cache below, so this list names programs only (and CPython's test suite;
# dash is Debian's /bin/sh, which guest programs' system() and popen() run).
programs=(busybox-static coreutils xz-utils bzip2 gzip lua5.4 sqlite3 openssl python3.11
    libpython3.11-testsuite perl file dash)
# Never unpacked into native-amd64: the host's own loader and libc run those
# binaries (LD_LIBRARY_PATH points at the unpacked libraries), so a second
# libc there would be loaded by the host's ld.so of maybe another build.
amd64_skip=" libc6 "
explicit=0
[ $# -gt 0 ] && programs=("$@") && explicit=1

# Prints "URI SUITE COMPONENTS..." lines for the bookworm main archive entries
# this machine uses (deb822 .sources and one-line .list formats).
mirror_lines() {
    local f
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        awk 'BEGIN{RS=""; FS="\n"}
             { t=""; u=""; s=""; c="";
               for (i = 1; i <= NF; i++) {
                 if ($i ~ /^Types:/) t = substr($i, 7);
                 if ($i ~ /^URIs:/) u = substr($i, 6);
                 if ($i ~ /^Suites:/) s = substr($i, 8);
                 if ($i ~ /^Components:/) c = substr($i, 12);
               }
               if (t ~ /deb([^-]|$)/ && s ~ /bookworm/) {
                 n = split(u, us, " "); m = split(s, ss, " ");
                 for (a = 1; a <= n; a++) for (b = 1; b <= m; b++) print us[a], ss[b], c;
               } }' "$f"
    done
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -f "$f" ] || continue
        awk '$1 == "deb" && $0 ~ /bookworm/ {
               i = 2; if ($2 ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
               line = $i " " $(i + 1); for (j = i + 2; j <= NF; j++) line = line " " $j; print line }' "$f"
    done
}

# setup_apt ARCH: writes cache/debian-ARCH/{sources.list,apt.conf} and updates lists.
setup_apt() {
    local arch=$1 dir=$cache/debian-$arch
    mkdir -p "$dir/lists/partial" "$dir/archives/partial" "$dir/debs"
    mirror_lines | sed -E 's/[[:space:]]+/ /g; s/ $//' | sort -u |
        while read -r uri suite comps; do
            echo "deb [arch=$arch] $uri $suite $comps"
        done >"$dir/sources.list"
    if [ ! -s "$dir/sources.list" ]; then
        echo "fetch-debian: no Debian bookworm entry in /etc/apt/sources.list(.d)" >&2
        exit 1
    fi
    APT_OPTS=(-o "APT::Architecture=$arch" -o "APT::Architectures=$arch"
              -o "Dir::State::Lists=$dir/lists" -o "Dir::Cache=$dir"
              -o "Dir::Etc::SourceList=$dir/sources.list" -o "Dir::Etc::SourceParts=-"
              -o "Dir::State::Status=/dev/null" -o "Debug::NoLocking=1"
              -o "APT::Sandbox::User=$(id -un)")
    local stamp=$dir/lists/.updated
    if [ ! -f "$stamp" ] || [ -n "$(find "$stamp" -mmin +1440)" ]; then
        echo "fetch-debian: updating the $arch package lists"
        apt-get "${APT_OPTS[@]}" -qq update >/dev/null
        touch "$stamp"
    fi
}

# closure ARCH PKG...: prints PKG... and everything they Depend/Pre-Depend on
# (recursively, real packages only: "<virtual>" lines are the alternatives apt
# already resolved to a real one), one per line, sorted. Needs setup_apt ARCH.
closure() {
    local arch=$1
    shift
    setup_apt "$arch" >&2
    apt-cache "${APT_OPTS[@]}" depends --recurse --no-recommends --no-suggests \
        --no-conflicts --no-breaks --no-replaces --no-enhances "$@" |
        grep -v -e '^ ' -e '^<' | sort -u
}

# fetch ARCH DEST PKG...: downloads and unpacks each package not yet unpacked.
fetch() {
    local arch=$1 dest=$2
    shift 2
    setup_apt "$arch"
    local dir=$cache/debian-$arch pkg deb
    mkdir -p "$dest/.unpacked"
    for pkg in "$@"; do
        if [ -f "$dest/.unpacked/$pkg" ]; then
            echo "fetch-debian: $pkg ($arch) already unpacked"
            continue
        fi
        echo "fetch-debian: $pkg ($arch) downloading"
        (cd "$dir/debs" && apt-get "${APT_OPTS[@]}" -qq download "$pkg" >/dev/null)
        deb=$(find "$dir/debs" -name "${pkg}_*_$arch.deb" -o -name "${pkg}_*_all.deb" | sort | tail -1)
        [ -n "$deb" ] || { echo "fetch-debian: $pkg ($arch): no .deb after download" >&2; exit 1; }
        dpkg -x "$deb" "$dest"
        echo "$(basename "$deb")" >"$dest/.unpacked/$pkg"
        echo "fetch-debian: $pkg ($arch) unpacked $(basename "$deb")"
    done
}

mapfile -t mipsel_pkgs < <(closure mipsel "${programs[@]}")
fetch mipsel "$cache/sysroot-mipsel" "${mipsel_pkgs[@]}"
if [ $explicit = 0 ]; then
    mapfile -t amd64_all < <(closure amd64 "${programs[@]}")
    amd64_pkgs=()
    for pkg in "${amd64_all[@]}"; do
        case "$amd64_skip" in *" $pkg "*) ;; *) amd64_pkgs+=("$pkg") ;; esac
    done
    fetch amd64 "$cache/native-amd64" "${amd64_pkgs[@]}"
fi
