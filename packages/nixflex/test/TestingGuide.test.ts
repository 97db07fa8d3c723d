import * as Fs from "node:fs"
import { HttpClient } from "@effect/platform"
import { expect, it } from "@effect/vitest"
import { Dialect } from "@faultline/core"
import { Nixflex, NixflexDialect, NixflexEndpoints, NixflexError, NixflexModels } from "@faultline/nixflex"
import { NixflexArbitrary } from "@faultline/nixflex/testing"
import { ResponseArbitrary, Script, ScriptedHttpClient, Step, VirtualTime } from "@faultline/testing"
import { Cause, Effect, Either, Exit, Fiber, Layer, Redacted, TestClock } from "effect"

// The program under test: place a call, and say what happened in the program's own terms.
const placeCall = (to: string) =>
  Effect.gen(function* () {
    const nixflex = yield* Nixflex.Nixflex
    const call = yield* nixflex.createOutboundCall({
      agent_id: "agent_125207e452f8714a",
      to_number: to,
      prompt: "Confirm tomorrow's appointment"
    })
    return `placed ${call.call_id}`
  }).pipe(
    Effect.catchTags({
      InvalidInput: (failure) => Effect.succeed(`not sent: ${failure.issues.map((issue) => issue.path).join(", ")}`),
      ConcurrentCallLimit: () => Effect.succeed("busy: try later"),
      InvalidPhoneFormat: () => Effect.succeed("bad number")
    })
  )

const apiKey = Redacted.make("nxf_0123456789abcdef0123456789abcdef:nxfs_guide-secret")

const NixflexScripted = Nixflex.layer({ apiKey }).pipe(
  Layer.provideMerge(
    ScriptedHttpClient.layer(
      {
        "POST /v1/calls/outbound": [
          Step.json(429, {
            error: { type: "rate_limit_error", code: "rate_limit_exceeded", details: { retry_after: 2 } }
          }),
          Step.html(503, undefined, { "retry-after": "5" }),
          Step.json(201, { call_id: "CA1a2b3c", status: "queued" })
        ]
      },
      { api: NixflexEndpoints.endpoints }
    )
  )
)

it.effect("places the call through a rate limit and a proxy's 503 page", () =>
  Effect.gen(function* () {
    const timeline = yield* VirtualTime.run(placeCall("+447446466847"))
    expect(timeline.exit).toEqual(Exit.succeed("placed CA1a2b3c"))
    // Nixflex's details.retry_after, then the proxy's Retry-After
    expect(timeline.arrivals).toEqual([0, 2000, 7000])
    // One logical call: every attempt carries the same idempotency key
    const keys = new Set(timeline.requests.map((request) => request.headers["idempotency-key"]))
    expect(keys.size).toBe(1)
  }).pipe(Effect.provide(NixflexScripted))
)

it.effect("refuses to start a script with a route Nixflex does not have", () =>
  Effect.gen(function* () {
    const failure = yield* Effect.flip(
      ScriptedHttpClient.make({ "POST /v1/calls": [Step.json(201, {})] }, { api: NixflexEndpoints.endpoints })
    )
    expect(failure).toBeInstanceOf(Script.UnknownRoutes)
    expect(failure.patterns).toEqual(["POST /v1/calls"])
  })
)

it.effect("gives up with the TransportError once Nixflex's retries for transport faults are spent", () =>
  Effect.gen(function* () {
    const timeline = yield* VirtualTime.run(placeCall("+447446466847"))
    expect(timeline.exit).toMatchObject({
      _tag: "Failure",
      cause: { error: { _tag: "TransportError", reason: "ConnectionReset", mayHaveReachedServer: true } }
    })
    expect(timeline.requests).toHaveLength(4) // the first attempt and 3 retries
    expect(yield* ScriptedHttpClient.pending).toEqual({ "POST /v1/calls/outbound": 1 })
    // The failure carries the key every attempt was sent with, to try the same call again later
    const key = timeline.requests[0]?.headers["idempotency-key"]
    expect(timeline.exit).toMatchObject({ cause: { error: { idempotencyKey: key } } })
  }).pipe(
    Effect.provide(
      Nixflex.layer({ apiKey }).pipe(
        Layer.provideMerge(
          ScriptedHttpClient.layer(
            { "POST /v1/calls/outbound": Step.repeat(Step.reset, 5) },
            { api: NixflexEndpoints.endpoints }
          )
        )
      )
    )
  )
)

it.effect("answers only once the virtual clock reaches the scripted delay", () =>
  Effect.gen(function* () {
    const script = yield* ScriptedHttpClient.make(
      {
        "GET /v1/calls/:call_id": [
          Step.delay("20 seconds", Step.json(200, { call_id: "CA1a2b3c", duration_seconds: 42 }))
        ]
      },
      { api: NixflexEndpoints.endpoints }
    )
    const nixflex = yield* Effect.provideService(Nixflex.make({ apiKey }), HttpClient.HttpClient, script.client)
    const fiber = yield* Effect.fork(nixflex.getCall({ call_id: "CA1a2b3c" }))
    yield* TestClock.adjust("19 seconds")
    expect(fiber.unsafePoll()).toBeNull()
    yield* TestClock.adjust("1 second")
    const call = yield* Fiber.join(fiber)
    expect(call).toBeInstanceOf(NixflexModels.Call)
    expect(call.duration_seconds).toBe(42)
    expect((yield* script.requests).map((request) => [request.at, request.params.call_id])).toEqual([[0, "CA1a2b3c"]])
  })
)

