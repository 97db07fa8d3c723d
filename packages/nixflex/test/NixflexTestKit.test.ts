import { HttpBody } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { ApiClient, Dialect, Failure, Redaction, ResponseBody } from "@faultline/core"
import { NixflexDialect, NixflexError, NixflexHttpClient, NixflexRetry } from "@faultline/nixflex"
import { DocumentedExamples, NixflexArbitrary } from "@faultline/nixflex/testing"
import { FakeApiClient, ScriptedHttpClient, Step, VirtualTime } from "@faultline/testing"
import { Effect, Either, Exit, Layer, Redacted, Schema } from "effect"

// The test kit of @faultline/testing with the real Nixflex layer: scripted responses and faults decode to the
// failures Nixflex's dialect and faultline's client give, and fakes stand in for the Nixflex client service.

const apiKey = Redacted.make("nxf_0123456789abcdef0123456789abcdef:nxfs_test-kit-secret")
const baseUrl = "https://api.nixflex.test"
const encoder = new TextEncoder()

const rateLimited = (retryAfter: number) =>
  Step.json(429, {
    error: {
      type: "rate_limit_error",
      code: "rate_limit_exceeded",
      message: "Rate limit exceeded.",
      details: { retry_after: retryAfter }
    }
  })

// The Nixflex client over a script, as `NixflexHttpClient.make(options)(scripted)`.
// Pacing off: the scripted responses are each a case on their own, and a scripted 429 must not hold the next case.
const nixflexOver = (script: ScriptedHttpClient.ScriptedHttpClient.Service, options?: { timeout?: "3 seconds" }) =>
  NixflexHttpClient.make({ apiKey, baseUrl, pacing: false, ...options })(script.client)

const failureOf = (step: Step.Step) =>
  Effect.gen(function* () {
    const script = yield* ScriptedHttpClient.make({ "POST /v1/calls": [step] })
    return yield* Effect.flip(nixflexOver(script).post("/v1/calls"))
  })

// A small program under test: place a call, and say what happened in the program's own terms.
const Call = Schema.Struct({ call_id: Schema.String })

const placeCall = (to: string) =>
  Effect.flatMap(NixflexHttpClient.NixflexHttpClient, (nixflex) =>
    nixflex.post("/v1/calls", { body: HttpBody.unsafeJson({ agent_id: "agent_1", to_number: to }) })
  ).pipe(
    Effect.flatMap(ApiClient.schemaJson(Call)),
    Effect.map((call) => `placed ${call.call_id}`),
    Effect.catchTags({
      ConcurrentCallLimit: () => Effect.succeed("busy: try later"),
      InvalidPhoneFormat: () => Effect.succeed("bad number"),
      RateLimitExceeded: (failure) => Effect.succeed(`slow down (${failure.waitHint?.millis ?? "?"} ms)`)
    })
  )

