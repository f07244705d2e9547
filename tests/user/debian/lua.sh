#!/bin/bash
# tests/user/debian/lua.sh TERN CACHE [ENGINE] — Debian's lua5.4: a script of
# integer and float arithmetic, strings and patterns, tables, closures,
# coroutines, string.format of doubles, errors and exit codes.
. "$(dirname "$0")/lib.sh"
need /usr/bin/lua5.4
cat >"$seed/prog.lua" <<'LUA'
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print("fib", fib(24))
local t = {}
for i = 1, 2000 do t[i] = (i * 7919) % 1009 end
table.sort(t)
print("sorted", t[1], t[1000], t[2000], #t)
local s = 0.0
for i = 1, 10000 do s = s + math.sin(i) / i end
print(string.format("%.12f %g %a", s, 1e300 * 10, 0.1))
print(math.maxinteger, math.mininteger, 7 // 2, -7 // 2, 7 % -3, 2^53, 1 / 0, -1 / 0)
print(("hello world from lua"):gsub("(%w+)", "<%1>"))
print(string.rep("ab", 3, "-"), ("x=%d"):format(42), #"\u{20AC}")
local co = coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i * i) end end)
print(co(), co(), co())
local ok, err = pcall(function() error({code = 7}) end)
print(ok, type(err), err.code)
print(pcall(error, "boom"))
local words = {}
for w in io.lines("words.txt") do words[#words + 1] = w:upper() end
print(table.concat(words, ","))
local f = assert(io.open("out.txt", "w")); f:write("written\n", 3.5, "\n"); f:close()
print(os.time({year = 2020, month = 1, day = 2, hour = 3}), os.date("!%Y-%m-%d", 0))
print(tostring(nil), tostring(true), math.type(1), math.type(1.0), 3 | 5, 3 ~ 5, ~0)
io.stderr:write("to stderr\n")
os.exit(3)
LUA
printf 'one\ntwo\nthree\n' >"$seed/words.txt"
seal
check script /dev/null /usr/bin/lua5.4 prog.lua
check expr /dev/null /usr/bin/lua5.4 -e 'print(string.format("%5.3f|%-6s|%q", math.pi, "ab", "a\nb"))'
check stdin "$seed/words.txt" /usr/bin/lua5.4 -e 'for l in io.lines() do print(#l, l:reverse()) end'
check error /dev/null /usr/bin/lua5.4 -e 'local x = nil; print(x.y)'
check syntax /dev/null /usr/bin/lua5.4 -e 'print((('
finish
