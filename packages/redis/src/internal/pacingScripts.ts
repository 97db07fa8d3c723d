/**
 * The Lua scripts that keep one quota in Redis. Each runs atomically, reads the time from Redis (`TIME`), so that
 * every process measures against one clock, and gives every key it writes a TTL. They make the decisions of core's
 * memory store (`internal/pacing.ts`) and learn a window's turn as `internal/windowTurn.ts` does, step for step,
 * with every moment in Redis time: `test/Conformance.test.ts` runs both on the same random histories and asks for
 * the same answers, so a change to one that is not made to the other fails there.
 *
 * Per quota (a vendor host and an API key's hash) two keys, in one hash slot (`{…}`):
 *
 * - `…:quota`, a hash: `limit`; `remaining` as the server last said it within the window; `window`, the window's
 *   reset as the response announced it (the window's identity: responses of one window announce the same reset,
 *   so comparisons stay in the clock that made them); `resetAt` and `retryAt`, the same moments as Redis times
 *   (what waits are measured against); `overriddenUntil`, the latest window a 429's own hint overrode;
 *   `windowMillis`, the windows' length learnt from the announced resets; and the turn (`earliest`, `likely`,
 *   `tries`, `lastTriedAt`, `lastRefused`): when the window really turns, as far as the answers tell, and the early
 *   requests sent to find out; `answered` once any request was answered, and `scoutAt`, when the first request
 *   went alone to learn the quota.
 * - `…:inflight`, a sorted set of request ids scored by when they stop counting (Redis time): a process that dies
 *   with requests in flight leaves entries that expire, not a count that never comes down.
 *
 * @internal
 */

// The time in milliseconds (Redis's, unless ARGV[1] gives one: the conformance test's), numbers written as
// integers (a Lua number may print as 1.7e+12), and the window's turn read from and written to the quota hash.
const prelude = `
if redis.replicate_commands ~= nil then redis.replicate_commands() end
local now
if ARGV[1] ~= "" then
  now = tonumber(ARGV[1])
else
  local time = redis.call("TIME")
  now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end
local function int(n) return string.format("%.0f", n) end
local function num(v, default) return tonumber(v) or default end

local fields = {"limit", "remaining", "window", "resetAt", "retryAt", "overriddenUntil", "windowMillis",
  "earliest", "likely", "tries", "lastTriedAt", "lastRefused", "answered", "scoutAt"}
local function load()
  local v = redis.call("HMGET", KEYS[1], unpack(fields))
  local resetAt = num(v[4], 0)
  return {
    limit = tonumber(v[1]), remaining = tonumber(v[2]), window = num(v[3], 0), resetAt = resetAt,
    retryAt = num(v[5], 0), overriddenUntil = num(v[6], 0), windowMillis = tonumber(v[7]),
    answered = v[13] == "1", scoutAt = num(v[14], 0),
    turn = { earliest = num(v[8], resetAt), likely = num(v[9], resetAt), announced = resetAt,
      tries = num(v[10], 0), lastTriedAt = num(v[11], 0), lastRefused = v[12] == "1" }
  }
end
local function saveTurn(t)
  redis.call("HSET", KEYS[1], "earliest", int(t.earliest), "likely", int(t.likely), "tries", int(t.tries),
    "lastTriedAt", int(t.lastTriedAt), "lastRefused", t.lastRefused and "1" or "0")
end

-- windowTurn.ts: narrower than this, the first early request goes at the likely turn rather than in the middle.
local narrowMillis = 50
local function nextTryAt(t)
  if t.earliest >= t.announced then return nil end
  if t.tries == 0 then
    local open = t.likely - t.earliest
    if open > narrowMillis then return t.earliest + math.floor(open / 2) end
    return t.likely
  end
  if t.tries ~= 1 or not t.lastRefused then return nil end
  if t.lastTriedAt < t.likely and t.likely < t.announced then return t.likely end
  local left = t.announced - t.lastTriedAt
  if left > 2 * narrowMillis then return t.lastTriedAt + math.floor(left / 2) end
  return nil
end
`

/**
 * KEYS: quota, inflight. ARGV: the time ("" for Redis's), request id, how long an in-flight request counts (ms),
 * the wait while no window is known and the limit is spent (ms), the poll while an early request is out (ms), "1"
 * when the request may go early. Returns 0 (the id now counts as in flight) or the milliseconds to wait.
 *
 * @internal
 */
