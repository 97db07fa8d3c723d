import { HttpClient, HttpClientResponse } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import {
  ApiClient,
  Backoff,
  CircuitBreaker,
  type Failure,
  Pacing,
  ProblemJson,
  RetryPolicy,
  RetryTrace
} from "@faultline/core"
import { Chunk, Clock, Duration, Effect, Exit, type Fiber, Option, Schema, TestClock } from "effect"
import { type Answer, apiKey, baseUrl, epochMillis, failureOf, start } from "./virtualVendor.js"

// Time that misbehaves, during each of the waits a call makes (a retry wait, a pacing hold, a wait behind the
// breaker): the clock stepping back or jumping forward a day; and wait hints of 0, 1e-9 s and 7 days. Whatever the
// clock does, a call ends (a value or a typed failure, never a defect), no wait runs forever, the client does not spin
// (its sleeps and clock reads are counted), and the trace it leaves is valid.

const day = 24 * 3600 * 1000

interface Counts {
  sleeps: number
  reads: number
}

// The test clock read `shift.millis` later (earlier when negative): the wall clock only (as when the system time is
// set: Node's monotonic clock does not move), or its monotonic time too. Sleeps stay on the test clock, as timers do.
// Counts the client's sleeps and clock reads.
const shifted = (testClock: Clock.Clock, shift: { millis: number }, monotonicToo: boolean, counts: Counts) => {
  const millis = () => {
    counts.reads++
    return testClock.unsafeCurrentTimeMillis() + shift.millis
  }
  const nanos = () => {
    counts.reads++
    return testClock.unsafeCurrentTimeNanos() + (monotonicToo ? BigInt(shift.millis) * 1_000_000n : 0n)
  }
  const clock: Clock.Clock = {
    [Clock.ClockTypeId]: Clock.ClockTypeId,
    unsafeCurrentTimeMillis: millis,
    currentTimeMillis: Effect.sync(millis),
    unsafeCurrentTimeNanos: nanos,
    currentTimeNanos: Effect.sync(nanos),
    sleep: (duration) => {
      counts.sleeps++
      return testClock.sleep(duration)
    }
  }
  return clock
}

// A vendor answering the `index`th request, at `at` ms since `start`, with `answer(at, index)`. It keeps the test
// clock's own time (the client's may be shifted), and its delays are not the client's sleeps.
const vendor = (testClock: Clock.Clock, answer: (at: number, index: number) => Answer) => {
  const arrivals: Array<number> = []
  const client = HttpClient.make((request) =>
    Effect.suspend(() => {
      const at = testClock.unsafeCurrentTimeMillis() - start
      const reply = answer(at, arrivals.length)
      arrivals.push(at)
      const body = reply.status === 200 ? "{}" : `{"title":"HTTP ${reply.status}"}`
      const response = HttpClientResponse.fromWeb(
        request,
        new Response(body, { status: reply.status, headers: reply.headers ?? {} })
      )
      return reply.delayMillis === undefined
        ? Effect.succeed(response)
        : Effect.as(testClock.sleep(Duration.millis(reply.delayMillis)), response)
    })
  )
  return { client, arrivals }
}

const nextWakeup = TestClock.testClockWith((clock) =>
  Effect.map(clock.sleeps, (sleeps) => Math.min(...Chunk.toReadonlyArray(sleeps)))
)

// Drives virtual time from sleep to sleep while `fiber` runs, for at most `horizon` virtual milliseconds; returns
// its exit (undefined if it has not ended) and the virtual time that passed.
const drive = <A, E>(fiber: Fiber.RuntimeFiber<A, E>, horizon: number) =>
  Effect.gen(function* () {
    const from = yield* Clock.currentTimeMillis
    yield* TestClock.adjust(0)
    while (fiber.unsafePoll() === null) {
      const [now, next] = [yield* Clock.currentTimeMillis, yield* nextWakeup]
      if (!Number.isFinite(next) || next > from + horizon) break
      yield* TestClock.adjust(Math.max(0, next - now))
    }
    return { exit: fiber.unsafePoll() ?? undefined, endedAt: (yield* Clock.currentTimeMillis) - from }
  })

