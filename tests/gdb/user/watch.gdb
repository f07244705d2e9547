# tern-user -g: watch a global, stop on each write with old and new value.
# expect: Hardware watchpoint 2: counter
# expect: Old value = 0\nNew value = 1
# expect: Old value = 1\nNew value = 2
# expect: ^\$1 = 2$
# expect: exited with code 07
# status: 7
# output: ^result=36$
break compute
continue
watch counter
continue
continue
p counter
delete
continue
