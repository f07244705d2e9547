# tern-user -g, stepping in a guest thread: stopped in the worker, "next"
# steps over its compute() call (a step-over-breakpoint with the other thread
# held, then a continue to the return address) and stays in the worker;
# "finish" returns to start_thread with its value (14); the thread then ends
# and the run exits 7.
# tern-args: thread
# expect: hit Breakpoint 1, worker \(arg=0x3\)
# expect: ^\d+\s+\}
# expect: Value returned is \$1 = \(void \*\) 0xe
# expect: ^\*\s+2\s+Thread \d+\s+0x[0-9a-f]+ in start_thread
# expect: exited with code 07
# status: 7
# output: ^thread=14$
break worker
continue
next
finish
info threads
continue
