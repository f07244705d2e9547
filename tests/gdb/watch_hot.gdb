# A watchpoint on a global written from translated code a million loop
# iterations in: it stops on that write with the old and new value, and the
# loop ran translated (its pages' accesses through the memory slow path).
# tern-args: --stats
# expect: Hardware watchpoint 2: hot_mark
# expect: Old value = 0\nNew value = 1000000
# expect: hot_loop \(n=2000000\) at .*prog\.c
# expect: ^\$1 = 1000000$
# expect: exited with code 07
# output: hot=1385447424 mark=1000000
# status: 7
# stderr-int: >= 30000000 guest instructions executed +(\d+)
# stderr-int: <= 100000 returns to the dispatcher +(\d+)
break main
continue
set var hot_n = 2000000
watch hot_mark
continue
p i
delete
continue
