/**
 * The Lua scripts that keep one host's outage state in Redis, for every process using the API key: the same
 * decisions as core's `CircuitBreaker.make` (`internal/circuitBreaker.ts`), measured on the Redis server's clock.
 *
 * Per host and API key's hash, two keys in one hash slot (`{…}`):
 *
 * - `…:breaker`, a hash: `failures` (down outcomes in a row, fleet-wide), `openUntil` (0 while closed, else when
 *   the next probe may go, Redis time), `nextDelay` (the wait after the next failed probe when no hint says);
 * - `…:probe`, the id of the probe in flight, set with a lease (`PX`): a probe whose process died holds the fleet
 *   for no longer than the lease.
 *
 * @internal
 */

const prelude = `
if redis.replicate_commands ~= nil then redis.replicate_commands() end
local time = redis.call("TIME")
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local function int(n) return string.format("%.0f", n) end
`

/**
 * KEYS: breaker, probe. ARGV: a probe id, its lease (ms). Returns `{verdict, n}`: `{0, failures}` go, `{1, ms}` wait
 * that long, `{2, 0}` wait for the probe in flight, `{3, 0}` go as the probe (the id now holds the lease).
 *
 * @internal
 */
export const ask = `${prelude}
local state = redis.call("HMGET", KEYS[1], "failures", "openUntil")
local failures = tonumber(state[1]) or 0
local openUntil = tonumber(state[2]) or 0
local probing = redis.call("EXISTS", KEYS[2]) == 1
if openUntil == 0 and not probing then return {0, failures} end
if probing then return {2, 0} end
if now < openUntil then return {1, openUntil - now} end
redis.call("SET", KEYS[2], ARGV[1], "PX", ARGV[2])
return {3, 0}
`

/**
 * KEYS: breaker, probe. ARGV: the probe id ("" when the attempt was not the probe), the outcome ("up", "down",
 * "unknown"), its wait hint (ms, "" when none), its status ("" when none), the failures that open the breaker, the
 * first and the longest wait between probes (ms), how long the state is kept once closed (ms). Returns
 * `{open, failures}` after the outcome: `open` 1 while the host is in an outage.
 *
 * @internal
 */
export const record = `${prelude}
local state = redis.call("HMGET", KEYS[1], "failures", "openUntil", "nextDelay")
local failures = tonumber(state[1]) or 0
local openUntil = tonumber(state[2]) or 0
local baseDelay = tonumber(ARGV[6])
local nextDelay = tonumber(state[3]) or baseDelay
-- The probe's outcome counts as the probe's only while its lease holds: after, another may be out.
local probe = ARGV[1] ~= "" and redis.call("GET", KEYS[2]) == ARGV[1]
local outcome = ARGV[2]
if outcome == "up" then
  failures = 0
  openUntil = 0
  nextDelay = baseDelay
elseif outcome == "down" then
  failures = failures + 1
  local hint = tonumber(ARGV[3]) or 0
  local hinted = ARGV[4] == "503" and hint > 0
  if probe or hinted or failures >= tonumber(ARGV[5]) then
    -- The hint, or the probe delay when that is longer: a hint of 0 would have the fleet probe again and again.
    local wait = math.max(hint, nextDelay)
    openUntil = math.max(openUntil, now + wait)
    if probe then nextDelay = math.min(tonumber(ARGV[7]), nextDelay * 2) end
  end
elseif probe then
  -- An interrupted probe told nothing: the next caller probes now.
  openUntil = math.min(openUntil, now)
end
if probe then redis.call("DEL", KEYS[2]) end
redis.call("HSET", KEYS[1], "failures", int(failures), "openUntil", int(openUntil), "nextDelay", int(nextDelay))
redis.call("PEXPIRE", KEYS[1], int(math.max(0, openUntil - now) + tonumber(ARGV[8])))
local open = 0
if openUntil ~= 0 or redis.call("EXISTS", KEYS[2]) == 1 then open = 1 end
return {open, failures}
`
