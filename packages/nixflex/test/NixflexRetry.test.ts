import { HttpBody } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { ApiClient, type RetryTrace } from "@faultline/core"
import { NixflexHttpClient, NixflexRetry } from "@faultline/nixflex"
import { Script, ScriptedHttpClient, Step, VirtualTime } from "@faultline/testing"
import { Cause, type Duration, Effect, Exit, Option, Random, Redacted, TestClock } from "effect"

// Nixflex's documented retry table (NixflexRetry.defaults), attempt by attempt, through the real Nixflex client
// over a scripted HttpClient, on virtual time. Jitter is pinned to its midpoint (Random.next = 0.5, a factor of
// exactly 1), so Backoff.exponential gives exactly base·2^n and the expected times are the table's own numbers.

const apiKey = Redacted.make("nxf_0123456789abcdef0123456789abcdef:nxfs_retry-table-secret")
const baseUrl = "https://api.nixflex.test"

// 2024-01-24T23:59:50Z: a reset of 1706140800 (2024-01-25T00:00:00Z) is 10 s away, as an epoch-second reset.
const start = 1_706_140_790_000
const inTenSeconds = "1706140800"
const inTenSecondsHttpDate = "Thu, 25 Jan 2024 00:00:00 GMT"

const envelope = (status: number, type: string, code: string, details?: Record<string, unknown>) =>
  Step.json(status, {
    error: { type, code, message: `${code} (test)`, ...(details === undefined ? {} : { details }) }
  })

const rateLimitExceeded = (details?: Record<string, unknown>, headers?: Record<string, string>) =>
  Step.json(
    429,
    {
      error: {
        type: "rate_limit_error",
        code: "rate_limit_exceeded",
        message: "Rate limit exceeded.",
        ...(details === undefined ? {} : { details })
      }
    },
    headers
  )

const ok = Step.json(200, { call_id: "call_1", status: "completed" })
const created = Step.json(201, { call_id: "call_1" })

interface CallOptions {
  readonly method?: "GET" | "POST"
  readonly timeout?: Duration.DurationInput
  /** Pacing on, as it is by default. */
  readonly pacing?: boolean
}

// One call through NixflexHttpClient with the default table, over a script that plays `steps` in order and then
// repeats the last one. Run to its end on virtual time from `start`.
const call = (steps: ReadonlyArray<Step.Step>, options: CallOptions = {}) =>
  Effect.gen(function* () {
    yield* TestClock.setTime(start)
    const script = yield* ScriptedHttpClient.make([
      Script.route("* /v1/calls", steps, { otherwise: steps[steps.length - 1] })
    ])
    const nixflex = NixflexHttpClient.make({
      baseUrl,
      apiKey,
      retry: NixflexRetry.defaults,
      // Pacing and the circuit breaker off: each test sees the retry table alone (pacing would otherwise also
      // hold the next attempt on a spent X-RateLimit quota, the breaker on repeated 5xx).
      pacing: options.pacing === true ? undefined : false,
      circuitBreaker: false,
      ...(options.timeout === undefined ? {} : { timeout: options.timeout })
    })(script.client)
    const request =
      options.method === "POST"
        ? nixflex.post("/v1/calls", {
            body: HttpBody.unsafeJson({ agent_id: "agent_1", to_number: "+447446466847" })
          })
        : nixflex.get("/v1/calls")
    return yield* VirtualTime.run(request, { recorder: script })
  }).pipe(Effect.withRandom(Random.fixed([0.5])))

const failureOf = <A, E>(exit: Exit.Exit<A, E>): E => {
  if (Exit.isSuccess(exit)) throw new Error("expected a failure, got a success")
  const failure = Cause.failureOption(exit.cause)
  if (Option.isNone(failure)) throw new Error(`expected a typed failure, got ${Cause.pretty(exit.cause)}`)
  return failure.value
}

// A trace as plain data, to compare whole.
const summary = (trace: RetryTrace.RetryTrace | undefined) =>
  trace === undefined
    ? undefined
    : {
        stoppedBecause: trace.stoppedBecause,
        attempts: trace.attempts,
        retried: trace.retried.map(({ attempt, delayMillis, source, status, tag }) => ({
          attempt,
          tag,
          status,
          delayMillis,
          source
        }))
      }

const traceOfFailure = <A, E extends { readonly retry?: RetryTrace.RetryTrace | undefined }>(exit: Exit.Exit<A, E>) =>
  summary(failureOf(exit).retry)

