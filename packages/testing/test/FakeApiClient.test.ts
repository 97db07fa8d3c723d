import { describe, expect, it } from "@effect/vitest"
import { ApiClient, Failure, ProblemJson } from "@faultline/core"
import { FakeApiClient, Script, Step } from "@faultline/testing"
import { Cause, Context, Effect, Exit, Layer, Ref, Schema, TestClock } from "effect"

// A client tag like the vendors' (`NixflexHttpClient.NixflexHttpClient`), over the problem+json failures of core.
class ExampleApi extends Context.Tag("test/ExampleApi")<ExampleApi, ApiClient.ApiClient<ProblemJson.Problem>>() {}

const problem = (status: number, title: string) =>
  new ProblemJson.Problem({
    vendor: "example",
    status,
    message: title,
    problemType: "about:blank",
    title,
    extensions: {},
    category: status === 429 ? "rate_limited" : "not_found"
  })

const Call = Schema.Struct({ id: Schema.String })

// What a program under test might do: create a call, reading the id from the success body.
const createCall = Effect.flatMap(ExampleApi, (api) =>
  api.post("/v1/calls").pipe(Effect.flatMap(ApiClient.schemaJson(Call)))
)

describe("FakeApiClient", () => {
  it.effect("fails with the scripted failures and answers with the scripted steps, in order, recording requests", () =>
    Effect.gen(function* () {
      const limited = problem(429, "Too many calls")
      const fake = yield* FakeApiClient.make<ProblemJson.Problem>({
        "POST /v1/calls": [limited, Step.json(201, { id: "call_1" })]
      })
      const provided = Effect.provideService(createCall, ExampleApi, fake.client)
      expect(yield* Effect.flip(provided)).toBe(limited)
      expect(yield* provided).toEqual({ id: "call_1" })
      const requests = yield* fake.requests
      expect(requests.map((request) => [request.method, request.url, request.answer])).toEqual([
        ["POST", "/v1/calls", 0],
        ["POST", "/v1/calls", 1]
      ])
      expect(yield* fake.pending).toEqual({})
    })
  )

  it.effect("turns transport steps into the TransportError the real client fails with", () =>
    Effect.gen(function* () {
      const fake = yield* FakeApiClient.make<ProblemJson.Problem>({ "*": [Step.refused, Step.reset] })
      const refused = yield* Effect.flip(fake.client.get("/v1/x"))
      const reset = yield* Effect.flip(fake.client.get("/v1/x"))
      expect([refused, reset].map((failure) => failure instanceof Failure.TransportError && failure)).toMatchObject([
        { reason: "ConnectionRefused", mayHaveReachedServer: false, method: "GET", url: "/v1/x" },
        { reason: "ConnectionReset", mayHaveReachedServer: true }
      ])
    })
  )

  it.effect("waits on the Clock for a delayed step", () =>
    Effect.gen(function* () {
      const fake = yield* FakeApiClient.make<ProblemJson.Problem>({
        "GET /v1/x": [Step.delay("10 seconds", Step.json(200, {}))]
      })
      const fiber = yield* Effect.fork(fake.client.get("/v1/x"))
      yield* TestClock.adjust("9 seconds")
      expect(fiber.unsafePoll()).toBeNull()
      yield* TestClock.adjust("1 second")
      expect(fiber.unsafePoll()).toMatchObject({ _tag: "Success" })
    })
  )

  it.effect("an unscripted request is a defect that names it, unless the script says otherwise", () =>
    Effect.gen(function* () {
      const strict = yield* FakeApiClient.make<ProblemJson.Problem>({ "GET /v1/a": [] })
      const exit = yield* Effect.exit(strict.client.get("/v1/b"))
      expect(Exit.isFailure(exit) && Cause.isDie(exit.cause)).toBe(true)
      expect(Exit.isFailure(exit) && Cause.pretty(exit.cause)).toContain("nothing scripted for GET /v1/b")

      const notFound = problem(404, "Not found")
      const lenient = yield* FakeApiClient.make<ProblemJson.Problem>(
        [Script.route("GET /v1/a", [Step.json(200, {})], { otherwise: Step.json(200, { again: true }) })],
        { otherwise: notFound }
      )
      expect((yield* lenient.client.get("/v1/a")).status).toBe(200)
      expect(yield* Effect.flatMap(lenient.client.get("/v1/a"), (response) => response.json)).toEqual({ again: true })
      expect(yield* Effect.flip(lenient.client.get("/v1/b"))).toBe(notFound)
    })
  )

  it.effect("a handler decides from the request, with an outcome or an effect", () =>
    Effect.gen(function* () {
      const seen = yield* Ref.make(0)
      const fake = yield* FakeApiClient.make<ProblemJson.Problem>((request) =>
        request.path.startsWith("/v1/missing")
          ? problem(404, `No ${request.path}`)
          : Effect.as(
              Ref.update(seen, (n) => n + 1),
              Step.json(200, { body: request.body })
            )
      )
      const failure = yield* Effect.flip(fake.client.get("/v1/missing/7"))
      expect(failure._tag === "Problem" && failure.title).toBe("No /v1/missing/7")
      const response = yield* fake.client.post("/v1/echo", { body: undefined })
      expect([response.status, yield* Ref.get(seen), (yield* fake.requests).length]).toEqual([200, 1, 2])
    })
  )

  it.effect("fromHandler builds a stateless fake to provide with Layer.succeed", () =>
    Effect.gen(function* () {
      const Fake = Layer.succeed(
        ExampleApi,
        FakeApiClient.fromHandler<ProblemJson.Problem>((request) =>
          request.method === "POST" ? problem(429, "Slow down") : Step.json(200, { id: "call_2" })
        )
      )
      expect(yield* Effect.flip(Effect.provide(createCall, Fake))).toMatchObject({ _tag: "Problem", status: 429 })
      const get = Effect.flatMap(ExampleApi, (api) => api.get("/v1/calls/call_2"))
      expect((yield* Effect.provide(get, Fake)).status).toBe(200)
    })
  )

  it.effect("layer takes its failure type from the tag, and each build starts afresh", () =>
    Effect.gen(function* () {
      const Fake = FakeApiClient.layer(ExampleApi, { "POST /v1/calls": [problem(429, "Slow down")] })
      for (let build = 0; build < 2; build++) {
        const failure = yield* Effect.flip(Effect.provide(createCall, Fake))
        expect(failure._tag === "Problem" && failure.status).toBe(429)
      }
    })
  )
})
