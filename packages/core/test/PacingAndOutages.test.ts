import { HttpClient, HttpClientResponse } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { ApiClient, Backoff, CircuitBreaker, Pacing, ProblemJson, RetryBudget, RetryPolicy } from "@faultline/core"
import { Clock, Effect, Fiber, Metric, Redacted, TestClock } from "effect"

// A realistic epoch, so that X-RateLimit-Reset reads as epoch seconds.
const start = 1_706_140_800_000

// A vendor on virtual time: a fixed window of `limit` requests per `windowMillis` (429 past it, with the
// X-RateLimit-* headers on every response), down with 503 until `downUntil`. It records every request's time.
// Windows start `phaseMillis` after a multiple of the window (0 by default); the reset is announced in whole epoch
// seconds, rounded up, as most servers do; or, `opensOnRequest`, a window opens with the first request after the
// last one ended (as the simulator's). A request reaches the server `latencyMillis` after it is sent. A 429 says
// `Retry-After` in whole seconds, rounded up, when `retryAfter`.
const vendor = (options: {
  limit: number
  windowMillis: number
  downUntil?: number
  phaseMillis?: number
  latencyMillis?: number
  opensOnRequest?: boolean
  retryAfter?: boolean
}) => {
  const phase = options.phaseMillis ?? 0
  const latency = options.latencyMillis ?? 0
  const arrivals: Array<{ at: number; status: number }> = []
  let opened = Number.NEGATIVE_INFINITY
  const client = HttpClient.make((request) =>
    Effect.map(Effect.zipRight(latency > 0 ? Effect.sleep(latency) : Effect.void, Clock.currentTimeMillis), (now) => {
      if (options.opensOnRequest === true && now >= opened + options.windowMillis) opened = now
      const windowStart =
        options.opensOnRequest === true
          ? opened
          : Math.floor((now - phase) / options.windowMillis) * options.windowMillis + phase
      const used = arrivals.filter((a) => a.at >= windowStart && a.status !== 503).length
      const down = options.downUntil !== undefined && now < options.downUntil
      const status = down ? 503 : used >= options.limit ? 429 : 200
      arrivals.push({ at: now, status })
      const remaining = Math.max(0, options.limit - used - (status === 200 ? 1 : 0))
      const headers: Record<string, string> = {
        "x-ratelimit-limit": String(options.limit),
        "x-ratelimit-remaining": String(remaining),
        "x-ratelimit-reset": String(Math.ceil((windowStart + options.windowMillis) / 1000))
      }
      if (status === 429 && options.retryAfter === true) {
        headers["retry-after"] = String(Math.max(1, Math.ceil((windowStart + options.windowMillis - now) / 1000)))
      }
      return HttpClientResponse.fromWeb(
        request,
        new Response(status === 200 ? "{}" : `{"title":"HTTP ${status}"}`, { status, headers })
      )
    })
  )
  return { client, arrivals }
}

const retry = RetryPolicy.make<ProblemJson.Problem>({
  categories: {
    rate_limited: RetryPolicy.rule({ backoff: Backoff.fixed("1 second"), retries: 20 }),
    unavailable: RetryPolicy.rule({
      backoff: Backoff.exponential({ base: "1 second", max: "4 seconds", jitter: false }),
      retries: 50
    })
  },
  maxAttempts: 60,
  deadline: "10 minutes"
})

// Runs `calls` calls, `workers` at a time, on virtual time from `start`; returns when each ended.
const run = (
  client: HttpClient.HttpClient,
  options: { calls: number; workers: number; pacing: boolean; breaker: boolean; tickMillis?: number; from?: number }
) =>
  Effect.gen(function* () {
    const from = options.from ?? start
    yield* TestClock.setTime(from)
    const api = ApiClient.make(ProblemJson.dialect, {
      baseUrl: "https://vendor.test",
      apiKey: Redacted.make("virtual-key-0123456789"),
      retry,
      // No budget: these tests look at pacing and the breaker alone.
      retryBudget: RetryBudget.unlimited,
      pacing: options.pacing ? Pacing.memoryStore() : false,
      circuitBreaker: options.breaker ? CircuitBreaker.make({ failureThreshold: 3 }) : false
    })(client)
    const ended: Array<number> = []
    const all = Effect.forEach(
      Array.from({ length: options.calls }, (_, i) => i),
      () =>
        Effect.zipRight(
          Effect.ignore(api.get("/v1/things")),
          Effect.flatMap(Clock.currentTimeMillis, (t) => Effect.sync(() => ended.push(t - start)))
        ),
      { concurrency: options.workers }
    )
    const fiber = yield* Effect.fork(all)
    // The virtual clock moves in ticks: a wait or a round trip takes at least one.
    const tick = options.tickMillis ?? 100
    for (let i = 0; i < 200_000 / tick && fiber.unsafePoll() === null; i++) yield* TestClock.adjust(tick)
    yield* Fiber.join(fiber)
    return ended
  })

const heldMillis = (source: "quota" | "outage") =>
  Metric.value(
    ApiClient.waitedMillisTotal.pipe(
      Metric.tagged("vendor", ProblemJson.dialect.vendor),
      Metric.tagged("kind", "hold"),
      Metric.tagged("source", source)
    )
  )