const traceOfSuccess = <E>(exit: Exit.Exit<Parameters<typeof ApiClient.traceOf>[0], E>) => {
  if (Exit.isFailure(exit)) throw new Error(`expected a success, got ${Cause.pretty(exit.cause)}`)
  return summary(Option.getOrUndefined(ApiClient.traceOf(exit.value)))
}

describe("Nixflex default retry table: rate_limit_exceeded (429) honours every hint form", () => {
  it.effect("details.retry_after in the body", () =>
    Effect.gen(function* () {
      const timeline = yield* call([rateLimitExceeded({ retry_after: 3 }), rateLimitExceeded({ retry_after: 5 }), ok])
      expect(timeline.arrivals).toEqual([0, 3000, 8000])
      expect(traceOfSuccess(timeline.exit)).toEqual({
        stoppedBecause: "Succeeded",
        attempts: 3,
        retried: [
          { attempt: 1, tag: "RateLimitExceeded", status: 429, delayMillis: 3000, source: "hint" },
          { attempt: 2, tag: "RateLimitExceeded", status: 429, delayMillis: 5000, source: "hint" }
        ]
      })
    })
  )

  it.effect("details.retry_after is what the call waits, with pacing on, even when the spent quota resets later", () =>
    Effect.gen(function* () {
      // 12 s in the body; the quota spent until 40 s from now (start + 40 s = 1706140830).
      const spent = { "X-RateLimit-Limit": "120", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "1706140830" }
      const timeline = yield* call([rateLimitExceeded({ retry_after: 12 }, spent), ok], { pacing: true })
      expect(timeline.arrivals).toEqual([0, 12_000])
      expect(traceOfSuccess(timeline.exit)?.retried).toEqual([
        { attempt: 1, tag: "RateLimitExceeded", status: 429, delayMillis: 12_000, source: "hint" }
      ])
    })
  )

  it.effect("details.retry_after wins over a Retry-After header", () =>
    Effect.gen(function* () {
      const timeline = yield* call([rateLimitExceeded({ retry_after: 2 }, { "Retry-After": "30" }), ok])
      expect(timeline.arrivals).toEqual([0, 2000])
    })
  )

  it.effect("a Retry-After header in seconds", () =>
    Effect.gen(function* () {
      const timeline = yield* call([
        rateLimitExceeded(undefined, { "Retry-After": "4" }),
        rateLimitExceeded(undefined, { "Retry-After": "6" }),
        ok
      ])
      expect(timeline.arrivals).toEqual([0, 4000, 10_000])
      expect(traceOfSuccess(timeline.exit)?.retried.map((entry) => [entry.delayMillis, entry.source])).toEqual([
        [4000, "hint"],
        [6000, "hint"]
      ])
    })
  )

  it.effect("a Retry-After HTTP-date, measured from the response's arrival", () =>
    Effect.gen(function* () {
      const timeline = yield* call([
        rateLimitExceeded(undefined, { "Retry-After": inTenSecondsHttpDate }),
        // Arrives at 00:00:00; 15 s later.
        rateLimitExceeded(undefined, { "Retry-After": "Thu, 25 Jan 2024 00:00:15 GMT" }),
        ok
      ])
      expect(timeline.arrivals).toEqual([0, 10_000, 25_000])
      expect(traceOfSuccess(timeline.exit)?.retried.map((entry) => [entry.delayMillis, entry.source])).toEqual([
        [10_000, "hint"],
        [15_000, "hint"]
      ])
    })
  )

  it.effect("X-RateLimit-Reset in epoch seconds, with X-RateLimit-Remaining 0", () =>
    Effect.gen(function* () {
      const quota = (reset: string) => ({
        "X-RateLimit-Limit": "60",
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": reset
      })
      const timeline = yield* call([
        rateLimitExceeded(undefined, quota(inTenSeconds)),
        rateLimitExceeded(undefined, quota("1706140812")),
        ok
      ])
      expect(timeline.arrivals).toEqual([0, 10_000, 22_000])
      expect(traceOfSuccess(timeline.exit)?.retried.map((entry) => [entry.delayMillis, entry.source])).toEqual([
        [10_000, "hint"],
        [12_000, "hint"]
      ])
    })
  )

  it.effect("no hint at all: backoff 1 s, 2 s, 4 s, 8 s, 16 s, then stops after 6 attempts", () =>
    Effect.gen(function* () {
      const timeline = yield* call([rateLimitExceeded()])
      expect(timeline.arrivals).toEqual([0, 1000, 3000, 7000, 15_000, 31_000])
      expect(traceOfFailure(timeline.exit)).toEqual({
        stoppedBecause: "Attempts",
        attempts: 6,
        retried: [1000, 2000, 4000, 8000, 16_000].map((delayMillis, index) => ({
          attempt: index + 1,
          tag: "RateLimitExceeded",
          status: 429,
          delayMillis,
          source: "backoff"
        }))
      })
    })
  )

  it.effect("a 429 without the envelope (a CDN's text page) takes the same row: hint, else backoff", () =>
    Effect.gen(function* () {
      const timeline = yield* call([
        Step.text(429, "Too Many Requests", { "Retry-After": "3" }),
        Step.text(429, "Too Many Requests"),
        ok
      ])
      expect(timeline.arrivals).toEqual([0, 3000, 5000])
      expect(traceOfSuccess(timeline.exit)?.retried).toEqual([
        { attempt: 1, tag: "UnexpectedBody", status: 429, delayMillis: 3000, source: "hint" },
        { attempt: 2, tag: "UnexpectedBody", status: 429, delayMillis: 2000, source: "backoff" }
      ])
    })
  )
})

