import { describe, expect, it } from "@effect/vitest"
import { Backoff } from "@faultline/core"
import { Duration, Effect, FastCheck as fc, Random, type Schedule, ScheduleDecision, ScheduleIntervals } from "effect"

// The delays a schedule chooses for its first `steps` steps, drawing jitter from `seed`.
const delaysOf = (schedule: Schedule.Schedule<unknown>, steps: number, seed: number): ReadonlyArray<number> =>
  Effect.runSync(
    Effect.gen(function* () {
      const delays: Array<number> = []
      let state: unknown = schedule.initial
      for (let i = 0; i < steps; i++) {
        const [next, , decision] = yield* schedule.step(0, undefined, state)
        if (ScheduleDecision.isDone(decision)) break
        delays.push(ScheduleIntervals.start(decision.intervals))
        state = next
      }
      return delays
    }).pipe(Effect.withRandom(Random.make(seed)))
  )

const exponentialSettings = fc.record({
  base: fc.integer({ min: 1, max: 10_000 }),
  max: fc.integer({ min: 1, max: 120_000 }),
  factor: fc.double({ min: 1, max: 4, noNaN: true }),
  steps: fc.integer({ min: 1, max: 12 })
})

describe("Backoff", () => {
  it.prop(
    "exponential: each delay is within ±20 % of base·factor^n, then capped; never above the cap",
    [exponentialSettings, fc.integer()],
    ([s, seed]) => {
      const schedule = Backoff.exponential({
        base: Duration.millis(s.base),
        max: Duration.millis(s.max),
        factor: s.factor
      })
      const delays = delaysOf(schedule, s.steps, seed)
      return (
        delays.length === s.steps &&
        delays.every((delay, n) => {
          const nominal = s.base * s.factor ** n
          // 1 ms of slack for the rounding of Duration arithmetic.
          return delay <= s.max && delay >= Math.min(0.8 * nominal, s.max) - 1 && delay <= 1.2 * nominal + 1
        })
      )
    },
    { fastCheck: { numRuns: 1000 } }
  )

  it.prop(
    "exponential: independent calls do not retry in lockstep (the delays spread over the jitter band)",
    [fc.integer({ min: 100, max: 5_000 }), fc.integer({ min: 0, max: 10 })],
    ([base, step]) => {
      const schedule = Backoff.exponential({ base: Duration.millis(base), max: "1 day" })
      const nominal = base * 2 ** step
      const delays = Array.from({ length: 40 }, (_, seed) => delaysOf(schedule, step + 1, seed * 7919 + 1)[step]!)
      const spread = Math.max(...delays) - Math.min(...delays)
      // Forty draws from a uniform ±20 % band cover well over half of it.
      return spread > 0.2 * nominal && new Set(delays).size > 30
    },
    { fastCheck: { numRuns: 50 } }
  )

  it("exponential without jitter is exactly base·factor^n, capped", () => {
    const schedule = Backoff.exponential({ base: "1 second", max: "5 seconds", jitter: false })
    expect(delaysOf(schedule, 5, 1)).toEqual([1000, 2000, 4000, 5000, 5000])
  })

  it.prop(
    "between: every delay is drawn from [min, max], and they spread over it, even from 0",
    [fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 1, max: 10_000 }), fc.integer()],
    ([low, width, seed]) => {
      const delays = delaysOf(Backoff.between(Duration.millis(low), Duration.millis(low + width)), 40, seed)
      const spread = Math.max(...delays) - Math.min(...delays)
      return delays.every((delay) => delay >= low && delay <= low + width) && spread > width / 2
    },
    { fastCheck: { numRuns: 300 } }
  )

  it("fixed is the same delay every time", () => {
    expect(delaysOf(Backoff.fixed("750 millis"), 3, 1)).toEqual([750, 750, 750])
  })
})
