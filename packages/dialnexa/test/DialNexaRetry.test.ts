import { HttpBody } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { ApiClient, type RetryTrace } from "@faultline/core"
import { DialNexaHttpClient, DialNexaRetry } from "@faultline/dialnexa"
import { Script, ScriptedHttpClient, Step, VirtualTime } from "@faultline/testing"
import { Cause, type Duration, Effect, Exit, Option, Random, Redacted, TestClock } from "effect"

// DialNexa's documented retry table (DialNexaRetry.defaults), attempt by attempt, through the real DialNexa client
// over a scripted HttpClient, on virtual time. Jitter is pinned to its midpoint (Random.next = 0.5, a factor of
// exactly 1), so Backoff.exponential gives exactly base·2^n and the expected times are the table's own numbers.

const apiKey = Redacted.make("dnx_test_retry-table-0123456789")
const baseUrl = "https://api.dialnexa.test"

// 2024-01-24T23:59:50Z: a reset of 1706140800 (2024-01-25T00:00:00Z) is 10 s away, as an epoch-second reset.
const start = 1_706_140_790_000
const inTenSeconds = "1706140800"

const reasons: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  422: "Unprocessable Entity",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout"
}

// DialNexa's NestJS envelope: { statusCode, message, error }.
const envelope = (status: number, message?: string | ReadonlyArray<string>, headers?: Record<string, string>) =>
  Step.json(status, { statusCode: status, message: message ?? reasons[status], error: reasons[status] }, headers)

const tooManyRequests = (headers?: Record<string, string>) =>
  envelope(429, "ThrottlerException: Too Many Requests", headers)

const ok = Step.json(200, { id: "call_1", status: "completed" })
const created = Step.json(201, { id: "call_1", status: "queued" })

