import { describe, expect, it } from "@effect/vitest"
import { ApiClient, CircuitBreaker, Failure, ProblemJson } from "@faultline/core"
import { Effect, Exit, Option, TestClock } from "effect"
import { apiKey, baseUrl, epochMillis, failureOf, policy, runAll, start, vendor } from "./virtualVendor.js"

// Holds before sending (the quota, an outage) under the call's deadline, and what the trace says of them.

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
      // The trace says why: attempt 1 failed and was to be retried at the breaker; attempt 2 was held by the
      // outage, which had 30 s more to run than the deadline allowed, and never sent.
      expect(failure.retry?.attempts).toBe(1)
      expect(failure.retry?.retried.map((r) => [r.attempt, r.tag, r.source])).toEqual([[1, "Problem", "outage"]])
      expect(failure.retry?.holds.map((h) => [h.attempt, h.by, h.millis, h.expired, h.remainingMillis])).toEqual([
        [2, "outage", 0, true, 30_000]
      ])
    })
  )

  it.effect("without a policy, a quota spent for longer than the attempt timeout fails at once: nothing sent", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(start)
      const api = vendor(() => ({
        status: 200,
        headers: { "x-ratelimit-limit": "5", "x-ratelimit-remaining": "0", "x-ratelimit-reset": epochMillis(60_000) }
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
        headers: { "x-ratelimit-limit": "5", "x-ratelimit-remaining": "0", "x-ratelimit-reset": epochMillis(60_000) }
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
            ? { "x-ratelimit-limit": "5", "x-ratelimit-remaining": "0", "x-ratelimit-reset": epochMillis(4_000) }
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