describe("pacing", () => {
  it.effect("holds requests while the known quota is spent, so a busy client meets few 429s", () =>
    Effect.gen(function* () {
      const paced = vendor({ limit: 20, windowMillis: 1000 })
      yield* run(paced.client, { calls: 200, workers: 16, pacing: true, breaker: false })
      const unpaced = vendor({ limit: 20, windowMillis: 1000 })
      yield* run(unpaced.client, { calls: 200, workers: 16, pacing: false, breaker: false })
      const tooMany = (arrivals: ReadonlyArray<{ status: number }>) => arrivals.filter((a) => a.status === 429).length
      // Only the first window's burst can meet a 429: after the first response the quota is known.
      expect(tooMany(paced.arrivals)).toBeLessThanOrEqual(16)
      expect(tooMany(unpaced.arrivals)).toBeGreaterThan(4 * tooMany(paced.arrivals))
      // The time held is counted, as a hold by the quota.
      expect((yield* heldMillis("quota")).count).toBeGreaterThan(1000)
    })
  )
})

describe("pacing, whatever the windows' alignment", () => {
  it.effect(
    "finds a window's turn within the second its reset is announced to, for at most one 429 a window",
    () =>
      Effect.gen(function* () {
        // Windows starting 5 ms after the second: the announced reset is 995 ms late, and a batch released at it
        // reaches the server (50 ms later) in the next window, whose turn is then announced a second late too: one
        // window in two goes unused, and 200 calls at 20 a window take about 19 s. One request tried in the middle of
        // the second before the announced reset finds the turn, and the batch lands inside the window; from one window
        // to the next the turn is learnt to within a few tens of milliseconds.
        const early = vendor({ limit: 20, windowMillis: 1000, phaseMillis: 5, latencyMillis: 50 })
        const earlyEnds = yield* run(early.client, {
          calls: 200,
          workers: 16,
          pacing: true,
          breaker: false,
          tickMillis: 10
        })
        const tooMany = (arrivals: ReadonlyArray<{ status: number }>) => arrivals.filter((a) => a.status === 429).length
        // 200 calls need ten windows: the last opens at 9.005 s.
        expect(Math.max(...earlyEnds)).toBeLessThanOrEqual(9_600)
        expect(tooMany(early.arrivals)).toBeLessThanOrEqual(10)
        // Windows starting 900 ms after the second: the reset is 100 ms late; the requests tried early meet a few
        // 429s while the turn is learnt, window after window.
        const late = vendor({ limit: 20, windowMillis: 1000, phaseMillis: 900, latencyMillis: 50 })
        const lateEnds = yield* run(late.client, {
          calls: 200,
          workers: 16,
          pacing: true,
          breaker: false,
          tickMillis: 10
        })
        expect(Math.max(...lateEnds)).toBeLessThanOrEqual(9_600)
        expect(tooMany(late.arrivals)).toBeLessThanOrEqual(10)
      }),
    // Virtual time, but hundreds of simulated requests a window: CPU-bound, and slow on a loaded machine.
    60_000
  )

  it.effect(
    "finds the turn of windows that open with the first request after the last, when 429s say Retry-After",
    () =>
      Effect.gen(function* () {
        // The simulator's windows: each opens with the first request after the last ended. The run starts 505 ms
        // into a second, so every announced reset is about half a second late, and an early request refused meets
        // a Retry-After of 1 s (rounded up): held to either, each window would take two seconds.
        const opening = vendor({
          limit: 20,
          windowMillis: 1000,
          latencyMillis: 50,
          opensOnRequest: true,
          retryAfter: true
        })
        const ends = yield* run(opening.client, {
          calls: 200,
          workers: 16,
          pacing: true,
          breaker: false,
          tickMillis: 25,
          from: start + 505
        })
        const tooMany = opening.arrivals.filter((a) => a.status === 429).length
        expect(Math.max(...ends) - 505).toBeLessThanOrEqual(11_000)
        expect(tooMany).toBeLessThanOrEqual(10)
      })
  )
})

describe("outages", () => {
  it.effect("calls wait behind one probe during an outage and all resume when it succeeds", () =>
    Effect.gen(function* () {
      const guarded = vendor({ limit: 1000, windowMillis: 1000, downUntil: start + 10_000 })
      const ended = yield* run(guarded.client, { calls: 20, workers: 20, pacing: false, breaker: true })
      const unguarded = vendor({ limit: 1000, windowMillis: 1000, downUntil: start + 10_000 })
      yield* run(unguarded.client, { calls: 20, workers: 20, pacing: false, breaker: false })

      const during = (arrivals: ReadonlyArray<{ status: number }>) => arrivals.filter((a) => a.status === 503).length
      // Without the breaker every call retries into the outage; with it, after the first failures, one probe at a time.
      expect(during(guarded.arrivals)).toBeLessThan(20 + 10)
      expect(during(unguarded.arrivals)).toBeGreaterThan(3 * 20)
      // The first probe after the outage's end (at most the breaker's probe interval, 1 s, later) lets every call
      // through at once.
      expect(Math.min(...ended)).toBeGreaterThanOrEqual(10_000)
      expect(Math.max(...ended)).toBeLessThanOrEqual(10_000 + 1_100)
      expect(Math.max(...ended) - Math.min(...ended)).toBeLessThanOrEqual(100)
      // Twenty calls held for about ten seconds each at the breaker, counted as holds by the outage.
      expect((yield* heldMillis("outage")).count).toBeGreaterThan(19 * 9_000)
    })
  )
})