const runFor = <A, E>(effect: Effect.Effect<A, E>, horizon: number) =>
  Effect.flatMap(Effect.fork(effect), (fiber) => drive(fiber, horizon))

// The trace of a call's end, checked: it encodes and decodes, its times are not negative, the holds add up.
const checkedTrace = <A>(exit: Exit.Exit<A, unknown>) => {
  const trace: RetryTrace.RetryTrace | undefined = Exit.isSuccess(exit)
    ? Option.getOrUndefined(ApiClient.traceOf(exit.value as never))
    : (failureOf(exit) as { readonly retry?: RetryTrace.RetryTrace } | undefined)?.retry
  if (trace === undefined) return expect.fail("the call left no trace")
  const json = JSON.parse(JSON.stringify(Schema.encodeSync(RetryTrace.RetryTrace)(trace)))
  const decoded = Schema.decodeUnknownSync(RetryTrace.RetryTrace)(json)
  expect(decoded.elapsedMillis).toBeGreaterThanOrEqual(0)
  expect(decoded.heldMillis ?? 0).toBe(decoded.holds.reduce((sum, hold) => sum + hold.millis, 0))
  return decoded
}

// Each wait, as a scenario: a client and a call that waits from about 1 s on, ending by 4 s when the clock behaves.
const scenarios = {
  "a retry wait": (testClock: Clock.Clock) => {
    // 503 then 200; a 2 s backoff.
    const api = vendor(testClock, (_, index) => ({ status: index === 0 ? 503 : 200 }))
    const client = ApiClient.make(ProblemJson.dialect, {
      baseUrl,
      apiKey,
      retry: RetryPolicy.make({
        categories: { unavailable: RetryPolicy.rule({ backoff: Backoff.fixed("2 seconds"), retries: 3 }) },
        deadline: "1 minute"
      }),
      circuitBreaker: false,
      pacing: false
    })(api.client)
    return { api, call: client.get("/v1/a") }
  },
  "a pacing hold": (testClock: Clock.Clock) => {
    // The first answer says the quota is spent until 4 s (an exact reset): the second request is held until then.
    const api = vendor(testClock, (_, index) => ({
      status: 200,
      headers:
        index === 0
          ? { "x-ratelimit-limit": "5", "x-ratelimit-remaining": "0", "x-ratelimit-reset": epochMillis(4000) }
          : {}
    }))
    const client = ApiClient.make(ProblemJson.dialect, {
      baseUrl,
      apiKey,
      retry: RetryPolicy.make({ deadline: "1 minute" }),
      circuitBreaker: false,
      pacing: Pacing.memoryStore()
    })(api.client)
    return { api, call: Effect.zipRight(client.get("/v1/a"), client.get("/v1/b")) }
  },
  "a wait behind the breaker": (testClock: Clock.Clock) => {
    // Down until 1.5 s: 503 at 0 and at 1 s (a 1 s backoff) open the breaker until 2 s; the retry waits behind it,
    // and goes as the probe at 2 s.
    const api = vendor(testClock, (at) => ({ status: at < 1500 ? 503 : 200 }))
    const client = ApiClient.make(ProblemJson.dialect, {
      baseUrl,
      apiKey,
      retry: RetryPolicy.make({
        categories: { unavailable: RetryPolicy.rule({ backoff: Backoff.fixed("1 second"), retries: 5 }) },
        deadline: "1 minute"
      }),
      circuitBreaker: CircuitBreaker.make({ failureThreshold: 2 }),
      pacing: false
    })(api.client)
    return { api, call: client.get("/v1/a") }
  }
}

// Runs a scenario with the clock shifted by `shiftMillis` 1.5 s in, during the wait.
const runShifted = (scenario: keyof typeof scenarios, shiftMillis: number, monotonicToo: boolean) =>
  Effect.gen(function* () {
    yield* TestClock.setTime(start)
    const testClock = yield* TestClock.testClockWith(Effect.succeed)
    const shift = { millis: 0 }
    const counts: Counts = { sleeps: 0, reads: 0 }
    const { api, call } = scenarios[scenario](testClock)
    const shiftAt = Effect.zipRight(
      TestClock.sleep(1500),
      Effect.sync(() => {
        shift.millis = shiftMillis
      })
    )
    yield* Effect.fork(shiftAt)
    const { exit, endedAt } = yield* runFor(
      Effect.withClock(call, shifted(testClock, shift, monotonicToo, counts)),
      2 * day
    )
    return { exit, endedAt, counts, arrivals: api.arrivals }
  })

