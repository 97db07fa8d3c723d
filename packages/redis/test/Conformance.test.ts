import { randomUUID } from "node:crypto"
import { expect, layer } from "@effect/vitest"
import { Pacing } from "@faultline/core"
import { Clock, Effect, Logger } from "effect"
import * as fc from "effect/FastCheck"
import * as Store from "../src/internal/redisPacing.js"
import { connect } from "./utils/clients.js"
import * as RedisServer from "./utils/RedisServer.js"

// The Redis store's Lua scripts make the memory store's decisions (core's pacing.ts and windowTurn.ts) in another
// language. This runs both on the same random histories, the Redis store measuring by the caller's times, and asks
// for the same answer to every take: a change made to one and not to the other fails here.

const host = "api.example.test"
const start = 1_767_225_600_000

// A vendor's limit, as the histories meet it: `limit` requests a window of a second that opens with the first
// request after the last ended (or, with `phase`, fixed on the clock), its reset announced in whole epoch seconds,
// and a 429 that says when to come back: not at all, in whole seconds (`Retry-After`), or to the millisecond.
interface Vendor {
  readonly limit: number
  readonly phase: number | undefined
  readonly hints: "none" | "seconds" | "millis"
}

type Step =
  | { readonly _tag: "Take"; readonly after: number; readonly mayGoEarly: boolean }
  // An answer arrives: to which of the requests out (an index, modulo how many), or with no quota at all (a reset
  // connection, a response without the headers).
  | { readonly _tag: "Answer"; readonly after: number; readonly which: number; readonly withQuota: boolean }

const vendor: fc.Arbitrary<Vendor> = fc.record({
  limit: fc.integer({ min: 1, max: 5 }),
  phase: fc.option(fc.nat(999), { nil: undefined }),
  hints: fc.constantFrom("none" as const, "seconds" as const, "millis" as const)
})

// Mostly short steps, as requests and answers crowd around a window's turn, with some long ones between.
const after = fc.oneof(fc.nat(20), fc.nat(400))

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      _tag: fc.constant("Take" as const),
      after,
      mayGoEarly: fc.integer({ min: 0, max: 4 }).map((n) => n > 0)
    })
  },
  {
    weight: 2,
    arbitrary: fc.record({
      _tag: fc.constant("Answer" as const),
      after,
      which: fc.nat(7),
      withQuota: fc.integer({ min: 0, max: 4 }).map((n) => n > 0)
    })
  }
)

// The vendor's answer to a request it received at `sentAt`, as the pacer reads it when it arrives at `now`.
const vendorAnswers = (spec: Vendor) => {
  let window: { start: number; count: number } | undefined
  return (sentAt: number) => {
    if (window === undefined || sentAt >= window.start + 1000) {
      const start = spec.phase === undefined ? sentAt : sentAt - ((((sentAt - spec.phase) % 1000) + 1000) % 1000)
      window = { start, count: 0 }
    }
    const turn = window.start + 1000
    const refused = window.count >= spec.limit
    if (!refused) window.count++
    const headers = {
      "x-ratelimit-limit": String(spec.limit),
      "x-ratelimit-remaining": String(spec.limit - window.count),
      "x-ratelimit-reset": String(Math.ceil(turn / 1000))
    }
    return (now: number): Pacing.Quota | undefined => {
      const quota = Pacing.quotaFromHeaders(headers, now)
      if (!refused || spec.hints === "none" || quota === undefined) return quota
      // Measured from when the vendor answered.
      const retryAt = spec.hints === "millis" ? turn : sentAt + Math.max(1, Math.ceil((turn - sentAt) / 1000)) * 1000
      return { ...quota, remaining: 0, retryAt }
    }
  }
}

// A clock that reads the history's time (and whose sleeps never end: Redis answers in real time meanwhile, so the
// store's bound on waiting for it never cuts an answer off).
const clockAt = (now: () => number): Clock.Clock => ({
  [Clock.ClockTypeId]: Clock.ClockTypeId,
  unsafeCurrentTimeMillis: now,
  unsafeCurrentTimeNanos: () => BigInt(now()) * 1_000_000n,
  currentTimeMillis: Effect.sync(now),
  currentTimeNanos: Effect.sync(() => BigInt(now()) * 1_000_000n),
  sleep: () => Effect.never
})

layer(RedisServer.layer, { timeout: "60 seconds" })("the Redis store and the memory store", (it) => {
  it.effect("give the same answer to every take, over random histories of takes and answers", () =>
    Effect.gen(function* () {
      const server = yield* RedisServer.RedisServerTag
      const redis = yield* connect(server.port)
      yield* Effect.promise(() => redis.ping())
      const warnings: Array<unknown> = []
      const fellBack = Logger.make(({ message }) => warnings.push(message))
      const property = fc.asyncProperty(
        vendor,
        fc.array(step, { minLength: 20, maxLength: 150, size: "max" }),
        (spec, steps) => {
          let now: number = start
          return Effect.runPromise(
            Effect.gen(function* () {
              const memory = Pacing.memoryStore()
              const shared = Store.makeMeasuredBy({ redis, prefix: `conformance:${randomUUID()}:` }, "caller", 5)
              const answer = vendorAnswers(spec)
              const out: Array<(now: number) => Pacing.Quota | undefined> = []
              for (const [index, next] of steps.entries()) {
                now += next.after
                if (next._tag === "Take") {
                  const fromMemory = yield* memory.take(host, now, { mayGoEarly: next.mayGoEarly })
                  const fromRedis = yield* shared.take(host, now, { mayGoEarly: next.mayGoEarly })
                  if (fromMemory !== fromRedis) {
                    return `step ${index} at +${now - start} ms: memory ${fromMemory}, Redis ${fromRedis}`
                  }
                  if (fromMemory === 0) out.push(answer(now))
                } else if (out.length > 0) {
                  const [response] = out.splice(next.which % out.length, 1)
                  const quota = next.withQuota ? response!(now) : undefined
                  yield* memory.settle(host, quota)
                  yield* shared.settle(host, quota)
                }
              }
              return undefined
            }).pipe(
              // A store that fell back to memory would agree with it for the wrong reason.
              Effect.provide(Logger.replace(Logger.defaultLogger, fellBack)),
              Effect.withClock(clockAt(() => now))
            )
          ).then((disagreement) => {
            expect(disagreement).toBeUndefined()
          })
        }
      )
      yield* Effect.promise(() => fc.assert(property, { numRuns: 150 }))
      expect(warnings).toEqual([])
    }).pipe(Effect.scoped)
  )
})
