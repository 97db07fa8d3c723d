import { HttpClient, HttpClientResponse } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { DialNexaHttpClient, DialNexaRetry } from "@faultline/dialnexa"
import { LevrageHttpClient, LevrageRetry } from "@faultline/levrage"
import { NixflexHttpClient, NixflexRetry } from "@faultline/nixflex"
import { Config, type ConfigError, ConfigProvider, Effect, Layer } from "effect"

// The README's form of layerConfig (key, timeout and retry given) for each vendor: the base URL still comes from
// the vendor's environment variable.
// One vendor's call, provided with its layer: the call's only requirement is the layer's service.
const vendor = <I>(
  name: string,
  env: string,
  call: Effect.Effect<unknown, unknown, I>,
  layer: Layer.Layer<I, ConfigError.ConfigError, HttpClient.HttpClient>
) => ({
  name,
  env,
  run: (platform: Layer.Layer<HttpClient.HttpClient>) => Effect.provide(call, Layer.provide(layer, platform))
})

const vendors = [
  vendor(
    "nixflex",
    "NIXFLEX",
    Effect.flatMap(NixflexHttpClient.NixflexHttpClient, (client) => client.get("/v1/calls")),
    NixflexHttpClient.layerConfig({
      apiKey: Config.redacted("NIXFLEX_API_KEY"),
      timeout: Config.succeed("10 seconds"),
      retry: Config.succeed(NixflexRetry.defaults)
    })
  ),
  vendor(
    "levrage",
    "LEVRAGE",
    Effect.flatMap(LevrageHttpClient.LevrageHttpClient, (client) => client.get("/v1/calls")),
    LevrageHttpClient.layerConfig({
      apiKey: Config.redacted("LEVRAGE_API_KEY"),
      timeout: Config.succeed("10 seconds"),
      retry: Config.succeed(LevrageRetry.defaults)
    })
  ),
  vendor(
    "dialnexa",
    "DIALNEXA",
    Effect.flatMap(DialNexaHttpClient.DialNexaHttpClient, (client) => client.get("/v1/call-logs")),
    DialNexaHttpClient.layerConfig({
      apiKey: Config.redacted("DIALNEXA_API_KEY"),
      timeout: Config.succeed("10 seconds"),
      retry: Config.succeed(DialNexaRetry.defaults)
    })
  )
]

describe("layerConfig", () => {
  for (const vendor of vendors) {
    it.effect(`${vendor.name}: options given, the base URL still read from ${vendor.env}_BASE_URL`, () =>
      Effect.gen(function* () {
        const urls: Array<string> = []
        const platform = Layer.succeed(
          HttpClient.HttpClient,
          HttpClient.make((request, url) => {
            urls.push(url.href)
            return Effect.succeed(HttpClientResponse.fromWeb(request, new Response("{}", { status: 200 })))
          })
        )
        const environment = new Map([
          [`${vendor.env}_API_KEY`, `${vendor.name}-key-0123456789`],
          [`${vendor.env}_BASE_URL`, `http://127.0.0.1:9/${vendor.name}`]
        ])
        yield* vendor.run(platform).pipe(Effect.withConfigProvider(ConfigProvider.fromMap(environment)))
        expect(urls).toHaveLength(1)
        expect(urls[0]).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:9/${vendor.name}/v1/`))
      })
    )
  }
})
