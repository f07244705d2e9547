#!/bin/bash
# tests/user/debian/python3.sh TERN CACHE [ENGINE] — Debian's python3.11: a
# script using hashlib, json, re, struct, zlib, decimal, big integers, float
# formatting, sorting and exceptions; PYTHONHASHSEED=0 and no .pyc writes.
# The native side runs the amd64 interpreter with PYTHONHOME at its own
# unpacked standard library (same package version as the mipsel one).
. "$(dirname "$0")/lib.sh"
need /usr/bin/python3.11
cat >"$seed/prog.py" <<'PY'
import hashlib, json, re, struct, zlib, sys, math, decimal, collections, itertools, fractions
data = "".join(f"{i}:{i * i % 97};" for i in range(5000)).encode()
print(hashlib.sha256(data).hexdigest(), hashlib.md5(data).hexdigest())
print(hashlib.sha3_256(data).hexdigest()[:32], hashlib.blake2b(data, digest_size=16).hexdigest())
print(zlib.crc32(data), len(zlib.compress(data, 9)), zlib.adler32(data))
obj = {"a": [1, 2.5, None, True], "b": {"x": "é€", "y": 1e-7}, "n": 2 ** 70}
text = json.dumps(obj, sort_keys=True)
print(text, json.loads(text) == obj)
print(re.findall(r"(\d+):(\d)\b", data.decode()[:200]))
print(re.sub(r"(?P<w>[aeiou])", lambda m: m.group("w").upper(), "emulated mips programs"))
print(struct.pack("<iHd", -5, 65535, 1.5).hex(), struct.unpack(">Q", b"\x01" * 8))
print(3 ** 200 % (10 ** 30 + 7), math.factorial(40), (-7) // 2, -7 % 3, divmod(2 ** 64, 12345))
print(repr(0.1 + 0.2), f"{math.pi:.15e}", math.sqrt(2), math.exp(10), math.lgamma(7.5), float("inf"))
decimal.getcontext().prec = 40
print(decimal.Decimal(1) / decimal.Decimal(7), fractions.Fraction(355, 113) - fractions.Fraction(22, 7))
c = collections.Counter(w for w in re.findall(r"\w", data.decode()))
print(sorted(c.items())[:5], c.most_common(2))
primes = [n for n in range(2, 3000) if all(n % p for p in range(2, int(n ** 0.5) + 1))]
print(len(primes), sum(primes), list(itertools.islice(itertools.permutations("abc"), 4)))
words = sorted(open("words.txt").read().split(), key=lambda w: (len(w), w))
print(words)
with open("out.json", "w") as f:
    json.dump({"words": words, "count": len(words)}, f, indent=2)
try:
    {}["missing"]
except KeyError as e:
    print("KeyError", e)
print(sys.byteorder in ("little", "big"), hash("abc") == hash("abc"), (2 ** 31 - 1).bit_length())
sys.stderr.write("to stderr\n")
sys.exit(4)
PY
printf 'pear apple fig banana kiwi cherry date\n' >"$seed/words.txt"
seal
# PYTHONHOME: the amd64 side's standard library is in the cache, not /usr; the
# mipsel side's /usr resolves under the sysroot (-L), so the same name works
# there only if tern passes it through: give each side its own below.
py_check() {
    local name=$1 input=$2
    shift 2
    check_env=(PYTHONHASHSEED=0 PYTHONDONTWRITEBYTECODE=1 "PYTHONHOME=$native/usr")
    # The guest's PYTHONHOME is /usr (its own prefix); tern's environment is
    # the guest's, so the native-only value must not reach it: -E overrides.
    engine_save=$engine
    engine="$engine_save -E PYTHONHOME=/usr"
    check "$name" "$input" "$@"
    engine=$engine_save
}
py_check script /dev/null /usr/bin/python3.11 prog.py
py_check expr /dev/null /usr/bin/python3.11 -c 'print(sum(i * i for i in range(10 ** 5)), 2 ** 100, 1 / 3)'
py_check stdin "$seed/words.txt" /usr/bin/python3.11 -c 'import sys; print(sorted(sys.stdin.read().split()))'
py_check traceback /dev/null /usr/bin/python3.11 -c 'def f(x): return 1 / x
f(0)'
py_check syntax /dev/null /usr/bin/python3.11 -c 'print(('
finish
