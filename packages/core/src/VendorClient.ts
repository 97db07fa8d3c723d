/**
 * One factory for every vendor's client layers. A vendor package declares what is its own — the dialect, the
 * production base URL, the names its configuration is read from — and gets `make`, `layer` and `layerConfig`
 * for its typed `HttpClient` service from here, the same for every vendor.
 *
 * @since 0.1.0
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import type * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as ApiClient from "./ApiClient.js"
import type * as Dialect from "./Dialect.js"
import type * as Failure from "./Failure.js"

/**
 * What a vendor package declares of itself.
 *
 * @since 0.1.0
 * @category models
 */
export interface Vendor<E extends Failure.Failure> {
  readonly dialect: Dialect.Dialect<E>
  /** The production base URL ("https://api.nixflex.com"). */
  readonly baseUrl: string
  /** Where `layerConfig` reads the key and the base URL by default ("NIXFLEX_API_KEY", "NIXFLEX_BASE_URL"). */
  readonly config: { readonly apiKey: string; readonly baseUrl: string }
}

/**
 * The options of a vendor's client: those of `ApiClient.Options`, with the base URL defaulting to the vendor's
 * production API.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options<E extends Failure.Failure> extends Omit<ApiClient.Options<E>, "baseUrl"> {
  readonly baseUrl?: string | undefined
}

/**
 * The constructors of a vendor's typed `HttpClient` service.
 *
 * @since 0.1.0
 * @category models
 */
export interface HttpClientLayers<Id, E extends Failure.Failure> {
  readonly make: (options: Options<E>) => (client: HttpClient.HttpClient) => ApiClient.ApiClient<E>
  /** A layer over the program's `HttpClient` (NodeHttpClient, FetchHttpClient, a test client). */
  readonly layer: (options: Options<E>) => Layer.Layer<Id, never, HttpClient.HttpClient>
  /**
   * A layer whose options come from `Config`. Options not given are read from the vendor's configuration: the key
   * (as a `Redacted`) from its API-key name, the base URL from its base-URL name when set. Options given win,
   * one by one: `layerConfig({ timeout: Config.succeed("10 seconds") })` still reads the key and the base URL.
   */
  readonly layerConfig: (
    options?: Config.Config.Wrap<Partial<Options<E>>>
  ) => Layer.Layer<Id, ConfigError.ConfigError, HttpClient.HttpClient>
}

/**
 * The options a vendor's `layerConfig` resolves: those given, over the vendor's configuration.
 *
 * @since 0.1.0
 * @category constructors
 */
export const resolveOptions = <E extends Failure.Failure>(
  vendor: Vendor<E>,
  options?: Config.Config.Wrap<Partial<Options<E>>>
): Effect.Effect<Options<E>, ConfigError.ConfigError> =>
  Effect.gen(function* () {
    // `Config.unwrap` throws on an empty record (effect 3.22): that is no options at all.
    const none = options === undefined || (!Config.isConfig(options) && Object.keys(options).length === 0)
    const given: Partial<Options<E>> = none ? {} : yield* Config.unwrap(options)
    const apiKey = given.apiKey ?? (yield* Config.redacted(vendor.config.apiKey))
    // An empty base URL (`NIXFLEX_BASE_URL=`) is no base URL: the vendor's production one is used.
    const set = (url: string | undefined) => (url === undefined || url.trim() === "" ? undefined : url)
    const baseUrl =
      set(given.baseUrl) ?? set(Option.getOrUndefined(yield* Config.option(Config.string(vendor.config.baseUrl))))
    const { baseUrl: _, ...rest } = given
    return { ...rest, apiKey, ...(baseUrl === undefined ? {} : { baseUrl }) }
  })

/**
 * The constructors of a vendor's typed `HttpClient` service, for its `Context.Tag`.
 *
 * @example
 * ```ts
 * import { ApiClient, ProblemJson, VendorClient } from "@faultline/core"
 * import { Context } from "effect"
 *
 * class ExampleHttpClient extends Context.Tag("example/ExampleHttpClient")<
 *   ExampleHttpClient,
 *   ApiClient.ApiClient<ProblemJson.Problem>
 * >() {}
 *
 * const { layer, layerConfig, make } = VendorClient.httpClient(ExampleHttpClient, {
 *   dialect: ProblemJson.make("example"),
 *   baseUrl: "https://api.example.com",
 *   config: { apiKey: "EXAMPLE_API_KEY", baseUrl: "EXAMPLE_BASE_URL" }
 * })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const httpClient = <Id, E extends Failure.Failure>(
  tag: Context.Tag<Id, ApiClient.ApiClient<E>>,
  vendor: Vendor<E>
): HttpClientLayers<Id, E> => {
  const make =
    (options: Options<E>) =>
    (client: HttpClient.HttpClient): ApiClient.ApiClient<E> =>
      ApiClient.make(vendor.dialect, { ...options, baseUrl: options.baseUrl ?? vendor.baseUrl })(client)
  return {
    make,
    layer: (options) => Layer.effect(tag, Effect.map(HttpClient.HttpClient, make(options))),
    layerConfig: (options) =>
      Layer.effect(
        tag,
        Effect.flatMap(resolveOptions(vendor, options), (resolved) => Effect.map(HttpClient.HttpClient, make(resolved)))
      )
  }
}
