import * as HttpClient from "@effect/platform/HttpClient"
import { ApiClient } from "@faultline/core"
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { baseUrl, dialect } from "../LevrageDialect.js"
import { LevrageHttpClient, type Options } from "../LevrageHttpClient.js"

/** @internal */
export const make = (options: Options) => ApiClient.make(dialect, { ...options, baseUrl: options.baseUrl ?? baseUrl })

/** @internal */
export const layer = (options: Options) =>
  Layer.effect(LevrageHttpClient, Effect.map(HttpClient.HttpClient, make(options)))

const defaultConfig: Config.Config.Wrap<Options> = Config.all({
  apiKey: Config.redacted("LEVRAGE_API_KEY"),
  baseUrl: Config.option(Config.string("LEVRAGE_BASE_URL")).pipe(
    Config.map((value) => (value._tag === "Some" ? value.value : undefined))
  )
})

/** @internal */
export const layerConfig = (options: Config.Config.Wrap<Options> = defaultConfig) =>
  Layer.effect(
    LevrageHttpClient,
    Effect.flatMap(Config.unwrap(options), (resolved) => Effect.map(HttpClient.HttpClient, make(resolved)))
  )
