# Ctrl-C stops a chained loop of translated code (patch_loop calling patchme,
# which returns 1); a gdb memory write then patches patchme's first
# instruction to "li $v0, 5", and the patched instruction runs: the loop ends.
# No break- or watchpoint changes between the stop and the write, so only the
# write itself can drop the stale translation.
# sigint-after: 3
# tern-args: --stats
# expect: Program received signal SIGINT
# expect: patch(me|_loop) \(\)
# expect: exited with code 07
# output: patch=5
# status: 7
# stderr-int: >= 1000000 guest instructions executed +(\d+)
# stderr-int: <= 100000 returns to the dispatcher +(\d+)
break main
continue
set var patch_mode = 1
delete
continue
bt 1
set var *(int *)patchme = 0x24020005
continue
