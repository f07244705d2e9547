# tern-user -g: x/8i $pc, and stepi across a branch: the branch and its delay
# slot are one step, so v0 = 1 + 10 and pc is at the branch target (branchy+16).
# expect: => 0x[0-9a-f]+ <branchy>:\s+li\s+v0,1
# expect: <branchy\+4>:\s+b\s+0x[0-9a-f]+ <branchy\+16>
# expect: <branchy\+16>:\s+jr\s+ra
# expect: ^\$1 = 1$
# expect: ^\$2 = \(void \(\*\)\(\)\) 0x[0-9a-f]+ <branchy\+4>
# expect: ^\$3 = 11$
# expect: ^\$4 = \(void \(\*\)\(\)\) 0x[0-9a-f]+ <branchy\+16>
# expect: exited with code 07
# output: ^branchy=11$
# status: 7
break *branchy
continue
x/8i $pc
stepi
p $v0
p $pc
stepi
p $v0
p $pc
delete
continue
