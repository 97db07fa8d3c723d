import { HttpClient, HttpClientResponse } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { ApiClient, Backoff, CircuitBreaker, ProblemJson, RetryPolicy, WaitHint } from "@faultline/core"
import { Clock, Duration, Effect, Exit, Fiber, Option, Redacted, Schema, TestClock } from "effect"

// Time that misbehaves: waits longer than a Node timer can hold, hints too small to be waits, a wall clock that
// steps back during a wait.

const start = 1_706_140_800_000
const apiKey = Redacted.make("time-test-key-0123456789")

// Answers each request with the next response of `script` (the last one forever), recording arrival times.
const scripted = (script: ReadonlyArray<() => Response>, now: Effect.Effect<number> = Clock.currentTimeMillis) => {
  const arrivals: Array<number> = []
  const client = HttpClient.make((request) =>
    Effect.map(now, (now) => {
      const next = script[Math.min(arrivals.length, script.length - 1)]!
      arrivals.push(now - start)
      return HttpClientResponse.fromWeb(request, next())
    })
  )
  return { client, arrivals }
}

const problem =
  (status: number, headers: Record<string, string> = {}) =>
  () =>
    new Response(`{"title":"HTTP ${status}"}`, { status, headers })
const ok = () => new Response("{}", { status: 200 })

// A clock that is `clock` but for the members given.
const clockLike = (clock: Clock.Clock, members: Partial<Omit<Clock.Clock, typeof Clock.ClockTypeId>>): Clock.Clock => ({
  [Clock.ClockTypeId]: Clock.ClockTypeId,
  unsafeCurrentTimeMillis: () => clock.unsafeCurrentTimeMillis(),
  currentTimeMillis: clock.currentTimeMillis,
  unsafeCurrentTimeNanos: () => clock.unsafeCurrentTimeNanos(),
  currentTimeNanos: clock.currentTimeNanos,
  sleep: (duration) => clock.sleep(duration),
  ...members
})

// Node's timers, and with them Effect's live clock, never fire a sleep longer than this: the live clock does not
// schedule it at all, and the fiber waits forever. This clock is the test clock, refusing such sleeps as loudly.
const longestTimer = 2 ** 31 - 1
const timerSizedClock = Effect.map(TestClock.testClockWith(Effect.succeed), (testClock) =>
  clockLike(testClock, {
    sleep: (duration) =>
      Duration.toMillis(duration) > longestTimer
        ? Effect.dieMessage(`a sleep of ${Duration.format(duration)}: no Node timer holds it`)
        : testClock.sleep(duration)
  })
)

describe("jittered waits", () => {
  it.effect("a call retried after a jittered backoff, on a test clock left at 0, waits and ends", () =>
    Effect.gen(function* () {
      // The defaults' jitter makes fractional delays; a TestClock moved to a fractional instant cannot tell its time
      // in nanoseconds, which the client reads: waits are slept in whole milliseconds.
      const vendor = scripted([problem(503), problem(503), ok])
      const client = ApiClient.make(ProblemJson.dialect, {
        baseUrl: "https://vendor.test",
        apiKey,
        retry: RetryPolicy.defaults()
      })(vendor.client)
      const fiber = yield* Effect.fork(client.get("/v1/a"))
      for (let i = 0; i < 100 && fiber.unsafePoll() === null; i++) yield* TestClock.adjust("100 millis")
      const exit = yield* Fiber.await(fiber)
      expect(Exit.isSuccess(exit)).toBe(true)
      expect(vendor.arrivals).toHaveLength(3)
      expect(vendor.arrivals.every(Number.isInteger)).toBe(true)
    })
  )
})

