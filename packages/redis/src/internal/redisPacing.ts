import { randomUUID } from "node:crypto"
import { Pacing } from "@faultline/core"
import * as Clock from "effect/Clock"
import type * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import type { Redis } from "ioredis"
import type * as RedisPacing from "../RedisPacing.js"
import * as Connection from "./connection.js"
import * as Fallback from "./fallback.js"
import * as Keys from "./keys.js"
import * as Scripts from "./pacingScripts.js"

/** @internal */
export const tag = Context.GenericTag<RedisPacing.RedisPacing, RedisPacing.RedisPacing>("@faultline/redis/RedisPacing")

interface PacingCommands {
  faultlinePacingTake(
    quota: string,
    inFlight: string,
    now: string,
    id: string,
    inFlightMillis: number,
    unknownWindowPoll: number,
    earlyPoll: number,
    mayGoEarly: "0" | "1"
  ): Promise<number>
  faultlinePacingSettle(
    quota: string,
    inFlight: string,
    now: string,
    id: string,
    hasQuota: "0" | "1",
    limit: string,
    remaining: number,
    window: number,
    resetIn: number,
    earliestIn: string,
    retryIn: string,
    keepMillis: number
  ): Promise<number>
}

const withCommands = (redis: Redis): Redis & PacingCommands => {
  const commands = redis as Redis & Partial<PacingCommands>
  // EVALSHA, with EVAL when the server does not know the script yet (after a restart, say): ioredis does both.
  if (commands.faultlinePacingTake === undefined) {
    redis.defineCommand("faultlinePacingTake", { numberOfKeys: 2, lua: Scripts.take })
  }
  if (commands.faultlinePacingSettle === undefined) {
    redis.defineCommand("faultlinePacingSettle", { numberOfKeys: 2, lua: Scripts.settle })
  }
  return redis as Redis & PacingCommands
}

// Where a request was taken: in Redis (its id counts there until settled or expired), or in this process's memory.
type Taken = { readonly _tag: "Redis"; readonly id: string } | { readonly _tag: "Local" }

// How long a request held behind a limit spent outside any known window waits before asking again (as the memory
// store does), and how often requests held behind a window's early request ask again while it is out: less often
// than the memory store's 5 ms, as each asking is a round trip to Redis for every request held in every process.
const unknownWindowPoll = 50
const earlyPoll = 20

/** @internal */
export const make = (options: RedisPacing.Options): Pacing.PacingStore => makeMeasuredBy(options, "redis", earlyPoll)

/**
 * The store, measuring time by Redis's clock (`"redis"`, what every process shares) or by the times its caller
 * passes (`"caller"`: the `now` of `take`, the `Clock` at `settle`, as core's memory store does), which lets the
 * conformance test run both on one history (with the memory store's `earlyPollMillis`, 5).
 *
 * @internal
 */
