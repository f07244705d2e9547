# watch a global: stops on each write with the old and new value.
# expect: Hardware watchpoint 2: counter
# expect: Old value = 0\nNew value = 1
# expect: Old value = 1\nNew value = 2
# expect: compute \(n=4\) at .*prog\.c:\d+
# expect: ^\$1 = 2$
# expect: exited with code 07
# status: 7
break compute
continue
watch counter
continue
continue
p counter
delete
continue
