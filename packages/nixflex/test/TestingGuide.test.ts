import * as Fs from "node:fs"
import { HttpBody } from "@effect/platform"
import { expect, it } from "@effect/vitest"
import { ApiClient } from "@faultline/core"
import { NixflexError, NixflexHttpClient, NixflexRetry } from "@faultline/nixflex"
import { NixflexArbitrary } from "@faultline/nixflex/testing"
import { FakeApiClient, ResponseArbitrary, ScriptedHttpClient, Step, VirtualTime } from "@faultline/testing"
import { Cause, Effect, Exit, Fiber, Layer, Redacted, Schema, TestClock } from "effect"

// The program under test: place a call, and say what happened in the program's own terms.
const Call = Schema.Struct({ call_id: Schema.String })

const placeCall = (to: string) =>
  Effect.flatMap(NixflexHttpClient.NixflexHttpClient, (nixflex) =>
    nixflex.post("/v1/calls", { body: HttpBody.unsafeJson({ agent_id: "agent_1", to_number: to }) })
  ).pipe(
    Effect.flatMap(ApiClient.schemaJson(Call)),
    Effect.map((call) => `placed ${call.call_id}`),
    Effect.catchTags({
      ConcurrentCallLimit: () => Effect.succeed("busy: try later"),
      InvalidPhoneFormat: () => Effect.succeed("bad number")
    })
  )

const apiKey = Redacted.make("nxf_0123456789abcdef0123456789abcdef:nxfs_guide-secret")

const NixflexScripted = NixflexHttpClient.layer({ apiKey, retry: NixflexRetry.defaults }).pipe(
  Layer.provideMerge(
    ScriptedHttpClient.layer({
      "POST /v1/calls": [
        Step.json(429, {
          error: { type: "rate_limit_error", code: "rate_limit_exceeded", details: { retry_after: 2 } }
        }),
        Step.html(503, undefined, { "retry-after": "5" }),
        Step.json(201, { call_id: "call_1" })
      ]
    })
  )
)

it.effect("places the call through a rate limit and a proxy's 503 page", () =>
  Effect.gen(function* () {
    const timeline = yield* VirtualTime.run(placeCall("+447446466847"))
    expect(timeline.exit).toEqual(Exit.succeed("placed call_1"))
    // Nixflex's details.retry_after, then the proxy's Retry-After
    expect(timeline.arrivals).toEqual([0, 2000, 7000])
    // One logical call: every attempt carries the same idempotency key
    const keys = new Set(timeline.requests.map((request) => request.headers["idempotency-key"]))
    expect(keys.size).toBe(1)
  }).pipe(Effect.provide(NixflexScripted))
)

it.effect("gives up with the TransportError once Nixflex's retries for transport faults are spent", () =>
  Effect.gen(function* () {
    const timeline = yield* VirtualTime.run(placeCall("+447446466847"))
    expect(timeline.exit).toMatchObject({
      _tag: "Failure",
      cause: { error: { _tag: "TransportError", reason: "ConnectionReset", mayHaveReachedServer: true } }
    })
    expect(timeline.requests).toHaveLength(4) // the first attempt and 3 retries
    expect(yield* ScriptedHttpClient.pending).toEqual({ "POST /v1/calls": 1 })
  }).pipe(
    Effect.provide(
      NixflexHttpClient.layer({ apiKey, retry: NixflexRetry.defaults }).pipe(
        Layer.provideMerge(ScriptedHttpClient.layer({ "POST /v1/calls": Step.repeat(Step.reset, 5) }))
      )
    )
  )
)

it.effect("answers only once the virtual clock reaches the scripted delay", () =>
  Effect.gen(function* () {
    const script = yield* ScriptedHttpClient.make({
      "GET /v1/calls/:id": [Step.delay("20 seconds", Step.json(200, { call_id: "call_1" }))]
    })
    const nixflex = NixflexHttpClient.make({ apiKey })(script.client)
    const fiber = yield* Effect.fork(nixflex.get("/v1/calls/call_1"))
    yield* TestClock.adjust("19 seconds")
    expect(fiber.unsafePoll()).toBeNull()
    yield* TestClock.adjust("1 second")
    expect((yield* Fiber.join(fiber)).status).toBe(200)
    expect((yield* script.requests).map((request) => [request.at, request.params.id])).toEqual([[0, "call_1"]])
  })
)

it.effect("comes back when the quota resets, whatever the test clock reads", () =>
  Effect.gen(function* () {
    const timeline = yield* VirtualTime.run(placeCall("+447446466847"))
    expect(timeline.exit).toEqual(Exit.succeed("placed call_2"))
    // The reset is 6 s after the virtual now when Nixflex answers
    expect(timeline.arrivals).toEqual([0, 6000])
  }).pipe(
    Effect.provide(
      NixflexHttpClient.layer({ apiKey, retry: NixflexRetry.defaults }).pipe(
        Layer.provideMerge(
          ScriptedHttpClient.layer({
            "POST /v1/calls": [
              Step.rateLimitReset(
                Step.json(
                  429,
                  { error: { type: "rate_limit_error", code: "rate_limit_exceeded" } },
                  { "x-ratelimit-remaining": "0" }
                ),
                "6 seconds"
              ),
              Step.json(201, { call_id: "call_2" })
            ]
          })
        )
      )
    )
  )
)

