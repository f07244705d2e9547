# tern-user -g, a watchpoint on a global that only a worker writes: set from
# main before any thread exists, it stops the whole process in the producer
# thread (the stop reply names it), info threads marks that thread current,
# bt shows the worker function, and the next continue stops at the next
# write, still in the producer; then the run ends normally.
# expect: Hardware watchpoint 2: produced
# expect: hit Hardware watchpoint 2: produced\n\nOld value = 0\nNew value = 1
# expect: ^\*\s+\d+\s+Thread \d+\s+producer \(arg=0x0\) at .*mtprog\.c:\d+
# expect: ^#0\s+producer \(arg=0x0\) at .*mtprog\.c:\d+\n#1\s+0x[0-9a-f]+ in start_thread
# expect: Old value = 1\nNew value = 2
# expect: ^\$1 = 2$
# expect: exited normally
# status: 0
# output: ^total=60$
break main
continue
watch produced
continue
info threads
bt
continue
p produced
delete
continue
