/**
 * The Levrage HTTP client as a service: an `HttpClient` that authenticates with the account's key, and whose
 * error channel is exactly `LevrageFailure | CoreFailure`. Its constructors come from `VendorClient.httpClient`, the
 * same for every vendor.
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import { type ApiClient, VendorClient } from "@faultline/core"
import type * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import type * as Layer from "effect/Layer"
import { baseUrl, dialect } from "./LevrageDialect.js"
import type { LevrageFailure } from "./LevrageError.js"

/**
 * The Levrage client service: an `HttpClient` whose failures are exactly `LevrageFailure | CoreFailure`.
 *
 * @since 0.1.0
 * @category tags
 */
export class LevrageHttpClient extends Context.Tag("@faultline/levrage/LevrageHttpClient")<
  LevrageHttpClient,
  ApiClient.ApiClient<LevrageFailure>
>() {}

/**
 * Options of the layer: those of `ApiClient.Options`, with the base URL defaulting to Levrage's production API.
 * The API key is `lev_…`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options extends VendorClient.Options<LevrageFailure> {}

const layers = VendorClient.httpClient(LevrageHttpClient, {
  dialect,
  baseUrl,
  config: { apiKey: "LEVRAGE_API_KEY", baseUrl: "LEVRAGE_BASE_URL" }
})

/**
 * Wraps an `HttpClient` as the Levrage client, for a program that builds its client without the layer.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: (options: Options) => (client: HttpClient.HttpClient) => ApiClient.ApiClient<LevrageFailure> =
  layers.make

/**
 * A layer over the program's `HttpClient` (NodeHttpClient, FetchHttpClient, …).
 *
 * @example
 * ```ts
 * import { NodeHttpClient } from "@effect/platform-node"
 * import { LevrageHttpClient } from "@faultline/levrage"
 * import { Layer, Redacted } from "effect"
 *
 * const LevrageLive = LevrageHttpClient.layer({ apiKey: Redacted.make("lev_…") }).pipe(
 *   Layer.provide(NodeHttpClient.layerUndici)
 * )
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: (options: Options) => Layer.Layer<LevrageHttpClient, never, HttpClient.HttpClient> = layers.layer

/**
 * A layer reading its options from `Config`. Options not given come from the environment: the key from
 * `LEVRAGE_API_KEY` and the base URL from `LEVRAGE_BASE_URL` (optional); options given win, one by one.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig: (
  options?: Config.Config.Wrap<Partial<Options>>
) => Layer.Layer<LevrageHttpClient, ConfigError.ConfigError, HttpClient.HttpClient> = layers.layerConfig