export const take = `${prelude}
redis.call("ZREMRANGEBYSCORE", KEYS[2], "-inf", int(now))
local inFlight = redis.call("ZCARD", KEYS[2])
local s = load()
local function admit()
  local ttl = tonumber(ARGV[3])
  redis.call("ZADD", KEYS[2], int(now + ttl), ARGV[2])
  redis.call("PEXPIRE", KEYS[2], int(ttl))
  return 0
end
if now < s.retryAt then return s.retryAt - now end
local poll = tonumber(ARGV[5])
-- Nothing known of the host yet: its first request goes alone, and its answer tells the quota before the others
-- go. It holds them for a second at most.
if not s.answered and s.limit == nil and s.remaining == nil then
  if inFlight == 0 then
    redis.call("HSET", KEYS[1], "scoutAt", int(now))
    redis.call("PEXPIRE", KEYS[1], int(tonumber(ARGV[3])))
    return admit()
  end
  if now < s.scoutAt + 1000 then return math.min(poll, s.scoutAt + 1000 - now) end
end
-- Within a known window, the budget is what the server said is left, less what is on its way. After it (or once
-- a 429's own hint has run out), until a response describes the new one, up to the limit at once.
local known = s.remaining ~= nil and now < s.resetAt and s.window > s.overriddenUntil
local budget
if known then
  budget = s.remaining - inFlight
elseif s.limit == nil then
  budget = 1
else
  budget = s.limit - inFlight
end
if budget > 0 then return admit() end
if not known then return tonumber(ARGV[4]) end
-- Spent, and the reset announced in whole seconds: one request goes early, alone, to find the turn.
local t = s.turn
local tryAt = nextTryAt(t)
if s.remaining == 0 and tryAt ~= nil and now >= tryAt and ARGV[6] == "1" then
  t.tries = t.tries + 1
  t.lastTriedAt = now
  t.lastRefused = false
  saveTurn(t)
  return admit()
end
if t.tries > 0 and inFlight > 0 and s.remaining == 0 then return math.min(poll, s.resetAt - now) end
if tryAt ~= nil and now < tryAt then return math.min(tryAt, s.resetAt) - now end
-- The last of the quota is in flight: its answers will say whether the window is spent.
if tryAt ~= nil and s.remaining > 0 then return math.min(poll, s.resetAt - now) end
return s.resetAt - now
`

/**
 * KEYS: quota, inflight. ARGV: the time ("" for Redis's), request id ("" for none), "1" when a quota follows, its
 * limit ("" when unknown), remaining, announced reset (the window), the reset's distance from the sender's now
 * (ms), the distance of the earliest the window may reset ("" when the reset is exact), the 429's retry distance
 * ("" when none), how long the quota is kept after its last deadline (ms).
 *
 * @internal
 */
export const settle = `${prelude}
redis.call("ZREMRANGEBYSCORE", KEYS[2], "-inf", int(now))
local alone = ARGV[2] ~= "" and redis.call("ZCARD", KEYS[2]) == 1 and redis.call("ZSCORE", KEYS[2], ARGV[2])
if ARGV[2] ~= "" then redis.call("ZREM", KEYS[2], ARGV[2]) end
local s = load()
if not s.answered then redis.call("HSET", KEYS[1], "answered", "1") end
if ARGV[3] ~= "1" then
  redis.call("PEXPIRE", KEYS[1], int(math.max(now, s.resetAt, s.retryAt) - now + tonumber(ARGV[10])))
  return 0
end
local remaining = tonumber(ARGV[5])
local window = tonumber(ARGV[6])
local retryIn = ARGV[9]
local function keep()
  redis.call("PEXPIRE", KEYS[1], int(math.max(now, s.resetAt, s.retryAt) - now + tonumber(ARGV[10])))
  return 0
end
if ARGV[4] ~= "" then redis.call("HSET", KEYS[1], "limit", ARGV[4]) end
local t = s.turn
-- The early request, alone in flight, answered by the old window: the window turns after it went, a lower bound
-- kept for the next turn whatever the next early request meets. Its 429's own wait bounds the turn; it does not
-- hold the quota (the request that met it waits it in its own retry).
if alone and t.tries > 0 and window <= s.window and (remaining == 0 or retryIn ~= "") then
  t.lastRefused = true
  t.earliest = math.max(t.earliest, t.lastTriedAt)
  if retryIn ~= "" and now + tonumber(retryIn) > t.lastTriedAt then
    t.likely = math.min(t.likely, now + tonumber(retryIn))
  end
  saveTurn(t)
  if retryIn ~= "" then return keep() end
end
if retryIn ~= "" then
  -- The server said when to come back: the quota is next worth trying then, whatever the window's reset says.
  s.retryAt = math.max(s.retryAt, now + tonumber(retryIn))
  s.overriddenUntil = math.max(s.overriddenUntil, window)
  redis.call("HSET", KEYS[1], "retryAt", int(s.retryAt), "overriddenUntil", int(s.overriddenUntil))
elseif window <= s.overriddenUntil then
  -- Older news than the hint: sent before it, arrived after.
elseif window > s.window or s.remaining == nil then
  -- A new window: its turn as announced, narrowed by the last turn moved by the windows' length.
  local resetAt = now + tonumber(ARGV[7])
  local earliest = resetAt
  if ARGV[8] ~= "" then earliest = math.min(resetAt, now + tonumber(ARGV[8])) end
  local step = window - s.window
  if step > 0 and s.window ~= 0 then
    s.windowMillis = s.windowMillis == nil and step or math.min(s.windowMillis, step)
  end
  local upcoming = { earliest = earliest, likely = resetAt, tries = 0, lastTriedAt = 0, lastRefused = false }
  if s.remaining ~= nil and s.windowMillis ~= nil and earliest < resetAt then
    local narrowed = math.max(earliest, t.earliest + s.windowMillis)
    local likely = math.min(resetAt, now + s.windowMillis)
    if narrowed < likely then
      upcoming.earliest = narrowed
      upcoming.likely = likely
    end
  end
  s.resetAt = resetAt
  redis.call("HSET", KEYS[1], "remaining", int(remaining), "window", int(window), "resetAt", int(resetAt))
  if s.windowMillis ~= nil then redis.call("HSET", KEYS[1], "windowMillis", int(s.windowMillis)) end
  saveTurn(upcoming)
elseif window == s.window and remaining < s.remaining then
  -- Responses arrive out of order: within one window, the lowest count is the latest news.
  redis.call("HSET", KEYS[1], "remaining", int(remaining))
end
return keep()
`
