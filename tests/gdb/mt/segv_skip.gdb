# tern-user -g, a worker's SIGSEGV suppressed: stopped in the producer at
# the store through NULL, gdb moves its pc past the store and resumes with
# "signal 0": no signal reaches the guest, the producer returns and the
# run ends normally.
# tern-args: segv
# expect: received signal SIGSEGV, Segmentation fault\.
# expect: ^44\s+if \(crash\) \*null_ptr = total;
# expect: exited normally
# status: 0
# output: ^total=60$
continue
set var $pc = $pc + 4
signal 0
