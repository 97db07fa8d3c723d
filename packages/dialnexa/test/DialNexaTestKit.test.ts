import { describe, expect, it } from "@effect/vitest"
import { Failure } from "@faultline/core"
import { DialNexaError, DialNexaHttpClient } from "@faultline/dialnexa"
import { DialNexaArbitrary, DocumentedExamples } from "@faultline/dialnexa/testing"
import { FakeApiClient, ScriptedHttpClient, Step } from "@faultline/testing"
import { Effect, Exit, Layer, Redacted } from "effect"

// The test kit of @faultline/testing with the real DialNexa layer and DialNexa's client tag.

const apiKey = Redacted.make("dnx_test_test-kit-0123456789")
const baseUrl = "https://api.dialnexa.test"

const dialNexaOver = (script: ScriptedHttpClient.ScriptedHttpClient.Service) =>
  DialNexaHttpClient.make({ apiKey, baseUrl, pacing: false })(script.client)

// A small program under test: start a campaign, answering "too many requests" with the server's wait.
const startCampaign = (id: string) =>
  Effect.flatMap(DialNexaHttpClient.DialNexaHttpClient, (dialNexa) => dialNexa.post(`/v1/campaigns/${id}/start`)).pipe(
    Effect.as("started"),
    Effect.catchTags({
      TooManyRequests: (failure) => Effect.succeed(`wait ${failure.waitHint?.millis ?? 1000} ms`),
      Conflict: () => Effect.succeed("already running")
    })
  )

describe("ScriptedHttpClient under DialNexaHttpClient", () => {
  it.effect("every documented example, replayed by a script, decodes to its documented tag", () =>
    Effect.gen(function* () {
      const script = yield* ScriptedHttpClient.make({
        "GET /v1/examples": DocumentedExamples.examples.map(Step.fromResponse)
      })
      const dialNexa = dialNexaOver(script)
      for (const example of DocumentedExamples.examples) {
        const failure = yield* Effect.flip(dialNexa.get("/v1/examples"))
        expect([example.name, failure._tag, failure.category]).toEqual([
          example.name,
          example.expectedTag,
          example.expectedCategory
        ])
      }
    })
  )

  it.effect("validation messages, Retry-After, a cut-off body and a refusal decode as DialNexa's client says", () =>
    Effect.gen(function* () {
      const script = yield* ScriptedHttpClient.make({
        "POST /v1/calls": [
          Step.json(400, {
            statusCode: 400,
            message: ["to_number must be a valid phone number"],
            error: "Bad Request"
          }),
          Step.json(429, { statusCode: 429, message: "ThrottlerException: Too Many Requests" }, { "Retry-After": "7" }),
          Step.truncated(Step.json(500, { statusCode: 500, message: "Internal server error" })),
          Step.refused
        ]
      })
      const dialNexa = dialNexaOver(script)
      const failures = []
      for (let attempt = 0; attempt < 4; attempt++) failures.push(yield* Effect.flip(dialNexa.post("/v1/calls")))
      const [badRequest, tooMany, cutOff, refused] = failures
      expect(badRequest instanceof DialNexaError.BadRequest && badRequest.issues).toMatchObject([
        { field: "to_number" }
      ])
      expect(tooMany instanceof DialNexaError.TooManyRequests && tooMany.waitHint?.millis).toBe(7000)
      expect(cutOff?._tag === "UnexpectedBody" && cutOff.reason).toBe("Truncated")
      expect(refused instanceof Failure.TransportError && refused.mayHaveReachedServer).toBe(false)
    })
  )
})

describe("FakeApiClient as the DialNexa client", () => {
  const conflict = new DialNexaError.Conflict({
    status: 409,
    message: "Campaign is already running",
    messages: ["Campaign is already running"],
    issues: []
  })

  it.effect("FakeApiClient.layer with DialNexaHttpClient's tag", () =>
    Effect.gen(function* () {
      expect(yield* startCampaign("c_1")).toBe("already running")
      expect(yield* startCampaign("c_1")).toBe("started")
    }).pipe(
      Effect.provide(
        FakeApiClient.layer(DialNexaHttpClient.DialNexaHttpClient, {
          "POST /v1/campaigns/:id/start": [conflict, Step.json(200, { status: "running" })]
        })
      )
    )
  )

  it.effect("Layer.succeed with a handler typed by DialNexa's failures", () =>
    Effect.gen(function* () {
      const Fake = Layer.succeed(
        DialNexaHttpClient.DialNexaHttpClient,
        FakeApiClient.fromHandler<DialNexaError.DialNexaFailure>((request) =>
          request.path.includes("/busy/") ? conflict : Step.empty(204)
        )
      )
      expect(yield* Effect.provide(startCampaign("busy"), Fake)).toBe("already running")
      expect(yield* Effect.provide(startCampaign("idle"), Fake)).toBe("started")
    })
  )

  it.prop(
    "whatever DialNexa fails with, the program ends in a value or that very failure",
    [DialNexaArbitrary.failure],
    ([failure]) => {
      const exit = Effect.runSyncExit(
        Effect.provide(
          startCampaign("c_1"),
          FakeApiClient.layer(DialNexaHttpClient.DialNexaHttpClient, { "POST /v1/campaigns/:id/start": [failure] })
        )
      )
      return ["TooManyRequests", "Conflict"].includes(failure._tag)
        ? Exit.isSuccess(exit)
        : Exit.isFailure(exit) && exit.cause._tag === "Fail" && exit.cause.error === failure
    },
    { fastCheck: { numRuns: 200 } }
  )
})
