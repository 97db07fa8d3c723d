/**
 * The Nixflex HTTP client as a service: an `HttpClient` that authenticates with the account's key, and whose
 * error channel is exactly `NixflexFailure | CoreFailure`.
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import type { ApiClient } from "@faultline/core"
import type * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import type * as Layer from "effect/Layer"
import * as internal from "./internal/nixflexHttpClient.js"
import type { NixflexFailure } from "./NixflexError.js"

/**
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
export interface Options extends Omit<ApiClient.Options, "baseUrl"> {
  readonly baseUrl?: string | undefined
}

/**
 * @since 0.1.0
 * @category constructors
 */
export const make: (options: Options) => (client: HttpClient.HttpClient) => ApiClient.ApiClient<NixflexFailure> =
  internal.make

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
export const layer: (options: Options) => Layer.Layer<NixflexHttpClient, never, HttpClient.HttpClient> = internal.layer

/**
 * A layer reading its options from `Config`: by default the key from `NIXFLEX_API_KEY` and the base URL from
 * `NIXFLEX_BASE_URL` (optional).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig: (
  options?: Config.Config.Wrap<Options>
) => Layer.Layer<NixflexHttpClient, ConfigError.ConfigError, HttpClient.HttpClient> = internal.layerConfig
