# A breakpoint inside a hot loop (hot_step, called 2,000,000 times) is hit
# with the right argument each time; after `delete` the rest runs translated
# at full speed: the --stats counters show tens of millions of instructions
# with few returns to the dispatcher (the interpreter would make none
# translated, and a loop without chaining would return once per block).
# tern-args: --stats
# expect: Breakpoint 2, hot_step \(i=0\) at .*prog\.c
# expect: Breakpoint 2, hot_step \(i=1\) at .*prog\.c
# expect: Breakpoint 2, hot_step \(i=2\) at .*prog\.c
# expect: Breakpoint 2, hot_step \(i=3\) at .*prog\.c
# expect: Breakpoint 2, hot_step \(i=4\) at .*prog\.c
# expect: ^\$1 = 4$
# expect: ^#1  0x[0-9a-f]+ in hot_loop \(n=2000000\) at .*prog\.c
# expect: exited with code 07
# output: hot=1385447424 mark=1000000
# status: 7
# stderr-int: >= 30000000 guest instructions executed +(\d+)
# stderr-int: >= 5 blocks translated +(\d+)
# stderr-int: <= 100000 returns to the dispatcher +(\d+)
break main
continue
set var hot_n = 2000000
break hot_step
continue
continue
continue
continue
continue
p i
bt
delete
continue
