# tern-user -g, a worker stores through NULL: the whole process stops with
# SIGSEGV in the producer thread (T0b naming it), bt shows the worker
# function; continue passes the signal (gdb's default for SIGSEGV), which
# has no handler, so the process dies of it: gdb hears X0b, tern-user is
# killed by SIGSEGV and main never prints.
# tern-args: segv
# expect: Thread \d+ received signal SIGSEGV, Segmentation fault\.
# expect: ^\*\s+\d+\s+Thread \d+\s+0x[0-9a-f]+ in producer \(arg=0x0\) at .*mtprog\.c:\d+|^\*\s+\d+\s+Thread \d+\s+producer \(arg=0x0\) at .*mtprog\.c:\d+
# expect: ^#0\s+(0x[0-9a-f]+ in )?producer \(arg=0x0\) at .*mtprog\.c:\d+\n#1\s+0x[0-9a-f]+ in start_thread
# expect: ^44\s+if \(crash\) \*null_ptr = total;
# expect: Program terminated with signal SIGSEGV, Segmentation fault\.
# status: -11
continue
info threads
bt
continue
