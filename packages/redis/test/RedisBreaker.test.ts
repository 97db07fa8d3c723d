import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import { HttpClient } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { expect, layer } from "@effect/vitest"
import { ApiClient, Backoff, CircuitBreaker, ProblemJson, RetryPolicy } from "@faultline/core"
import { RedisBreaker } from "@faultline/redis"
import { Cause, Deferred, Duration, Effect, Exit, Fiber, Logger, Option, Redacted } from "effect"
import { Redis } from "ioredis"
import { connect, freshPrefix } from "./utils/clients.js"
import * as RedisServer from "./utils/RedisServer.js"

const host = "api.example.test"
const down = (status = 503): CircuitBreaker.Outcome => ({ _tag: "Down", status, waitHintMillis: undefined })
const up: CircuitBreaker.Outcome = { _tag: "Up" }

// A vendor on 127.0.0.1 that answers `failing` (503 without Retry-After, or 429) while `down`, else 200; it counts
// the requests it saw while down.
const vendor = (failing: 503 | 429 = 503) =>
  Effect.acquireRelease(
    Effect.async<{
      readonly url: string
      readonly state: { down: boolean; during: number }
      readonly server: Http.Server
    }>((resume) => {
      const state = { down: false, during: 0 }
      const server = Http.createServer((_request, response) => {
        if (state.down) state.during++
        response.writeHead(state.down ? failing : 200, { "content-type": "application/json" })
        response.end(state.down ? `{"title":"failing","status":${failing}}` : "{}")
      })
      server.listen(0, "127.0.0.1", () =>
        resume(Effect.succeed({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, state, server }))
      )
    }),
    ({ server }) =>
      Effect.async<void>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      })
  )

// Server-side failures and 429s retried from 100 ms: the breaker, not the policy, decides how often the fleet tries.
const rule = RetryPolicy.rule({ backoff: Backoff.exponential({ base: "100 millis", max: "1 second" }), retries: 3 })
const retry = RetryPolicy.make<ProblemJson.Problem>({
  categories: { unavailable: rule, rate_limited: rule },
  maxAttempts: 6,
  deadline: "30 seconds"
})

const clientOf = (url: string, circuitBreaker: CircuitBreaker.CircuitBreaker) =>
  Effect.map(HttpClient.HttpClient, (http) =>
    ApiClient.make(ProblemJson.dialect, {
      baseUrl: url,
      apiKey: Redacted.make("sk_test_fleet_0123"),
      retry,
      pacing: false,
      circuitBreaker
    })(http)
  )

