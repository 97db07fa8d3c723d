import { HttpClient, HttpClientError, HttpClientResponse } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { type Failure, RetryPolicy } from "@faultline/core"
import { LevrageError, LevrageHttpClient, LevrageRetry } from "@faultline/levrage"
import { Clock, Effect, Exit, Fiber, Random, Redacted, TestClock } from "effect"

// Levrage's documented retry table, attempt by attempt, on virtual time. Jitter is pinned to its midpoint
// (Random.next = 0.5, a factor of exactly 1), so the expected times are the table's own numbers.

type Answer =
  | { readonly status: number; readonly body?: unknown; readonly headers?: Record<string, string> }
  | "refused"
  | "hang"

const envelope = (code: string) => ({ success: false, error: { code, message: code }, request_id: "req_1" })

// An HttpClient that plays `answers` in order (the last one repeats) and records when each request arrived.
const scripted = (answers: ReadonlyArray<Answer>) => {
  const arrivals: Array<{ readonly at: number; readonly headers: Record<string, string> }> = []
  const client = HttpClient.make((request) =>
    Effect.gen(function* () {
      arrivals.push({ at: yield* Clock.currentTimeMillis, headers: { ...request.headers } })
      const answer = answers[Math.min(arrivals.length - 1, answers.length - 1)]!
      if (answer === "hang") return yield* Effect.never
      if (answer === "refused") {
        return yield* new HttpClientError.RequestError({
          request,
          reason: "Transport",
          cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" })
        })
      }
      return HttpClientResponse.fromWeb(
        request,
        new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
          status: answer.status,
          headers: answer.headers ?? {}
        })
      )
    })
  )
  return { client, arrivals }
}

// The page's example reset, 1706140800, is 10 s after this instant.
const start = 1_706_140_790_000

// Runs a call on virtual time from `start`: forks it, then moves the clock a second at a time until it is done.
const runVirtually = <A, E>(effect: Effect.Effect<A, E>) =>
  Effect.gen(function* () {
    yield* TestClock.setTime(start)
    const fiber = yield* Effect.fork(effect)
    for (let second = 0; second < 600 && fiber.unsafePoll() === null; second++) yield* TestClock.adjust("1 second")
    return yield* Fiber.await(fiber)
  })

const call = (answers: ReadonlyArray<Answer>, options: { method?: "GET" | "POST"; timeout?: "2 seconds" } = {}) =>
  Effect.gen(function* () {
    const { arrivals, client } = scripted(answers)
    const levrage = LevrageHttpClient.make({
      baseUrl: "https://api.levrage.test",
      apiKey: Redacted.make("lev_test_key_0123456789"),
      retry: LevrageRetry.defaults,
      ...(options.timeout === undefined ? {} : { timeout: options.timeout })
    })(client)
    const request = options.method === "POST" ? levrage.post("/v1/call") : levrage.get("/v1/agents")
    const exit = yield* runVirtually(request)
    return { exit, times: arrivals.map((arrival) => arrival.at - start) }
  }).pipe(Effect.withRandom(Random.fixed([0.5])))

const failureOf = <A>(exit: Exit.Exit<A, Failure.Failure>) => {
  if (Exit.isSuccess(exit)) throw new Error("expected a failure")
  const failure = exit.cause._tag === "Fail" ? exit.cause.error : undefined
  if (failure === undefined) throw new Error("expected a typed failure")
  return failure as Failure.Failure & {
    readonly retry?: { readonly stoppedBecause: string; readonly attempts: number }
  }
}

const ok = { status: 200, body: { success: true, data: {} } }

