# tern-user -g, stepping in a worker: a breakpoint in the producer stops the
# process in that thread; two "next"s step it line by line over the
# produce_one call (the other threads run or pause as gdb asks) and the
# producer stays the current thread throughout.
# expect: Thread \d+ hit Breakpoint 2, producer \(arg=0x0\) at .*mtprog\.c:38
# expect: ^38\s+int total = 0;\n40\s+for \(int i = 1; i <= 3; i\+\+\) \{\n41\s+total \+= produce_one\(i\);
# expect: ^\*\s+\d+\s+Thread \d+\s+producer \(arg=0x0\) at .*mtprog\.c:41
# expect: ^#0\s+producer \(arg=0x0\) at .*mtprog\.c:41\n#1\s+0x[0-9a-f]+ in start_thread
# expect: ^42\s+produced = i;
# expect: exited normally
# status: 0
# output: ^total=60$
break main
continue
break producer
continue
next
next
info threads
bt
next
delete
continue
