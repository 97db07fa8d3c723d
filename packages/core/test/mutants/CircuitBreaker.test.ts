import { describe, expect, it } from "@effect/vitest"
import { CircuitBreaker, Failure, WaitHint } from "@faultline/core"
import { Effect, Exit, Fiber, FiberId, TestClock } from "effect"

// Written against the survivors of `pnpm mutate` on internal/circuitBreaker.ts: what a caller asking the breaker
// is told (go, go as the probe, wait so long, wait for the probe), after which outcomes, on virtual time.

const down = (status?: number, waitHintMillis?: number): CircuitBreaker.Outcome => ({
  _tag: "Down",
  status,
  waitHintMillis
})
const up: CircuitBreaker.Outcome = { _tag: "Up" }
const unknown: CircuitBreaker.Outcome = { _tag: "Unknown" }

// What `ask` says, without the probe's effect (kept apart to await it).
const verdict = (breaker: CircuitBreaker.CircuitBreaker, key = "h") =>
  Effect.map(breaker.ask(key), (v) => (v._tag === "WaitForProbe" ? { _tag: v._tag } : v))

const fail = (breaker: CircuitBreaker.CircuitBreaker, times: number, outcome = down(500), key = "h") =>
  Effect.forEach(Array.from({ length: times }), () => breaker.record(key, false, outcome), { discard: true })

describe("opening", () => {
  it.effect("by default five failures in a row open the host for one second; four do not", () =>
    Effect.gen(function* () {
      const breaker = CircuitBreaker.make()
      yield* fail(breaker, 4)
      expect(yield* verdict(breaker)).toEqual({ _tag: "Go", probe: false })
      expect(breaker.isOpen("h")).toBe(false)
      yield* fail(breaker, 1)
      expect(breaker.isOpen("h")).toBe(true)
      expect(yield* verdict(breaker)).toEqual({ _tag: "WaitUntil", millis: 1000 })
      yield* TestClock.adjust("400 millis")
      expect(yield* verdict(breaker)).toEqual({ _tag: "WaitUntil", millis: 600 })
      yield* TestClock.adjust("600 millis")
      expect(yield* verdict(breaker)).toEqual({ _tag: "Go", probe: true })
    })
  )

  it.effect("a success in between starts the count again", () =>
    Effect.gen(function* () {
      const breaker = CircuitBreaker.make({ failureThreshold: 3 })
      yield* fail(breaker, 2)
      yield* breaker.record("h", false, up)
      yield* fail(breaker, 2)
      expect(yield* verdict(breaker)).toEqual({ _tag: "Go", probe: false })
      yield* fail(breaker, 1)
      expect(yield* verdict(breaker)).toEqual({ _tag: "WaitUntil", millis: 1000 })
    })
  )

  it.effect(
    "a 503 with a wait hint opens the host at once, for the hint; other statuses' hints count as failures",
    () =>
      Effect.gen(function* () {
        const breaker = CircuitBreaker.make({ failureThreshold: 3 })
        yield* breaker.record("h", false, down(500, 7000))
        yield* breaker.record("h", false, down(503))
        expect(yield* verdict(breaker)).toEqual({ _tag: "Go", probe: false })
        yield* breaker.record("other", false, down(503, 7000))
        expect(yield* verdict(breaker, "other")).toEqual({ _tag: "WaitUntil", millis: 7000 })
        // The third failure in a row opens "h" for its own hint, not for the base delay.
        yield* breaker.record("h", false, down(500, 2500))
        expect(yield* verdict(breaker)).toEqual({ _tag: "WaitUntil", millis: 2500 })
      })
  )

  it.effect("a shorter hint does not shorten an opening already set", () =>
    Effect.gen(function* () {
      const breaker = CircuitBreaker.make()
      yield* breaker.record("h", false, down(503, 5000))
      yield* breaker.record("h", false, down(503, 1000))
      expect(yield* verdict(breaker)).toEqual({ _tag: "WaitUntil", millis: 5000 })
    })
  )

  it.effect("hosts are apart", () =>
    Effect.gen(function* () {
      const breaker = CircuitBreaker.make({ failureThreshold: 1 })
      yield* fail(breaker, 1, down(500), "a")
      expect(yield* verdict(breaker, "a")).toMatchObject({ _tag: "WaitUntil" })
      expect(yield* verdict(breaker, "b")).toEqual({ _tag: "Go", probe: false })
      expect([breaker.isOpen("a"), breaker.isOpen("b")]).toEqual([true, false])
    })
  )
})