it.effect.prop(
  "whatever Nixflex or the network answers, placeCall ends in a value or a typed failure, never a defect",
  [ResponseArbitrary.step(NixflexArbitrary.body)],
  ([step]) =>
    Effect.gen(function* () {
      const NixflexOnce = NixflexHttpClient.layer({ apiKey, timeout: "10 seconds" }).pipe(
        Layer.provide(ScriptedHttpClient.layer({ "POST /v1/calls": [step] }))
      )
      const timeline = yield* VirtualTime.run(Effect.provide(placeCall("+15550100"), NixflexOnce))
      return Exit.isSuccess(timeline.exit) || Cause.isFailType(timeline.exit.cause)
    }),
  { fastCheck: { numRuns: 50 } }
)

it.prop(
  "every documented Nixflex failure reaches the program as itself, or as the answer the program chose",
  [NixflexArbitrary.response],
  ([response]) => {
    const NixflexOnce = NixflexHttpClient.layer({ apiKey }).pipe(
      Layer.provide(ScriptedHttpClient.layer({ "POST /v1/calls": [Step.fromResponse(response)] }))
    )
    const exit = Effect.runSyncExit(Effect.provide(placeCall("+15550100"), NixflexOnce))
    const failure = Exit.isFailure(exit) ? Cause.failureOption(exit.cause) : undefined
    return Exit.isSuccess(exit) || (failure?._tag === "Some" && NixflexError.isNixflexFailure(failure.value))
  },
  { fastCheck: { numRuns: 300 } }
)

const concurrentCallLimit = new NixflexError.ConcurrentCallLimit({
  status: 429,
  message: "Too many concurrent calls",
  type: "rate_limit_error"
})

it.effect("tells the user to try later while Nixflex is at its concurrency limit", () =>
  Effect.gen(function* () {
    expect(yield* placeCall("+15550100")).toBe("busy: try later")
    expect(yield* placeCall("+15550100")).toBe("placed call_2")
  }).pipe(
    Effect.provide(
      FakeApiClient.layer(NixflexHttpClient.NixflexHttpClient, {
        "POST /v1/calls": [concurrentCallLimit, Step.json(201, { call_id: "call_2" })]
      })
    )
  )
)

it.effect("asks for a valid number when Nixflex rejects it", () =>
  Effect.gen(function* () {
    const fake = yield* FakeApiClient.make<NixflexError.NixflexFailure>((request) =>
      request.body.includes('"to_number":"+44"')
        ? new NixflexError.InvalidPhoneFormat({ status: 400, message: "Invalid phone", type: "invalid_request" })
        : Step.json(201, { call_id: "call_3" })
    )
    const withFake = Effect.provideService(NixflexHttpClient.NixflexHttpClient, fake.client)
    expect(yield* withFake(placeCall("+44"))).toBe("bad number")
    expect(yield* withFake(placeCall("+447446466847"))).toBe("placed call_3")
    expect((yield* fake.requests).map((request) => request.path)).toEqual(["/v1/calls", "/v1/calls"])
  })
)

const NixflexAlwaysBusy = Layer.succeed(
  NixflexHttpClient.NixflexHttpClient,
  FakeApiClient.fromHandler<NixflexError.NixflexFailure>(() => concurrentCallLimit)
)

it.effect("stays busy while Nixflex is", () =>
  Effect.gen(function* () {
    expect(yield* placeCall("+15550100")).toBe("busy: try later")
  }).pipe(Effect.provide(NixflexAlwaysBusy))
)

it.prop(
  "every Nixflex failure is handled by placeCall or reaches its caller unchanged",
  [NixflexArbitrary.failure],
  ([failure]) => {
    const NixflexFailing = FakeApiClient.layer(NixflexHttpClient.NixflexHttpClient, { "POST /v1/calls": [failure] })
    const exit = Effect.runSyncExit(Effect.provide(placeCall("+15550100"), NixflexFailing))
    const handled = failure._tag === "ConcurrentCallLimit" || failure._tag === "InvalidPhoneFormat"
    return handled
      ? Exit.isSuccess(exit)
      : Exit.isFailure(exit) && Cause.isFailType(exit.cause) && exit.cause.error === failure
  },
  { fastCheck: { numRuns: 500 } }
)

// docs/testing.md shows exactly the examples of this file, so that every one of them compiles and passes.
it("docs/testing.md shows this file's examples, as they are here", () => {
  const page = Fs.readFileSync(new URL("../../../docs/testing.md", import.meta.url), "utf8")
  const source = Fs.readFileSync(new URL(import.meta.url), "utf8")
  const examples = [...page.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1])
  expect(examples.length).toBeGreaterThan(5)
  expect(examples.filter((example) => !source.includes(example ?? ""))).toEqual([])
})
