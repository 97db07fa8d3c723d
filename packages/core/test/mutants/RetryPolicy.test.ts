import { describe, expect, it } from "@effect/vitest"
import { Backoff, Failure, RetryPolicy, WaitHint } from "@faultline/core"
import { Chunk, Clock, Effect, Exit, Fiber, TestClock } from "effect"

// Written against the survivors of `pnpm mutate` on internal/retryPolicy.ts: what a caller of `RetryPolicy.retry`
// sees of a rule's and a policy's defaults, of overrides, of the rows retries are counted by, and of the core
// defaults: how many attempts, how long each wait, which timeout scale.

const refused = () =>
  new Failure.TransportError({
    reason: "ConnectionRefused",
    mayHaveReachedServer: false,
    method: "GET",
    url: "https://x.test/v1/calls",
    detail: "ECONNREFUSED"
  })

const answered = (status: number, category: Failure.CoreFailure["category"], hintMillis?: number) =>
  new Failure.UnexpectedBody({
    vendor: "v",
    reason: "NotJson",
    status,
    snippet: "",
    category,
    ...(hintMillis === undefined
      ? {}
      : { waitHint: new WaitHint.WaitHint({ millis: hintMillis, source: "retry-after" }) })
  })

const timedOut = () =>
  new Failure.AttemptTimeout({ method: "GET", url: "https://x.test/v1/calls", timeoutMillis: 1000 })

interface Run {
  readonly exit: Exit.Exit<string, Failure.CoreFailure>
  readonly attempts: number
  readonly scales: ReadonlyArray<number>
  /** When each attempt started, in virtual milliseconds from the call's start. */
  readonly startedAt: ReadonlyArray<number>
}

// The next instant a sleep is due on the test clock (Infinity when none is).
const nextWakeup = TestClock.testClockWith((clock) =>
  Effect.map(clock.sleeps, (sleeps) => Math.min(...Chunk.toReadonlyArray(sleeps)))
)

// Runs a call on virtual time, jumping from one pending sleep to the next, for at most ten virtual minutes.
const run = (
  policy: RetryPolicy.RetryPolicy<Failure.CoreFailure>,
  attempt: (n: number) => Effect.Effect<string, Failure.CoreFailure>
) =>
  Effect.gen(function* () {
    const scales: Array<number> = []
    const startedAt: Array<number> = []
    // The test clock starts at 0, where it cannot tell a fractional instant in nanoseconds: a jittered wait that
    // ends in the first 9 virtual seconds makes the call die with a RangeError (reported, time.ts). Calls start in
    // 2026 here, as they would in life.
    yield* TestClock.setTime(Date.UTC(2026, 0, 1))
    const start = yield* Clock.currentTimeMillis
    const fiber = yield* Effect.fork(
      RetryPolicy.retry(policy, { safe: true })((n, scale) =>
        Effect.flatMap(Clock.currentTimeMillis, (now) => {
          scales.push(scale)
          startedAt.push(now - start)
          return attempt(n)
        })
      )
    )
    yield* TestClock.adjust(0)
    while (fiber.unsafePoll() === null) {
      const [now, next] = [yield* Clock.currentTimeMillis, yield* nextWakeup]
      if (!Number.isFinite(next) || next > start + 600_000) break
      // Jittered delays are fractional milliseconds; the test clock moves in whole ones.
      yield* TestClock.adjust(Math.max(0, Math.ceil(next - now)))
    }
    const exit = yield* Fiber.await(fiber)
    return { exit, attempts: scales.length, scales, startedAt } satisfies Run
  })

const retriedOf = (exit: Exit.Exit<string, Failure.CoreFailure>) =>
  Exit.isFailure(exit) && exit.cause._tag === "Fail"
    ? exit.cause.error.retry?.retried.map((r) => [r.delayMillis, r.source])
    : undefined

const stopOf = (exit: Exit.Exit<string, Failure.CoreFailure>) =>
  Exit.isFailure(exit) && exit.cause._tag === "Fail" ? exit.cause.error.retry?.stoppedBecause : undefined