describe("long waits", () => {
  it.effect("a 30-day backoff under a 60-day deadline is slept (in pieces a timer can hold), and the call ends", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(start)
      const vendor = scripted([problem(503), ok])
      const client = ApiClient.make(ProblemJson.dialect, {
        baseUrl: "https://vendor.test",
        apiKey,
        retry: RetryPolicy.make({
          categories: { unavailable: RetryPolicy.rule({ backoff: Backoff.fixed("30 days"), retries: 1 }) },
          deadline: "60 days"
        }),
        circuitBreaker: false
      })(vendor.client)
      const fiber = yield* Effect.fork(Effect.withClock(client.get("/v1/a"), yield* timerSizedClock))
      yield* TestClock.adjust("29 days")
      expect(fiber.unsafePoll()).toBeNull()
      yield* TestClock.adjust("1 day")
      const exit = yield* Fiber.await(fiber)
      expect(Exit.isSuccess(exit)).toBe(true)
      expect(vendor.arrivals).toEqual([0, 30 * 24 * 3600 * 1000])
    })
  )

  it("a hint of 1e-9 seconds is a hint of 0, which leaves the wait to the backoff", () => {
    const hint = WaitHint.fromResponse({ status: 429, headers: { "retry-after": "0.000000001" }, now: start })
    expect(hint?.millis).toBe(0)
    expect(WaitHint.fromResponse({ status: 429, headers: { "retry-after-ms": "0.4" }, now: start })?.millis).toBe(0)
    expect(WaitHint.fromResponse({ status: 429, headers: { "retry-after-ms": "1.2" }, now: start })?.millis).toBe(2)
  })

  for (const retryAfter of ["0", "0.000000001"]) {
    it.effect(`a 429 whose hint is ${retryAfter} seconds is retried after the backoff, not 1 ms later`, () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(start)
        const vendor = scripted([problem(429, { "retry-after": retryAfter }), ok])
        const client = ApiClient.make(ProblemJson.dialect, {
          baseUrl: "https://vendor.test",
          apiKey,
          retry: RetryPolicy.make({
            categories: { rate_limited: RetryPolicy.rule({ backoff: Backoff.fixed("2 seconds"), retries: 1 }) }
          })
        })(vendor.client)
        const fiber = yield* Effect.fork(client.get("/v1/a"))
        yield* TestClock.adjust("3 seconds")
        expect(Exit.isSuccess(yield* Fiber.await(fiber))).toBe(true)
        expect(vendor.arrivals).toEqual([0, 2000])
      })
    )
  }

  // Backoffs of lengths around what one timer holds, under a 60-day deadline: slept in pieces a timer holds, and ended
  // exactly when due. (A server's hint is never that long: hints past 7 days are not hints.)
  it.effect("a backoff of 2^31 ms, give or take one, or twice that, is slept in pieces and ends when due", () =>
    Effect.gen(function* () {
      for (const millis of [longestTimer - 1, longestTimer, longestTimer + 1, 2 * longestTimer + 1]) {
        yield* TestClock.setTime(start)
        const vendor = scripted([problem(503), ok])
        const client = ApiClient.make(ProblemJson.dialect, {
          baseUrl: "https://vendor.test",
          apiKey,
          timeout: false,
          retry: RetryPolicy.make({
            categories: {
              unavailable: RetryPolicy.rule({ backoff: Backoff.fixed(Duration.millis(millis)), retries: 1 })
            },
            deadline: "60 days"
          }),
          circuitBreaker: false
        })(vendor.client)
        const fiber = yield* Effect.fork(Effect.withClock(client.get("/v1/a"), yield* timerSizedClock))
        yield* TestClock.adjust(millis - 1)
        expect(fiber.unsafePoll()).toBeNull()
        yield* TestClock.adjust(1)
        expect(Exit.isSuccess(yield* Fiber.await(fiber))).toBe(true)
        expect(vendor.arrivals).toEqual([0, millis])
      }
    })
  )

  it.effect(
    "a call behind a probe that hangs, under a 60-day deadline, waits in pieces and stops at its deadline",
    () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(start)
        // A 503 opens the breaker for a second; the retry probes, and the server never answers it.
        let requests = 0
        const down = HttpClient.make((request) =>
          requests++ === 0 ? Effect.succeed(HttpClientResponse.fromWeb(request, problem(503)())) : Effect.never
        )
        const client = ApiClient.make(ProblemJson.dialect, {
          baseUrl: "https://vendor.test",
          apiKey,
          timeout: false,
          retry: RetryPolicy.make({
            categories: { unavailable: RetryPolicy.rule({ backoff: Backoff.fixed("1 second"), retries: 1 }) },
            deadline: "60 days"
          }),
          circuitBreaker: CircuitBreaker.make({ failureThreshold: 1 })
        })(down)
        const clock = yield* timerSizedClock
        yield* Effect.fork(Effect.withClock(client.get("/v1/a"), clock))
        yield* TestClock.adjust("2 seconds")
        const behind = yield* Effect.fork(Effect.flip(Effect.withClock(client.get("/v1/b"), clock)))
        yield* TestClock.adjust(Duration.toMillis("60 days") - 1)
        expect(behind.unsafePoll()).toBeNull()
        yield* TestClock.adjust(1)
        const failure = yield* Fiber.join(behind)
        expect([failure._tag, failure.retry?.stoppedBecause, requests]).toEqual(["HeldPastDeadline", "Deadline", 2])
      })
  )

  it.effect("an attempt timeout longer than a timer holds is slept in pieces too, and fires", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(start)
      // The server never answers.
      const client = ApiClient.make(ProblemJson.dialect, {
        baseUrl: "https://vendor.test",
        apiKey,
        timeout: Duration.millis(longestTimer + 1)
      })(HttpClient.make(() => Effect.never))
      const fiber = yield* Effect.fork(Effect.flip(Effect.withClock(client.get("/v1/a"), yield* timerSizedClock)))
      yield* TestClock.adjust(longestTimer + 1)
      const failure = yield* Fiber.join(fiber)
      expect(failure._tag).toBe("AttemptTimeout")
    })
  )
})

