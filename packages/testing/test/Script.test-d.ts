import type { ApiClient, Failure, ProblemJson } from "@faultline/core"
import { FakeApiClient, type Script, ScriptedHttpClient, Step } from "@faultline/testing"
import { Context, type Effect, type Layer, Schema } from "effect"
import { describe, expectTypeOf, it } from "vitest"

class ExampleApi extends Context.Tag("test/ExampleApi")<ExampleApi, ApiClient.ApiClient<ProblemJson.Problem>>() {}

class Elsewhere extends Schema.TaggedError<Elsewhere>()("Elsewhere", {
  message: Schema.String,
  category: Schema.Literal("server")
}) {}

declare const problem: ProblemJson.Problem
declare const elsewhere: Elsewhere
declare const transport: Failure.TransportError

describe("scripts", () => {
  it("take method and path patterns, and the catch-all", () => {
    ScriptedHttpClient.layer({ "POST /v1/calls": [Step.reset], "GET /v1/calls/:id": [], "* /v1/x": [], "*": [] })
    // @ts-expect-error not a method
    ScriptedHttpClient.layer({ "POTS /v1/calls": [Step.reset] })
    // @ts-expect-error a path starts with a slash
    ScriptedHttpClient.layer({ "GET v1/calls": [Step.reset] })
    // @ts-expect-error a scripted HttpClient plays steps, not failures
    ScriptedHttpClient.layer({ "GET /v1/calls": [problem] })
  })

  it("a fake takes its failure type from the client tag", () => {
    expectTypeOf(FakeApiClient.layer(ExampleApi, { "*": [problem, transport, Step.json(200, {})] })).toEqualTypeOf<
      Layer.Layer<ExampleApi>
    >()
    // @ts-expect-error a failure of another client
    FakeApiClient.layer(ExampleApi, { "*": [elsewhere] })
    // @ts-expect-error a handler answering a failure of another client
    FakeApiClient.layer(ExampleApi, () => elsewhere)
  })

  it("a fake's client fits the tag of its failure type", () => {
    expectTypeOf(FakeApiClient.fromHandler<ProblemJson.Problem>(() => problem)).toEqualTypeOf<
      ApiClient.ApiClient<ProblemJson.Problem>
    >()
  })
})

describe("ScriptedHttpClient.make", () => {
  it("can fail only when checked against an API", () => {
    const unchecked = ScriptedHttpClient.make({ "GET /v1/calls": [] })
    expectTypeOf<Effect.Effect.Error<typeof unchecked>>().toEqualTypeOf<never>()
    const checked = ScriptedHttpClient.make({ "GET /v1/calls": [] }, { api: [{ method: "GET", path: "/v1/calls" }] })
    expectTypeOf<Effect.Effect.Error<typeof checked>>().toEqualTypeOf<Script.UnknownRoutes>()
    const withOtherwise = ScriptedHttpClient.layer({ "*": [] }, { otherwise: Step.empty(500) })
    expectTypeOf<Layer.Layer.Error<typeof withOtherwise>>().toEqualTypeOf<never>()
  })
})