describe("a rule's defaults", () => {
  it.effect("honour the server's hint, with no minimum delay, and keep the timeout as it is", () =>
    Effect.gen(function* () {
      const policy = RetryPolicy.make<Failure.CoreFailure>({
        categories: { unavailable: RetryPolicy.rule({ backoff: Backoff.fixed("1 second"), retries: 2 }) }
      })
      const { exit, scales } = yield* run(policy, () => Effect.fail(answered(503, "unavailable", 300)))
      expect(retriedOf(exit)).toEqual([
        [300, "hint"],
        [300, "hint"]
      ])
      expect(scales).toEqual([1, 1, 1])
    })
  )

  it.effect("a minimum delay and a timeout growth, when given, are what the retries use", () =>
    Effect.gen(function* () {
      const policy = RetryPolicy.make<Failure.CoreFailure>({
        categories: {
          timeout: RetryPolicy.rule({
            backoff: Backoff.fixed("100 millis"),
            retries: 2,
            minimumDelay: "700 millis",
            timeoutGrowth: 3
          })
        }
      })
      const { exit, scales } = yield* run(policy, () => Effect.fail(timedOut()))
      expect(retriedOf(exit)).toEqual([
        [700, "minimum"],
        [700, "minimum"]
      ])
      expect(scales).toEqual([1, 3, 9])
    })
  )
})

describe("a policy's defaults", () => {
  it.effect("at most 6 attempts", () =>
    Effect.gen(function* () {
      const policy = RetryPolicy.make<Failure.CoreFailure>({
        categories: { transport: RetryPolicy.rule({ backoff: Backoff.fixed("10 millis"), retries: 50 }) }
      })
      const { attempts, exit } = yield* run(policy, () => Effect.fail(refused()))
      expect([attempts, stopOf(exit)]).toEqual([6, "Attempts"])
    })
  )

  it.effect("a 2-minute deadline: a retry that would start after it is not made", () =>
    Effect.gen(function* () {
      const policy = RetryPolicy.make<Failure.CoreFailure>({
        categories: { transport: RetryPolicy.rule({ backoff: Backoff.fixed("50 seconds"), retries: 5 }) }
      })
      const { attempts, exit, startedAt } = yield* run(policy, () => Effect.fail(refused()))
      expect([attempts, stopOf(exit)]).toEqual([3, "Deadline"])
      expect(startedAt).toEqual([0, 50_000, 100_000])
    })
  )

  it.effect("with no rows, nothing is retried", () =>
    Effect.gen(function* () {
      const { attempts, exit } = yield* run(RetryPolicy.make({}), () => Effect.fail(refused()))
      expect([attempts, stopOf(exit)]).toEqual([1, "NotRetryable"])
    })
  )
})

describe("overrides", () => {
  const base = RetryPolicy.make<Failure.CoreFailure>({
    categories: {
      transport: RetryPolicy.rule({ backoff: Backoff.fixed("10 millis"), retries: 5 }),
      unavailable: RetryPolicy.rule({ backoff: Backoff.fixed("10 millis"), retries: 5 })
    },
    maxAttempts: 3,
    deadline: "1 minute"
  })

  it.effect("a tag's decision wins over its category's, and the policy keeps its limits and other rows", () =>
    Effect.gen(function* () {
      const policy = base.pipe(
        RetryPolicy.overrideTag("UnexpectedBody", RetryPolicy.never),
        RetryPolicy.overrideTag("AttemptTimeout", RetryPolicy.rule({ backoff: Backoff.fixed("10 millis"), retries: 9 }))
      )
      expect((yield* run(policy, () => Effect.fail(answered(503, "unavailable")))).attempts).toBe(1)
      // The first override is still there after the second, and the limits are the base's.
      expect(RetryPolicy.decisionFor(policy, answered(503, "unavailable"))).toBe(RetryPolicy.never)
      expect([policy.maxAttempts, policy.deadline]).toEqual([base.maxAttempts, base.deadline])
      expect((yield* run(policy, () => Effect.fail(timedOut()))).attempts).toBe(3)
      expect((yield* run(policy, () => Effect.fail(refused()))).attempts).toBe(3)
    })
  )

  it.effect("a category's override replaces that row only", () =>
    Effect.gen(function* () {
      const policy = RetryPolicy.overrideCategory(
        RetryPolicy.overrideCategory(base, "transport", RetryPolicy.never),
        "timeout",
        RetryPolicy.rule({ backoff: Backoff.fixed("10 millis"), retries: 1 })
      )
      expect((yield* run(policy, () => Effect.fail(refused()))).attempts).toBe(1)
      expect((yield* run(policy, () => Effect.fail(timedOut()))).attempts).toBe(2)
      expect((yield* run(policy, () => Effect.fail(answered(503, "unavailable")))).attempts).toBe(3)
      expect([policy.maxAttempts, policy.deadline]).toEqual([base.maxAttempts, base.deadline])
      // The base is untouched.
      expect((yield* run(base, () => Effect.fail(refused()))).attempts).toBe(3)
    })
  )
})