describe("probes", () => {
  it.effect("one probe at a time: others wait for it, and are woken when it ends", () =>
    Effect.gen(function* () {
      const breaker = CircuitBreaker.make({ failureThreshold: 1 })
      yield* fail(breaker, 1)
      yield* TestClock.adjust("1 second")
      expect(yield* verdict(breaker)).toEqual({ _tag: "Go", probe: true })
      expect(breaker.isOpen("h")).toBe(true)
      const behind = yield* breaker.ask("h")
      if (behind._tag !== "WaitForProbe") return expect.fail(`expected WaitForProbe, got ${behind._tag}`)
      const waiter = yield* Effect.fork(behind.probeEnded)
      yield* TestClock.adjust(0)
      expect(waiter.unsafePoll()).toBeNull()
      yield* breaker.record("h", true, up)
      expect(Exit.isSuccess(yield* Fiber.await(waiter))).toBe(true)
      expect(yield* verdict(breaker)).toEqual({ _tag: "Go", probe: false })
      expect(breaker.isOpen("h")).toBe(false)
    })
  )

  it.effect("failed probes double the wait up to the maximum; a success brings it back to the base", () =>
    Effect.gen(function* () {
      const breaker = CircuitBreaker.make({ failureThreshold: 1, baseDelayMillis: 100, maxDelayMillis: 350 })
      yield* fail(breaker, 1)
      const waits: Array<number> = []
      for (let i = 0; i < 5; i++) {
        const v = yield* breaker.ask("h")
        if (v._tag !== "WaitUntil") return expect.fail(`expected WaitUntil, got ${v._tag}`)
        waits.push(v.millis)
        yield* TestClock.adjust(v.millis)
        expect(yield* verdict(breaker)).toEqual({ _tag: "Go", probe: true })
        yield* breaker.record("h", true, down(500))
      }
      expect(waits).toEqual([100, 100, 200, 350, 350])
      yield* TestClock.adjust("1 second")
      yield* breaker.ask("h")
      yield* breaker.record("h", true, up)
      yield* fail(breaker, 1)
      expect(yield* verdict(breaker)).toEqual({ _tag: "WaitUntil", millis: 100 })
    })
  )

  it.effect("a failed probe with a hint waits the hint", () =>
    Effect.gen(function* () {
      const breaker = CircuitBreaker.make({ failureThreshold: 1 })
      yield* fail(breaker, 1)
      yield* TestClock.adjust("1 second")
      yield* breaker.ask("h")
      yield* breaker.record("h", true, down(502, 4000))
      expect(yield* verdict(breaker)).toEqual({ _tag: "WaitUntil", millis: 4000 })
    })
  )

  it.effect("an interrupted probe tells nothing: the next caller probes at once", () =>
    Effect.gen(function* () {
      const breaker = CircuitBreaker.make({ failureThreshold: 1 })
      yield* fail(breaker, 1)
      yield* TestClock.adjust("1 second")
      yield* breaker.ask("h")
      yield* breaker.record("h", true, unknown)
      expect(yield* verdict(breaker)).toEqual({ _tag: "Go", probe: true })
      // An interrupted request that was not the probe changes nothing.
      yield* breaker.record("h", false, unknown)
      expect(yield* verdict(breaker)).toEqual({ _tag: "WaitForProbe" })
    })
  )

  it.effect("a success of a request sent before the host opened closes it, and the count starts again", () =>
    Effect.gen(function* () {
      const breaker = CircuitBreaker.make({ failureThreshold: 2 })
      yield* fail(breaker, 2)
      yield* breaker.record("h", false, up)
      expect(breaker.isOpen("h")).toBe(false)
      expect(yield* verdict(breaker)).toEqual({ _tag: "Go", probe: false })
      // One failure after the success is not an outage: the count started again.
      yield* fail(breaker, 1)
      expect(breaker.isOpen("h")).toBe(false)
    })
  )

  it.effect("a maximum below the base is the base", () =>
    Effect.gen(function* () {
      const breaker = CircuitBreaker.make({ failureThreshold: 1, baseDelayMillis: 2000, maxDelayMillis: 10 })
      yield* fail(breaker, 1)
      expect(yield* verdict(breaker)).toEqual({ _tag: "WaitUntil", millis: 2000 })
      yield* TestClock.adjust("2 seconds")
      yield* breaker.ask("h")
      yield* breaker.record("h", true, down(500))
      expect(yield* verdict(breaker)).toEqual({ _tag: "WaitUntil", millis: 2000 })
    })
  )
})

