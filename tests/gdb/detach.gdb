# detach: gdb leaves, breakpoints go with it, and the guest runs on to its end.
# expect: Breakpoint 1, square \(x=1\)
# expect: \[Inferior 1 \(Remote target\) detached\]
# output: result=36 branchy=11
# status: 7
break square
continue
detach
