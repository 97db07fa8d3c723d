import { HttpClient, HttpClientResponse } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { type ApiClient, ProblemJson, VendorClient } from "@faultline/core"
import { Config, ConfigProvider, Context, Effect, Exit, Layer, Redacted } from "effect"

class ExampleHttpClient extends Context.Tag("test/ExampleHttpClient")<
  ExampleHttpClient,
  ApiClient.ApiClient<ProblemJson.Problem>
>() {}

const layers = VendorClient.httpClient(ExampleHttpClient, {
  dialect: ProblemJson.make("example"),
  baseUrl: "https://api.example.com",
  config: { apiKey: "EXAMPLE_API_KEY", baseUrl: "EXAMPLE_BASE_URL" }
})

// A platform client that records the URL and authorization of every request.
const recording = () => {
  const seen: Array<{ url: string; authorization: string | undefined }> = []
  const client = HttpClient.make((request, url) => {
    seen.push({ url: url.href, authorization: request.headers.authorization })
    return Effect.succeed(HttpClientResponse.fromWeb(request, new Response("{}", { status: 200 })))
  })
  return { seen, layer: Layer.succeed(HttpClient.HttpClient, client) }
}

const callWith = (
  layer: Layer.Layer<ExampleHttpClient, unknown, HttpClient.HttpClient>,
  environment: ReadonlyArray<readonly [string, string]>
) =>
  Effect.gen(function* () {
    const platform = recording()
    const exit = yield* Effect.flatMap(ExampleHttpClient, (client) => client.get("/v1/things")).pipe(
      Effect.provide(layer.pipe(Layer.provide(platform.layer))),
      Effect.withConfigProvider(ConfigProvider.fromMap(new Map(environment))),
      Effect.exit
    )
    return { exit, seen: platform.seen }
  })

describe("VendorClient.httpClient", () => {
  it.effect("layerConfig with some options given still reads the others from the vendor's configuration", () =>
    Effect.gen(function* () {
      const { exit, seen } = yield* callWith(
        layers.layerConfig({ apiKey: Config.redacted("OTHER_KEY"), timeout: Config.succeed("10 seconds") }),
        [
          ["OTHER_KEY", "other-key-0123456789"],
          ["EXAMPLE_BASE_URL", "http://127.0.0.1:9/api"]
        ]
      )
      expect(Exit.isSuccess(exit)).toBe(true)
      expect(seen).toEqual([{ url: "http://127.0.0.1:9/api/v1/things", authorization: "Bearer other-key-0123456789" }])
    })
  )

  it.effect("layerConfig with no options reads the key and the base URL; the base URL is optional", () =>
    Effect.gen(function* () {
      const configured = yield* callWith(layers.layerConfig(), [
        ["EXAMPLE_API_KEY", "env-key-0123456789"],
        ["EXAMPLE_BASE_URL", "http://127.0.0.1:9"]
      ])
      expect(configured.seen.map((s) => s.url)).toEqual(["http://127.0.0.1:9/v1/things"])
      const production = yield* callWith(layers.layerConfig({}), [["EXAMPLE_API_KEY", "env-key-0123456789"]])
      expect(production.seen).toEqual([
        { url: "https://api.example.com/v1/things", authorization: "Bearer env-key-0123456789" }
      ])
    })
  )

  it.effect("a base URL given wins over the configured one; a missing key is a ConfigError, not a defect", () =>
    Effect.gen(function* () {
      const given = yield* callWith(layers.layerConfig({ baseUrl: Config.succeed("http://127.0.0.1:8") }), [
        ["EXAMPLE_API_KEY", "env-key-0123456789"],
        ["EXAMPLE_BASE_URL", "http://127.0.0.1:9"]
      ])
      expect(given.seen.map((s) => s.url)).toEqual(["http://127.0.0.1:8/v1/things"])
      const missing = yield* callWith(layers.layerConfig({ timeout: Config.succeed("1 second") }), [])
      expect(
        Exit.isFailure(missing.exit) && missing.exit.cause._tag === "Fail" && missing.exit.cause.error
      ).toMatchObject({
        _op: "MissingData"
      })
    })
  )

  it.effect("an empty base URL in the environment is no base URL: the production one is used", () =>
    Effect.gen(function* () {
      const { seen } = yield* callWith(layers.layerConfig(), [
        ["EXAMPLE_API_KEY", "env-key-0123456789"],
        ["EXAMPLE_BASE_URL", ""]
      ])
      expect(seen.map((s) => s.url)).toEqual(["https://api.example.com/v1/things"])
    })
  )

  it.effect("layer takes the options as they are, with the production base URL by default", () =>
    Effect.gen(function* () {
      const { seen } = yield* callWith(layers.layer({ apiKey: Redacted.make("plain-key-0123456789") }), [])
      expect(seen.map((s) => s.url)).toEqual(["https://api.example.com/v1/things"])
    })
  )
})