// One call through DialNexaHttpClient with the default table, over a script that plays `steps` in order and then
// repeats the last one. Run to its end on virtual time from `start`.
const call = (
  steps: ReadonlyArray<Step.Step>,
  options: { readonly method?: "GET" | "POST"; readonly timeout?: Duration.DurationInput } = {}
) =>
  Effect.gen(function* () {
    yield* TestClock.setTime(start)
    const script = yield* ScriptedHttpClient.make([
      Script.route("* /v1/calls", steps, { otherwise: steps[steps.length - 1] })
    ])
    const dialNexa = DialNexaHttpClient.make({
      baseUrl,
      apiKey,
      retry: DialNexaRetry.defaults,
      // Pacing and the circuit breaker off: each test sees the retry table alone (pacing would otherwise also
      // hold the next attempt on a spent X-RateLimit quota, the breaker on repeated 5xx).
      pacing: false,
      circuitBreaker: false,
      ...(options.timeout === undefined ? {} : { timeout: options.timeout })
    })(script.client)
    const request =
      options.method === "POST"
        ? dialNexa.post("/v1/calls", { body: HttpBody.unsafeJson({ agent_id: "agent_1", to_number: "+15550100" }) })
        : dialNexa.get("/v1/calls")
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

const backoffs = (tag: string, status: number | undefined, delays: ReadonlyArray<number>) =>
  delays.map((delayMillis, index) => ({ attempt: index + 1, tag, status, delayMillis, source: "backoff" }))

describe("DialNexa default retry table: 429", () => {
  it.effect("waits the Retry-After seconds", () =>
    Effect.gen(function* () {
      const timeline = yield* call([
        tooManyRequests({ "Retry-After": "7" }),
        tooManyRequests({ "Retry-After": "3" }),
        ok
      ])
      expect(timeline.arrivals).toEqual([0, 7000, 10_000])
      expect(traceOfSuccess(timeline.exit)).toEqual({
        stoppedBecause: "Succeeded",
        attempts: 3,
        retried: [
          { attempt: 1, tag: "TooManyRequests", status: 429, delayMillis: 7000, source: "hint" },
          { attempt: 2, tag: "TooManyRequests", status: 429, delayMillis: 3000, source: "hint" }
        ]
      })
    })
  )

  it.effect("with only X-RateLimit-Reset (epoch seconds, remaining 0), waits until the reset", () =>
    Effect.gen(function* () {
      const quota = (reset: string) => ({
        "X-RateLimit-Limit": "100",
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": reset
      })
      const timeline = yield* call([tooManyRequests(quota(inTenSeconds)), tooManyRequests(quota("1706140805")), ok])
      expect(timeline.arrivals).toEqual([0, 10_000, 15_000])
      expect(traceOfSuccess(timeline.exit)?.retried.map((entry) => [entry.delayMillis, entry.source])).toEqual([
        [10_000, "hint"],
        [5000, "hint"]
      ])
    })
  )

  it.effect("with neither, backs off 1 s, 2 s, 4 s, 8 s, 16 s, then stops after 6 attempts", () =>
    Effect.gen(function* () {
      const timeline = yield* call([tooManyRequests()])
      expect(timeline.arrivals).toEqual([0, 1000, 3000, 7000, 15_000, 31_000])
      expect(traceOfFailure(timeline.exit)).toEqual({
        stoppedBecause: "Attempts",
        attempts: 6,
        retried: backoffs("TooManyRequests", 429, [1000, 2000, 4000, 8000, 16_000])
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

describe("DialNexa default retry table: 5xx", () => {
  for (const [status, tag] of [
    [502, "BadGateway"],
    [503, "ServiceUnavailable"],
    [504, "GatewayTimeout"]
  ] as const) {
    it.effect(`${status} backs off 1 s, 2 s, 4 s, then stops with Attempts`, () =>
      Effect.gen(function* () {
        const timeline = yield* call([envelope(status)])
        expect(timeline.arrivals).toEqual([0, 1000, 3000, 7000])
        expect(failureOf(timeline.exit)._tag).toBe(tag)
        expect(traceOfFailure(timeline.exit)).toEqual({
          stoppedBecause: "Attempts",
          attempts: 4,
          retried: backoffs(tag, status, [1000, 2000, 4000])
        })
      })
    )
  }

  it.effect("500 is retried twice (1 s, 2 s), then stops with Attempts", () =>
    Effect.gen(function* () {
      const timeline = yield* call([envelope(500)])
      expect(timeline.arrivals).toEqual([0, 1000, 3000])
      expect(failureOf(timeline.exit)._tag).toBe("InternalServerError")
      expect(traceOfFailure(timeline.exit)).toEqual({
        stoppedBecause: "Attempts",
        attempts: 3,
        retried: backoffs("InternalServerError", 500, [1000, 2000])
      })
    })
  )

  it.effect("a 503 that recovers ends in the response, with the waits in its trace", () =>
    Effect.gen(function* () {
      const timeline = yield* call([envelope(503), envelope(503), ok])
      expect(timeline.arrivals).toEqual([0, 1000, 3000])
      expect(traceOfSuccess(timeline.exit)).toEqual({
        stoppedBecause: "Succeeded",
        attempts: 3,
        retried: backoffs("ServiceUnavailable", 503, [1000, 2000])
      })
    })
  )
})

describe("DialNexa default retry table: failures without DialNexa's envelope go by category", () => {
  for (const [name, step, tag, category, status] of [
    ["a proxy's HTML 502 page", Step.html(502), "UnexpectedBody", "upstream", 502],
    ["a proxy's HTML 503 page", Step.html(503), "UnexpectedBody", "unavailable", 503],
    ["a proxy's HTML 504 page", Step.html(504), "UnexpectedBody", "timeout", 504],
    ["a refused connection", Step.refused, "TransportError", "transport", undefined]
  ] as const) {
    it.effect(`${name} (${category}) backs off 1 s, 2 s, 4 s, then stops with Attempts`, () =>
      Effect.gen(function* () {
        const timeline = yield* call([step])
        expect(timeline.arrivals).toEqual([0, 1000, 3000, 7000])
        const failure = failureOf(timeline.exit)
        expect([failure._tag, failure.category]).toEqual([tag, category])
        expect(traceOfFailure(timeline.exit)).toEqual({
          stoppedBecause: "Attempts",
          attempts: 4,
          retried: backoffs(tag, status, [1000, 2000, 4000])
        })
      })
    )
  }

  it.effect("a proxy's HTML 500 page follows the 500 row: twice, 1 s then 2 s", () =>
    Effect.gen(function* () {
      const timeline = yield* call([Step.html(500)])
      expect(timeline.arrivals).toEqual([0, 1000, 3000])
      const failure = failureOf(timeline.exit)
      expect([failure._tag, failure.category]).toEqual(["UnexpectedBody", "server"])
      expect(traceOfFailure(timeline.exit)).toEqual({
        stoppedBecause: "Attempts",
        attempts: 3,
        retried: backoffs("UnexpectedBody", 500, [1000, 2000])
      })
    })
  )

  it.effect("an attempt that hangs past the timeout is retried like a 504, with the same timeout each time", () =>
    Effect.gen(function* () {
      const timeline = yield* call([Step.hang], { timeout: "2 seconds" })
      // 2 s timeout, then 1 s, 2 s, 4 s of backoff between attempts; the timeout does not grow.
      expect(timeline.arrivals).toEqual([0, 3000, 7000, 13_000])
      expect(timeline.elapsed).toBe(15_000)
      const failure = failureOf(timeline.exit)
      expect(failure._tag === "AttemptTimeout" && failure.timeoutMillis).toBe(2000)
      expect(traceOfFailure(timeline.exit)?.retried.map((entry) => [entry.tag, entry.delayMillis])).toEqual([
        ["AttemptTimeout", 1000],
        ["AttemptTimeout", 2000],
        ["AttemptTimeout", 4000]
      ])
    })
  )
})

describe("DialNexa default retry table: never, and unsafe requests", () => {
  for (const [status, tag, message] of [
    [400, "BadRequest", ["to_number must be a valid phone number"]],
    [401, "Unauthorized", "Invalid API key"],
    [403, "Forbidden", "Destination blocked by Telephony Config"],
    [404, "NotFound", "Agent not found"],
    [409, "Conflict", "Campaign is cancelled"],
    [422, "UnprocessableEntity", "Agent phone number was deleted"]
  ] as const) {
    it.effect(`${status} is never retried`, () =>
      Effect.gen(function* () {
        const timeline = yield* call([envelope(status, message), ok])
        expect(timeline.arrivals).toEqual([0])
        expect(failureOf(timeline.exit)._tag).toBe(tag)
        expect(traceOfFailure(timeline.exit)).toEqual({ stoppedBecause: "NotRetryable", attempts: 1, retried: [] })
      })
    )
  }

  it.effect("a POST answered 503 is not retried: no idempotency key, DialNexa may have acted on it", () =>
    Effect.gen(function* () {
      const timeline = yield* call([envelope(503), created], { method: "POST" })
      expect(timeline.arrivals).toEqual([0])
      expect(timeline.requests[0]?.headers["idempotency-key"]).toBeUndefined()
      expect(failureOf(timeline.exit)._tag).toBe("ServiceUnavailable")
      expect(traceOfFailure(timeline.exit)).toEqual({ stoppedBecause: "Unsafe", attempts: 1, retried: [] })
    })
  )

  it.effect("a POST answered 429 is retried: a 429 proves DialNexa did not process it", () =>
    Effect.gen(function* () {
      const timeline = yield* call([tooManyRequests(), tooManyRequests({ "Retry-After": "5" }), created], {
        method: "POST"
      })
      expect(timeline.arrivals).toEqual([0, 1000, 6000])
      expect(timeline.requests.map((request) => request.method)).toEqual(["POST", "POST", "POST"])
      expect(traceOfSuccess(timeline.exit)).toEqual({
        stoppedBecause: "Succeeded",
        attempts: 3,
        retried: [
          { attempt: 1, tag: "TooManyRequests", status: 429, delayMillis: 1000, source: "backoff" },
          { attempt: 2, tag: "TooManyRequests", status: 429, delayMillis: 5000, source: "hint" }
        ]
      })
    })
  )
})