describe("rows", () => {
  it.effect("one rule shared by two rows grants each row its own retries", () =>
    Effect.gen(function* () {
      const once = RetryPolicy.rule({ backoff: Backoff.fixed("10 millis"), retries: 1 })
      const byCategory = RetryPolicy.make<Failure.CoreFailure>({
        categories: { transport: once, timeout: once },
        maxAttempts: 10
      })
      const alternate = (n: number) => Effect.fail(n % 2 === 1 ? refused() : timedOut())
      expect((yield* run(byCategory, alternate)).attempts).toBe(3)
      const byTag = RetryPolicy.make<Failure.CoreFailure>({
        tags: { TransportError: once, AttemptTimeout: once },
        maxAttempts: 10
      })
      expect((yield* run(byTag, alternate)).attempts).toBe(3)
    })
  )

  it("a failure whose tag is named like a built-in property of objects is decided by its category", () => {
    const odd = { _tag: "constructor", category: "server", message: "odd" } as const
    const policy = RetryPolicy.make<Failure.Failure>({
      categories: { server: RetryPolicy.rule({ backoff: Backoff.fixed("1 second"), retries: 2 }) }
    })
    expect(RetryPolicy.decisionFor(policy, odd)).toMatchObject({ _tag: "Rule", retries: 2 })
    const none = RetryPolicy.make<Failure.Failure>({})
    expect(RetryPolicy.decisionFor(none, { ...odd, category: "constructor" as "server" })).toBe(RetryPolicy.never)
  })
})

describe("safe to repeat", () => {
  it("idempotent methods, in any case, or anything with an idempotency key", () => {
    for (const method of ["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE", "get", "Delete"]) {
      expect([method, RetryPolicy.isSafeToRepeat(method, false)]).toEqual([method, true])
    }
    for (const method of ["POST", "PATCH", "CONNECT", "post"]) {
      expect([method, RetryPolicy.isSafeToRepeat(method, false)]).toEqual([method, false])
      expect([method, RetryPolicy.isSafeToRepeat(method, true)]).toEqual([method, true])
    }
  })
})

describe("the core defaults", () => {
  // Made inside each test, not when the file loads, so that the tests are what reads the table.
  const defaults = () => RetryPolicy.defaults<Failure.CoreFailure>()
  const within = (delays: ReadonlyArray<number>, nominal: ReadonlyArray<number>) =>
    delays.length === nominal.length && delays.every((d, i) => d >= 0.8 * nominal[i]! && d <= 1.2 * nominal[i]!)

  it.effect("server-side and transport failures: 3 retries from 500 ms, doubling", () =>
    Effect.gen(function* () {
      for (const failure of [
        refused(),
        answered(500, "server"),
        answered(502, "upstream"),
        answered(503, "unavailable")
      ]) {
        const { exit, attempts } = yield* run(defaults(), () => Effect.fail(failure))
        const delays = retriedOf(exit)!.map(([d]) => d as number)
        expect([failure.category, attempts, within(delays, [500, 1000, 2000])]).toEqual([failure.category, 4, true])
      }
    })
  )

  it.effect("rate limits: 4 retries from 1 s, doubling; 5 attempts at most", () =>
    Effect.gen(function* () {
      const { exit, attempts } = yield* run(defaults(), () => Effect.fail(answered(429, "rate_limited")))
      const delays = retriedOf(exit)!.map(([d]) => d as number)
      expect([attempts, within(delays, [1000, 2000, 4000, 8000])]).toEqual([5, true])
    })
  )

  it.effect("rate limits honour the server's hint", () =>
    Effect.gen(function* () {
      const { exit } = yield* run(defaults(), () => Effect.fail(answered(429, "rate_limited", 100)))
      expect(retriedOf(exit)).toEqual([
        [100, "hint"],
        [100, "hint"],
        [100, "hint"],
        [100, "hint"]
      ])
    })
  )

  it.effect("timeouts: 2 retries with the timeout doubled each time", () =>
    Effect.gen(function* () {
      const { exit, attempts, scales } = yield* run(defaults(), () => Effect.fail(timedOut()))
      const delays = retriedOf(exit)!.map(([d]) => d as number)
      expect([attempts, scales, within(delays, [500, 1000])]).toEqual([3, [1, 2, 4], true])
    })
  )

  it.effect("a long hint runs into the 2-minute deadline", () =>
    Effect.gen(function* () {
      const { exit, attempts } = yield* run(defaults(), () => Effect.fail(answered(429, "rate_limited", 50_000)))
      expect([attempts, stopOf(exit)]).toEqual([3, "Deadline"])
    })
  )

  it.effect("client errors are never retried", () =>
    Effect.gen(function* () {
      const { attempts } = yield* run(defaults(), () => Effect.fail(answered(400, "invalid_request")))
      expect(attempts).toBe(1)
    })
  )
})