describe("Nixflex default retry table: other failures", () => {
  it.effect("concurrent_call_limit (429) backs off 2 s, 4 s, 8 s, 16 s, 32 s, then stops", () =>
    Effect.gen(function* () {
      const timeline = yield* call([envelope(429, "rate_limit_error", "concurrent_call_limit")])
      expect(timeline.arrivals).toEqual([0, 2000, 6000, 14_000, 30_000, 62_000])
      expect(traceOfFailure(timeline.exit)).toEqual({
        stoppedBecause: "Attempts",
        attempts: 6,
        retried: [2000, 4000, 8000, 16_000, 32_000].map((delayMillis, index) => ({
          attempt: index + 1,
          tag: "ConcurrentCallLimit",
          status: 429,
          delayMillis,
          source: "backoff"
        }))
      })
    })
  )

  it.effect("outbound_failed (502) is not retried: Twilio refused the dial", () =>
    Effect.gen(function* () {
      const timeline = yield* call([
        envelope(502, "provider_error", "outbound_failed", {
          twilio_error: { code: 21215, message: "Geo permission not enabled" }
        }),
        ok
      ])
      expect(timeline.arrivals).toEqual([0])
      expect(failureOf(timeline.exit)._tag).toBe("OutboundFailed")
      expect(traceOfFailure(timeline.exit)).toEqual({ stoppedBecause: "NotRetryable", attempts: 1, retried: [] })
    })
  )

  it.effect("another provider_error at 502 (upstream) is retried: the never is outbound_failed's alone", () =>
    Effect.gen(function* () {
      const timeline = yield* call([envelope(502, "provider_error", "carrier_unreachable"), ok])
      expect(timeline.arrivals).toEqual([0, 1000])
      expect(Exit.isSuccess(timeline.exit)).toBe(true)
    })
  )

  it.effect("an unknown code of type server_error at 500 backs off 1 s, 2 s, 4 s, then stops with Attempts", () =>
    Effect.gen(function* () {
      const timeline = yield* call([envelope(500, "server_error", "internal_error")])
      expect(timeline.arrivals).toEqual([0, 1000, 3000, 7000])
      const failure = failureOf(timeline.exit)
      expect([failure._tag, failure.category]).toEqual(["NixflexUnknownError", "server"])
      expect(traceOfFailure(timeline.exit)).toEqual({
        stoppedBecause: "Attempts",
        attempts: 4,
        retried: [1000, 2000, 4000].map((delayMillis, index) => ({
          attempt: index + 1,
          tag: "NixflexUnknownError",
          status: 500,
          delayMillis,
          source: "backoff"
        }))
      })
    })
  )

  for (const [name, step, tag, category] of [
    ["a proxy's HTML 500 page", Step.html(500), "UnexpectedBody", "server"],
    ["a proxy's HTML 502 page", Step.html(502), "UnexpectedBody", "upstream"],
    ["a proxy's HTML 503 page", Step.html(503), "UnexpectedBody", "unavailable"],
    ["a refused connection", Step.refused, "TransportError", "transport"]
  ] as const) {
    it.effect(`${name} (${category}, no Nixflex envelope) backs off 1 s, 2 s, 4 s like a server error`, () =>
      Effect.gen(function* () {
        const timeline = yield* call([step])
        expect(timeline.arrivals).toEqual([0, 1000, 3000, 7000])
        const failure = failureOf(timeline.exit)
        expect([failure._tag, failure.category]).toEqual([tag, category])
        expect(traceOfFailure(timeline.exit)?.stoppedBecause).toBe("Attempts")
      })
    )
  }

  it.effect("an attempt that hangs past the timeout is retried twice, with the timeout doubled each time", () =>
    Effect.gen(function* () {
      const timeline = yield* call([Step.hang], { timeout: "2 seconds" })
      // attempt 1: 0 → times out at 2 s; wait 1 s; attempt 2: 3 s → times out at 4 s (7 s); wait 2 s;
      // attempt 3: 9 s → times out at 8 s (17 s); the timeout rule's 2 retries are spent.
      expect(timeline.arrivals).toEqual([0, 3000, 9000])
      expect(timeline.elapsed).toBe(17_000)
      const failure = failureOf(timeline.exit)
      expect(failure._tag === "AttemptTimeout" && failure.timeoutMillis).toBe(8000)
      expect(traceOfFailure(timeline.exit)).toEqual({
        stoppedBecause: "Attempts",
        attempts: 3,
        retried: [
          { attempt: 1, tag: "AttemptTimeout", status: undefined, delayMillis: 1000, source: "backoff" },
          { attempt: 2, tag: "AttemptTimeout", status: undefined, delayMillis: 2000, source: "backoff" }
        ]
      })
    })
  )

  it.effect("an answer slower than the first timeout arrives within the doubled one", () =>
    Effect.gen(function* () {
      // 3 s is too slow for the 2 s timeout of attempt 1, and in time for the 4 s timeout of attempt 2.
      const timeline = yield* call([Step.delay("3 seconds", ok), Step.delay("3 seconds", ok)], { timeout: "2 seconds" })
      expect(timeline.arrivals).toEqual([0, 3000])
      expect(timeline.elapsed).toBe(6000)
      expect(Exit.isSuccess(timeline.exit)).toBe(true)
    })
  )

  for (const [status, type, code, tag] of [
    [400, "invalid_request", "invalid_phone_format", "InvalidPhoneFormat"],
    [401, "authentication_error", "invalid_api_key", "InvalidApiKey"],
    [403, "permission_error", "agent_not_owned", "AgentNotOwned"],
    [404, "not_found", "agent_not_found", "AgentNotFound"],
    [409, "conflict", "number_already_imported", "NumberAlreadyImported"]
  ] as const) {
    it.effect(`${code} (${status}) is never retried`, () =>
      Effect.gen(function* () {
        const timeline = yield* call([envelope(status, type, code), ok])
        expect(timeline.arrivals).toEqual([0])
        expect(failureOf(timeline.exit)._tag).toBe(tag)
        expect(traceOfFailure(timeline.exit)).toEqual({ stoppedBecause: "NotRetryable", attempts: 1, retried: [] })
      })
    )
  }

  it.effect("each row of the table grants its own retries: 500, reset, HTML 502, 500 are all retried", () =>
    Effect.gen(function* () {
      const timeline = yield* call([
        envelope(500, "server_error", "internal_error"),
        Step.reset,
        Step.html(502, "<html><body>Bad Gateway</body></html>"),
        envelope(500, "server_error", "internal_error"),
        created
      ])
      // server: 1 s then 2 s; transport and upstream: 1 s each. The server row has used two of its three retries.
      expect(timeline.arrivals).toEqual([0, 1000, 2000, 3000, 5000])
      expect(Exit.isSuccess(timeline.exit)).toBe(true)
      expect(traceOfSuccess(timeline.exit)?.retried.map((entry) => [entry.tag, entry.delayMillis])).toEqual([
        ["NixflexUnknownError", 1000],
        ["TransportError", 1000],
        ["UnexpectedBody", 1000],
        ["NixflexUnknownError", 2000]
      ])
    })
  )

  it.effect("a POST is retried, even after a reset that may have reached Nixflex: one Idempotency-Key for all", () =>
    Effect.gen(function* () {
      const timeline = yield* call([envelope(500, "server_error", "internal_error"), Step.reset, created], {
        method: "POST"
      })
      // server and transport are rows of their own in the table: each starts its backoff at 1 s.
      expect(timeline.arrivals).toEqual([0, 1000, 2000])
      expect(Exit.isSuccess(timeline.exit)).toBe(true)
      expect(traceOfSuccess(timeline.exit)?.retried.map((entry) => [entry.tag, entry.delayMillis])).toEqual([
        ["NixflexUnknownError", 1000],
        ["TransportError", 1000]
      ])
      const keys = timeline.requests.map((request) => request.headers["idempotency-key"])
      expect(keys).toHaveLength(3)
      expect(keys[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
      expect(new Set(keys).size).toBe(1)
      expect(timeline.requests.map((request) => [request.method, JSON.parse(request.body).to_number])).toEqual([
        ["POST", "+447446466847"],
        ["POST", "+447446466847"],
        ["POST", "+447446466847"]
      ])
    })
  )
})
