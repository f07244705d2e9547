# tern-user -g: step goes into a called function, up leaves it in bt.
# expect: Breakpoint 1, compute \(n=4\) at .*uprog\.c:\d+
# expect: square \(x=1\) at .*uprog\.c:\d+
# expect: ^#1\s+0x[0-9a-f]+ in compute \(n=4\)
# expect: exited with code 07
# status: 7
break compute
continue
next
next
step
bt 2
delete
continue
