import { randomUUID } from "node:crypto"
import { CircuitBreaker } from "@faultline/core"
import type * as ConfigNs from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import type { Redis } from "ioredis"
import type * as RedisBreaker from "../RedisBreaker.js"
import * as Scripts from "./breakerScripts.js"
import * as Connection from "./connection.js"
import * as Fallback from "./fallback.js"
import * as Keys from "./keys.js"

/** @internal */
export const tag = Context.GenericTag<RedisBreaker.RedisBreaker, RedisBreaker.RedisBreaker>(
  "@faultline/redis/RedisBreaker"
)

interface BreakerCommands {
  faultlineBreakerAsk(breaker: string, probe: string, id: string, leaseMillis: number): Promise<[number, number]>
  faultlineBreakerRecord(
    breaker: string,
    probe: string,
    id: string,
    outcome: "up" | "down" | "unknown",
    waitHint: string,
    status: string,
    threshold: number,
    baseDelay: number,
    maxDelay: number,
    keepMillis: number
  ): Promise<[number, number]>
}

const withCommands = (redis: Redis): Redis & BreakerCommands => {
  const commands = redis as Redis & Partial<BreakerCommands>
  if (commands.faultlineBreakerAsk === undefined) {
    redis.defineCommand("faultlineBreakerAsk", { numberOfKeys: 2, lua: Scripts.ask })
  }
  if (commands.faultlineBreakerRecord === undefined) {
    redis.defineCommand("faultlineBreakerRecord", { numberOfKeys: 2, lua: Scripts.record })
  }
  return redis as Redis & BreakerCommands
}

const go: CircuitBreaker.Verdict = { _tag: "Go", probe: false }
const goAsProbe: CircuitBreaker.Verdict = { _tag: "Go", probe: true }

