/**
 * The Nixflex client: one method per endpoint of `NixflexEndpoints`, each checking its input before sending and failing
 * with exactly the failures Nixflex documents for it (plus those every call can have), with Nixflex's retry table
 * and idempotency keys by default. `http` is the typed `HttpClient` underneath, for anything else.
 *
 * @example
 * ```ts
 * import { NodeHttpClient } from "@effect/platform-node"
 * import { Nixflex } from "@faultline/nixflex"
 * import { Config, Effect, Layer } from "effect"
 *
 * const placeCall = Effect.gen(function* () {
 *   const nixflex = yield* Nixflex.Nixflex
 *   const call = yield* nixflex.createOutboundCall({
 *     agent_id: "agent_125207e452f8714a",
 *     to_number: "+447386172392",
 *     prompt: "Confirm tomorrow's appointment"
 *   })
 *   return call.call_id
 * }).pipe(
 *   Effect.catchTags({
 *     InvalidInput: (failure) => Effect.succeed(`not sent: ${failure.message}`),
 *     ConcurrentCallLimit: () => Effect.succeed("busy: try later")
 *   })
 * )
 *
 * const NixflexLive = Nixflex.layerConfig({ timeout: Config.succeed("10 seconds") }).pipe(
 *   Layer.provide(NodeHttpClient.layerUndici)
 * )
 * ```
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import { type Endpoint, VendorClient } from "@faultline/core"
import type * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import { baseUrl, dialect } from "./NixflexDialect.js"
import * as NixflexEndpoints from "./NixflexEndpoints.js"
import { type NixflexFailure, NixflexUnknownError } from "./NixflexError.js"
import { defaults } from "./NixflexRetry.js"

/**
 * The tags every Nixflex call can fail with.
 *
 * @since 0.1.0
 * @category models
 */
export type Common = (typeof NixflexEndpoints.common)[number]

/**
 * The failures of one method: those Nixflex documents for its endpoint, those every call can have, and the core
 * ones (`FailureOf<"createOutboundCall">`).
 *
 * @since 0.1.0
 * @category models
 */
export type FailureOf<K extends keyof typeof NixflexEndpoints.endpoints> = Endpoint.FailureOf<
  (typeof NixflexEndpoints.endpoints)[K],
  NixflexFailure,
  Common
>

/**
 * The client's service: a method per endpoint, and `http`.
 *
 * @since 0.1.0
 * @category models
 */
export type Service = VendorClient.Client<typeof NixflexEndpoints.endpoints, NixflexFailure, Common>

/**
 * The Nixflex client service, to `yield*` in a program and to provide with `layer`, `layerConfig` or `layerTest`.
 *
 * @since 0.1.0
 * @category tags
 */
export class Nixflex extends Context.Tag("@faultline/nixflex/Nixflex")<Nixflex, Service>() {}

/**
 * The options of the client: those of the `HttpClient` layer, with Nixflex's retry table by default (`retry: false`
 * for none). The key is `KEY_ID:KEY_SECRET`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options extends VendorClient.ClientOptions<NixflexFailure> {}

const layers = VendorClient.client(
  Nixflex,
  {
    name: "nixflex",
    dialect,
    baseUrl,
    config: { apiKey: "NIXFLEX_API_KEY", baseUrl: "NIXFLEX_BASE_URL" },
    common: NixflexEndpoints.common,
    unknown: NixflexUnknownError,
    retry: defaults
  },
  NixflexEndpoints.endpoints
)

/**
 * The client over the program's `HttpClient`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: (options: Options) => Effect.Effect<Service, never, HttpClient.HttpClient> = layers.make

/**
 * A layer over the program's `HttpClient` (NodeHttpClient, FetchHttpClient, …).
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: (options: Options) => Layer.Layer<Nixflex, never, HttpClient.HttpClient> = layers.layer

/**
 * A layer reading its options from `Config`: the key from `NIXFLEX_API_KEY` and the base URL from
 * `NIXFLEX_BASE_URL` (optional) unless given; options given win, one by one.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig: (
  options?: Config.Config.Wrap<Partial<Options>>
) => Layer.Layer<Nixflex, ConfigError.ConfigError, HttpClient.HttpClient> = layers.layerConfig

/**
 * A layer with no HTTP, for testing a program: each method answers as its handler says (a value, an `Effect`, or a
 * function of the input), after checking its input as the real client does.
 *
 * @example
 * ```ts
 * import { Nixflex, NixflexError } from "@faultline/nixflex"
 * import { Effect } from "effect"
 *
 * const Busy = Nixflex.layerTest({
 *   createOutboundCall: Effect.fail(
 *     new NixflexError.ConcurrentCallLimit({ status: 429, message: "Too many calls", type: "rate_limit_error" })
 *   )
 * })
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerTest: (handlers: Parameters<typeof layers.layerTest>[0]) => Layer.Layer<Nixflex> = layers.layerTest
