import { describe, expect, it } from "@effect/vitest"
import { Backoff, Failure, RetryBudget, RetryPolicy, WaitHint } from "@faultline/core"
import {
  Duration,
  Effect,
  Exit,
  Fiber,
  FastCheck as fc,
  Random,
  ScheduleDecision,
  ScheduleIntervals,
  Schema,
  TestClock
} from "effect"

const refused = () =>
  new Failure.TransportError({
    reason: "ConnectionRefused",
    mayHaveReachedServer: false,
    method: "POST",
    url: "https://x.test/v1/calls",
    detail: "ECONNREFUSED"
  })

const reset = () =>
  new Failure.TransportError({
    reason: "ConnectionReset",
    mayHaveReachedServer: true,
    method: "POST",
    url: "https://x.test/v1/calls",
    detail: "ECONNRESET"
  })

const policy = RetryPolicy.make<Failure.CoreFailure>({
  categories: { transport: RetryPolicy.rule({ backoff: Backoff.fixed("1 second"), retries: 10 }) },
  maxAttempts: 20
})

// Runs `attempt` under `policy` on virtual time and returns the exit with the number of attempts made.
const run = (
  attempt: (n: number) => Effect.Effect<string, Failure.CoreFailure>,
  context: RetryPolicy.RetryContext,
  chosen: RetryPolicy.RetryPolicy<Failure.CoreFailure> = policy
) =>
  Effect.gen(function* () {
    let attempts = 0
    const fiber = yield* Effect.fork(
      RetryPolicy.retry(
        chosen,
        context
      )((n) => {
        attempts = n
        return attempt(n)
      })
    )
    for (let i = 0; i < 100 && fiber.unsafePoll() === null; i++) yield* TestClock.adjust("1 second")
    return { exit: yield* Fiber.await(fiber), attempts }
  })

const traceOf = (exit: Exit.Exit<string, Failure.CoreFailure>) =>
  Exit.isFailure(exit) && exit.cause._tag === "Fail" ? exit.cause.error.retry : undefined