/** @internal */
export const make = (options: RedisBreaker.Options): RedisBreaker.RedisBreaker => {
  const redis = withCommands(options.redis)
  const prefix = options.prefix ?? "faultline:breaker:"
  const account = Keys.accountOf(options.apiKey)
  const threshold = options.failureThreshold ?? 5
  const baseDelay = options.baseDelayMillis ?? 1000
  const maxDelay = Math.max(baseDelay, options.maxDelayMillis ?? 1000)
  const leaseMillis = Math.max(1, Math.round(Duration.toMillis(options.probeLease ?? "1 minute")))
  const keepMillis = Math.max(1, Math.round(Duration.toMillis(options.keep ?? "10 minutes")))
  const pollMillis = Math.max(1, Math.round(Duration.toMillis(options.probePoll ?? "50 millis")))
  // While Redis is away, each process keeps its own outages, as `CircuitBreaker.make` does.
  const local = CircuitBreaker.make({
    failureThreshold: threshold,
    baseDelayMillis: baseDelay,
    maxDelayMillis: maxDelay
  })
  const { answered, ask, failed, isDown, route } = Fallback.make({
    redis,
    timeout: options.timeout ?? "100 millis",
    recheck: options.recheck ?? "1 second",
    shared: "the circuit breaker",
    annotation: "faultline.breaker"
  })

  const keys = (host: string) => {
    const base = Keys.baseOf(prefix, account, host)
    return { breaker: `${base}:breaker`, probe: `${base}:probe` }
  }

  // What this process last heard of each host: whether it is in an outage (`isOpen` answers from it) and the
  // fleet's failures in a row (an Up on a closed host with none need not be written).
  const heard = new Map<string, { open: boolean; failures: number }>()
  // This process's probe of each host, if it holds one: its id, or "local" for a probe the local breaker gave.
  const probes = new Map<string, string>()
  // One poll a host for the calls of this process waiting behind a probe (another process's, or this one's).
  const probeEnds = new Map<string, Deferred.Deferred<void>>()

  const probeKeyGone = (key: string) =>
    Effect.gen(function* () {
      const { probe } = keys(key)
      const until = Date.now() + leaseMillis
      for (;;) {
        yield* Effect.sleep(pollMillis)
        const exists = yield* ask(() => redis.exists(probe))
        // Gone, or Redis away (the callers ask again, and are answered from memory), or the lease ran out.
        if (Either.isLeft(exists) || exists.right === 0 || Date.now() > until) return
      }
    })

  const probeEnded = (key: string): Effect.Effect<void> =>
    Effect.suspend(() => {
      const existing = probeEnds.get(key)
      if (existing !== undefined) return Deferred.await(existing)
      const ended = Deferred.unsafeMake<void>(undefined as never)
      probeEnds.set(key, ended)
      // The poll runs on its own (bounded by the lease), so that a waiter interrupted leaves the others a poll.
      return probeKeyGone(key).pipe(
        Effect.ensuring(
          Effect.suspend(() => {
            probeEnds.delete(key)
            return Deferred.succeed(ended, undefined)
          })
        ),
        Effect.forkDaemon,
        Effect.zipRight(Deferred.await(ended))
      )
    })

  const askLocally = (key: string) =>
    Effect.map(local.ask(key), (verdict) => {
      if (verdict._tag === "Go" && verdict.probe) probes.set(key, "local")
      return verdict
    })

  const askRedis = (key: string) => {
    const id = randomUUID()
    const { breaker, probe } = keys(key)
    return Effect.flatMap(
      ask(() => redis.faultlineBreakerAsk(breaker, probe, id, leaseMillis)),
      Either.match({
        onLeft: (reason) => Effect.zipRight(failed(key, reason), askLocally(key)),
        onRight: ([verdict, value]) =>
          Effect.as(
            answered(key),
            ((): CircuitBreaker.Verdict => {
              heard.set(key, { open: verdict !== 0, failures: verdict === 0 ? value : 0 })
              switch (verdict) {
                case 0:
                  return go
                case 1:
                  return { _tag: "WaitUntil", millis: Math.max(1, value) }
                case 2:
                  return { _tag: "WaitForProbe", probeEnded: probeEnded(key) }
                default:
                  probes.set(key, id)
                  return goAsProbe
              }
            })()
          )
      })
    )
  }

  const recordLocally = (key: string, probe: boolean, outcome: CircuitBreaker.Outcome) =>
    local.record(key, probe, outcome)

  const recordRedis = (key: string, id: string, outcome: CircuitBreaker.Outcome) => {
    const { breaker, probe } = keys(key)
    const down = outcome._tag === "Down" ? outcome : undefined
    return Effect.flatMap(
      ask(() =>
        redis.faultlineBreakerRecord(
          breaker,
          probe,
          id,
          outcome._tag === "Up" ? "up" : outcome._tag === "Down" ? "down" : "unknown",
          down?.waitHintMillis === undefined ? "" : String(Math.round(down.waitHintMillis)),
          down?.status === undefined ? "" : String(down.status),
          threshold,
          baseDelay,
          maxDelay,
          keepMillis
        )
      ),
      Either.match({
        onLeft: (reason) =>
          // Not written: what it said is news for this process at least.
          Effect.zipRight(failed(key, reason), recordLocally(key, false, outcome)),
        onRight: ([open, failures]) =>
          Effect.zipRight(
            Effect.sync(() => heard.set(key, { open: open === 1, failures })),
            answered(key)
          )
      })
    )
  }

  return {
    ask: (key) => Effect.flatMap(route, (routed) => (routed === "local" ? askLocally(key) : askRedis(key))),
    record: (key, probe, outcome) =>
      Effect.suspend(() => {
        const id = probe ? probes.get(key) : undefined
        if (probe) probes.delete(key)
        if (id === "local") return recordLocally(key, true, outcome)
        if (isDown()) return recordLocally(key, false, outcome)
        const known = heard.get(key)
        // Up on a host this process last heard closed, with no failures counted: nothing to write.
        if (
          id === undefined &&
          outcome._tag === "Up" &&
          (known === undefined || (!known.open && known.failures === 0))
        ) {
          return Effect.void
        }
        if (outcome._tag === "Unknown" && id === undefined) return Effect.void
        return recordRedis(key, id ?? "", outcome)
      }),
    isOpen: (key) => (isDown() ? local.isOpen(key) : heard.get(key)?.open === true)
  }
}

/** @internal */
export const layer = (options: RedisBreaker.LayerOptions): Layer.Layer<RedisBreaker.RedisBreaker> =>
  Layer.scoped(
    tag,
    Effect.map(Connection.scoped(options.url), (redis) => {
      const { url: _url, ...breakerOptions } = options
      return make({ ...breakerOptions, redis })
    })
  )

/** @internal */
export const layerConfig = (
  options: ConfigNs.Config.Wrap<Partial<RedisBreaker.LayerOptions>> = {}
): Layer.Layer<RedisBreaker.RedisBreaker, ConfigError.ConfigError> =>
  Layer.unwrapEffect(Effect.map(Connection.resolveUrl(options), layer))
