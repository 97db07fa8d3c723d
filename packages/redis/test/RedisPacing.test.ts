import { execFile } from "node:child_process"
import { createHash, randomUUID } from "node:crypto"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import { expect, layer } from "@effect/vitest"
import type { Pacing } from "@faultline/core"
import { RedisPacing } from "@faultline/redis"
import { Duration, Effect, Fiber, Logger, Ref } from "effect"
import { Redis } from "ioredis"
import { connect, freshPrefix } from "./utils/clients.js"
import * as RedisServer from "./utils/RedisServer.js"

const packageDir = Path.resolve(Path.dirname(fileURLToPath(import.meta.url)), "..")
const host = "api.example.test"

const window = (remaining: number, resetInMillis: number, limit = 10): Pacing.Quota => {
  const now = Date.now()
  return { limit, remaining, resetAt: now + resetInMillis }
}

// Takes for `host` until the store refuses: how many went, and the wait it then said.
const takeUntilRefused = (store: Pacing.PacingStore, max = 100) =>
  Effect.gen(function* () {
    let admitted = 0
    for (;;) {
      const wait = yield* store.take(host, Date.now())
      if (wait > 0 || admitted >= max) return { admitted, wait }
      admitted++
    }
  })

// The host's first request goes alone (until it is answered, the others wait): this sends it, and its answer
// describes no quota, so that what follows starts from a host the store has heard from.
const firstAnswered = (store: Pacing.PacingStore) =>
  Effect.flatMap(store.take(host, Date.now()), (wait) => {
    expect(wait).toBe(0)
    return store.settle(host, undefined)
  })

// Every key under `prefix`, with its TTL and everything it holds.
const dump = (redis: Redis, prefix: string) =>
  Effect.promise(async () => {
    const keys = await redis.keys(`${prefix}*`)
    return Promise.all(
      keys.map(async (key) => {
        const type = await redis.type(key)
        const values =
          type === "hash"
            ? Object.entries(await redis.hgetall(key)).flat()
            : type === "zset"
              ? await redis.zrange(key, 0, -1, "WITHSCORES")
              : [await redis.get(key)]
        return { key, type, pttl: await redis.pttl(key), values }
      })
    )
  })

const capturedLogs = () => {
  const lines: Array<string> = []
  const logger = Logger.make(({ annotations, logLevel, message }) => {
    const text = Array.isArray(message) ? message.join(" ") : String(message)
    const fields = [...annotations].map(([key, value]) => `${key}=${String(value)}`).join(" ")
    lines.push(`${logLevel.label} ${text} ${fields}`)
  })
  return { lines, layer: Logger.replace(Logger.defaultLogger, logger) }
}

const eventually = <A>(check: Effect.Effect<A>, until: (a: A) => boolean, within = Duration.seconds(10)) =>
  Effect.gen(function* () {
    const deadline = Date.now() + Duration.toMillis(within)
    for (;;) {
      const value = yield* check
      if (until(value) || Date.now() > deadline) return value
      yield* Effect.sleep("25 millis")
    }
  })