describe("the disabled breaker and outcomes", () => {
  it.effect("the disabled breaker lets everything go", () =>
    Effect.gen(function* () {
      const breaker = CircuitBreaker.disabled
      yield* fail(breaker, 100, down(503, 60_000))
      expect(yield* verdict(breaker)).toEqual({ _tag: "Go", probe: false })
      expect(breaker.isOpen("h")).toBe(false)
    })
  )

  it.effect("what an attempt's exit says of the vendor", () =>
    Effect.gen(function* () {
      expect(CircuitBreaker.outcomeOf(Exit.succeed(1))).toEqual({ _tag: "Up" })
      expect(CircuitBreaker.outcomeOf(Exit.interrupt(FiberId.none))).toEqual({ _tag: "Unknown" })
      const body = (status: number, category: Failure.CoreFailure["category"], hint?: number) =>
        new Failure.UnexpectedBody({
          vendor: "v",
          reason: "NotJson",
          status,
          snippet: "",
          category,
          ...(hint === undefined ? {} : { waitHint: new WaitHint.WaitHint({ millis: hint, source: "retry-after" }) })
        })
      expect(CircuitBreaker.outcomeOf(Exit.fail(body(429, "rate_limited", 5)))).toEqual({ _tag: "Up" })
      expect(CircuitBreaker.outcomeOf(Exit.fail(body(400, "invalid_request")))).toEqual({ _tag: "Up" })
      for (const category of ["server", "upstream", "unavailable", "timeout"] as const) {
        expect(CircuitBreaker.outcomeOf(Exit.fail(body(503, category, 3000)))).toEqual({
          _tag: "Down",
          status: 503,
          waitHintMillis: 3000
        })
      }
      const refused = new Failure.TransportError({
        reason: "ConnectionRefused",
        mayHaveReachedServer: false,
        method: "GET",
        url: "https://x.test/",
        detail: "ECONNREFUSED"
      })
      expect(CircuitBreaker.outcomeOf(Exit.fail(refused))).toEqual({
        _tag: "Down",
        status: undefined,
        waitHintMillis: undefined
      })
    })
  )
})

describe("while a probe is out, and hints of 0", () => {
  it.effect("answers of requests sent before the host opened do not end the probe in flight", () =>
    Effect.gen(function* () {
      for (const outcome of [up, down(500)]) {
        const breaker = CircuitBreaker.make({ failureThreshold: 1 })
        yield* fail(breaker, 1)
        yield* TestClock.adjust("1 second")
        expect(yield* verdict(breaker)).toEqual({ _tag: "Go", probe: true })
        yield* breaker.record("h", false, outcome)
        expect([outcome._tag, yield* verdict(breaker)]).toEqual([outcome._tag, { _tag: "WaitForProbe" }])
      }
    })
  )

  it.effect("a 503 whose hint is 0 counts as one failure, it does not open the host", () =>
    Effect.gen(function* () {
      const breaker = CircuitBreaker.make({ failureThreshold: 3 })
      yield* breaker.record("h", false, down(503, 0))
      expect(yield* verdict(breaker)).toEqual({ _tag: "Go", probe: false })
      yield* fail(breaker, 2, down(503, 0))
      expect(yield* verdict(breaker)).toEqual({ _tag: "WaitUntil", millis: 1000 })
    })
  )
})
