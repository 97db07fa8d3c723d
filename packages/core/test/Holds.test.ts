import { HttpClient, HttpClientResponse } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import {
  ApiClient,
  Backoff,
  CircuitBreaker,
  Dialect,
  Failure,
  Pacing,
  ProblemJson,
  RetryBudget,
  RetryPolicy
} from "@faultline/core"
import { Chunk, Clock, Effect, Exit, Fiber, FastCheck as fc, Option, Redacted, TestClock } from "effect"

// Holds before sending (the quota, an outage) under the call's deadline, and what interrupts leave behind. Every
// vendor here is an HttpClient on virtual time, answering from a script of (time → response) rules and recording
// when each request arrived.

const start = 1_706_140_800_000
const apiKey = Redacted.make("holds-test-key-0123456789")
const baseUrl = "https://vendor.test"

type Answer = { readonly status: number; readonly headers?: Record<string, string>; readonly delayMillis?: number }

const vendor = (
  answer: (at: number, index: number, request: { readonly headers: Record<string, string> }) => Answer
) => {
  const arrivals: Array<{ at: number; status: number; headers: Record<string, string> }> = []
  const client = HttpClient.make((request) =>
    Effect.flatMap(Clock.currentTimeMillis, (now) => {
      const reply = answer(now - start, arrivals.length, { headers: { ...request.headers } })
      arrivals.push({ at: now - start, status: reply.status, headers: { ...request.headers } })
      const response = HttpClientResponse.fromWeb(
        request,
        new Response(reply.status === 200 ? "{}" : `{"title":"HTTP ${reply.status}"}`, {
          status: reply.status,
          headers: reply.headers ?? {}
        })
      )
      return reply.delayMillis === undefined
        ? Effect.succeed(response)
        : Effect.as(Effect.sleep(reply.delayMillis), response)
    })
  )
  return { client, arrivals }
}

const epochSeconds = (millisFromStart: number) => String((start + millisFromStart) / 1000)

const rateLimited = RetryPolicy.rule({ backoff: Backoff.fixed("1 second"), retries: 10 })
const unavailable = RetryPolicy.rule({ backoff: Backoff.fixed("1 second"), retries: 50 })

const policy = (deadline: string) =>
  RetryPolicy.make<ProblemJson.Problem>({
    categories: { rate_limited: rateLimited, unavailable, server: unavailable },
    maxAttempts: 60,
    deadline: deadline as "1 minute"
  })

// The next instant a sleep is due on the test clock (Infinity when none is).
const nextWakeup = TestClock.testClockWith((clock) =>
  Effect.map(clock.sleeps, (sleeps) => Math.min(...Chunk.toReadonlyArray(sleeps)))
)

// Runs the forked effects on virtual time until they are all done, jumping from one pending sleep to the next (for
// at most 10 virtual minutes).
const runAll = <A, E>(effects: ReadonlyArray<Effect.Effect<A, E>>) =>
  Effect.gen(function* () {
    const ended: Array<number> = []
    const fibers = yield* Effect.forEach(effects, (effect) =>
      Effect.fork(
        Effect.tap(Effect.exit(effect), () => Effect.map(Clock.currentTimeMillis, (t) => ended.push(t - start)))
      )
    )
    const limit = (yield* Clock.currentTimeMillis) + 600_000
    yield* TestClock.adjust(0)
    while (fibers.some((fiber) => fiber.unsafePoll() === null)) {
      const [now, next] = [yield* Clock.currentTimeMillis, yield* nextWakeup]
      if (!Number.isFinite(next) || next > limit) break
      yield* TestClock.adjust(Math.max(0, next - now))
    }
    return { exits: yield* Effect.forEach(fibers, Fiber.join), ended }
  })

const failureOf = <A, E>(exit: Exit.Exit<A, E>): E | undefined =>
  Exit.isFailure(exit) && exit.cause._tag === "Fail" ? exit.cause.error : undefined

