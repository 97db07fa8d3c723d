import { describe, expect, it } from "@effect/vitest"
import { Failure } from "@faultline/core"
import { LevrageError, LevrageHttpClient } from "@faultline/levrage"
import { DocumentedExamples, LevrageArbitrary } from "@faultline/levrage/testing"
import { FakeApiClient, ScriptedHttpClient, Step } from "@faultline/testing"
import { Effect, Exit, Layer, Redacted } from "effect"

// The test kit of @faultline/testing with the real Levrage layer and Levrage's client tag.

const apiKey = Redacted.make("lev_test-kit-0123456789abcdef")
const baseUrl = "https://api.levrage.test"

const levrageOver = (script: ScriptedHttpClient.ScriptedHttpClient.Service) =>
  LevrageHttpClient.make({ apiKey, baseUrl })(script.client)

// A small program under test: look an agent up, treating "not there" as a value.
const findAgent = (id: string) =>
  Effect.flatMap(LevrageHttpClient.LevrageHttpClient, (levrage) => levrage.get(`/v1/agents/${id}`)).pipe(
    Effect.as(`found ${id}`),
    Effect.catchTags({
      NotFound: () => Effect.succeed("no such agent"),
      QuotaExceeded: () => Effect.succeed("top up credits")
    })
  )

describe("ScriptedHttpClient under LevrageHttpClient", () => {
  it.effect("every documented example, replayed by a script, decodes to its documented tag", () =>
    Effect.gen(function* () {
      const script = yield* ScriptedHttpClient.make({
        "GET /v1/examples": DocumentedExamples.examples.map(Step.fromResponse)
      })
      const levrage = levrageOver(script)
      for (const example of DocumentedExamples.examples) {
        const failure = yield* Effect.flip(levrage.get("/v1/examples"))
        expect([example.name, failure._tag, failure.category]).toEqual([
          example.name,
          example.expectedTag,
          example.expectedCategory
        ])
      }
    })
  )

  it.effect("both body shapes, a proxy page and a reset decode as Levrage's client says", () =>
    Effect.gen(function* () {
      const script = yield* ScriptedHttpClient.make({
        "POST /v1/agents": [
          Step.json(402, { success: false, error: { code: "quota_exceeded", message: "Insufficient credits" } }),
          Step.json(422, { detail: [{ loc: ["body", "phone_number"], msg: "must be E.164", type: "value_error" }] }),
          Step.html(504),
          Step.reset
        ]
      })
      const levrage = levrageOver(script)
      const failures = []
      for (let attempt = 0; attempt < 4; attempt++) failures.push(yield* Effect.flip(levrage.post("/v1/agents")))
      expect(failures.map((failure) => failure._tag)).toEqual([
        "QuotaExceeded",
        "UnprocessableEntity",
        "UnexpectedBody",
        "TransportError"
      ])
      const [, unprocessable, gatewayPage, reset] = failures
      expect(unprocessable instanceof LevrageError.UnprocessableEntity && unprocessable.issues).toMatchObject([
        { path: "body.phone_number", message: "must be E.164" }
      ])
      expect(gatewayPage?._tag === "UnexpectedBody" && [gatewayPage.reason, gatewayPage.category]).toEqual([
        "NotJson",
        "timeout"
      ])
      expect(reset instanceof Failure.TransportError && reset.mayHaveReachedServer).toBe(true)
    })
  )
})

describe("FakeApiClient as the Levrage client", () => {
  const notFound = new LevrageError.NotFound({ status: 404, message: "Agent not found", issues: [] })

  it.effect("FakeApiClient.layer with LevrageHttpClient's tag", () =>
    Effect.gen(function* () {
      expect(yield* findAgent("agent_1")).toBe("no such agent")
      expect(yield* findAgent("agent_1")).toBe("found agent_1")
    }).pipe(
      Effect.provide(
        FakeApiClient.layer(LevrageHttpClient.LevrageHttpClient, {
          "GET /v1/agents/:id": [notFound, Step.json(200, { id: "agent_1" })]
        })
      )
    )
  )

  it.effect("Layer.succeed with a handler typed by Levrage's failures", () =>
    Effect.gen(function* () {
      const Fake = Layer.succeed(
        LevrageHttpClient.LevrageHttpClient,
        FakeApiClient.fromHandler<LevrageError.LevrageFailure>((request) =>
          request.path.endsWith("/gone") ? notFound : Step.json(200, {})
        )
      )
      expect(yield* Effect.provide(findAgent("gone"), Fake)).toBe("no such agent")
      expect(yield* Effect.provide(findAgent("here"), Fake)).toBe("found here")
    })
  )

  it.prop(
    "whatever Levrage fails with, the program ends in a value or that very failure",
    [LevrageArbitrary.failure],
    ([failure]) => {
      const exit = Effect.runSyncExit(
        Effect.provide(
          findAgent("agent_1"),
          FakeApiClient.layer(LevrageHttpClient.LevrageHttpClient, { "GET /v1/agents/:id": [failure] })
        )
      )
      return ["NotFound", "QuotaExceeded"].includes(failure._tag)
        ? Exit.isSuccess(exit)
        : Exit.isFailure(exit) && exit.cause._tag === "Fail" && exit.cause.error === failure
    },
    { fastCheck: { numRuns: 200 } }
  )
})
