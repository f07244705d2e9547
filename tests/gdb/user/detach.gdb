# tern-user -g: detach — gdb leaves, its breakpoints go with it, and the guest
# runs on to its end with its own exit status.
# expect: Breakpoint 1, square \(x=1\)
# expect: \[Inferior 1 \(Remote target\) detached\]
# output: ^result=36$
# output: ^branchy=11$
# status: 7
break square
continue
detach
