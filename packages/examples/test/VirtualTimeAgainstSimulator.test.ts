import { NodeHttpClient } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { NixflexHttpClient, NixflexRetry } from "@faultline/nixflex"
import { Faults, Simulator } from "@faultline/simulator"
import { TrackedHttpClient, VirtualTime } from "@faultline/testing"
import { Clock, Effect, Layer, Redacted, TestServices } from "effect"

// The simulator in this process, under the test's TestClock: its rate-limit windows and its slow and hanging
// answers are on virtual time, as are the client's backoffs and timeouts. The Nixflex client goes over undici to
// 127.0.0.1 through a TrackedHttpClient, so VirtualTime.run knows when a request is on the wire and moves the clock
// only once the answer has come, or once the server itself is waiting on the clock.

// Three reads per 10-second window, per key.
const window = 10_000
const simulatorOptions: Simulator.Options = {
  vendor: "nixflex",
  rateLimits: { "nixflex.read": { limit: 3, window: "10 seconds" } }
}

const nixflexOn = (sim: Simulator.Running, options: Omit<NixflexHttpClient.Options, "apiKey"> = {}) =>
  NixflexHttpClient.layer({
    baseUrl: sim.baseUrl("nixflex"),
    apiKey: Redacted.make(Simulator.demoKeys.nixflex),
    ...options
  }).pipe(Layer.provideMerge(TrackedHttpClient.layer), Layer.provide(NodeHttpClient.layerUndici))

const listCalls = Effect.flatMap(NixflexHttpClient.NixflexHttpClient, (nixflex) => nixflex.get("/v1/calls"))

// What the simulator saw, in virtual milliseconds since `start`, with the status it answered.
const seen = (sim: Simulator.Running, start: number) =>
  Effect.map(sim.log, (log) => log.map((entry) => [entry.at - start, entry.status] as const))

const realNow = TestServices.provideLive(Clock.currentTimeMillis)

// "at `expected` virtual ms, give or take a few": the client and the server read one clock that no one moves while
// a request is on the wire, so nothing but a millisecond of rounding may come between them.
const near = (actual: number | undefined, expected: number) => {
  expect(actual).toBeGreaterThanOrEqual(expected)
  expect(actual).toBeLessThanOrEqual(expected + 5)
}

describe("VirtualTime.run against the simulator, in-process under TestClock", () => {
  it.effect("a 429 over the window's limit is retried when the window resets, in virtual time", () =>
    Effect.gen(function* () {
      // Before the simulator reads the clock: epoch-second resets then mean what they say.
      yield* VirtualTime.startAt()
      const sim = yield* Simulator.start(simulatorOptions)
      const start = yield* Clock.currentTimeMillis
      const timeline = yield* VirtualTime.run(Effect.forEach([1, 2, 3, 4, 5], () => listCalls)).pipe(
        // Pacing off: the fourth read goes out, and the 429's own hint decides the retry. Each attempt's timeout is
        // pending on the clock while its request is on the wire, and must not fire before the answer.
        Effect.provide(
          nixflexOn(sim, { retry: NixflexRetry.defaults, timeout: "5 seconds", pacing: false, circuitBreaker: false })
        )
      )
      expect(timeline.exit._tag).toBe("Success")
      const served = yield* seen(sim, start)
      expect(served.map(([, status]) => status)).toEqual([200, 200, 200, 429, 200, 200])
      expect(timeline.arrivals.slice(0, 4)).toEqual([0, 0, 0, 0])
      near(timeline.arrivals[4], window)
      near(timeline.arrivals[5], window)
      // The server's clock is the client's: it saw each request when the client sent it.
      expect(served.map(([at]) => at)).toEqual(timeline.arrivals)
    }).pipe(Effect.scoped)
  )

  it.effect("a spent quota's epoch X-RateLimit-Reset holds the next request until the window resets", () =>
    Effect.gen(function* () {
      yield* VirtualTime.startAt()
      const sim = yield* Simulator.start(simulatorOptions)
      const start = yield* Clock.currentTimeMillis
      // The window opens 25 s in: at 1970 its reset, 35 in epoch seconds, would read as 35 s from now.
      const timeline = yield* VirtualTime.run(
        Effect.zipRight(
          Effect.sleep("25 seconds"),
          Effect.forEach([1, 2, 3, 4], () => listCalls)
        )
      ).pipe(Effect.provide(nixflexOn(sim)))
      expect(timeline.exit._tag).toBe("Success")
      expect((yield* seen(sim, start)).map(([, status]) => status)).toEqual([200, 200, 200, 200])
      expect(timeline.arrivals.slice(0, 3)).toEqual([25_000, 25_000, 25_000])
      near(timeline.arrivals[3], 25_000 + window)
    }).pipe(Effect.scoped)
  )

  it.effect("a slow fault holds the answer for 30 virtual seconds, and the test does not wait for them", () =>
    Effect.gen(function* () {
      const sim = yield* Simulator.start({ ...simulatorOptions, faults: [Faults.latency("30 seconds")] })
      const started = yield* realNow
      const timeline = yield* VirtualTime.run(listCalls).pipe(Effect.provide(nixflexOn(sim, { timeout: "1 minute" })))
      expect(timeline.exit._tag).toBe("Success")
      expect([timeline.arrivals, timeline.elapsed]).toEqual([[0], 30_000])
      expect((yield* sim.log).map((entry) => [entry.status, entry.durationMs])).toEqual([[200, 30_000]])
      expect((yield* realNow) - started).toBeLessThan(10_000)
    }).pipe(Effect.scoped)
  )

  it.effect("a hanging answer ends in the client's attempt timeout, at the timeout", () =>
    Effect.gen(function* () {
      const sim = yield* Simulator.start({ ...simulatorOptions, faults: [Faults.hang()] })
      const timeline = yield* VirtualTime.run(listCalls).pipe(Effect.provide(nixflexOn(sim, { timeout: "5 seconds" })))
      expect(timeline.exit).toMatchObject({ _tag: "Failure", cause: { error: { _tag: "AttemptTimeout" } } })
      expect([timeline.arrivals, timeline.elapsed]).toEqual([[0], 5000])
    }).pipe(Effect.scoped)
  )
})
