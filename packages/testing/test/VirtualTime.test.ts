import type * as Http from "node:http"
import { FetchHttpClient, HttpClient, HttpClientRequest } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { ApiClient, Backoff, ProblemJson, RetryPolicy } from "@faultline/core"
import { FakeApiClient, ScriptedHttpClient, Step, TrackedHttpClient, VirtualTime } from "@faultline/testing"
import { Cause, Clock, Effect, Exit, Layer, Redacted, Runtime, Schedule, TestClock, TestServices } from "effect"
import { serve } from "./support.js"

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
      yield* TestClock.setTime(1_706_140_790_000)
      yield* VirtualTime.run(Effect.sleep("1 hour"))
      const fake = yield* FakeApiClient.make<ProblemJson.Problem>({
        "*": [Step.delay("2 seconds", Step.refused), Step.refused]
      })
      const timeline = yield* fake.client
        .execute(HttpClientRequest.post("/v1/calls"))
        .pipe(Effect.retry({ schedule: Schedule.spaced("3 seconds"), times: 1 }), VirtualTime.run({ recorder: fake }))
      expect(timeline.arrivals).toEqual([0, 5000])
      expect(timeline.exit).toMatchObject({ _tag: "Failure", cause: { error: { _tag: "TransportError" } } })
      expect(timeline.requests[0]!.at).toBe(1_706_140_790_000 + 3_600_000)
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

  it.effect("dies, instead of hanging, when the effect waits on neither the clock nor a request in flight", () =>
    Effect.gen(function* () {
      const script = yield* ScriptedHttpClient.make({ "*": [Step.hang] })
      const exit = yield* Effect.exit(VirtualTime.run(script.client.get(`${base}/v1/x`), { recorder: script }))
      expect(dieMessage(exit)).toContain(
        "not on the clock nor on a request in flight, so it would never finish (1 request(s), 0 ms of virtual time)"
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

// faultline's client with one retry of a rate limit that honours the server's hint, else waits 1 s. Pacing and the
// breaker are off: the run sees the hint alone.
const honouringHints = ApiClient.make(ProblemJson.dialect, {
  baseUrl: base,
  apiKey: Redacted.make("k-0123456789abcdef"),
  retry: RetryPolicy.make({
    categories: {
      rate_limited: RetryPolicy.rule({ backoff: Backoff.fixed("1 second"), retries: 1, hint: "honour" })
    }
  }),
  pacing: false,
  circuitBreaker: false
})

const tooMany = (headers: Record<string, string>) =>
  Step.json(429, { title: "Too Many Requests", status: 429 }, { "x-ratelimit-remaining": "0", ...headers })

const hinted = (first: Step.Step, options?: VirtualTime.Options) =>
  Effect.gen(function* () {
    const script = yield* ScriptedHttpClient.make({ "GET /v1/x": [first, Step.json(200, {})] })
    return yield* VirtualTime.run(honouringHints(script.client).get("/v1/x"), { recorder: script, ...options })
  })

describe("VirtualTime.run on a realistic epoch", () => {
  it.effect("moves a TestClock still at 0 to the real time, so a reset computed from Date.now() is honoured", () =>
    Effect.gen(function* () {
      const inSixSeconds = String(Math.ceil(Date.now() / 1000) + 6)
      const timeline = yield* hinted(tooMany({ "x-ratelimit-reset": inSixSeconds }))
      // At 1970 the reset is 56 years away, no hint at all, and the retry comes after the 1 s backoff.
      expect(timeline.arrivals[0]).toBe(0)
      expect(timeline.arrivals[1]).toBeGreaterThanOrEqual(5000)
      expect(timeline.arrivals[1]).toBeLessThanOrEqual(7000)
      const now = yield* TestServices.provideLive(Clock.currentTimeMillis)
      expect(Math.abs(timeline.requests[0]!.at - now)).toBeLessThan(60_000)
      expect(timeline.requests[0]!.at % 1000).toBe(0)
    })
  )

  it.effect("starts at the epoch given, and leaves the clock at 0 with startAt: 0", () =>
    Effect.gen(function* () {
      // 2024-01-24T23:59:50Z; the reset (2024-01-25T00:00:00Z) is 10 s later.
      const at = yield* hinted(tooMany({ "x-ratelimit-reset": "1706140800" }), { startAt: 1_706_140_790_000 })
      expect([at.arrivals, at.requests[0]!.at]).toEqual([[0, 10_000], 1_706_140_790_000])
      yield* TestClock.setTime(0)
      const still = yield* hinted(tooMany({ "x-ratelimit-reset": "1706140800" }), { startAt: 0 })
      expect([still.arrivals, still.requests[0]!.at]).toEqual([[0, 1000], 0])
    })
  )

  it.effect("leaves a clock that was moved where it is", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(1_706_140_790_000)
      const timeline = yield* hinted(tooMany({ "retry-after": "Thu, 25 Jan 2024 00:00:00 GMT" }))
      expect([timeline.arrivals, timeline.requests[0]!.at]).toEqual([[0, 10_000], 1_706_140_790_000])
    })
  )

  it.effect("a step's reset and HTTP-date are written from the virtual now when it answers", () =>
    Effect.gen(function* () {
      const reset = yield* hinted(Step.rateLimitReset(tooMany({}), "6 seconds"))
      expect(reset.arrivals).toEqual([0, 6000])
      const date = yield* hinted(Step.delay("2 seconds", Step.retryAfterDate(tooMany({}), "5 seconds")))
      expect(date.arrivals).toEqual([0, 7000])
    })
  )

  it.effect("VirtualTime.startAt moves the clock before anything else reads it", () =>
    Effect.gen(function* () {
      yield* VirtualTime.startAt(new Date("2024-01-24T23:59:50Z"))
      expect(yield* Clock.currentTimeMillis).toBe(1_706_140_790_000)
      yield* VirtualTime.startAt(0)
      yield* VirtualTime.startAt()
      expect(yield* Clock.currentTimeMillis).toBe(1_706_140_790_000)
    })
  )
})

// Statuses in order, then 200: what a flaky server answers.
const statuses = (...sequence: ReadonlyArray<number>) => {
  let served = 0
  return (_: Http.IncomingMessage, response: Http.ServerResponse) => {
    response.writeHead(sequence[served++] ?? 200, { "content-type": "application/json" }).end("{}")
  }
}

// The real client of the platform (fetch, undici underneath), tracked.
const Tracked = TrackedHttpClient.layer.pipe(Layer.provide(FetchHttpClient.layer))

const realNow = TestServices.provideLive(Clock.currentTimeMillis)

describe("VirtualTime.run against a real server on 127.0.0.1", () => {
  it.effect("records when each attempt was sent, in virtual time, and answers come from the server", () =>
    Effect.gen(function* () {
      const url = yield* serve(statuses(503, 502))
      const get = Effect.filterOrFail(HttpClient.get(`${url}/v1/x`), (response) => response.status === 200)
      const timeline = yield* VirtualTime.run(withRetries(get))
      expect(timeline.exit).toMatchObject({ _tag: "Success", value: { status: 200 } })
      expect([timeline.arrivals, timeline.elapsed]).toEqual([[0, 1000, 3000], 3000])
      expect(timeline.requests.map((request) => [request.method, request.url])).toEqual([
        ["GET", `${url}/v1/x`],
        ["GET", `${url}/v1/x`],
        ["GET", `${url}/v1/x`]
      ])
      expect(yield* TrackedHttpClient.inFlight).toBe(0)
    }).pipe(Effect.scoped, Effect.provide(Tracked))
  )

  it.effect("waits for the answer before moving the clock: a timeout pending beside the request does not fire", () =>
    Effect.gen(function* () {
      // The answer takes real time, as any answer does; the attempt timeout is pending on the clock meanwhile.
      const url = yield* serve((_, response) => setTimeout(() => response.writeHead(200).end("late"), 20))
      const timed = Effect.flatMap(HttpClient.get(`${url}/v1/x`), (response) => response.text).pipe(
        Effect.timeout("5 seconds")
      )
      const timeline = yield* VirtualTime.run(timed, { grace: "2 seconds" })
      expect([timeline.exit, timeline.elapsed, timeline.arrivals]).toEqual([Exit.succeed("late"), 0, [0]])
    }).pipe(Effect.scoped, Effect.provide(Tracked))
  )

  it.effect(
    "with serverTime real, a slow answer from a server on real time holds the clock however long it takes",
    () =>
      Effect.gen(function* () {
        // 200 ms of real time: four times the default grace, after which a server on the test's clock is assumed.
        const url = yield* serve((_, response) => setTimeout(() => response.writeHead(200).end("slow"), 200))
        const timed = Effect.flatMap(HttpClient.get(`${url}/v1/x`), (response) => response.text).pipe(
          Effect.timeout("5 seconds")
        )
        const onRealTime = yield* VirtualTime.run(timed, { serverTime: "real" })
        expect([onRealTime.exit, onRealTime.elapsed]).toEqual([Exit.succeed("slow"), 0])
      }).pipe(Effect.scoped, Effect.provide(Tracked))
  )

  it.effect("counts a body still arriving as in flight: the timeout does not fire while it is read", () =>
    Effect.gen(function* () {
      const url = yield* serve((_, response) => {
        response.writeHead(200, { "content-type": "text/plain" }).write("first, ")
        setTimeout(() => response.end("then the rest"), 20)
      })
      const timed = Effect.flatMap(HttpClient.get(`${url}/v1/x`), (response) => response.text).pipe(
        Effect.timeout("5 seconds")
      )
      const timeline = yield* VirtualTime.run(timed, { grace: "2 seconds" })
      expect([timeline.exit, timeline.elapsed]).toEqual([Exit.succeed("first, then the rest"), 0])
    }).pipe(Effect.scoped, Effect.provide(Tracked))
  )

  it.effect("moves the clock when the server itself waits on it, without waiting for it in real time", () =>
    Effect.gen(function* () {
      // A server in this process whose handler sleeps on the test's clock, as the simulator's slow fault does.
      const runFork = Runtime.runFork(yield* Effect.runtime<never>())
      const url = yield* serve((_, response) => {
        runFork(Effect.sleep("30 seconds").pipe(Effect.andThen(() => response.writeHead(200).end("slow"))))
      })
      const read = Effect.flatMap(HttpClient.get(`${url}/v1/x`), (response) => response.text)
      const started = yield* realNow
      const answered = yield* VirtualTime.run(Effect.timeout(read, "1 minute"))
      expect([answered.exit, answered.elapsed]).toEqual([Exit.succeed("slow"), 30_000])
      // Past an attempt timeout shorter than the server's wait, the attempt times out at the timeout.
      const timedOut = yield* VirtualTime.run(Effect.timeout(read, "10 seconds"))
      expect([timedOut.exit._tag, timedOut.elapsed, timedOut.arrivals]).toEqual(["Failure", 10_000, [0]])
      expect((yield* realNow) - started).toBeLessThan(5000)
    }).pipe(Effect.scoped, Effect.provide(Tracked))
  )

  it.effect("dies when a request in flight makes no progress and nothing is pending on the clock", () =>
    Effect.gen(function* () {
      const url = yield* serve(() => {})
      const exit = yield* Effect.exit(VirtualTime.run(HttpClient.get(`${url}/v1/x`), { ioTimeout: "300 millis" }))
      expect(dieMessage(exit)).toContain(
        "1 request(s) in flight made no progress in 300ms of real time, with nothing pending on the clock: " +
          "the server never answered (1 request(s), 0 ms of virtual time)"
      )
    }).pipe(Effect.scoped, Effect.provide(Tracked))
  )

  it.effect("without a tracked client, still waits for the answer when nothing is pending on the clock", () =>
    Effect.gen(function* () {
      const url = yield* serve((_, response) => setTimeout(() => response.writeHead(200).end("plain"), 20))
      const read = Effect.flatMap(HttpClient.get(`${url}/v1/x`), (response) => response.text)
      const timeline = yield* VirtualTime.run(read, { grace: "2 seconds" })
      expect([timeline.exit, timeline.elapsed, timeline.arrivals]).toEqual([Exit.succeed("plain"), 0, []])
    }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer))
  )
})