describe("a 429's own wait", () => {
  it.effect("is what the call waits, even when the quota's reset is later; and other calls go then too", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(start)
      // DialNexa's 429: Retry-After 3 s, with the window's reset 30 s away and nothing remaining.
      const api = vendor((_, index) =>
        index === 0
          ? {
              status: 429,
              headers: {
                "retry-after": "3",
                "x-ratelimit-limit": "10",
                "x-ratelimit-remaining": "0",
                "x-ratelimit-reset": epochSeconds(30_000)
              }
            }
          : { status: 200 }
      )
      const client = ApiClient.make(ProblemJson.dialect, {
        baseUrl,
        apiKey,
        retry: policy("2 minutes"),
        retryBudget: RetryBudget.unlimited
      })(api.client)
      const first = client.get("/v1/a")
      // A second call starts 1 s later and meets the spent quota.
      const second = Effect.zipRight(Effect.sleep("1 second"), client.get("/v1/b"))
      const { exits } = yield* runAll([first, second])
      expect(exits.every(Exit.isSuccess)).toBe(true)
      expect(api.arrivals.map((a) => a.at)).toEqual([0, 3000, 3000])
      const traces = exits.map((exit) =>
        Exit.isSuccess(exit) ? Option.getOrThrow(ApiClient.traceOf(exit.value)) : undefined
      )
      expect(traces[0]?.retried.map((r) => [r.status, r.delayMillis, r.source])).toEqual([[429, 3000, "hint"]])
      // The second call says it was held 2 s by the quota, before its first attempt.
      expect(traces[1]?.holds.map((h) => [h.attempt, h.by, h.millis])).toEqual([[1, "quota", 2000]])
      expect(traces[1]?.heldMillis).toBe(2000)
    })
  )
})

describe("holds under the deadline", () => {
  it.effect("an outage that outlasts the deadline stops the call at once, with its failure and Deadline", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(start)
      const api = vendor(() => ({ status: 503, headers: { "retry-after": "30" } }))
      const client = ApiClient.make(ProblemJson.dialect, {
        baseUrl,
        apiKey,
        timeout: "5 seconds",
        retry: policy("20 seconds")
      })(api.client)
      const { ended, exits } = yield* runAll([client.get("/v1/a")])
      expect(api.arrivals.map((a) => a.at)).toEqual([0])
      expect(ended).toEqual([0])
      const failure = failureOf(exits[0]!) as ProblemJson.Problem
      expect([failure._tag, failure.status, failure.retry?.stoppedBecause]).toEqual(["Problem", 503, "Deadline"])
    })
  )

  it.effect("without a policy, a quota spent for longer than the attempt timeout fails at once: nothing sent", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(start)
      const api = vendor(() => ({
        status: 200,
        headers: { "x-ratelimit-limit": "5", "x-ratelimit-remaining": "0", "x-ratelimit-reset": epochSeconds(60_000) }
      }))
      const client = ApiClient.make(ProblemJson.dialect, { baseUrl, apiKey, timeout: "2 seconds" })(api.client)
      const { ended, exits } = yield* runAll([Effect.zipRight(client.get("/v1/a"), client.get("/v1/b"))])
      expect(api.arrivals).toHaveLength(1)
      expect(ended).toEqual([0])
      const held = failureOf(exits[0]!) as Failure.HeldPastDeadline
      expect(held).toBeInstanceOf(Failure.HeldPastDeadline)
      expect([held.by, held.category, held.mayHaveReachedServer, held.waitHint?.millis, held.waitHint?.source]).toEqual(
        ["quota", "rate_limited", false, 60_000, "client"]
      )
      expect(Failure.isRateLimited(held)).toBe(true)
    })
  )

  it.effect("with a policy, a quota spent past the deadline fails at once, and the trace says why", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(start)
      const api = vendor(() => ({
        status: 200,
        headers: { "x-ratelimit-limit": "5", "x-ratelimit-remaining": "0", "x-ratelimit-reset": epochSeconds(60_000) }
      }))
      const client = ApiClient.make(ProblemJson.dialect, { baseUrl, apiKey, retry: policy("20 seconds") })(api.client)
      const { ended, exits } = yield* runAll([Effect.zipRight(client.get("/v1/a"), client.get("/v1/b"))])
      expect([api.arrivals.length, ended]).toEqual([1, [0]])
      const held = failureOf(exits[0]!) as Failure.HeldPastDeadline
      expect([held._tag, held.retry?.stoppedBecause, held.retry?.attempts]).toEqual(["HeldPastDeadline", "Deadline", 0])
    })
  )

  it.effect("a hold within the deadline is waited, and shows in the trace", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(start)
      const api = vendor((_, index) => ({
        status: 200,
        headers:
          index === 0
            ? { "x-ratelimit-limit": "5", "x-ratelimit-remaining": "0", "x-ratelimit-reset": epochSeconds(4_000) }
            : {}
      }))
      const client = ApiClient.make(ProblemJson.dialect, { baseUrl, apiKey, retry: policy("20 seconds") })(api.client)
      const { exits } = yield* runAll([Effect.zipRight(client.get("/v1/a"), client.get("/v1/b"))])
      expect(api.arrivals.map((a) => a.at)).toEqual([0, 4000])
      const trace = Exit.isSuccess(exits[0]!) ? Option.getOrThrow(ApiClient.traceOf(exits[0].value)) : undefined
      expect(trace?.holds.map((h) => [h.attempt, h.by, h.millis])).toEqual([[1, "quota", 4000]])
    })
  )

  it.effect("a call waiting behind a probe that hangs stops at its deadline, not when the probe ends", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(start)
      // Down with 503s for the first two requests (the breaker opens), then every request hangs for 2 minutes.
      const api = vendor((_, index) => (index < 2 ? { status: 503 } : { status: 200, delayMillis: 120_000 }))
      const client = ApiClient.make(ProblemJson.dialect, {
        baseUrl,
        apiKey,
        timeout: false,
        retry: policy("30 seconds"),
        circuitBreaker: CircuitBreaker.make({ failureThreshold: 1 })
      })(api.client)
      const { ended } = yield* runAll([
        client.get("/v1/a"),
        Effect.zipRight(Effect.sleep("10 millis"), client.get("/v1/b"))
      ])
      // One of them probes, and hangs with the server (there is no timeout); the other waits behind the probe only
      // until its own deadline, 30 s after it started.
      expect(Math.min(...ended)).toBe(30_010)
      expect(Math.max(...ended)).toBeGreaterThan(120_000)
    })
  )
})

