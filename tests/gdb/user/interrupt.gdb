# tern-user -g: Ctrl-C (a timed SIGINT to gdb) stops a guest spinning in
# forever(); clearing spin lets it leave and exit.
# sigint-after: 3
# expect: Program received signal SIGINT
# expect: forever \(\) at .*uprog\.c
# expect: exited with code 07
# output: ^result=36$
# status: 7
break main
continue
set var loop_forever = 1
delete
continue
bt
set var spin = 0
continue
