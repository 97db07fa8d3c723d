import { HttpClient, HttpClientRequest } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { ApiClient, ProblemJson } from "@faultline/core"
import { FakeApiClient, ScriptedHttpClient, Step, VirtualTime } from "@faultline/testing"
import { Cause, Effect, Exit, Redacted, Schedule } from "effect"

const base = "https://api.example.test"

const dieMessage = <A, E>(exit: Exit.Exit<A, E>): string =>
  Exit.isFailure(exit) && Cause.isDie(exit.cause) ? Cause.pretty(exit.cause) : "not a defect"

// A retry loop as a program might write one: exponential from 1 s, three retries.
const withRetries = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.retry(effect, { schedule: Schedule.exponential("1 second"), times: 3 })

describe("VirtualTime.run", () => {
  it.effect("runs a retry loop to its end and says when each attempt arrived", () =>
    Effect.gen(function* () {
      const script = yield* ScriptedHttpClient.make({
        "GET /v1/calls/:id": [
          Step.json(503, { title: "Down", status: 503 }),
          Step.html(502),
          Step.reset,
          Step.delay("500 millis", Step.json(200, { id: "call_1" }))
        ]
      })
      const client = ApiClient.make(ProblemJson.dialect, {
        baseUrl: base,
        apiKey: Redacted.make("k-0123456789abcdef")
      })(script.client)
      const timeline = yield* VirtualTime.run(withRetries(client.get("/v1/calls/call_1")), { recorder: script })
      expect(Exit.isSuccess(timeline.exit)).toBe(true)
      expect(timeline.arrivals).toEqual([0, 1000, 3000, 7000])
      expect(timeline.gaps).toEqual([1000, 2000, 4000])
      expect(timeline.elapsed).toBe(7500)
      expect(timeline.requests.map((request) => request.answer)).toEqual([0, 1, 2, 3])
    })
  )

  it.effect("reads the ScriptedHttpClient in context, and only the requests of this run", () =>
    Effect.gen(function* () {
      const get = HttpClient.get(`${base}/v1/x`)
      yield* get
      const timeline = yield* VirtualTime.run(
        withRetries(Effect.filterOrFail(get, (response) => response.status === 200))
      )
      expect([timeline.arrivals, timeline.elapsed]).toEqual([[0, 1000], 1000])
      expect(timeline.requests.map((request) => request.answer)).toEqual([1, 2])
      expect(timeline.exit).toMatchObject({ _tag: "Success", value: { status: 200 } })
    }).pipe(
      Effect.provide(ScriptedHttpClient.layer({ "GET /v1/x": [Step.empty(500), Step.empty(500), Step.empty(200)] }))
    )
  )

  it.effect("starts from the current virtual time and keeps a typed failure in the exit", () =>
    Effect.gen(function* () {
      yield* VirtualTime.run(Effect.sleep("1 hour"))
      const fake = yield* FakeApiClient.make<ProblemJson.Problem>({
        "*": [Step.delay("2 seconds", Step.refused), Step.refused]
      })
      const timeline = yield* fake.client
        .execute(HttpClientRequest.post("/v1/calls"))
        .pipe(Effect.retry({ schedule: Schedule.spaced("3 seconds"), times: 1 }), VirtualTime.run({ recorder: fake }))
      expect(timeline.arrivals).toEqual([0, 5000])
      expect(timeline.exit).toMatchObject({ _tag: "Failure", cause: { error: { _tag: "TransportError" } } })
      expect(timeline.requests[0]!.at).toBe(3_600_000)
    })
  )

  it.effect("jumps to each sleep exactly, however uneven", () =>
    Effect.gen(function* () {
      const timeline = yield* VirtualTime.run(
        Effect.all([Effect.sleep("1337 millis"), Effect.sleep("3 millis"), Effect.sleep("2 days")], {
          concurrency: "unbounded"
        }),
        { limit: "3 days" }
      )
      expect([timeline.elapsed, timeline.arrivals]).toEqual([2 * 86_400_000, []])
    })
  )

  it.effect("dies, instead of hanging, when the effect waits on something other than the clock", () =>
    Effect.gen(function* () {
      const script = yield* ScriptedHttpClient.make({ "*": [Step.hang] })
      const exit = yield* Effect.exit(VirtualTime.run(script.client.get(`${base}/v1/x`), { recorder: script }))
      expect(dieMessage(exit)).toContain(
        "not on the clock, so it would never finish (1 request(s), 0 ms of virtual time)"
      )
    })
  )

  it.effect("dies when the effect runs past the limit", () =>
    Effect.gen(function* () {
      const exit = yield* Effect.exit(VirtualTime.run(Effect.forever(Effect.sleep("1 hour")), { limit: "3 hours" }))
      expect(dieMessage(exit)).toContain("still running after 3h (0 request(s), 10800000 ms of virtual time)")
    })
  )

  it.live("needs the TestClock", () =>
    Effect.gen(function* () {
      const exit = yield* Effect.exit(VirtualTime.run(Effect.void))
      expect(dieMessage(exit)).toContain("needs the TestClock")
    })
  )
})
