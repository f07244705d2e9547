-- bench/user/nbody.lua — CPU-bound Lua for bench/run.py: the n-body
-- simulation (5 bodies, doubles) and recursive fib, with a fixed answer.
local PI, SOLAR = math.pi, 4 * math.pi * math.pi
local DAYS = 365.24
local bodies = {
  {0, 0, 0, 0, 0, 0, SOLAR},
  {4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
   1.66007664274403694e-03 * DAYS, 7.69901118419740425e-03 * DAYS, -6.90460016972063023e-05 * DAYS,
   9.54791938424326609e-04 * SOLAR},
  {8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
   -2.76742510726862411e-03 * DAYS, 4.99852801234917238e-03 * DAYS, 2.30417297573763929e-05 * DAYS,
   2.85885980666130812e-04 * SOLAR},
  {1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
   2.96460137564761618e-03 * DAYS, 2.37847173959480950e-03 * DAYS, -2.96589568540237556e-05 * DAYS,
   4.36624404335156298e-05 * SOLAR},
  {1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
   2.68067772490389322e-03 * DAYS, 1.62824170038242295e-03 * DAYS, -9.51592254519715870e-05 * DAYS,
   5.15138902046611451e-05 * SOLAR},
}
local function advance(n, dt)
  for _ = 1, n do
    for i = 1, #bodies do
      local a = bodies[i]
      for j = i + 1, #bodies do
        local b = bodies[j]
        local dx, dy, dz = a[1] - b[1], a[2] - b[2], a[3] - b[3]
        local d2 = dx * dx + dy * dy + dz * dz
        local mag = dt / (d2 * math.sqrt(d2))
        a[4], a[5], a[6] = a[4] - dx * b[7] * mag, a[5] - dy * b[7] * mag, a[6] - dz * b[7] * mag
        b[4], b[5], b[6] = b[4] + dx * a[7] * mag, b[5] + dy * a[7] * mag, b[6] + dz * a[7] * mag
      end
    end
    for _, b in ipairs(bodies) do
      b[1], b[2], b[3] = b[1] + dt * b[4], b[2] + dt * b[5], b[3] + dt * b[6]
    end
  end
end
local function energy()
  local e = 0
  for i, a in ipairs(bodies) do
    e = e + 0.5 * a[7] * (a[4] * a[4] + a[5] * a[5] + a[6] * a[6])
    for j = i + 1, #bodies do
      local b = bodies[j]
      local dx, dy, dz = a[1] - b[1], a[2] - b[2], a[3] - b[3]
      e = e - a[7] * b[7] / math.sqrt(dx * dx + dy * dy + dz * dz)
    end
  end
  return e
end
print(string.format("%.9f", energy()))
advance(100000, 0.01)
print(string.format("%.9f", energy()))
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print(fib(27))