describe("ScriptedHttpClient under NixflexHttpClient", () => {
  it.effect("a vendor error body decodes to its failure class, with the wait hint from details.retry_after", () =>
    Effect.gen(function* () {
      const failure = yield* failureOf(rateLimited(2))
      expect(failure).toBeInstanceOf(NixflexError.RateLimitExceeded)
      expect(failure._tag === "RateLimitExceeded" && [failure.status, failure.waitHint?.millis]).toEqual([429, 2000])
    })
  )

  it.effect("an HTML gateway page is UnexpectedBody NotJson, upstream", () =>
    Effect.gen(function* () {
      const failure = yield* failureOf(Step.html(502))
      expect(failure._tag === "UnexpectedBody" && [failure.vendor, failure.reason, failure.category]).toEqual([
        "nixflex",
        "NotJson",
        "upstream"
      ])
    })
  )

  it.effect("an empty 500 is UnexpectedBody Empty", () =>
    Effect.gen(function* () {
      const failure = yield* failureOf(Step.empty(500))
      expect(failure._tag === "UnexpectedBody" && [failure.reason, failure.category]).toEqual(["Empty", "server"])
    })
  )

  it.effect("a truncated body is UnexpectedBody Truncated, error status or success", () =>
    Effect.gen(function* () {
      const error = yield* failureOf(Step.truncated(rateLimited(2)))
      const success = yield* failureOf(Step.truncated(Step.json(201, { call_id: "call_1" }), { after: 3 }))
      expect([error, success].map((failure) => failure._tag === "UnexpectedBody" && failure.reason)).toEqual([
        "Truncated",
        "Truncated"
      ])
    })
  )

  it.effect("a reset is a TransportError that may have reached the server", () =>
    Effect.gen(function* () {
      const failure = yield* failureOf(Step.reset)
      expect(failure instanceof Failure.TransportError && failure).toMatchObject({
        reason: "ConnectionReset",
        mayHaveReachedServer: true,
        method: "POST",
        url: `${baseUrl}/v1/calls`
      })
    })
  )

  it.effect("a refused connection is a TransportError that never reached the server", () =>
    Effect.gen(function* () {
      const failure = yield* failureOf(Step.refused)
      expect(failure instanceof Failure.TransportError && failure).toMatchObject({
        reason: "ConnectionRefused",
        mayHaveReachedServer: false
      })
    })
  )

  it.effect("a delay longer than the attempt timeout is AttemptTimeout, at the timeout", () =>
    Effect.gen(function* () {
      const script = yield* ScriptedHttpClient.make({
        "GET /v1/calls/:id": [Step.delay("5 seconds", Step.json(200, {})), Step.delay("2 seconds", Step.json(200, {}))]
      })
      const nixflex = nixflexOver(script, { timeout: "3 seconds" })
      const slow = yield* VirtualTime.run(nixflex.get("/v1/calls/call_1"), { recorder: script })
      expect([slow.elapsed, Exit.isFailure(slow.exit) && slow.exit.cause]).toMatchObject([
        3000,
        { error: { _tag: "AttemptTimeout", timeoutMillis: 3000 } }
      ])
      const quick = yield* VirtualTime.run(nixflex.get("/v1/calls/call_1"), { recorder: script })
      expect([quick.elapsed, Exit.isSuccess(quick.exit)]).toEqual([2000, true])
    })
  )

  it.effect("every documented example, replayed by a script, decodes to its documented tag", () =>
    Effect.gen(function* () {
      const script = yield* ScriptedHttpClient.make({
        "GET /v1/examples": DocumentedExamples.examples.map(Step.fromResponse)
      })
      const nixflex = nixflexOver(script)
      for (const example of DocumentedExamples.examples) {
        const failure = yield* Effect.flip(nixflex.get("/v1/examples"))
        expect([example.name, failure._tag, failure.category]).toEqual([
          example.name,
          example.expectedTag,
          example.expectedCategory
        ])
      }
    })
  )

  it.prop(
    "a generated response goes through the layer to the failure Dialect.decode gives for it",
    [NixflexArbitrary.response],
    ([response]) => {
      const direct = Dialect.decode(NixflexDialect.dialect, {
        status: response.status,
        headers: response.headers,
        body: ResponseBody.complete(encoder.encode(response.body)),
        now: 0,
        redactor: Redaction.generic
      })
      const layered = Effect.runSync(
        Effect.flip(
          Effect.flatMap(ScriptedHttpClient.make({ "*": [Step.fromResponse(response)] }), (script) =>
            nixflexOver(script).post("/v1/calls")
          )
        )
      )
      const expected = Either.getOrThrow(Either.flip(direct))
      return layered._tag === expected._tag && "status" in layered && layered.status === expected.status
    },
    { fastCheck: { numRuns: 200 } }
  )

  it.effect("with Nixflex's default retries: honours retry_after, keeps one idempotency key, ends in the call", () =>
    Effect.gen(function* () {
      const timeline = yield* VirtualTime.run(placeCall("+447446466847"))
      expect(timeline.exit).toEqual(Exit.succeed("placed call_1"))
      expect(timeline.arrivals).toEqual([0, 2000, 7000])
      const keys = timeline.requests.map((request) => request.headers["idempotency-key"])
      expect([keys.length, new Set(keys).size, keys[0]]).toEqual([3, 1, expect.stringMatching(/^[0-9a-f-]{36}$/)])
      expect(JSON.parse(timeline.requests[0]!.body)).toEqual({ agent_id: "agent_1", to_number: "+447446466847" })
    }).pipe(
      Effect.provide(
        NixflexHttpClient.layer({ apiKey, baseUrl, retry: NixflexRetry.defaults }).pipe(
          Layer.provideMerge(
            ScriptedHttpClient.layer({
              "POST /v1/calls": [
                rateLimited(2),
                Step.html(503, undefined, { "retry-after": "5" }),
                Step.json(201, { call_id: "call_1" })
              ]
            })
          )
        )
      )
    )
  )
})

describe("FakeApiClient as the Nixflex client", () => {
  const limit = new NixflexError.ConcurrentCallLimit({
    status: 429,
    message: "Too many concurrent calls",
    type: "rate_limit_error"
  })

  it.effect("FakeApiClient.layer with NixflexHttpClient's tag: scripted failures, then success", () =>
    Effect.gen(function* () {
      expect(yield* placeCall("+15550100")).toBe("busy: try later")
      expect(yield* placeCall("+15550100")).toBe("placed call_2")
    }).pipe(
      Effect.provide(
        FakeApiClient.layer(NixflexHttpClient.NixflexHttpClient, {
          "POST /v1/calls": [limit, Step.json(201, { call_id: "call_2" })]
        })
      )
    )
  )

  it.effect("Layer.succeed with a handler typed by Nixflex's failures", () =>
    Effect.gen(function* () {
      const Fake = Layer.succeed(
        NixflexHttpClient.NixflexHttpClient,
        FakeApiClient.fromHandler<NixflexError.NixflexFailure>((request) =>
          request.body.includes("+44")
            ? new NixflexError.InvalidPhoneFormat({ status: 400, message: "bad", type: "invalid_request" })
            : Step.json(201, { call_id: "call_3" })
        )
      )
      expect(yield* Effect.provide(placeCall("+447"), Fake)).toBe("bad number")
      expect(yield* Effect.provide(placeCall("+1555"), Fake)).toBe("placed call_3")
    })
  )

  it.prop(
    "whatever Nixflex fails with, the program ends in a value or that very failure, never a defect",
    [NixflexArbitrary.failure],
    ([failure]) => {
      const exit = Effect.runSyncExit(
        Effect.provide(
          placeCall("+15550100"),
          FakeApiClient.layer(NixflexHttpClient.NixflexHttpClient, { "POST /v1/calls": [failure] })
        )
      )
      const handled = ["ConcurrentCallLimit", "InvalidPhoneFormat", "RateLimitExceeded"].includes(failure._tag)
      return handled
        ? Exit.isSuccess(exit)
        : Exit.isFailure(exit) && exit.cause._tag === "Fail" && exit.cause.error === failure
    },
    { fastCheck: { numRuns: 300 } }
  )
})
