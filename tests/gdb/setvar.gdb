# set var changes the program's output: scale 3 -> 5 makes 30 + 2 * 5 = 40.
# expect: Breakpoint 1, add_scaled \(a=30, b=2\)
# expect: ^\$1 = 5$
# expect: exited with code 07
# output: result=40 branchy=11
# status: 7
break add_scaled
continue
set var scale = 5
p scale
continue
