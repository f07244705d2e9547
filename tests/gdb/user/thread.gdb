# tern-user -g with a guest thread: a breakpoint in the worker's function
# stops the worker thread (all-stop: the main thread pauses too); gdb lists
# both threads (ids = guest tids), switches to the main thread (its registers,
# through Hg: it sits in glibc's clone or join, whose frames gdb cannot unwind
# past without their debug info), back to the worker (its backtrace reaches
# start_thread), and the run goes on to pthread_join's result and status 7.
# tern-args: thread
# expect: Breakpoint 1, main
# expect: Thread \S+ \S+ \d+\S* hit Breakpoint 2, worker|Breakpoint 2, worker
# expect: ^\*\s+2\s+Thread .*worker
# expect: ^\s+1\s+Thread .*
# expect: \[Switching to thread 1 \(Thread \d+\)\]\n#0\s+0x[0-9a-f]+ in \w+ \(\)\n#0\s+0x[0-9a-f]+ in \w+ \(\)
# expect: \[Switching to thread 2 \(Thread \d+\)\]\n#0\s+worker \(arg=0x3\)
# expect: ^#0\s+worker \(arg=0x3\).*\n#1\s+0x[0-9a-f]+ in start_thread
# expect: exited with code 07
# status: 7
# output: ^thread=14$
break main
continue
break worker
continue
info threads
thread 1
bt
thread 2
bt
delete
continue
