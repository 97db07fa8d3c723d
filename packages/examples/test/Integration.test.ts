import { FetchHttpClient, HttpClient } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { ApiClient, Failure, ProblemJson } from "@faultline/core"
import { DialNexaHttpClient } from "@faultline/dialnexa"
import { LevrageHttpClient } from "@faultline/levrage"
import { NixflexHttpClient } from "@faultline/nixflex"
import { Effect, type Layer, Redacted } from "effect"
import * as ExampleServer from "../src/ExampleServer.js"

// The typed client layers against a real server on 127.0.0.1, over each of the platform's HTTP clients.

const apiKey = Redacted.make("nxf_0123456789abcdef0123456789abcdef:nxfs_integration-secret")

const transports: ReadonlyArray<readonly [string, Layer.Layer<HttpClient.HttpClient>]> = [
  ["NodeHttpClient (undici)", NodeHttpClient.layerUndici],
  ["NodeHttpClient (node:http)", NodeHttpClient.layer],
  ["FetchHttpClient", FetchHttpClient.layer]
]

// Each documented example is a response on its own: the 429s among them must not hold the next example's request
// (pacing would, as it should for a real vendor).
const options = (baseUrl: string) =>
  ({ baseUrl, apiKey, bodyLimit: 64 * 1024, timeout: "300 millis", pacing: false }) as const

const nixflexClient = (baseUrl: string) => Effect.map(HttpClient.HttpClient, NixflexHttpClient.make(options(baseUrl)))

const makeClient = (vendor: ExampleServer.Vendor, baseUrl: string) =>
  Effect.map(HttpClient.HttpClient, (http): HttpClient.HttpClient.With<Failure.Failure> => {
    switch (vendor) {
      case "dialnexa":
        return DialNexaHttpClient.make(options(baseUrl))(http)
      case "levrage":
        return LevrageHttpClient.make(options(baseUrl))(http)
      case "nixflex":
        return NixflexHttpClient.make(options(baseUrl))(http)
    }
  })

for (const [name, transport] of transports) {
  describe(`over ${name}`, () => {
    for (const vendor of Object.keys(ExampleServer.vendors) as Array<ExampleServer.Vendor>) {
      it.live(`every documented ${vendor} example decodes to its documented tag`, () =>
        Effect.gen(function* () {
          const baseUrl = yield* ExampleServer.start
          const client = yield* makeClient(vendor, baseUrl)
          for (const [index, example] of ExampleServer.vendors[vendor].entries()) {
            const failure = yield* Effect.flip(client.get(`/examples/${vendor}/${index}`))
            expect([example.name, failure._tag, failure.category]).toEqual([
              example.name,
              example.expectedTag,
              example.expectedCategory
            ])
          }
        }).pipe(Effect.scoped, Effect.provide(transport))
      )
    }

    const fault = (path: string) =>
      Effect.gen(function* () {
        const baseUrl = yield* ExampleServer.start
        const client = yield* nixflexClient(baseUrl)
        return yield* Effect.flip(client.get(path))
      }).pipe(Effect.scoped, Effect.provide(transport))

    it.live("an HTML 502 page from a proxy is UnexpectedBody NotJson, category upstream", () =>
      Effect.gen(function* () {
        const failure = yield* fault("/faults/html-502")
        expect(failure).toBeInstanceOf(Failure.UnexpectedBody)
        const unexpected = failure as Failure.UnexpectedBody
        expect([unexpected.reason, unexpected.status, unexpected.category]).toEqual(["NotJson", 502, "upstream"])
        expect(unexpected.contentType).toBe("text/html")
        expect(unexpected.snippet).toContain("502 Bad Gateway")
      })
    )

    it.live("an empty 500 is UnexpectedBody Empty, category server", () =>
      Effect.gen(function* () {
        const failure = yield* fault("/faults/empty-500")
        expect(failure._tag === "UnexpectedBody" && [failure.reason, failure.status, failure.category]).toEqual([
          "Empty",
          500,
          "server"
        ])
      })
    )

    it.live("a body cut off mid-stream is UnexpectedBody Truncated", () =>
      Effect.gen(function* () {
        const failure = yield* fault("/faults/truncated")
        expect(failure._tag === "UnexpectedBody" && [failure.reason, failure.status]).toEqual(["Truncated", 500])
      })
    )

    it.live("a body over the limit is UnexpectedBody TooLarge, without reading the rest", () =>
      Effect.gen(function* () {
        const failure = yield* fault("/faults/huge")
        expect(failure._tag === "UnexpectedBody" && failure.reason).toBe("TooLarge")
      })
    )

    it.live("a reset connection is a TransportError that may have reached the server", () =>
      Effect.gen(function* () {
        const failure = yield* fault("/faults/reset")
        expect(failure).toBeInstanceOf(Failure.TransportError)
        expect((failure as Failure.TransportError).mayHaveReachedServer).toBe(true)
      })
    )

    it.live("a response that never comes ends in AttemptTimeout", () =>
      Effect.gen(function* () {
        const failure = yield* fault("/faults/hang")
        expect(failure._tag === "AttemptTimeout" && failure.timeoutMillis).toBe(300)
      })
    )

    it.live("a refused connection is a TransportError that never reached the server", () =>
      Effect.gen(function* () {
        // Take a free port, then close the server: nothing listens there any more.
        const baseUrl = yield* Effect.scoped(ExampleServer.start)
        const client = yield* nixflexClient(baseUrl)
        const failure = yield* Effect.flip(client.get("/v1/calls"))
        expect(failure._tag === "TransportError" && [failure.reason, failure.mayHaveReachedServer]).toEqual([
          "ConnectionRefused",
          false
        ])
        expect(failure.message).not.toContain("nxfs_integration-secret")
      }).pipe(Effect.provide(transport))
    )

    it.live("a success body is buffered and decodes with a schema; the API key went out as a bearer token", () =>
      Effect.gen(function* () {
        const baseUrl = yield* ExampleServer.start
        const client = yield* nixflexClient(baseUrl)
        const echoed = yield* client.get("/faults/echo").pipe(Effect.flatMap(ApiClient.json))
        expect(echoed).toMatchObject({ headers: { authorization: `Bearer ${Redacted.value(apiKey)}` } })
      }).pipe(Effect.scoped, Effect.provide(transport))
    )

    it.live("the problem+json dialect works over the same layer", () =>
      Effect.gen(function* () {
        const baseUrl = yield* ExampleServer.start
        const client = ApiClient.make(ProblemJson.dialect, { baseUrl, apiKey })(yield* HttpClient.HttpClient)
        const failure = yield* Effect.flip(client.get("/faults/problem"))
        expect(failure).toBeInstanceOf(ProblemJson.Problem)
        const problem = failure as ProblemJson.Problem
        expect([problem.status, problem.category, problem.problemType, problem.title]).toEqual([
          403,
          "forbidden",
          "https://example.com/probs/out-of-credit",
          "You do not have enough credit."
        ])
        expect(problem.extensions).toEqual({ balance: 30, accounts: ["/account/12345", "/account/67890"] })
      }).pipe(Effect.scoped, Effect.provide(transport))
    )
  })
}
