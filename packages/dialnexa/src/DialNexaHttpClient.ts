/**
 * The DialNexa HTTP client as a service: an `HttpClient` that authenticates with the account's key, and whose
 * error channel is exactly `DialNexaFailure | CoreFailure`. Its constructors come from `VendorClient.httpClient`, the
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
import { baseUrl, dialect } from "./DialNexaDialect.js"
import type { DialNexaFailure } from "./DialNexaError.js"

/**
 * The DialNexa client service: an `HttpClient` whose failures are exactly `DialNexaFailure | CoreFailure`.
 *
 * @since 0.1.0
 * @category tags
 */
export class DialNexaHttpClient extends Context.Tag("@faultline/dialnexa/DialNexaHttpClient")<
  DialNexaHttpClient,
  ApiClient.ApiClient<DialNexaFailure>
>() {}

/**
 * Options of the layer: those of `ApiClient.Options`, with the base URL defaulting to DialNexa's production API.
 * The API key is sent whole as the bearer token (`<key_id>:<secret>` or `dnx_live_…`, as the two doc sites say).
 *
 * @since 0.1.0
 * @category models
 */
export interface Options extends VendorClient.Options<DialNexaFailure> {}

const layers = VendorClient.httpClient(DialNexaHttpClient, {
  dialect,
  baseUrl,
  config: { apiKey: "DIALNEXA_API_KEY", baseUrl: "DIALNEXA_BASE_URL" }
})

/**
 * Wraps an `HttpClient` as the DialNexa client, for a program that builds its client without the layer.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: (options: Options) => (client: HttpClient.HttpClient) => ApiClient.ApiClient<DialNexaFailure> =
  layers.make

/**
 * A layer over the program's `HttpClient` (NodeHttpClient, FetchHttpClient, …).
 *
 * @example
 * ```ts
 * import { NodeHttpClient } from "@effect/platform-node"
 * import { DialNexaHttpClient } from "@faultline/dialnexa"
 * import { Layer, Redacted } from "effect"
 *
 * const DialNexaLive = DialNexaHttpClient.layer({ apiKey: Redacted.make("dnx_live_…") }).pipe(
 *   Layer.provide(NodeHttpClient.layerUndici)
 * )
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: (options: Options) => Layer.Layer<DialNexaHttpClient, never, HttpClient.HttpClient> = layers.layer

/**
 * A layer reading its options from `Config`. Options not given come from the environment: the key from
 * `DIALNEXA_API_KEY` and the base URL from `DIALNEXA_BASE_URL` (optional); options given win, one by one.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig: (
  options?: Config.Config.Wrap<Partial<Options>>
) => Layer.Layer<DialNexaHttpClient, ConfigError.ConfigError, HttpClient.HttpClient> = layers.layerConfig
