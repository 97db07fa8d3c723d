import { describe, expect, it } from "@effect/vitest"
import { ApiClient, CircuitBreaker, Dialect, Pacing, ProblemJson, RetryBudget } from "@faultline/core"
import { Effect, Exit, Fiber, FastCheck as fc, TestClock } from "effect"
import { apiKey, baseUrl, epochMillis, epochSeconds, policy, runAll, start, vendor } from "./virtualVendor.js"

// What interrupts leave behind: nothing. No in-flight slot of the quota, no probe, no budget token.

// A dialect with an idempotency key, so that the requests of one logical call can be told apart on the server.
const keyed = Dialect.make<ProblemJson.Problem>({
  ...ProblemJson.make("keyed"),
  idempotencyKeyHeader: "Idempotency-Key"
})

describe("interrupts", () => {
  it.effect("a call the caller made uninterruptible is not interrupted while held: it waits and is sent", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(start)
      const api = vendor((_, index) => ({
        status: 200,
        headers:
          index === 0
            ? { "x-ratelimit-limit": "5", "x-ratelimit-remaining": "0", "x-ratelimit-reset": epochMillis(4_000) }
            : {}
      }))
      const client = ApiClient.make(keyed, { baseUrl, apiKey, retry: policy("1 minute") })(api.client)
      yield* runAll([client.get("/v1/first")])
      // Held 4 s by the spent quota, and interrupted after 1 s: the interrupt must wait for the call to end.
      const fiber = yield* Effect.fork(Effect.uninterruptible(client.get("/v1/second")))
      yield* TestClock.adjust("1 second")
      const interrupted = yield* Effect.fork(Fiber.interrupt(fiber))
      yield* TestClock.adjust("5 seconds")
      yield* Fiber.join(interrupted)
      // (The call's own exit reads as interrupted once its uninterruptible region ends; what counts is that it was
      // sent, when the quota allowed.)
      expect(api.arrivals.map((a) => [a.at, a.url])).toEqual([
        [0, "/v1/first"],
        [4000, "/v1/second"]
      ])
    })
  )

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