// The test clock, but read `offset.millis` earlier: the wall clock only, or its monotonic time too (a clock that
// misbehaves completely). Sleeps stay on the test clock, as timers stay relative when the system time is set.
const steppedBack = (testClock: Clock.Clock, offset: { millis: number }, monotonicToo: boolean) =>
  clockLike(testClock, {
    currentTimeMillis: Effect.sync(() => testClock.unsafeCurrentTimeMillis() - offset.millis),
    unsafeCurrentTimeMillis: () => testClock.unsafeCurrentTimeMillis() - offset.millis,
    ...(monotonicToo
      ? {
          currentTimeNanos: Effect.sync(() => testClock.unsafeCurrentTimeNanos() - BigInt(offset.millis) * 1_000_000n),
          unsafeCurrentTimeNanos: () => testClock.unsafeCurrentTimeNanos() - BigInt(offset.millis) * 1_000_000n
        }
      : {})
  })

describe("a clock that steps back", () => {
  for (const monotonicToo of [false, true]) {
    const which = monotonicToo ? "the whole clock" : "the wall clock"
    it.effect(`${which} 10 minutes back during a retry wait: the call succeeds, waits as it would, valid trace`, () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(start)
        const testClock = yield* TestClock.testClockWith(Effect.succeed)
        const offset = { millis: 0 }
        // The clock steps back as the first answer arrives.
        const vendor = scripted(
          [
            () => {
              offset.millis = 600_000
              return problem(503)()
            },
            problem(503),
            ok
          ],
          testClock.currentTimeMillis
        )
        const client = ApiClient.make(ProblemJson.dialect, {
          baseUrl: "https://vendor.test",
          apiKey,
          retry: RetryPolicy.make({
            categories: { unavailable: RetryPolicy.rule({ backoff: Backoff.fixed("2 seconds"), retries: 5 }) },
            deadline: "1 minute"
          }),
          circuitBreaker: false
        })(vendor.client)
        const fiber = yield* Effect.fork(
          Effect.withClock(client.get("/v1/a"), steppedBack(testClock, offset, monotonicToo))
        )
        yield* TestClock.adjust("10 seconds")
        const exit = yield* Fiber.await(fiber)
        expect(Exit.isSuccess(exit)).toBe(true)
        expect(vendor.arrivals).toEqual([0, 2000, 4000])
        const trace = Exit.isSuccess(exit) ? Option.getOrThrow(ApiClient.traceOf(exit.value)) : undefined
        // Measured on monotonic time when it behaves; never negative when it does not.
        expect(trace?.elapsedMillis).toBe(monotonicToo ? 0 : 4000)
      })
    )
  }

  it.effect("a failure's trace stays valid, and encodes and decodes, whatever the clock did", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(start)
      const testClock = yield* TestClock.testClockWith(Effect.succeed)
      const offset = { millis: 0 }
      const vendor = scripted([
        () => {
          offset.millis = 10_000
          return problem(503)()
        }
      ])
      const client = ApiClient.make(ProblemJson.dialect, {
        baseUrl: "https://vendor.test",
        apiKey,
        retry: RetryPolicy.make({
          categories: { unavailable: RetryPolicy.rule({ backoff: Backoff.fixed("1 second"), retries: 1 }) }
        }),
        circuitBreaker: false
      })(vendor.client)
      const fiber = yield* Effect.fork(
        Effect.flip(Effect.withClock(client.get("/v1/a"), steppedBack(testClock, offset, true)))
      )
      yield* TestClock.adjust("2 seconds")
      const failure = yield* Fiber.join(fiber)
      if (!(failure instanceof ProblemJson.Problem)) return expect.fail(`not a Problem: ${failure._tag}`)
      const json = JSON.parse(JSON.stringify(Schema.encodeSync(ProblemJson.Problem)(failure)))
      const decoded = Schema.decodeUnknownSync(ProblemJson.Problem)(json)
      expect([decoded.retry?.stoppedBecause, decoded.retry?.elapsedMillis]).toEqual(["Attempts", 0])
    })
  )
})