// When the requests arrive with the clock left alone, and how long the (last) call took.
const unshifted = {
  "a retry wait": { arrivals: [0, 2000], elapsedMillis: 2000 },
  "a pacing hold": { arrivals: [0, 4000], elapsedMillis: 4000 },
  "a wait behind the breaker": { arrivals: [0, 1000, 2000], elapsedMillis: 2000 }
}

describe("the clock steps back or jumps forward a day during a wait", () => {
  for (const scenario of Object.keys(scenarios) as Array<keyof typeof scenarios>) {
    for (const [shiftName, shiftMillis] of [
      ["back", -day],
      ["forward", day]
    ] as const) {
      it.effect(`the whole clock ${shiftName}, in ${scenario}: the call ends, bounded, with a valid trace`, () =>
        Effect.gen(function* () {
          const { exit, endedAt, counts, arrivals } = yield* runShifted(scenario, shiftMillis, true)
          // A monotonic clock that goes back stretches the waits still to come by as much (nothing tells the client
          // that time passed): the call ends within the step and its deadline, in a value or a typed failure.
          if (exit === undefined) return expect.fail(`still waiting after ${arrivals}`)
          expect(endedAt).toBeLessThanOrEqual(day + 60_000)
          expect(Exit.isSuccess(exit) || failureOf(exit) !== undefined).toBe(true)
          checkedTrace(exit)
          expect(arrivals.length).toBeLessThanOrEqual(4)
          expect(counts.sleeps).toBeLessThanOrEqual(10)
          expect(counts.reads).toBeLessThanOrEqual(100)
        })
      )

      // The wall clock alone moved (the system time was set): every wait is a duration, measured on monotonic time,
      // so the call waits as it would have and succeeds. One exception: a pacing hold until a reset the vendor
      // announced as a date (epoch milliseconds here). The date is the vendor's clock; read on a wall clock set a day
      // back it is a day away, and nothing tells which clock is right. The call then stops at once, held past its
      // deadline (a typed failure, no wait past the deadline), rather than send into a quota the vendor said is spent.
      const datedHold = scenario === "a pacing hold" && shiftMillis < 0
      const expected = datedHold ? "stops at once, held past its deadline" : "waits as it would have, and succeeds"
      it.effect(`the wall clock ${shiftName}, in ${scenario}: the call ${expected}`, () =>
        Effect.gen(function* () {
          const { exit, counts, arrivals } = yield* runShifted(scenario, shiftMillis, false)
          if (exit === undefined) return expect.fail(`still waiting two virtual days later, after ${arrivals}`)
          const failure = failureOf(exit) as Failure.Failure | undefined
          if (datedHold) {
            expect({ arrivals, outcome: failure?._tag }).toEqual({ arrivals: [0], outcome: "HeldPastDeadline" })
            return
          }
          expect({
            arrivals,
            outcome: failure?._tag ?? "succeeded",
            elapsedMillis: checkedTrace(exit).elapsedMillis
          }).toEqual({ ...unshifted[scenario], outcome: "succeeded" })
          expect(counts.sleeps).toBeLessThanOrEqual(10)
        })
      )
    }
  }
})

// Wait hints at the edges: 0 and 1e-9 s on a 503, 7 days on a 429 and on a 503, with a deadline and without one. A
// 503's hint of 0 or 1 ms must not open the breaker for that long: the retry, which waits at the breaker and costs
// nothing in an outage, would go as the probe at once (or 1 ms later), again and again, until the deadline.
const ticking = (answer: Parameters<typeof vendor>[1], retry: RetryPolicy.RetryPolicy<ProblemJson.Problem>) =>
  Effect.gen(function* () {
    yield* TestClock.setTime(start)
    const testClock = yield* TestClock.testClockWith(Effect.succeed)
    const counts: Counts = { sleeps: 0, reads: 0 }
    const api = vendor(testClock, answer)
    // No attempt timeout: the sleeps counted are the waits.
    const client = ApiClient.make(ProblemJson.dialect, { baseUrl, apiKey, retry, timeout: false })(api.client)
    const clock = shifted(testClock, { millis: 0 }, false, counts)
    return { api, counts, call: (path: string) => Effect.withClock(client.get(path), clock) }
  })

