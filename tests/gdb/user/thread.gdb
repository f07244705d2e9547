# tern-user -g with a guest thread: the stub holds the main thread; the
# worker thread runs (interpreted) and pthread_join returns its result.
# tern-args: thread
# expect: Breakpoint 1, main
# expect: exited with code 07
# status: 7
# output: ^thread=14$
break main
continue
continue