describe("RetryPolicy", () => {
  it.effect("stops when the client's budget for the host is spent, and says so", () =>
    Effect.gen(function* () {
      const budget = RetryBudget.make({ capacity: 2, retryCost: 1, successRefill: 0.5 })
      const { attempts, exit } = yield* run(() => Effect.fail(refused()), {
        safe: true,
        budget: { budget, key: "x.test" }
      })
      expect(attempts).toBe(3)
      expect(traceOf(exit)?.stoppedBecause).toBe("Budget")
      expect(traceOf(exit)?.budgetLeft).toBe(0)
      // Another host has its own bucket.
      expect(budget.remaining("y.test")).toBe(2)
    })
  )

  it.effect("a success refills the budget", () =>
    Effect.gen(function* () {
      const budget = RetryBudget.make({ capacity: 2, retryCost: 1, successRefill: 0.5 })
      yield* run((n) => (n === 1 ? Effect.fail(refused()) : Effect.succeed("ok")), {
        safe: true,
        budget: { budget, key: "h" }
      })
      expect(budget.remaining("h")).toBe(1.5)
    })
  )

  it("ten successes of 0.1 pay for exactly one retry: no drift in the arithmetic", () => {
    const budget = RetryBudget.make({ capacity: 2, retryCost: 1, successRefill: 0.1 })
    expect([budget.withdraw("h"), budget.withdraw("h"), budget.withdraw("h")]).toEqual([true, true, false])
    for (let i = 0; i < 10; i++) budget.deposit("h")
    expect(budget.remaining("h")).toBe(1)
    expect([budget.withdraw("h"), budget.withdraw("h")]).toEqual([true, false])
  })

  it.effect("with an unlimited budget the trace has no budgetLeft, and the failure encodes to JSON and back", () =>
    Effect.gen(function* () {
      const { exit } = yield* run(() => Effect.fail(refused()), {
        safe: true,
        budget: { budget: RetryBudget.unlimited, key: "h" }
      })
      const failure = Exit.isFailure(exit) && exit.cause._tag === "Fail" ? exit.cause.error : undefined
      expect(failure?.retry?.budgetLeft).toBeUndefined()
      const encoded = Schema.encodeSync(Failure.CoreFailure)(failure!)
      const decoded = Schema.decodeUnknownSync(Failure.CoreFailure)(JSON.parse(JSON.stringify(encoded)))
      expect(Schema.encodeSync(Failure.CoreFailure)(decoded)).toEqual(encoded)
    })
  )

  it.effect("a non-idempotent request is retried only when the fault proves the server never saw it", () =>
    Effect.gen(function* () {
      const afterReset = yield* run(() => Effect.fail(reset()), { safe: false })
      expect([afterReset.attempts, traceOf(afterReset.exit)?.stoppedBecause]).toEqual([1, "Unsafe"])
      const afterRefusal = yield* run((n) => (n < 3 ? Effect.fail(refused()) : Effect.succeed("ok")), { safe: false })
      expect([afterRefusal.attempts, Exit.isSuccess(afterRefusal.exit)]).toEqual([3, true])
    })
  )

  it.effect("gives up when the server's hint is above the rule's bound, and clamps when told to", () =>
    Effect.gen(function* () {
      const unexpected = (hintMillis: number) =>
        new Failure.UnexpectedBody({
          vendor: "v",
          reason: "NotJson",
          status: 503,
          snippet: "",
          category: "unavailable",
          waitHint: new WaitHint.WaitHint({ millis: hintMillis, source: "retry-after" })
        })
      const giveUp = RetryPolicy.make<Failure.CoreFailure>({
        categories: {
          unavailable: RetryPolicy.rule({
            backoff: Backoff.fixed("1 second"),
            retries: 3,
            hint: { giveUpAbove: "1 minute" }
          })
        }
      })
      const tooLong = yield* run(() => Effect.fail(unexpected(120_000)), { safe: true }, giveUp)
      expect(traceOf(tooLong.exit)?.stoppedBecause).toBe("HintAboveBound")
      const clamp = RetryPolicy.make<Failure.CoreFailure>({
        categories: {
          unavailable: RetryPolicy.rule({
            backoff: Backoff.fixed("1 second"),
            retries: 1,
            hint: { clampTo: "5 seconds" }
          })
        }
      })
      const clamped = yield* run(() => Effect.fail(unexpected(120_000)), { safe: true }, clamp)
      expect(traceOf(clamped.exit)?.retried.map((r) => [r.delayMillis, r.source])).toEqual([[5000, "clamp"]])
    })
  )

  it.effect("a hint of 0 (a reset already past) leaves the wait to the backoff", () =>
    Effect.gen(function* () {
      const stale = () =>
        new Failure.UnexpectedBody({
          vendor: "v",
          reason: "NotJson",
          status: 429,
          snippet: "",
          category: "rate_limited",
          waitHint: new WaitHint.WaitHint({ millis: 0, source: "x-ratelimit-reset" })
        })
      const chosen = RetryPolicy.make<Failure.CoreFailure>({
        categories: { rate_limited: RetryPolicy.rule({ backoff: Backoff.fixed("2 seconds"), retries: 2 }) }
      })
      const { exit } = yield* run(() => Effect.fail(stale()), { safe: true }, chosen)
      expect(traceOf(exit)?.retried.map((r) => [r.delayMillis, r.source])).toEqual([
        [2000, "backoff"],
        [2000, "backoff"]
      ])
    })
  )

  it.effect("stops at the deadline rather than sleeping past it", () =>
    Effect.gen(function* () {
      const short = RetryPolicy.make<Failure.CoreFailure>({
        categories: { transport: RetryPolicy.rule({ backoff: Backoff.fixed("10 seconds"), retries: 10 }) },
        deadline: "25 seconds"
      })
      const { attempts, exit } = yield* run(() => Effect.fail(refused()), { safe: true }, short)
      expect([attempts, traceOf(exit)?.stoppedBecause]).toEqual([3, "Deadline"])
    })
  )

  // Schedule invariants, over generated settings and random jitter.
  const backoffSettings = fc.record({
    base: fc.integer({ min: 1, max: 10_000 }),
    max: fc.integer({ min: 1, max: 60_000 }),
    factor: fc.double({ min: 1, max: 4, noNaN: true }),
    seed: fc.integer(),
    steps: fc.integer({ min: 1, max: 12 })
  })

  it.prop(
    "an exponential backoff's delay is never above its cap, jitter included",
    [backoffSettings],
    ([s]) =>
      Effect.runSync(
        Effect.gen(function* () {
          const schedule = Backoff.exponential({
            base: Duration.millis(s.base),
            max: Duration.millis(s.max),
            factor: s.factor
          })
          let state: unknown = schedule.initial
          for (let i = 0; i < s.steps; i++) {
            const [next, , decision] = yield* schedule.step(0, undefined, state)
            if (ScheduleDecision.isDone(decision)) return false
            const delay = ScheduleIntervals.start(decision.intervals)
            if (delay > s.max || delay < 0) return false
            state = next
          }
          return true
        }).pipe(Effect.withRandom(Random.make(s.seed)))
      ),
    { fastCheck: { numRuns: 2000 } }
  )

  it.prop(
    "the budget is never negative nor above capacity, and only successes refill it",
    [
      fc.record({
        capacity: fc.integer({ min: 0, max: 20 }),
        retryCost: fc.double({ min: 0.1, max: 5, noNaN: true }),
        successRefill: fc.double({ min: 0, max: 3, noNaN: true })
      }),
      fc.array(fc.constantFrom("retry", "success"), { maxLength: 200 })
    ],
    ([options, events]) => {
      const budget = RetryBudget.make(options)
      for (const event of events) {
        const before = budget.remaining("h")
        if (event === "retry") {
          const granted = budget.withdraw("h")
          const after = budget.remaining("h")
          // Tokens are counted in millionths.
          if (granted ? Math.abs(before - options.retryCost - after) > 1e-6 : after !== before) return false
          if (after > before) return false
        } else {
          budget.deposit("h")
        }
        const now = budget.remaining("h")
        if (now < 0 || now > options.capacity) return false
      }
      return true
    },
    { fastCheck: { numRuns: 2000 } }
  )

  it.effect.prop(
    "attempts never exceed the policy's maximum nor the rule's retries + 1",
    [fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 8 })],
    ([maxAttempts, retries]) =>
      Effect.gen(function* () {
        const chosen = RetryPolicy.make<Failure.CoreFailure>({
          categories: { transport: RetryPolicy.rule({ backoff: Backoff.fixed("1 second"), retries }) },
          maxAttempts
        })
        const { attempts, exit } = yield* run(() => Effect.fail(refused()), { safe: true }, chosen)
        return attempts === Math.min(maxAttempts, retries + 1) && traceOf(exit)?.attempts === attempts
      }),
    { fastCheck: { numRuns: 100 } }
  )
})
