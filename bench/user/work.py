"""bench/user/work.py — CPU-bound pure Python for bench/run.py: integer and
dict work, string building, sorting and a small float kernel; fixed output."""


def sieve(n):
    flags = bytearray([1]) * (n + 1)
    flags[0:2] = b"\0\0"
    for i in range(2, int(n ** 0.5) + 1):
        if flags[i]:
            flags[i * i::i] = bytes(len(range(i * i, n + 1, i)))
    return sum(flags)


def words(n):
    counts = {}
    x = 12345
    for _ in range(n):
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        w = "w%d" % (x % 5000)
        counts[w] = counts.get(w, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:3]


def mandel(size):
    total = 0
    for y in range(size):
        for x in range(size):
            c = complex(3.0 * x / size - 2.0, 2.0 * y / size - 1.0)
            z = 0j
            n = 0
            while abs(z) < 2.0 and n < 50:
                z = z * z + c
                n += 1
            total += n
    return total


print(sieve(2000000), words(300000), mandel(120))
print(len("".join(str(i) for i in range(200000))), sorted(range(100000), key=lambda i: (i * 7919) % 1000)[:5])
