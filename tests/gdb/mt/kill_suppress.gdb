# tern-user -g, pthread_kill(waiter, SIGUSR1) suppressed: gdb stops in the
# waiter and resumes it with "signal 0", so the handler never runs; main
# then releases the waiter, which reports that no SIGUSR1 reached it.
# tern-args: kill
# expect: Thread \d+ received signal SIGUSR1, User defined signal 1\.
# expect: exited normally
# status: 0
# output: ^total=60$
# output: ^usr1 in waiter=0$
continue
signal 0
