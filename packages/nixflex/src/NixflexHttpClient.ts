/**
 * The Nixflex HTTP client as a service: an `HttpClient` that authenticates with the account's key, and whose
 * error channel is exactly `NixflexFailure | CoreFailure`. Its constructors come from `VendorClient.httpClient`, the
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
import { baseUrl, dialect } from "./NixflexDialect.js"
import type { NixflexFailure } from "./NixflexError.js"

/**
 * The Nixflex client service: an `HttpClient` whose failures are exactly `NixflexFailure | CoreFailure`.
 *
 * @since 0.1.0
 * @category tags
 */
export class NixflexHttpClient extends Context.Tag("@faultline/nixflex/NixflexHttpClient")<
  NixflexHttpClient,
  ApiClient.ApiClient<NixflexFailure>
>() {}

/**
 * Options of the layer: those of `ApiClient.Options`, with the base URL defaulting to Nixflex's production API.
 * The API key is `KEY_ID:KEY_SECRET`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options extends VendorClient.Options<NixflexFailure> {}

const layers = VendorClient.httpClient(NixflexHttpClient, {
  dialect,
  baseUrl,
  config: { apiKey: "NIXFLEX_API_KEY", baseUrl: "NIXFLEX_BASE_URL" }
})

/**
 * Wraps an `HttpClient` as the Nixflex client, for a program that builds its client without the layer.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: (options: Options) => (client: HttpClient.HttpClient) => ApiClient.ApiClient<NixflexFailure> =
  layers.make

/**
 * A layer over the program's `HttpClient` (NodeHttpClient, FetchHttpClient, …).
 *
 * @example
 * ```ts
 * import { NodeHttpClient } from "@effect/platform-node"
 * import { NixflexHttpClient } from "@faultline/nixflex"
 * import { Layer, Redacted } from "effect"
 *
 * const NixflexLive = NixflexHttpClient.layer({ apiKey: Redacted.make("nxf_…:nxfs_…") }).pipe(
 *   Layer.provide(NodeHttpClient.layerUndici)
 * )
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: (options: Options) => Layer.Layer<NixflexHttpClient, never, HttpClient.HttpClient> = layers.layer

/**
 * A layer reading its options from `Config`. Options not given come from the environment: the key from
 * `NIXFLEX_API_KEY` and the base URL from `NIXFLEX_BASE_URL` (optional); options given win, one by one.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig: (
  options?: Config.Config.Wrap<Partial<Options>>
) => Layer.Layer<NixflexHttpClient, ConfigError.ConfigError, HttpClient.HttpClient> = layers.layerConfig
