# tern-user -g: break on a function, continue, bt, info registers, p, finish,
# next, set var changing the output, continue to the exit status.
# expect: Breakpoint 1, square \(x=1\) at .*uprog\.c:\d+
# expect: ^#0  square \(x=1\) at .*\n#1  0x[0-9a-f]+ in compute \(n=4\) at .*\n#2  0x[0-9a-f]+ in main \(argc=1
# expect: ^a0: 0x1$
# expect: ^pc: 0x4[0-9a-f]{5}$
# expect: ^\$1 = 1$
# expect: Value returned is \$2 = 1
# expect: ^\d+\s+counter = i;
# expect: ^\$3 = 5$
# expect: exited with code 07
# status: 7
# output: ^result=40$
break square
continue
bt
info registers a0 pc
p x
finish
next
delete
set var scale = 5
p scale
continue
