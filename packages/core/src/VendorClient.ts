/**
 * One factory for every vendor's clients. A vendor package declares what is its own — the dialect, the production
 * base URL, the names its configuration is read from, its default retry table, its endpoints — and gets `make`,
 * `layer`, `layerConfig` (and `layerTest` for the typed client) from here, the same for every vendor: for its typed
 * `HttpClient` service (`httpClient`) and for its client with one method per endpoint (`client`).
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import type * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import type * as Stream from "effect/Stream"
import type * as ApiClient from "./ApiClient.js"
import type * as Dialect from "./Dialect.js"
import type * as Endpoint from "./Endpoint.js"
import type * as Failure from "./Failure.js"
import * as internal from "./internal/vendorClient.js"
import type * as RetryPolicy from "./RetryPolicy.js"

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
export const resolveOptions: <E extends Failure.Failure>(
  vendor: Vendor<E>,
  options?: Config.Config.Wrap<Partial<Options<E>>>
) => Effect.Effect<Options<E>, ConfigError.ConfigError> = internal.resolveOptions

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
export const httpClient: <Id, E extends Failure.Failure>(
  tag: Context.Tag<Id, ApiClient.ApiClient<E>>,
  vendor: Vendor<E>
) => HttpClientLayers<Id, E> = internal.httpClient

/**
 * What a vendor declares for its typed client, besides what `httpClient` needs: the failures every call can have,
 * what a failure an endpoint does not declare becomes, and the documented retry table the client uses by default.
 *
 * @since 0.1.0
 * @category models
 */
export interface Api<E extends Failure.Failure, Common extends string> extends Vendor<E> {
  /** Short vendor name, for operation labels and spans ("nixflex"). */
  readonly name: string
  /** The tags every call can fail with: authentication, rate limits, server-side failures, the unknown failure. */
  readonly common: ReadonlyArray<Common>
  /**
   * The vendor's unknown failure class: a failure of the vendor's that an endpoint does not declare becomes one,
   * with every field it had (code, status, message, hint) and its category, so that a method's error type is
   * exactly its endpoint's.
   */
  readonly unknown: new (
    props: never,
    options: typeof Failure.checked
  ) => E
  /** The documented retry table: the client's default policy. */
  readonly retry: RetryPolicy.RetryPolicy<E | Failure.CoreFailure>
}

/**
 * A vendor's typed client: one method per endpoint of `Endpoints`, each failing with exactly its endpoint's
 * failures, and `http`, the typed `HttpClient` underneath, for anything the methods do not cover.
 *
 * @since 0.1.0
 * @category models
 */
export type Client<Endpoints, E extends Failure.Failure, Common extends string> = {
  readonly http: ApiClient.ApiClient<E>
} & { readonly [K in keyof Endpoints]: Endpoint.MethodOf<Endpoints[K], E, Common> }

/**
 * The options of a vendor's typed client: those of a vendor's `HttpClient`, with the vendor's documented retry
 * table by default (`retry: false` for none).
 *
 * @since 0.1.0
 * @category models
 */
export interface ClientOptions<E extends Failure.Failure> extends Omit<Options<E>, "retry"> {
  readonly retry?: RetryPolicy.RetryPolicy<E | Failure.CoreFailure> | false | undefined
}

/**
 * What a test layer gives one method: the success (a value), an `Effect` of it (`Effect.fail(new AgentNotFound(…))`),
 * or a function of the validated input to either; for a list, the items (an array or a `Stream`), or a function of
 * the input to them. The input is still checked first, as the real client does.
 *
 * @since 0.1.0
 * @category models
 */
export type Handler<Ep, E extends Failure.Failure, Common extends string> =
  Ep extends Endpoint.Operation<infer _Tags, infer In, infer A, infer _Creates>
    ?
        | A
        | Effect.Effect<A, Endpoint.FailureOf<Ep, E, Common>>
        | ((input: In) => A | Effect.Effect<A, Endpoint.FailureOf<Ep, E, Common>>)
    : Ep extends Endpoint.List<infer _Tags, infer In, infer _Page, infer Item>
      ?
          | ReadonlyArray<Item>
          | Stream.Stream<Item, Endpoint.FailureOf<Ep, E, Common>>
          | ((input: In) => ReadonlyArray<Item> | Stream.Stream<Item, Endpoint.FailureOf<Ep, E, Common>>)
      : never

/**
 * The constructors of a vendor's typed client.
 *
 * @since 0.1.0
 * @category models
 */
export interface ClientLayers<Id, Endpoints, E extends Failure.Failure, Common extends string> {
  /** The client over the program's `HttpClient`. */
  readonly make: (
    options: ClientOptions<E>
  ) => Effect.Effect<Client<Endpoints, E, Common>, never, HttpClient.HttpClient>
  /** A layer over the program's `HttpClient` (NodeHttpClient, FetchHttpClient, a test client). */
  readonly layer: (options: ClientOptions<E>) => Layer.Layer<Id, never, HttpClient.HttpClient>
  /**
   * A layer whose options come from `Config`: the key and the base URL from the vendor's configuration unless
   * given, the other options as given (as `httpClient`'s `layerConfig`).
   */
  readonly layerConfig: (
    options?: Config.Config.Wrap<Partial<ClientOptions<E>>>
  ) => Layer.Layer<Id, ConfigError.ConfigError, HttpClient.HttpClient>
  /**
   * A layer with no HTTP at all, for tests of a program: each method answers as its handler says, after checking
   * its input; a method given no handler dies saying so.
   */
  readonly layerTest: (
    handlers: {
      readonly [K in keyof Endpoints]?: Handler<Endpoints[K], E, Common>
    }
  ) => Layer.Layer<Id>
}

/**
 * The constructors of a vendor's typed client, for its `Context.Tag` and its endpoints (see `Endpoint`).
 *
 * @since 0.1.0
 * @category constructors
 */
export const client: <
  Id,
  E extends Failure.Failure,
  const Common extends string,
  Endpoints extends Record<string, Endpoint.Any>
>(
  tag: Context.Tag<Id, Client<Endpoints, E, Common>>,
  api: Api<E, Common>,
  endpoints: Endpoints
) => ClientLayers<Id, Endpoints, E, Common> = internal.client
