#!/usr/bin/env python3
# bench/insnclass.py LOG PERFDATA — the code cache's samples by the kind of host
# instruction they land on (loads and stores of guest registers in the CPU state, guest
# memory, jumps, the jump cache, exit_request checks, ...), from the same LOG and
# PERFDATA as bench/blockprof.py. Sampling skid puts a sample on the instruction after
# the one that stalled, so read the shares as rough.
import sys, re, subprocess, collections
log, data = sys.argv[1], sys.argv[2]
ins = {}; base = None
for line in open(log, errors='replace'):
    m = re.match(r'  0x([0-9a-f]+):  (.*)', line)
    if m:
        a = int(m.group(1), 16)
        if base is None: base = a & ~0xfffff
        ins[a - base] = m.group(2).strip()
out = subprocess.run(['perf', 'script', '-i', data, '--show-mmap-events', '-F', 'ip,dso'], capture_output=True, text=True).stdout
mb = [int(m.group(1),16) for m in re.finditer(r'\[(0x[0-9a-f]+)\(0x[0-9a-f]+\) @ 0 [^\]]*\]: r-xs /memfd:tern-code', out)]
mbase = mb[0] if mb else 0
def cls(t):
    if re.match(r'mov \w+, dword ptr \[rbp \+ 0x([0-9a-f]+)\]$', t): return 'load global'
    if re.match(r'mov dword ptr \[rbp \+ 0x88\]', t): return 'store pc'
    if re.match(r'mov dword ptr \[rbp \+ (0x[0-9a-f]+|\d+)\], \w+$', t): return 'store global'
    if 'byte ptr [rbp + 0x7d0]' in t: return 'exit_request'
    if re.search(r'\[rsp \+', t): return 'frame'
    if re.search(r'rbp \+ rax \+ 0x3', t) or re.match(r'(lea rax, \[r\w+\*8\]|and eax, 0xffe0)', t): return 'jcache'
    if re.search(r'cmp dword ptr \[rbp \+ 0x3', t): return 'selfloop jc'
    if t.startswith('j'): return 'jump'
    if re.search(r'\[r15 \+', t): return 'guest mem'
    if t.startswith('add'.strip()) and 'rbp' in t: return 'alu+global'
    if t.startswith(('mov ', 'movabs')) and 'ptr' not in t: return 'reg move'
    return 'compute'
cnt = collections.Counter(); tot = 0; cc = 0
for l in out.splitlines():
    p = l.split()
    if len(p) < 2 or 'MMAP' in l: continue
    tot += 1
    if 'tern-code' in l:
        cc += 1
        off = int(p[0], 16) - mbase
        cnt[cls(ins.get(off, '?'))] += 1
print('total', tot, 'code cache', cc)
for k, v in cnt.most_common(): print('%6.2f%%  %s' % (100.0 * v / cc, k))