describe("Levrage default retry table", () => {
  it.effect("429 waits until X-RateLimit-Reset", () =>
    Effect.gen(function* () {
      const reset = "1706140800"
      const { exit, times } = yield* call([
        {
          status: 429,
          body: { detail: "Too many requests" },
          headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset }
        },
        ok
      ])
      expect(Exit.isSuccess(exit)).toBe(true)
      expect(times).toEqual([0, 10_000])
    })
  )

  it.effect("429 without a reset header backs off from 1 s", () =>
    Effect.gen(function* () {
      const { times } = yield* call([
        { status: 429, body: { detail: "slow down" } },
        { status: 429, body: { detail: "slow down" } },
        ok
      ])
      expect(times).toEqual([0, 1000, 3000])
    })
  )

  it.effect("500 backs off exponentially: 1 s, 2 s, 4 s, then gives up", () =>
    Effect.gen(function* () {
      const { exit, times } = yield* call([{ status: 500, body: envelope("x_internal") }])
      expect(times).toEqual([0, 1000, 3000, 7000])
      const failure = failureOf(exit)
      expect([failure._tag, failure.retry?.stoppedBecause, failure.retry?.attempts]).toEqual([
        "LevrageUnknownError",
        "Attempts",
        4
      ])
    })
  )

  it.effect("500 without a code (InternalError) follows the same table", () =>
    Effect.gen(function* () {
      const { times } = yield* call([{ status: 500, body: { detail: "Internal error" } }, ok])
      expect(times).toEqual([0, 1000])
    })
  )

  it.effect("502 retries after 1–2 s", () =>
    Effect.gen(function* () {
      const { times } = yield* call([
        { status: 502, body: { detail: "Bad gateway" } },
        { status: 502, body: { detail: "x" } },
        ok
      ])
      expect(times).toEqual([0, 1500, 3000])
    })
  )

  it.effect("503 waits 30 s, or longer when Retry-After says so", () =>
    Effect.gen(function* () {
      const { times } = yield* call([
        { status: 503, body: { detail: "maintenance" } },
        { status: 503, body: { detail: "maintenance" }, headers: { "retry-after": "45" } },
        { status: 503, body: { detail: "maintenance" }, headers: { "retry-after": "5" } },
        ok
      ])
      expect(times).toEqual([0, 30_000, 75_000, 105_000])
    })
  )

  it.effect("504 retries with a doubled attempt timeout each time", () =>
    Effect.gen(function* () {
      // The server never answers: each attempt ends in AttemptTimeout (category timeout, the 504 rule).
      const { exit, times } = yield* call(["hang"], { timeout: "2 seconds" })
      // attempt 1: 0 → 2 s timeout; wait 1 s; attempt 2: 3 s → 4 s timeout; wait 2 s; attempt 3: 9 s → 8 s; wait 4 s
      expect(times).toEqual([0, 3000, 9000, 21_000])
      const failure = failureOf(exit)
      expect([failure._tag, (failure as Failure.AttemptTimeout).timeoutMillis]).toEqual(["AttemptTimeout", 16_000])
    })
  )

  for (const [status, body] of [
    [400, { detail: "Malformed JSON" }],
    [401, { detail: "Invalid or expired API key" }],
    [404, envelope("not_found")],
    [422, envelope("validation_error")]
  ] as const) {
    it.effect(`${status} is never retried`, () =>
      Effect.gen(function* () {
        const { exit, times } = yield* call([{ status, body }, ok])
        expect(times).toEqual([0])
        expect(failureOf(exit).retry?.stoppedBecause).toBe("NotRetryable")
      })
    )
  }

  it.effect("a POST answered 500 is not retried: Levrage has no idempotency key, the call may have happened", () =>
    Effect.gen(function* () {
      const { exit, times } = yield* call([{ status: 500, body: { detail: "Internal error" } }, ok], { method: "POST" })
      expect(times).toEqual([0])
      expect(failureOf(exit).retry?.stoppedBecause).toBe("Unsafe")
    })
  )

  it.effect("a POST whose connection was refused is retried: the server never saw it", () =>
    Effect.gen(function* () {
      const { exit, times } = yield* call(["refused", ok], { method: "POST" })
      expect(Exit.isSuccess(exit)).toBe(true)
      expect(times).toEqual([0, 1000])
    })
  )

  it.effect("overriding one tag changes only that tag", () =>
    Effect.gen(function* () {
      const policy = RetryPolicy.overrideTag(LevrageRetry.defaults, "BadGateway", RetryPolicy.never)
      const of = (failure: LevrageError.LevrageFailure) => RetryPolicy.decisionFor(policy, failure)._tag
      expect(of(new LevrageError.BadGateway({ status: 502, message: "", issues: [] }))).toBe("Never")
      expect(of(new LevrageError.InternalError({ status: 500, message: "", issues: [] }))).toBe("Rule")
      expect(
        RetryPolicy.decisionFor(
          LevrageRetry.defaults,
          new LevrageError.BadGateway({ status: 502, message: "", issues: [] })
        )._tag
      ).toBe("Rule")
    })
  )
})
