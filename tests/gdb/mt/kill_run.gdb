# tern-user -g, gdb kills the run while stopped at a worker's signal: the
# whole process ends (every thread, not just the one that stopped) with
# status 0, as qemu-user.
# tern-args: segv
# expect: Thread \d+ received signal SIGSEGV, Segmentation fault\.
# status: 0
continue
kill
