import { HttpClient, HttpClientResponse } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import {
  ApiClient,
  Backoff,
  CircuitBreaker,
  Dialect,
  Pacing,
  ProblemJson,
  RetryBudget,
  RetryPolicy
} from "@faultline/core"
import { Clock, Deferred, Effect, Exit, Fiber, FiberRef, FastCheck as fc, Option, TestClock, TestContext } from "effect"
import { apiKey, baseUrl, epochMillis, failureOf, policy, runAll, start, vendor } from "./virtualVendor.js"

// What interrupts leave behind: nothing. No in-flight slot of the quota, no probe, no budget token.

// A dialect with an idempotency key, so that the requests of one logical call can be told apart on the server.
const keyed = Dialect.make<ProblemJson.Problem>({
  ...ProblemJson.make("keyed"),
  idempotencyKeyHeader: "Idempotency-Key"
})

describe("interrupts", () => {
  it.effect("a call the caller made uninterruptible is not interrupted while held: it waits and is sent", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(start)
      const api = vendor((_, index) => ({
        status: 200,
        headers:
          index === 0
            ? { "x-ratelimit-limit": "5", "x-ratelimit-remaining": "0", "x-ratelimit-reset": epochMillis(4_000) }
            : {}
      }))
      const client = ApiClient.make(keyed, { baseUrl, apiKey, retry: policy("1 minute") })(api.client)
      yield* runAll([client.get("/v1/first")])
      // Held 4 s by the spent quota, and interrupted after 1 s: the interrupt must wait for the call to end.
      const fiber = yield* Effect.fork(Effect.uninterruptible(client.get("/v1/second")))
      yield* TestClock.adjust("1 second")
      const interrupted = yield* Effect.fork(Fiber.interrupt(fiber))
      yield* TestClock.adjust("5 seconds")
      yield* Fiber.join(interrupted)
      // (The call's own exit reads as interrupted once its uninterruptible region ends; what counts is that it was
      // sent, when the quota allowed.)
      expect(api.arrivals.map((a) => [a.at, a.url])).toEqual([
        [0, "/v1/first"],
        [4000, "/v1/second"]
      ])
    })
  )
})

// Where a call is when it is interrupted. The test learns it through what it hands the client (its breaker,
// pacing store and budget, wrapped to watch who asks) and through its server; the leak checks themselves count only
// what the server sees.
type Phase = "attempt" | "probe" | "retry wait" | "pacing hold" | "breaker wait"
const phases: ReadonlyArray<Phase> = ["attempt", "probe", "retry wait", "pacing hold", "breaker wait"]

// The logical call a fiber works for (-1: none): every fiber the client forks for a call inherits it.
const callOf = FiberRef.unsafeMake(-1)
const currentCall = () =>
  Option.match(Fiber.getCurrentFiber(), { onNone: () => -1, onSome: (fiber) => fiber.getFiberRef(callOf) })

const limit = 2
// Virtual milliseconds since `start`: an outage from 2 s to 5 s; from `steadyFrom` on, answers take 100 ms (to see
// which requests are in flight together).
const outage = { from: 2000, until: 5000 }
const steadyFrom = 10_000