// A dialect with an idempotency key, so that the requests of one logical call can be told apart on the server.
const keyed = Dialect.make<ProblemJson.Problem>({
  ...ProblemJson.make("keyed"),
  idempotencyKeyHeader: "Idempotency-Key"
})

describe("interrupts", () => {
  it.effect.prop(
    "calls interrupted anywhere (in an attempt, a retry wait, a pacing hold, behind the breaker) leave the client able to send",
    [
      fc.array(fc.record({ startsAt: fc.integer({ min: 0, max: 6000 }), timeout: fc.integer({ min: 1, max: 4000 }) }), {
        minLength: 1,
        maxLength: 12
      })
    ],
    ([calls]) =>
      Effect.gen(function* () {
        yield* TestClock.setTime(start)
        // A quota of 3 requests per second (429 past it), an outage from 2 s to 5 s, answers that take up to 300 ms.
        const counted: Array<number> = []
        const api = vendor((at, index) => {
          if (at >= 2000 && at < 5000) return { status: 503, delayMillis: (index * 37) % 300 }
          const windowStart = Math.floor(at / 1000) * 1000
          const used = counted.filter((t) => t >= windowStart).length
          const headers = {
            "x-ratelimit-limit": "3",
            "x-ratelimit-remaining": String(Math.max(0, 2 - used)),
            "x-ratelimit-reset": epochSeconds(windowStart + 1000)
          }
          if (used >= 3) return { status: 429, headers }
          counted.push(at)
          return { status: 200, headers, delayMillis: (index * 53) % 300 }
        })
        const budget = RetryBudget.make({ capacity: 1000, successRefill: 0 })
        const client = ApiClient.make(keyed, {
          baseUrl,
          apiKey,
          timeout: "1 second",
          retry: policy("1 minute"),
          retryBudget: budget,
          pacing: Pacing.memoryStore(),
          circuitBreaker: CircuitBreaker.make({ failureThreshold: 2 })
        })(api.client)
        yield* runAll(
          calls.map(({ startsAt, timeout }) =>
            Effect.zipRight(Effect.sleep(startsAt), Effect.timeout(client.post("/v1/calls"), timeout))
          )
        )
        // Faults over: one call (which probes, if the breaker is still open) and then, in a fresh window, three calls
        // at once must all succeed, and be sent at once (no in-flight slot of the quota is left taken).
        yield* TestClock.adjust("10 seconds")
        const probe = yield* runAll([client.post("/v1/calls")])
        yield* TestClock.adjust("2 seconds")
        const before = api.arrivals.length
        const after = yield* runAll([client.post("/v1/calls"), client.post("/v1/calls"), client.post("/v1/calls")])
        const fresh = api.arrivals.slice(before)
        const allSent = fresh.length === 3 && new Set(fresh.map((a) => a.at)).size === 1
        // No token is lost: at most one per retry that went out (requests beyond the first of each logical call).
        const keys = api.arrivals.map((a) => a.headers["idempotency-key"])
        const retriesSent = keys.length - new Set(keys).size
        return (
          Exit.isSuccess(probe.exits[0]!) &&
          after.exits.every(Exit.isSuccess) &&
          allSent &&
          budget.remaining(new URL(baseUrl).host) >= 1000 - retriesSent
        )
      }),
    { fastCheck: { numRuns: 30 } }
  )
})
