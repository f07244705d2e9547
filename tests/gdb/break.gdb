# break on a function, continue, bt, info registers (values checked), p var,
# finish, next, step, continue to exit with the right status.
# expect: Breakpoint 1, square \(x=1\) at .*prog\.c:\d+
# expect: ^#0  square \(x=1\) at .*\n#1  0x[0-9a-f]+ in compute \(n=4\) at .*\n#2  0x[0-9a-f]+ in main \(\)
# expect: ^a0: 0x1$
# expect: ^pc: 0x800[0-9a-f]{5}$
# expect: ^ R0   00000000 [0-9a-f]{8} [0-9a-f]{8} [0-9a-f]{8} 00000001
# expect: ^\$1 = 1$
# expect: ^\$2 = 0x1$
# expect: Value returned is \$3 = 1
# expect: Value returned is \$4 = 4
# expect: ^\d+\s+counter = i;
# expect: ^Breakpoint 1, square \(x=2\)
# expect: ^square \(x=3\) at .*prog\.c:\d+
# expect: ^\$5 = 9$
# expect: exited with code 07
# status: 7
# output: result=36 branchy=11
break square
continue
bt
info registers a0 pc
info registers
p x
p/x $a0
finish
next
continue
delete
finish
next
next
next
step
next
p r
continue