// A server with a quota of 2 requests a second (429 past it) and the outage, and the client's breaker, pacing store
// and budget, watched: `doing` says what each call is doing, `entered` is told when a call enters a phase.
const watchedWorld = (entered: (call: number, phase: Phase) => void) => {
  const doing = new Map<number, Phase | "between">()
  const enter = (call: number, phase: Phase | "between") => {
    doing.set(call, phase)
    if (phase !== "between") entered(call, phase)
  }
  const probes = new Set<number>()
  const arrivals: Array<{ at: number; call: number; status: number }> = []
  const counted: Array<number> = []
  // A second outage, set by the checks after the faults; `/v1/storm` always fails, for the budget.
  const down = { from: Number.POSITIVE_INFINITY, until: Number.POSITIVE_INFINITY }
  const answer = (at: number, index: number, path: string) => {
    if (path === "/v1/storm") return { status: 500, delay: 0 }
    const steady = at >= steadyFrom
    if ((at >= outage.from && at < outage.until) || (at >= down.from && at < down.until)) {
      return { status: 503, delay: steady ? 100 : (index * 37) % 300 }
    }
    const windowStart = Math.floor(at / 1000) * 1000
    const used = counted.filter((t) => t >= windowStart).length
    const headers = {
      "x-ratelimit-limit": String(limit),
      "x-ratelimit-remaining": String(Math.max(0, limit - 1 - used)),
      "x-ratelimit-reset": epochMillis(windowStart + 1000)
    }
    if (used >= limit) return { status: 429, headers, delay: 0 }
    counted.push(at)
    return { status: 200, headers, delay: steady ? 100 : (index * 53) % 300 }
  }
  const client = HttpClient.make((request, url) =>
    Effect.gen(function* () {
      const at = (yield* Clock.currentTimeMillis) - start
      const call = yield* FiberRef.get(callOf)
      const reply = answer(at, arrivals.length, url.pathname)
      arrivals.push({ at, call, status: reply.status })
      enter(call, probes.has(call) ? "probe" : "attempt")
      if (reply.delay > 0) yield* Effect.sleep(reply.delay)
      enter(call, "between")
      const body = reply.status === 200 ? "{}" : `{"title":"HTTP ${reply.status}"}`
      return HttpClientResponse.fromWeb(
        request,
        new Response(body, { status: reply.status, headers: reply.headers ?? {} })
      )
    })
  )
  const breaker = (inner: CircuitBreaker.CircuitBreaker): CircuitBreaker.CircuitBreaker => ({
    ask: (key) =>
      Effect.tap(inner.ask(key), (verdict) => {
        const call = currentCall()
        if (verdict._tag === "Go" && verdict.probe) probes.add(call)
        enter(call, verdict._tag === "Go" ? "between" : "breaker wait")
      }),
    record: (key, probe, outcome) =>
      Effect.zipRight(
        Effect.sync(() => probes.delete(currentCall())),
        inner.record(key, probe, outcome)
      ),
    isOpen: inner.isOpen
  })
  const pacing = (inner: Pacing.PacingStore): Pacing.PacingStore => ({
    take: (key, now, options) =>
      Effect.tap(inner.take(key, now, options), (wait) => enter(currentCall(), wait > 0 ? "pacing hold" : "between")),
    settle: inner.settle
  })
  // A token is taken as a retry is decided outside an outage, just before its wait.
  const budget = (inner: RetryBudget.RetryBudget): RetryBudget.RetryBudget => ({
    ...inner,
    withdraw: (host) => {
      const taken = inner.withdraw(host)
      if (taken) enter(currentCall(), "retry wait")
      return taken
    }
  })
  return { client, arrivals, doing, down, breaker, pacing, budget }
}

// Rate limits and the outage retried every second; the storm path's 500s at once, until the budget stops them.
const retry = RetryPolicy.make<ProblemJson.Problem>({
  categories: {
    rate_limited: RetryPolicy.rule({ backoff: Backoff.fixed("1 second"), retries: 10 }),
    unavailable: RetryPolicy.rule({ backoff: Backoff.fixed("1 second"), retries: 50 }),
    server: RetryPolicy.rule({ backoff: Backoff.fixed(0), retries: 500 })
  },
  maxAttempts: 600,
  deadline: "1 minute"
})
const capacity = 30

// Interrupts: of a call, some time after it starts (or never); and of whichever call is the `nth` to enter a phase,
// soon after it enters it. Always half a millisecond off the whole milliseconds at which the client and the server
// act.
interface Call {
  readonly startsAt: number
  readonly interruptAfter: number | undefined
}
interface PhaseInterrupt {
  readonly phase: Phase
  readonly nth: number
  readonly after: number
}

// Calls in every run, that meet each phase for the interrupts to find: bursts past the quota, calls into the
// outage.
const background: ReadonlyArray<Call> = [0, 0, 0, 100, 200, 1500, 2500, 3000].map((startsAt) => ({
  startsAt,
  interruptAfter: undefined
}))

// How many interrupts landed in each phase, over all runs.
const landed = new Map<Phase, number>()

const sinceStart = Effect.map(Clock.currentTimeMillis, (now) => now - start)
const advanceTo = (at: number) => Effect.flatMap(sinceStart, (now) => TestClock.adjust(Math.max(0, at - now)))