it.effect("comes back when the quota resets, whatever the test clock reads", () =>
  Effect.gen(function* () {
    const timeline = yield* VirtualTime.run(placeCall("+447446466847"))
    expect(timeline.exit).toEqual(Exit.succeed("placed CA4d5e6f"))
    // The reset is 6 s after the virtual now when Nixflex answers
    expect(timeline.arrivals).toEqual([0, 6000])
  }).pipe(
    Effect.provide(
      Nixflex.layer({ apiKey }).pipe(
        Layer.provideMerge(
          ScriptedHttpClient.layer(
            {
              "POST /v1/calls/outbound": [
                Step.rateLimitReset(
                  Step.json(
                    429,
                    { error: { type: "rate_limit_error", code: "rate_limit_exceeded" } },
                    { "x-ratelimit-remaining": "0" }
                  ),
                  "6 seconds"
                ),
                Step.json(201, { call_id: "CA4d5e6f" })
              ]
            },
            { api: NixflexEndpoints.endpoints }
          )
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
      const NixflexOnce = Nixflex.layer({ apiKey, timeout: "10 seconds", retry: false }).pipe(
        Layer.provide(
          ScriptedHttpClient.layer({ "POST /v1/calls/outbound": [step] }, { api: NixflexEndpoints.endpoints })
        )
      )
      const timeline = yield* VirtualTime.run(Effect.provide(placeCall("+15550100"), NixflexOnce))
      return Exit.isSuccess(timeline.exit) || Cause.isFailType(timeline.exit.cause)
    }),
  { fastCheck: { numRuns: 50 } }
)

// The tags createOutboundCall declares: its own failures, and those every Nixflex call can have.
const declared: ReadonlyArray<string> = [...NixflexEndpoints.createOutboundCall.failures, ...NixflexEndpoints.common]

// What placeCall answers instead of failing.
const answers: Readonly<Record<string, string>> = {
  ConcurrentCallLimit: "busy: try later",
  InvalidPhoneFormat: "bad number"
}

it.prop(
  "a failure createOutboundCall declares reaches placeCall as itself; any other code, as NixflexUnknownError",
  [NixflexArbitrary.response],
  ([response]) => {
    // The failure the response stands for, as Nixflex's dialect reads it
    const sent = Dialect.decodeText(NixflexDialect.dialect, { ...response, now: 0 }).pipe(
      Either.flip,
      Either.getOrThrow
    )
    if (!NixflexError.isNixflexFailure(sent)) return false
    const NixflexOnce = Nixflex.layer({ apiKey, retry: false }).pipe(
      Layer.provide(
        ScriptedHttpClient.layer(
          { "POST /v1/calls/outbound": [Step.fromResponse(response)] },
          { api: NixflexEndpoints.endpoints }
        )
      )
    )
    const exit = Effect.runSyncExit(Effect.provide(placeCall("+15550100"), NixflexOnce))
    const expected = declared.includes(sent._tag) ? sent._tag : "NixflexUnknownError"
    const answer = answers[expected]
    if (answer !== undefined) return Exit.isSuccess(exit) && exit.value === answer
    const failure = Exit.isFailure(exit) && Cause.isFailType(exit.cause) ? exit.cause.error : undefined
    return (
      NixflexError.isNixflexFailure(failure) &&
      failure._tag === expected &&
      failure.code === sent.code &&
      failure.status === sent.status &&
      failure.idempotencyKey !== undefined
    )
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
  }).pipe(Effect.provide(Nixflex.layerTest({ createOutboundCall: Effect.fail(concurrentCallLimit) })))
)

it.effect("asks for a valid number when Nixflex rejects it", () =>
  Effect.gen(function* () {
    const dialled: Array<string> = []
    const NixflexFake = Nixflex.layerTest({
      createOutboundCall: (input) => {
        dialled.push(input.to_number)
        return input.to_number.startsWith("+1900")
          ? Effect.fail(
              new NixflexError.InvalidPhoneFormat({ status: 400, message: "Invalid phone", type: "invalid_request" })
            )
          : new NixflexModels.OutboundCall({ call_id: "CA7a8b9c", to_number: input.to_number })
      }
    })
    expect(yield* Effect.provide(placeCall("+19005550100"), NixflexFake)).toBe("bad number")
    expect(yield* Effect.provide(placeCall("+447446466847"), NixflexFake)).toBe("placed CA7a8b9c")
    expect(dialled).toEqual(["+19005550100", "+447446466847"])
  })
)

it.effect("checks the number before the handler sees it", () =>
  Effect.gen(function* () {
    let handled = 0
    const NixflexFake = Nixflex.layerTest({
      createOutboundCall: () => {
        handled++
        return new NixflexModels.OutboundCall({ call_id: "CA7a8b9c" })
      }
    })
    expect(yield* Effect.provide(placeCall("07446 466847"), NixflexFake)).toBe("not sent: to_number")
    expect(handled).toBe(0)
  })
)

it.effect("dies naming a method the test gave no handler", () =>
  Effect.gen(function* () {
    const defect = yield* placeCall("+15550100").pipe(
      Effect.provide(Nixflex.layerTest({})),
      Effect.catchAllDefect((defect) => Effect.succeed(String(defect)))
    )
    expect(defect).toContain("no handler for createOutboundCall")
  })
)

it.prop(
  "every failure createOutboundCall can have is handled by placeCall or reaches its caller unchanged",
  [NixflexArbitrary.failure.filter((failure) => declared.includes(failure._tag))],
  ([failure]) => {
    const NixflexFailing = Nixflex.layerTest({
      createOutboundCall: Effect.fail(failure as Nixflex.FailureOf<"createOutboundCall">)
    })
    const exit = Effect.runSyncExit(Effect.provide(placeCall("+15550100"), NixflexFailing))
    const answer = answers[failure._tag]
    return answer !== undefined
      ? Exit.isSuccess(exit) && exit.value === answer
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