layer(RedisServer.layer, { timeout: "30 seconds", excludeTestServices: true })(
  "RedisBreaker against a real redis-server",
  (it) => {
    it.effect("two breakers (two connections) share one outage: one probe for both, and both resume with it", () =>
      Effect.gen(function* () {
        const server = yield* RedisServer.RedisServerTag
        const options = { prefix: freshPrefix(), apiKey: "sk_test_fleet", baseDelayMillis: 300, maxDelayMillis: 300 }
        const a = RedisBreaker.make({ redis: yield* connect(server.port), ...options })
        const b = RedisBreaker.make({ redis: yield* connect(server.port), ...options })

        // Five failures in a row, seen by A, open the host for B too.
        for (let i = 0; i < 5; i++) {
          expect((yield* a.ask(host))._tag).toBe("Go")
          yield* a.record(host, false, down())
        }
        const waiting = yield* b.ask(host)
        expect(waiting._tag).toBe("WaitUntil")
        expect(b.isOpen(host)).toBe(true)
        if (waiting._tag === "WaitUntil") yield* Effect.sleep(Duration.millis(waiting.millis + 20))

        // One probe for the fleet: B's; A waits behind it, and goes on when B records its success.
        expect(yield* b.ask(host)).toEqual({ _tag: "Go", probe: true })
        const behind = yield* a.ask(host)
        expect(behind._tag).toBe("WaitForProbe")
        const released = yield* Effect.fork(behind._tag === "WaitForProbe" ? behind.probeEnded : Effect.void)
        yield* Effect.sleep("150 millis")
        expect(released.unsafePoll()).toBeNull()
        yield* b.record(host, true, up)
        yield* Fiber.join(released)
        expect(yield* a.ask(host)).toEqual({ _tag: "Go", probe: false })
        expect(a.isOpen(host)).toBe(false)

        // Another API key on the same host is another account: never held.
        const other = RedisBreaker.make({ redis: yield* connect(server.port), ...options, apiKey: "sk_other" })
        expect(yield* other.ask(host)).toEqual({ _tag: "Go", probe: false })
      }).pipe(Effect.scoped)
    )

    it.effect("a probe whose process died holds the fleet only until its lease ends", () =>
      Effect.gen(function* () {
        const server = yield* RedisServer.RedisServerTag
        const options = {
          prefix: freshPrefix(),
          failureThreshold: 1,
          baseDelayMillis: 50,
          maxDelayMillis: 50,
          probeLease: Duration.millis(400)
        }
        const dead = RedisBreaker.make({ redis: yield* connect(server.port), ...options })
        const alive = RedisBreaker.make({ redis: yield* connect(server.port), ...options })
        yield* dead.ask(host)
        yield* dead.record(host, false, down())
        yield* Effect.sleep("80 millis")
        // The probe goes to the process that then dies: its outcome is never recorded.
        expect(yield* dead.ask(host)).toEqual({ _tag: "Go", probe: true })
        const behind = yield* alive.ask(host)
        expect(behind._tag).toBe("WaitForProbe")
        const waited = yield* Effect.timed(behind._tag === "WaitForProbe" ? behind.probeEnded : Effect.void)
        expect(Duration.toMillis(waited[0])).toBeGreaterThan(250)
        expect(yield* alive.ask(host)).toEqual({ _tag: "Go", probe: true })
      }).pipe(Effect.scoped)
    )

    it.effect("a 429 is the pacer's news, not an outage: a storm of them leaves the shared breaker closed", () =>
      Effect.gen(function* () {
        const server = yield* RedisServer.RedisServerTag
        const redis = yield* connect(server.port)
        const prefix = freshPrefix()
        const { state, url } = yield* vendor(429)
        const client = yield* clientOf(url, RedisBreaker.make({ redis, prefix }))
        state.down = true
        const exits = yield* Effect.forEach(Array.from({ length: 10 }), () => Effect.exit(client.get("/v1/things")), {
          concurrency: "unbounded"
        })
        // Every call ended on a 429 (its retries or the budget spent), none held at a breaker, and the breaker's
        // state was never written.
        for (const exit of exits) {
          const failure = Exit.isFailure(exit) ? Cause.failureOption(exit.cause) : Option.none()
          expect(Option.map(failure, (f) => [f._tag, (f as { readonly status?: number }).status])).toEqual(
            Option.some(["Problem", 429])
          )
        }
        expect(state.during).toBeGreaterThanOrEqual(20)
        const keys = yield* Effect.promise(() => redis.keys(`${prefix}*`))
        expect(keys).toEqual([])
      }).pipe(Effect.scoped, Effect.provide(NodeHttpClient.layerUndici))
    )

    it.effect("every key has a TTL, and no key or value holds the API key", () =>
      Effect.gen(function* () {
        const server = yield* RedisServer.RedisServerTag
        const redis = yield* connect(server.port)
        const prefix = freshPrefix()
        const apiKey = Redacted.make("sk_live_abcdef0123456789")
        const breaker = RedisBreaker.make({ redis, prefix, apiKey, failureThreshold: 1, keep: "2 seconds" })
        yield* breaker.ask(host)
        yield* breaker.record(host, false, down())
        yield* Effect.sleep("1100 millis")
        expect(yield* breaker.ask(host)).toEqual({ _tag: "Go", probe: true })
        const keys = yield* Effect.promise(() => redis.keys(`${prefix}*`))
        expect(keys.length).toBe(2)
        for (const key of keys) {
          expect(yield* Effect.promise(() => redis.pttl(key))).toBeGreaterThan(0)
          expect(key).not.toContain("abcdef0123456789")
          const type = yield* Effect.promise(() => redis.type(key))
          const values =
            type === "hash"
              ? Object.entries(yield* Effect.promise(() => redis.hgetall(key))).flat()
              : [yield* Effect.promise(() => redis.get(key))]
          expect(values.join(" ")).not.toContain("abcdef0123456789")
        }
        yield* breaker.record(host, true, up)
        yield* Effect.sleep("2200 millis")
        expect(yield* Effect.promise(() => redis.keys(`${prefix}*`))).toEqual([])
      }).pipe(Effect.scoped)
    )

    it.effect("Redis unreachable: each process keeps its own outages, with one warning", () => {
      const lines: Array<string> = []
      const logger = Logger.make(({ message }) => lines.push(String(message)))
      return Effect.gen(function* () {
        const redis = new Redis({ port: 1, host: "127.0.0.1", lazyConnect: true, retryStrategy: () => null })
        redis.on("error", () => undefined)
        const breaker = RedisBreaker.make({ redis, failureThreshold: 2 })
        for (let i = 0; i < 2; i++) {
          expect((yield* breaker.ask(host))._tag).toBe("Go")
          yield* breaker.record(host, false, down())
        }
        expect((yield* breaker.ask(host))._tag).toBe("WaitUntil")
        expect(breaker.isOpen(host)).toBe(true)
        expect(lines.filter((line) => line.includes("circuit breaker falls back"))).toHaveLength(1)
        redis.disconnect()
      }).pipe(Effect.provide(Logger.replace(Logger.defaultLogger, logger)))
    })

    it.effect("four clients through one Redis send one probe at a time into an outage; on their own, one each", () =>
      Effect.gen(function* () {
        const server = yield* RedisServer.RedisServerTag
        const during = { shared: 0, own: 0 }
        for (const mode of ["shared", "own"] as const) {
          const { state, url } = yield* vendor()
          const prefix = freshPrefix()
          const clients = yield* Effect.forEach([0, 1, 2, 3], () =>
            Effect.flatMap(
              mode === "shared"
                ? Effect.map(connect(server.port), (redis) =>
                    // A generous bound on Redis: on a loaded machine a slow answer would make a client probe alone.
                    RedisBreaker.make({ redis, prefix, apiKey: "sk_fleet", timeout: "1 second" })
                  )
                : Effect.sync(() => CircuitBreaker.make()),
              (breaker) => clientOf(url, breaker)
            )
          )
          // The outage starts before the calls: each client's first attempts meet it; then 3 s of it.
          state.down = true
          const started = yield* Deferred.make<void>()
          const calls = yield* Effect.fork(
            Effect.forEach(
              clients.flatMap((client) => Array.from({ length: 5 }, () => client)),
              (client) => Effect.zipRight(Deferred.await(started), client.get("/v1/things")),
              { concurrency: "unbounded" }
            )
          )
          yield* Deferred.succeed(started, undefined)
          yield* Effect.sleep("3 seconds")
          state.down = false
          const exits = yield* Fiber.join(calls).pipe(Effect.exit)
          expect(Exit.isSuccess(exits)).toBe(true)
          during[mode] = state.during
        }
        // 20 first attempts either way; after them, a probe a second for the fleet (2 or 3 in 3 s), or one per client.
        expect(during.shared).toBeGreaterThanOrEqual(20)
        expect(during.shared - 20).toBeLessThanOrEqual(4)
        expect(during.own - 20).toBeGreaterThanOrEqual(during.shared - 20 + 4)
      }).pipe(Effect.scoped, Effect.provide(NodeHttpClient.layerUndici))
    )
  }
)
