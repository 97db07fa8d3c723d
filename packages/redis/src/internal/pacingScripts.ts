/**
 * The Lua scripts that keep one quota in Redis. Each runs atomically, reads the time from Redis (`TIME`), so that
 * every process measures against one clock, and gives every key it writes a TTL.
 *
 * Per quota (a vendor host and an API key's hash) two keys, in one hash slot (`{…}`):
 *
 * - `…:quota`, a hash: `limit`; `remaining` as the server last said it within the window; `window`, the window's
 *   reset as the response announced it (the window's identity: responses of one window announce the same reset,
 *   so comparisons stay in the clock that made them); `resetAt` and `retryAt`, the same moments as Redis times
 *   (what waits are measured against); `overriddenUntil`, the latest window a 429's own hint overrode.
 * - `…:inflight`, a sorted set of request ids scored by when they stop counting (Redis time): a process that dies
 *   with requests in flight leaves entries that expire, not a count that never comes down.
 *
 * @internal
 */

// Redis time in milliseconds, and numbers written as integers (a Lua number may print as 1.7e+12).
const prelude = `
if redis.replicate_commands ~= nil then redis.replicate_commands() end
local time = redis.call("TIME")
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local function int(n) return string.format("%.0f", n) end
`

/**
 * KEYS: quota, inflight. ARGV: request id, how long an in-flight request counts (ms), the wait while no window is
 * known and the limit is spent (ms). Returns 0 (the id now counts as in flight) or the milliseconds to wait.
 *
 * @internal
 */
export const take = `${prelude}
redis.call("ZREMRANGEBYSCORE", KEYS[2], "-inf", int(now))
local inFlight = redis.call("ZCARD", KEYS[2])
local state = redis.call("HMGET", KEYS[1], "limit", "remaining", "window", "resetAt", "retryAt", "overriddenUntil")
local limit = tonumber(state[1])
local remaining = tonumber(state[2])
local window = tonumber(state[3]) or 0
local resetAt = tonumber(state[4]) or 0
local retryAt = tonumber(state[5]) or 0
local overriddenUntil = tonumber(state[6]) or 0
if now < retryAt then return retryAt - now end
-- Within a known window, the budget is what the server said is left, less what is on its way. After it (or once
-- a 429's own hint has run out), until a response describes the new one, up to the limit at once.
local known = remaining ~= nil and now < resetAt and window > overriddenUntil
local budget
if known then
  budget = remaining - inFlight
elseif limit == nil then
  budget = 1
else
  budget = limit - inFlight
end
if budget > 0 then
  local ttl = tonumber(ARGV[2])
  redis.call("ZADD", KEYS[2], int(now + ttl), ARGV[1])
  redis.call("PEXPIRE", KEYS[2], int(ttl))
  return 0
end
if not known then return tonumber(ARGV[3]) end
return resetAt - now
`

/**
 * KEYS: quota, inflight. ARGV: request id ("" for none), "1" when a quota follows, its limit ("" when unknown),
 * remaining, announced reset (the window), the reset's distance from the sender's now (ms), the 429's retry
 * distance ("" when none), how long the quota is kept after its last deadline (ms).
 *
 * @internal
 */
export const settle = `${prelude}
if ARGV[1] ~= "" then redis.call("ZREM", KEYS[2], ARGV[1]) end
if ARGV[2] ~= "1" then return 0 end
local state = redis.call("HMGET", KEYS[1], "remaining", "window", "resetAt", "retryAt", "overriddenUntil")
local storedRemaining = tonumber(state[1])
local storedWindow = tonumber(state[2]) or 0
local resetAt = tonumber(state[3]) or 0
local retryAt = tonumber(state[4]) or 0
local overriddenUntil = tonumber(state[5]) or 0
local remaining = tonumber(ARGV[4])
local window = tonumber(ARGV[5])
if ARGV[3] ~= "" then redis.call("HSET", KEYS[1], "limit", ARGV[3]) end
if ARGV[7] ~= "" then
  -- The server said when to come back: the quota is next worth trying then, whatever the window's reset says.
  retryAt = math.max(retryAt, now + tonumber(ARGV[7]))
  overriddenUntil = math.max(overriddenUntil, window)
  redis.call("HSET", KEYS[1], "retryAt", int(retryAt), "overriddenUntil", int(overriddenUntil))
elseif window <= overriddenUntil then
  -- Older news than the hint: sent before it, arrived after.
elseif window > storedWindow or storedRemaining == nil then
  resetAt = now + tonumber(ARGV[6])
  redis.call("HSET", KEYS[1], "remaining", int(remaining), "window", int(window), "resetAt", int(resetAt))
elseif window == storedWindow and remaining < storedRemaining then
  -- Responses arrive out of order: within one window, the lowest count is the latest news.
  redis.call("HSET", KEYS[1], "remaining", int(remaining))
end
redis.call("PEXPIRE", KEYS[1], int(math.max(now, resetAt, retryAt) - now + tonumber(ARGV[8])))
return 0
`