export const makeMeasuredBy = (
  options: RedisPacing.Options,
  clock: "redis" | "caller",
  earlyPollMillis: number
): Pacing.PacingStore => {
  const timeArg = (now: number) => (clock === "caller" ? String(now) : "")
  const redis = withCommands(options.redis)
  const prefix = options.prefix ?? "faultline:pacing:"
  const account = Keys.accountOf(options.apiKey)
  const inFlightMillis = Math.max(1, Math.round(Duration.toMillis(options.inFlightTimeout ?? "1 minute")))
  const keepMillis = Math.max(1, Math.round(Duration.toMillis(options.keep ?? "10 minutes")))
  const local = Pacing.memoryStore()
  const taken = new Map<string, Array<Taken>>()
  // Redis is used until a command fails or outlasts `timeout`; then the store paces from memory, and every
  // `recheck` one call asks Redis again.
  const { answered, ask, failed, isDown, route } = Fallback.make({
    redis,
    timeout: options.timeout ?? "100 millis",
    recheck: options.recheck ?? "1 second",
    shared: "pacing",
    annotation: "faultline.pacing"
  })

  const keys = (host: string) => {
    const base = Keys.baseOf(prefix, account, host)
    return { quota: `${base}:quota`, inFlight: `${base}:inflight` }
  }

  // A request id Redis may or may not hold (its command timed out, or its settle could not be sent): released
  // without waiting. Commands on one connection run in order, so a late take is released after it ran.
  const releaseLater = (key: string, id: string) => {
    const { inFlight } = keys(key)
    redis.zrem(inFlight, id).catch(() => undefined)
  }

  const settleInRedis = (key: string, id: string, quota: Pacing.Quota | undefined, now: number) => {
    const { inFlight, quota: quotaKey } = keys(key)
    return ask(() =>
      quota === undefined
        ? redis.faultlinePacingSettle(quotaKey, inFlight, timeArg(now), id, "0", "", 0, 0, 0, "", "", keepMillis)
        : redis.faultlinePacingSettle(
            quotaKey,
            inFlight,
            timeArg(now),
            id,
            "1",
            quota.limit === undefined ? "" : String(quota.limit),
            quota.remaining,
            quota.resetAt,
            quota.resetAt - now,
            quota.earliestResetAt === undefined ? "" : String(quota.earliestResetAt - now),
            quota.retryAt === undefined ? "" : String(quota.retryAt - now),
            keepMillis
          )
    )
  }

  const takeLocally = (key: string, now: number, takeOptions: Pacing.TakeOptions | undefined) =>
    Effect.map(local.take(key, now, takeOptions), (wait) => {
      if (wait <= 0) pushTaken(key, { _tag: "Local" })
      return wait
    })

  const pushTaken = (key: string, entry: Taken) => {
    const entries = taken.get(key)
    if (entries === undefined) taken.set(key, [entry])
    else entries.push(entry)
  }

  // Settles are not told which request ended: any of this process's requests for the key will do, and the oldest
  // leaves the later expiries counting.
  const shiftTaken = (key: string): Taken | undefined => {
    const entries = taken.get(key)
    const entry = entries?.shift()
    if (entries !== undefined && entries.length === 0) taken.delete(key)
    return entry
  }

  return {
    take: (key, now, takeOptions) =>
      Effect.flatMap(route, (routed) => {
        if (routed === "local") return takeLocally(key, now, takeOptions)
        const id = randomUUID()
        const { inFlight, quota } = keys(key)
        const early = takeOptions?.mayGoEarly === true ? "1" : "0"
        return Effect.flatMap(
          ask(() =>
            redis.faultlinePacingTake(
              quota,
              inFlight,
              timeArg(now),
              id,
              inFlightMillis,
              unknownWindowPoll,
              earlyPollMillis,
              early
            )
          ),
          Either.match({
            onRight: (wait) =>
              Effect.as(
                Effect.sync(() => {
                  if (wait <= 0) pushTaken(key, { _tag: "Redis", id })
                }).pipe(Effect.zipRight(answered(key))),
                Math.max(0, wait)
              ),
            onLeft: (reason) =>
              Effect.sync(() => releaseLater(key, id)).pipe(
                Effect.zipRight(failed(key, reason)),
                Effect.zipRight(takeLocally(key, now, takeOptions))
              )
          })
        )
      }),
    settle: (key, quota) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) => {
        const entry = shiftTaken(key)
        if (entry?._tag === "Local" || entry === undefined) {
          const settleLocally = entry === undefined ? Effect.void : local.settle(key, quota)
          // What the response said is news for the fleet too, while Redis answers.
          if (quota === undefined || isDown()) return settleLocally
          return Effect.zipRight(
            settleLocally,
            Effect.flatMap(
              settleInRedis(key, "", quota, now),
              Either.match({ onRight: () => Effect.void, onLeft: (reason) => failed(key, reason) })
            )
          )
        }
        if (isDown()) return Effect.sync(() => releaseLater(key, entry.id))
        return Effect.flatMap(
          settleInRedis(key, entry.id, quota, now),
          Either.match({
            onRight: () => Effect.void,
            onLeft: (reason) =>
              Effect.sync(() => releaseLater(key, entry.id)).pipe(Effect.zipRight(failed(key, reason)))
          })
        )
      })
  }
}

/** @internal */
export const layer = (options: RedisPacing.LayerOptions): Layer.Layer<RedisPacing.RedisPacing> =>
  Layer.scoped(
    tag,
    Effect.map(Connection.scoped(options.url), (redis) => {
      const { url: _url, ...storeOptions } = options
      return make({ ...storeOptions, redis })
    })
  )

/** @internal */
export const layerConfig = (
  options: Config.Config.Wrap<Partial<RedisPacing.LayerOptions>> = {}
): Layer.Layer<RedisPacing.RedisPacing, ConfigError.ConfigError> =>
  Layer.unwrapEffect(Effect.map(Connection.resolveUrl(options), layer))
