#!/usr/bin/env python3
# bench/blockprof.py LOG PERFDATA [N] — where translated code spends its time, per guest
# block. LOG is a `tern-user -d in_asm,op,out_asm -D LOG ...` log and PERFDATA a
# `perf record` of the same run; samples in the code cache (the memfd mapping) are
# matched to the block whose host code holds them, by offset from the mapping's base.
#   perf record -o p.data tern-user -d in_asm,op,out_asm -D p.log PROGRAM
#   bench/blockprof.py p.log p.data 25
import sys, re, subprocess, bisect, collections
log, data = sys.argv[1], sys.argv[2]
blocks = []  # (start_off, pc, ninsn)
base = None; cur = None
for line in open(log, errors='replace'):
    m = re.match(r'block 0x([0-9a-f]+) \((\d+) guest', line)
    if m: cur = (int(m.group(1), 16), int(m.group(2))); want = True; continue
    m = re.match(r'  0x([0-9a-f]+):', line)
    if m and cur and want:
        a = int(m.group(1), 16)
        if base is None: base = a & ~0xfffff
        blocks.append((a - base, cur[0], cur[1])); want = False
blocks.sort()
starts = [b[0] for b in blocks]
out = subprocess.run(['perf', 'script', '-i', data, '--show-mmap-events', '-F', 'ip,dso'], capture_output=True, text=True).stdout
mb = [int(m.group(1),16) for m in re.finditer(r'\[(0x[0-9a-f]+)\(0x[0-9a-f]+\) @ 0 [^\]]*\]: r-xs /memfd:tern-code', out)]
mbase = mb[0] if mb else 0
cnt = collections.Counter(); other = collections.Counter(); tot = 0
for l in out.splitlines():
    p = l.split()
    if len(p) < 2 or 'MMAP' in l: continue
    tot += 1
    if 'tern-code' in l:
        off = int(p[0], 16) - mbase
        i = bisect.bisect_right(starts, off) - 1
        cnt[(blocks[i][1], blocks[i][2]) if i >= 0 else None] += 1
    else: other[p[1]] += 1
print('total', tot)
for k, v in cnt.most_common(int(sys.argv[3]) if len(sys.argv) > 3 else 25):
    print('%6.2f%%  %s' % (100.0 * v / tot, ('pc 0x%x n=%d' % k) if k else '?'))
for k, v in other.most_common(5): print('%6.2f%%  %s' % (100.0 * v / tot, k))