const everySecond = RetryPolicy.make<ProblemJson.Problem>({
  categories: {
    rate_limited: RetryPolicy.rule({ backoff: Backoff.fixed("1 second"), retries: 3 }),
    unavailable: RetryPolicy.rule({ backoff: Backoff.fixed("1 second"), retries: 3 })
  },
  deadline: "1 minute"
})
const noDeadline = RetryPolicy.make<ProblemJson.Problem>({ ...everySecond, deadline: Duration.infinity })

describe("wait hints of 0, 1e-9 s and 7 days", () => {
  for (const [name, hint] of [
    ["Retry-After 0", { "retry-after": "0" }],
    ["Retry-After 0.000000001", { "retry-after": "0.000000001" }],
    ["retry-after-ms 1", { "retry-after-ms": "1" }]
  ] as const) {
    it.effect(`503s saying ${name}: the client does not spin, in a virtual minute`, () =>
      Effect.gen(function* () {
        // Down for good; past 80 requests the server stops answering, so that a spinning client still ends.
        const { api, counts, call } = yield* ticking(
          (_, index) => (index < 80 ? { status: 503, headers: hint } : { status: 503, delayMillis: day }),
          everySecond
        )
        const { exit } = yield* runFor(call("/v1/a"), 60_000)
        // Three retries a second apart; with the breaker, about one probe a second: some 60 requests a minute.
        expect(api.arrivals.length).toBeLessThanOrEqual(65)
        expect(counts.sleeps).toBeLessThanOrEqual(200)
        expect(exit === undefined || failureOf(exit) !== undefined).toBe(true)
      })
    )
  }

  for (const status of [429, 503]) {
    it.effect(`a ${status} saying Retry-After 604800 under a 1-minute deadline: stops at once, as do later calls`, () =>
      Effect.gen(function* () {
        const { api, counts, call } = yield* ticking(
          () => ({ status, headers: { "retry-after": "604800" } }),
          everySecond
        )
        const first = yield* runFor(call("/v1/a"), 3600_000)
        const later = yield* runFor(call("/v1/b"), 3600_000)
        expect([first.exit !== undefined, later.exit !== undefined, first.endedAt, later.endedAt]).toEqual([
          true,
          true,
          0,
          0
        ])
        expect(api.arrivals).toEqual([0])
        expect(checkedTrace(first.exit!).stoppedBecause).toBe("Deadline")
        // The later call is held past its deadline before sending: by the quota (a 429's wait holds the host) or the
        // breaker (a 503's opens it).
        const held = failureOf(later.exit!) as Failure.HeldPastDeadline
        expect([held._tag, held.by, held.waitHint?.millis]).toEqual([
          "HeldPastDeadline",
          status === 429 ? "quota" : "outage",
          604_800_000
        ])
        checkedTrace(later.exit!)
        expect(counts.sleeps).toBe(0)
      })
    )

    it.effect(`a ${status} saying Retry-After 604800 without a deadline: waited, in one sleep, and retried`, () =>
      Effect.gen(function* () {
        const { api, counts, call } = yield* ticking(
          (_, index) => (index === 0 ? { status, headers: { "retry-after": "604800" } } : { status: 200 }),
          noDeadline
        )
        // In the first virtual hour: one request, and the client asleep.
        const fiber = yield* Effect.fork(call("/v1/a"))
        const hour = yield* drive(fiber, 3600_000)
        expect([hour.exit, api.arrivals.length, counts.sleeps]).toEqual([undefined, 1, 1])
        const { exit } = yield* drive(fiber, 8 * day)
        expect(api.arrivals).toEqual([0, 604_800_000])
        expect(Exit.isSuccess(exit!)).toBe(true)
        expect(checkedTrace(exit!).retried.map((r) => r.delayMillis)).toEqual([status === 429 ? 604_800_000 : 0])
      })
    )
  }
})
