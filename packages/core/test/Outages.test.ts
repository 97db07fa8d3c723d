import { HttpClient, HttpClientResponse } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { ApiClient, Backoff, ProblemJson, RetryPolicy } from "@faultline/core"
import { Clock, Effect, Either, Fiber, Redacted, TestClock } from "effect"

// Outages with the client's defaults (breaker, budget), on virtual time: what the server saw, and when each call
// ended.

const start = 1_706_140_800_000

// A vendor whose answer to each request is `statusAt(now, n)` (n counts requests from 0); a 503 carries
// `Retry-After` when `retryAfterSeconds` is set. Records every request's time and status.
const vendor = (statusAt: (now: number, n: number) => number, retryAfterSeconds?: number) => {
  const arrivals: Array<{ at: number; status: number }> = []
  const client = HttpClient.make((request) =>
    Effect.map(Clock.currentTimeMillis, (now) => {
      const status = statusAt(now, arrivals.length)
      arrivals.push({ at: now, status })
      const headers: Record<string, string> =
        status === 503 && retryAfterSeconds !== undefined ? { "retry-after": String(retryAfterSeconds) } : {}
      return HttpClientResponse.fromWeb(
        request,
        new Response(status === 200 ? "{}" : `{"title":"HTTP ${status}"}`, { status, headers })
      )
    })
  )
  return { client, arrivals }
}

// Nixflex's server-side rule: three retries from 1 s, six attempts at most.
const retry = RetryPolicy.make<ProblemJson.Problem>({
  categories: {
    server: RetryPolicy.rule({ backoff: Backoff.exponential({ base: "1 second", max: "30 seconds" }), retries: 3 }),
    unavailable: RetryPolicy.rule({
      backoff: Backoff.exponential({ base: "1 second", max: "30 seconds" }),
      retries: 3
    })
  },
  maxAttempts: 6,
  deadline: "5 minutes"
})

// `calls` GETs, `workers` at a time, through a client with the default breaker and budget; each call's end and
// outcome.
const run = (client: HttpClient.HttpClient, options: { readonly calls: number; readonly workers: number }) =>
  Effect.gen(function* () {
    yield* TestClock.setTime(start)
    const api = ApiClient.make(ProblemJson.dialect, {
      baseUrl: "https://vendor.test",
      apiKey: Redacted.make("virtual-key-0123456789"),
      retry,
      pacing: false
    })(client)
    // Each call's end, and for a failure why its retries stopped.
    const ends: Array<{ at: number; failure: { readonly stoppedBecause: string } | undefined }> = []
    const fiber = yield* Effect.fork(
      Effect.forEach(
        Array.from({ length: options.calls }),
        () =>
          Effect.flatMap(Effect.either(api.get("/v1/things")), (result) =>
            Effect.flatMap(Clock.currentTimeMillis, (now) =>
              Effect.sync(() =>
                ends.push({
                  at: now - start,
                  failure: Either.isLeft(result)
                    ? { stoppedBecause: result.left.retry?.stoppedBecause ?? "-" }
                    : undefined
                })
              )
            )
          ),
        { concurrency: options.workers, discard: true }
      )
    )
    for (let i = 0; i < 4_000 && fiber.unsafePoll() === null; i++) yield* TestClock.adjust("25 millis")
    yield* Fiber.join(fiber)
    return ends
  })

describe("an outage, with the client's defaults", () => {
  it.effect("loses no call, sends about one probe a second into it, and notices its end within a second", () =>
    Effect.gen(function* () {
      const down = vendor((now) => (now < start + 10_000 ? 503 : 200))
      const ends = yield* run(down.client, { calls: 100, workers: 16 })
      const failed = ends.filter((end) => end.failure !== undefined)
      expect(failed.map((end) => end.failure?.stoppedBecause)).toEqual([])
      const during = down.arrivals.filter((a) => a.status === 503)
      // The first calls in flight, then about one probe a second.
      expect(during.length).toBeLessThanOrEqual(16 + 11)
      expect(down.arrivals.length / 100).toBeLessThanOrEqual(1.3)
      // The probes are spread over the outage, not bunched at its start.
      const probes = during.filter((a) => a.at - start >= 1000)
      expect(probes.length).toBeGreaterThanOrEqual(8)
      // The last call ends within about a second of the outage's end.
      expect(Math.max(...ends.map((end) => end.at))).toBeLessThanOrEqual(10_000 + 1_100)
    })
  )

  it.effect("probes when a 503's Retry-After says, not sooner", () =>
    Effect.gen(function* () {
      const down = vendor((now) => (now < start + 12_000 ? 503 : 200), 4)
      const ends = yield* run(down.client, { calls: 8, workers: 8 })
      expect(ends.filter((end) => end.failure !== undefined)).toEqual([])
      // Every 503 asks for 4 s: the first calls, then a probe at about 4 s, 8 s and 12 s.
      const probeTimes = [...new Set(down.arrivals.map((a) => Math.floor((a.at - start) / 1000)))]
      expect(probeTimes).toEqual([0, 4, 8, 12])
      expect(Math.max(...ends.map((end) => end.at))).toBeLessThan(12_100)
    })
  )

  it.effect("the budget still stops a retry storm when there is no outage to wait behind", () =>
    Effect.gen(function* () {
      // Every other request fails: never five in a row, so the breaker never opens, and retries would double the
      // load. The budget (10 tokens, a tenth back per success) bounds them.
      const flaky = vendor((_, n) => (n % 2 === 0 ? 500 : 200))
      const ends = yield* run(flaky.client, { calls: 200, workers: 16 })
      const stoppedByBudget = ends.filter((end) => end.failure?.stoppedBecause === "Budget")
      expect(stoppedByBudget.length).toBeGreaterThan(0)
      // Retries: the first 10 tokens, and one per ten successes.
      expect(flaky.arrivals.length - 200).toBeLessThanOrEqual(10 + Math.ceil(flaky.arrivals.length / 2 / 10) + 1)
    })
  )
})