const interruptedAnywhere = (
  calls: ReadonlyArray<Call>,
  phaseInterrupts: ReadonlyArray<PhaseInterrupt>,
  guarded: boolean
) =>
  Effect.gen(function* () {
    yield* TestClock.setTime(start)
    const entries = new Map<Phase, number>()
    const watchers = yield* Effect.forEach(phaseInterrupts, (watch) =>
      Effect.map(Deferred.make<number>(), (reached) => ({ ...watch, reached }))
    )
    const world = watchedWorld((call, phase) => {
      const nth = (entries.get(phase) ?? 0) + 1
      entries.set(phase, nth)
      for (const watcher of watchers) {
        if (watcher.phase === phase && watcher.nth === nth) Deferred.unsafeDone(watcher.reached, Exit.succeed(call))
      }
    })
    const client = ApiClient.make(keyed, {
      baseUrl,
      apiKey,
      timeout: false,
      retry,
      retryBudget: world.budget(RetryBudget.make({ capacity, successRefill: 0 })),
      pacing: world.pacing(Pacing.memoryStore()),
      circuitBreaker: guarded ? world.breaker(CircuitBreaker.make({ failureThreshold: 2 })) : false
    })(world.client)
    let next = 0
    const post = (path = "/v1/calls") => Effect.locally(client.post(path), callOf, next++)

    const fibers = new Map<number, Fiber.RuntimeFiber<unknown, unknown>>()
    const interrupt = (call: number) =>
      Effect.suspend(() => {
        const fiber = fibers.get(call)
        const phase = world.doing.get(call)
        if (fiber === undefined || fiber.unsafePoll() !== null) return Effect.void
        if (phase !== undefined && phase !== "between") landed.set(phase, (landed.get(phase) ?? 0) + 1)
        return Fiber.interrupt(fiber)
      })
    const interrupters = yield* Effect.forEach(watchers, ({ after, reached }) =>
      Effect.fork(
        Effect.flatMap(Deferred.await(reached), (call) => Effect.zipRight(Effect.sleep(after + 0.5), interrupt(call)))
      )
    )
    yield* runAll(
      [...background, ...calls].map(({ startsAt, interruptAfter }) =>
        Effect.gen(function* () {
          yield* Effect.sleep(startsAt)
          const call = next
          const fiber = yield* Effect.fork(post())
          fibers.set(call, fiber)
          if (interruptAfter === undefined) return yield* Fiber.await(fiber)
          yield* Effect.sleep(interruptAfter + 0.5)
          yield* interrupt(call)
        })
      )
    )
    yield* Effect.forEach(interrupters, Fiber.interrupt)
    const retriesSent = world.arrivals.length - new Set(world.arrivals.map((a) => a.call)).size

    // Faults over: the client still sends and completes a call (the probe, if the breaker is still open).
    yield* advanceTo(steadyFrom)
    const first = yield* runAll([post()])
    // In a fresh window, a quota of 2 lets exactly 2 of 3 calls go at once: no in-flight slot was left taken (fewer
    // would go), none was given back twice (more would); and the third goes later, and succeeds too.
    const window = Math.ceil(((yield* sinceStart) + 1) / 1000) * 1000
    yield* advanceTo(window)
    const quota = yield* runAll([post(), post(), post()])
    expect({
      first: Exit.isSuccess(first.exits[0]!),
      quota: quota.exits.every(Exit.isSuccess),
      atOnce: world.arrivals.filter((a) => a.at === window).length
    }).toEqual({ first: true, quota: true, atOnce: limit })

    if (guarded) {
      // A new outage gets one probe at a time: the two calls in flight as it starts, then a single request at each
      // probe while it lasts; then both go through.
      const from = window + 2000
      world.down.from = from
      world.down.until = from + 2500
      yield* advanceTo(from)
      const ended = yield* runAll([post(), post()])
      const probes = world.arrivals.filter((a) => a.at > from && a.at < from + 2500).map((a) => a.at)
      expect({
        ended: ended.exits.every(Exit.isSuccess),
        atFirst: world.arrivals.filter((a) => a.at === from).length,
        someProbes: probes.length >= 2,
        oneAtATime: new Set(probes).size === probes.length
      }).toEqual({ ended: true, atFirst: limit, someProbes: true, oneAtATime: true })
      return
    }
    // Every token is where it should be: each retry that went out took one (without a breaker, every retry pays),
    // every other went back. A call that fails forever now gets exactly the retries that are left, as a fresh client
    // would get them all, and is stopped by the budget.
    const before = world.arrivals.length
    const storm = yield* runAll([post("/v1/storm")])
    const failure = failureOf(storm.exits[0]!) as ProblemJson.Problem | undefined
    expect([world.arrivals.length - before - 1, failure?.retry?.stoppedBecause]).toEqual([
      capacity - retriesSent,
      "Budget"
    ])
  })

const call: fc.Arbitrary<Call> = fc.record({
  startsAt: fc.integer({ min: 0, max: 6000 }),
  interruptAfter: fc.option(fc.integer({ min: 1, max: 4000 }), { nil: undefined })
})
const phaseInterrupt: fc.Arbitrary<PhaseInterrupt> = fc.record({
  phase: fc.constantFrom(...phases),
  nth: fc.integer({ min: 1, max: 3 }),
  after: fc.integer({ min: 0, max: 50 })
})

// Each run on a fresh TestContext, as `it.effect.prop` would; fast-check is driven here so that, after all runs, the
// test can check that the interrupts did land in every phase. Half the runs have no breaker: there every retry pays a
// budget token, so the tokens can be counted exactly; the other half check the breaker's probes.
describe("interrupts anywhere", () => {
  it("calls interrupted in an attempt, a retry wait, a pacing hold, behind the breaker or as the probe leave no slot, token or probe behind", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(call, { maxLength: 6 }),
        fc.array(phaseInterrupt, { minLength: 2, maxLength: 8 }),
        fc.boolean(),
        (calls, phaseInterrupts, guarded) =>
          Effect.runPromise(
            Effect.provide(interruptedAnywhere(calls, phaseInterrupts, guarded), TestContext.TestContext)
          )
      ),
      { numRuns: 12 }
    )
    // The runs did interrupt calls in every phase.
    expect(phases.filter((phase) => (landed.get(phase) ?? 0) === 0)).toEqual([])
  })
})
