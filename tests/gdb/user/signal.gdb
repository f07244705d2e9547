# tern-user -g: a signal goes to gdb first (stop), then to the guest's
# handler when gdb continues (passes it).
# tern-args: signal
# expect: Program received signal SIGUSR1
# expect: exited with code 07
# status: 7
# output: ^handled=\d+$
continue
continue
