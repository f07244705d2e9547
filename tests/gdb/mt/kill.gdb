# tern-user -g, pthread_kill(waiter, SIGUSR1) with a handler: the whole
# process stops in the waiter thread with SIGUSR1 (the stop names it: info
# threads marks it, bt shows the worker function), continue passes the
# signal and the handler runs in the waiter, which main prints.
# tern-args: kill
# expect: Thread \d+ received signal SIGUSR1, User defined signal 1\.
# expect: ^\*\s+\d+\s+Thread \d+\s+(0x[0-9a-f]+ in )?waiter \(arg=0x0\) at .*mtprog\.c:\d+
# expect: ^#0\s+(0x[0-9a-f]+ in )?waiter \(arg=0x0\) at .*mtprog\.c:\d+\n#1\s+0x[0-9a-f]+ in start_thread
# expect: exited normally
# status: 0
# output: ^total=60$
# output: ^usr1 in waiter=1$
continue
info threads
bt
continue
