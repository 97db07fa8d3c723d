/**
 * The Levrage HTTP client as a service: an `HttpClient` that authenticates with the account's key, and whose
 * error channel is exactly `LevrageFailure | CoreFailure`.
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import type { ApiClient } from "@faultline/core"
import type * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import type * as Layer from "effect/Layer"
import * as internal from "./internal/levrageHttpClient.js"
import type { LevrageFailure } from "./LevrageError.js"

/**
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
export interface Options extends Omit<ApiClient.Options, "baseUrl"> {
  readonly baseUrl?: string | undefined
}

/**
 * @since 0.1.0
 * @category constructors
 */
export const make: (options: Options) => (client: HttpClient.HttpClient) => ApiClient.ApiClient<LevrageFailure> =
  internal.make

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
export const layer: (options: Options) => Layer.Layer<LevrageHttpClient, never, HttpClient.HttpClient> = internal.layer

/**
 * A layer reading its options from `Config`: by default the key from `LEVRAGE_API_KEY` and the base URL from
 * `LEVRAGE_BASE_URL` (optional).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig: (
  options?: Config.Config.Wrap<Options>
) => Layer.Layer<LevrageHttpClient, ConfigError.ConfigError, HttpClient.HttpClient> = internal.layerConfig