// Live services: Redis keeps its own time, and the store measures against it.
layer(RedisServer.layer, { timeout: "30 seconds", excludeTestServices: true })(
  "RedisPacing against a real redis-server",
  (it) => {
    it.effect("two stores (two connections) in one process share one quota: one's answers hold the other", () =>
      Effect.gen(function* () {
        const server = yield* RedisServer.RedisServerTag
        const prefix = freshPrefix()
        const apiKey = "sk_test_shared"
        const a = RedisPacing.make({ redis: yield* connect(server.port), prefix, apiKey })
        const b = RedisPacing.make({ redis: yield* connect(server.port), prefix, apiKey })

        expect(yield* a.take(host, Date.now())).toBe(0)
        yield* a.settle(host, window(3, 30_000))
        // Three left in the window: B may send three, then waits for the reset; so does A.
        const fromB = yield* takeUntilRefused(b)
        expect(fromB.admitted).toBe(3)
        expect(fromB.wait).toBeGreaterThan(20_000)
        expect(fromB.wait).toBeLessThanOrEqual(30_000)
        expect(yield* a.take(host, Date.now())).toBeGreaterThan(20_000)

        // A different API key on the same host is another account: not held.
        const other = RedisPacing.make({ redis: yield* connect(server.port), prefix, apiKey: "sk_test_other" })
        expect(yield* other.take(host, Date.now())).toBe(0)
      }).pipe(Effect.scoped)
    )

    it.effect("a 429's own retry time in one store holds the other until then, and only until then", () =>
      Effect.gen(function* () {
        const server = yield* RedisServer.RedisServerTag
        const prefix = freshPrefix()
        const a = RedisPacing.make({ redis: yield* connect(server.port), prefix })
        const b = RedisPacing.make({ redis: yield* connect(server.port), prefix })

        expect(yield* a.take(host, Date.now())).toBe(0)
        yield* a.settle(host, { limit: undefined, remaining: 0, resetAt: 0, retryAt: Date.now() + 400 })
        const held = yield* b.take(host, Date.now())
        expect(held).toBeGreaterThan(0)
        expect(held).toBeLessThanOrEqual(400)
        // Redis keeps the time: the hold ends on its clock.
        yield* Effect.sleep(Duration.millis(held + 20))
        expect(yield* b.take(host, Date.now())).toBe(0)
      }).pipe(Effect.scoped)
    )

    it.effect("within one window the lowest remaining count wins, whatever order the answers arrive in", () =>
      Effect.gen(function* () {
        const server = yield* RedisServer.RedisServerTag
        const prefix = freshPrefix()
        const a = RedisPacing.make({ redis: yield* connect(server.port), prefix })
        const b = RedisPacing.make({ redis: yield* connect(server.port), prefix })

        yield* firstAnswered(a)
        for (let i = 0; i < 3; i++) expect(yield* a.take(host, Date.now())).toBe(0)
        const resetAt = Date.now() + 30_000
        yield* a.settle(host, { limit: 10, remaining: 6, resetAt })
        yield* a.settle(host, { limit: 10, remaining: 4, resetAt })
        // Sent first, answered last: older news.
        yield* a.settle(host, { limit: 10, remaining: 8, resetAt })
        expect((yield* takeUntilRefused(b)).admitted).toBe(4)
        // The next window's first answer replaces the count.
        yield* b.settle(host, { limit: 10, remaining: 9, resetAt: resetAt + 60_000 })
        // B still has three in flight: 9 less 3.
        expect((yield* takeUntilRefused(a)).admitted).toBe(6)
      }).pipe(Effect.scoped)
    )

    it.effect("two processes share one quota, and a process that dies leaves its requests to expire", () =>
      Effect.gen(function* () {
        const server = yield* RedisServer.RedisServerTag
        const redis = yield* connect(server.port)
        const prefix = freshPrefix()
        const apiKey = "sk_test_two_processes"
        const store = RedisPacing.make({ redis, prefix, apiKey })

        expect(yield* store.take(host, Date.now())).toBe(0)
        yield* store.settle(host, window(8, 30_000))
        for (let i = 0; i < 3; i++) expect(yield* store.take(host, Date.now())).toBe(0)

        // The other process sees 8 left, 3 of them on their way from this one.
        const { stdout } = yield* Effect.promise(() =>
          promisify(execFile)(
            process.execPath,
            ["--import", "tsx", "test/fixtures/takeUntilRefused.ts", String(server.port), prefix, host, "1500"],
            { cwd: packageDir, env: { ...process.env, FAULTLINE_TEST_KEY: apiKey } }
          )
        )
        const child = JSON.parse(stdout.trim()) as { readonly admitted: number; readonly wait: number }
        expect(child.admitted).toBe(5)
        expect(child.wait).toBeGreaterThan(0)

        // It exited without settling: its five count until they expire (1.5 s), then the quota is this process's.
        expect(yield* store.take(host, Date.now())).toBeGreaterThan(0)
        const after = yield* eventually(store.take(host, Date.now()), (wait) => wait === 0)
        expect(after).toBe(0)
      }).pipe(Effect.scoped)
    )

    it.effect("every key has a TTL, and the keys expire once the window and the requests in flight are over", () =>
      Effect.gen(function* () {
        const server = yield* RedisServer.RedisServerTag
        const redis = yield* connect(server.port)
        const prefix = freshPrefix()
        const store = RedisPacing.make({
          redis,
          prefix,
          apiKey: "sk_test_ttl",
          keep: "300 millis",
          inFlightTimeout: "1 second"
        })

        expect(yield* store.take(host, Date.now())).toBe(0)
        yield* store.settle(host, window(5, 500))
        expect(yield* store.take(host, Date.now())).toBe(0)
        const keys = yield* dump(redis, prefix)
        expect(keys.map((key) => key.type).sort()).toEqual(["hash", "zset"])
        for (const key of keys) {
          expect(key.pttl).toBeGreaterThan(0)
          expect(key.pttl).toBeLessThanOrEqual(1_000)
        }
        const left = yield* eventually(dump(redis, prefix), (keys) => keys.length === 0)
        expect(left).toEqual([])
      }).pipe(Effect.scoped)
    )

    it.effect("the API key never reaches Redis, in any key or value: only a hash of it names the keys", () =>
      Effect.gen(function* () {
        const server = yield* RedisServer.RedisServerTag
        const redis = yield* connect(server.port)
        const prefix = freshPrefix()
        const apiKey = `sk_live_${randomUUID().replaceAll("-", "")}`
        const store = RedisPacing.make({ redis, prefix, apiKey })

        yield* firstAnswered(store)
        for (let i = 0; i < 3; i++) expect(yield* store.take(host, Date.now())).toBe(0)
        yield* store.settle(host, window(4, 30_000))
        yield* store.settle(host, {
          limit: 10,
          remaining: 0,
          resetAt: Date.now() + 30_000,
          retryAt: Date.now() + 5_000
        })
        const keys = yield* dump(redis, prefix)
        expect(keys.length).toBe(2)
        const everything = JSON.stringify(keys)
        for (const form of [
          apiKey,
          apiKey.slice(8),
          Buffer.from(apiKey).toString("base64"),
          encodeURIComponent(apiKey)
        ]) {
          expect(everything).not.toContain(form)
        }
        const hash = createHash("sha256").update(apiKey).digest("hex").slice(0, 32)
        for (const { key } of keys) expect(key).toContain(`{${host}:${hash}}`)
      }).pipe(Effect.scoped)
    )

    it.effect("Redis unreachable: calls are paced from memory at once, with one warning that names no secret", () =>
      Effect.gen(function* () {
        const logs = capturedLogs()
        // A port nothing listens on: ioredis keeps reconnecting.
        const redis = new Redis({ port: 1, host: "127.0.0.1", lazyConnect: true, retryStrategy: () => 50 })
        redis.on("error", () => undefined)
        yield* Effect.addFinalizer(() => Effect.sync(() => redis.disconnect()))
        const apiKey = "sk_live_never_logged"
        const store = RedisPacing.make({ redis, apiKey, timeout: "200 millis" })

        const results = yield* firstAnswered(store).pipe(
          Effect.zipRight(Effect.forEach(Array.from({ length: 20 }), () => store.take(host, Date.now()))),
          Effect.provide(logs.layer)
        )
        expect(results.every((wait) => wait === 0)).toBe(true)
        // What the responses say paces these calls locally: a spent window holds them.
        yield* store.settle(host, window(0, 30_000)).pipe(Effect.provide(logs.layer))
        expect(yield* store.take(host, Date.now())).toBeGreaterThan(0)

        const warnings = logs.lines.filter((line) => line.startsWith("WARN"))
        expect(warnings).toHaveLength(1)
        expect(warnings[0]).toContain("falls back to this process's memory")
        expect(logs.lines.join("\n")).not.toContain(apiKey)
      }).pipe(Effect.scoped)
    )

    it.effect(
      "a slow Redis: a take waits no longer than the timeout, then paces from memory; the late take is released",
      () =>
        Effect.gen(function* () {
          const server = yield* RedisServer.RedisServerTag
          const redis = yield* connect(server.port)
          const admin = yield* connect(server.port)
          const prefix = freshPrefix()
          const logs = capturedLogs()
          const store = RedisPacing.make({ redis, prefix, timeout: "100 millis" })
          expect(yield* store.take(host, Date.now())).toBe(0)
          yield* store.settle(host, undefined)

          // Redis holds every write for two seconds.
          yield* Effect.promise(() => admin.call("CLIENT", "PAUSE", "2000", "WRITE"))
          const started = Date.now()
          const wait = yield* store.take(host, Date.now()).pipe(Effect.provide(logs.layer))
          const waited = Date.now() - started
          expect(wait).toBe(0)
          expect(waited).toBeLessThan(1_500)
          expect(logs.lines.filter((line) => line.startsWith("WARN"))).toHaveLength(1)
          yield* store.settle(host, undefined)
          yield* Effect.promise(() => admin.call("CLIENT", "UNPAUSE"))

          // The take Redis ran late was released after it: nothing of it counts.
          const inFlight = yield* eventually(
            Effect.promise(() => admin.zcard(`${prefix}{${host}:-}:inflight`)),
            (count) => count === 0,
            Duration.seconds(3)
          )
          expect(inFlight).toBe(0)
        }).pipe(Effect.scoped)
    )

    it.effect("Redis restarted mid-run: every call ends, calls go on from memory, and pacing returns to Redis", () =>
      Effect.gen(function* () {
        const server = yield* RedisServer.RedisServerTag
        const redis = yield* connect(server.port)
        const prefix = freshPrefix()
        const logs = capturedLogs()
        const store = RedisPacing.make({ redis, prefix, timeout: "100 millis", recheck: "100 millis" })
        const started = yield* Ref.make(0)
        const ended = yield* Ref.make(0)
        const stop = yield* Ref.make(false)

        // One call: wait for the quota, "send" (a few ms), settle with what the "response" said.
        const call = Effect.gen(function* () {
          for (;;) {
            const wait = yield* store.take(host, Date.now())
            if (wait <= 0) break
            yield* Effect.sleep(Duration.millis(wait))
          }
          yield* Ref.update(started, (n) => n + 1)
          yield* Effect.sleep("5 millis")
          yield* store.settle(host, window(500, 60_000, 1_000))
          yield* Ref.update(ended, (n) => n + 1)
        })
        const worker = Effect.gen(function* () {
          while (!(yield* Ref.get(stop))) yield* call
        })
        const workers = yield* Effect.fork(
          Effect.all(
            Array.from({ length: 8 }, () => worker),
            { concurrency: "unbounded" }
          ).pipe(Effect.provide(logs.layer))
        )

        yield* Effect.sleep("300 millis")
        yield* server.kill
        yield* Effect.sleep("500 millis")
        const duringOutage = yield* Ref.get(ended)
        yield* Effect.sleep("300 millis")
        expect(yield* Ref.get(ended)).toBeGreaterThan(duringOutage)
        yield* server.start
        const back = yield* eventually(
          Effect.sync(() => logs.lines.some((line) => line.startsWith("INFO") && line.includes("answers again"))),
          (logged) => logged
        )
        expect(back).toBe(true)
        // Back on Redis: what the calls' responses say reaches it again.
        const quota = yield* eventually(
          Effect.promise(() => redis.hget(`${prefix}{${host}:-}:quota`, "remaining")),
          (remaining) => remaining !== null
        )
        expect(quota).toBe("500")
        yield* Ref.set(stop, true)
        yield* Fiber.join(workers)

        expect(yield* Ref.get(ended)).toBe(yield* Ref.get(started))
        expect(logs.lines.filter((line) => line.startsWith("WARN"))).toHaveLength(1)
        // Nothing left in flight: every request taken from Redis was settled there.
        expect(yield* Effect.promise(() => redis.zcard(`${prefix}{${host}:-}:inflight`))).toBe(0)
        expect(yield* store.take(host, Date.now())).toBe(0)
        expect(yield* Effect.promise(() => redis.zcard(`${prefix}{${host}:-}:inflight`))).toBe(1)
        yield* store.settle(host, undefined)
        expect(yield* Effect.promise(() => redis.zcard(`${prefix}{${host}:-}:inflight`))).toBe(0)
      }).pipe(Effect.scoped)
    )
  }
)
