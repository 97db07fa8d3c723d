/**
 * The Levrage client: one method per endpoint of `LevrageEndpoints`, each checking its input before sending and
 * failing with exactly the failures Levrage documents for it (plus those every call can have), with Levrage's
 * retry table by default, and answering with the `data` of Levrage's success envelope. Levrage takes no
 * idempotency key: a create that fails after it may have been received is `OutcomeUnknown`, with the input as
 * sent and when. `http` is the typed `HttpClient` underneath.
 *
 * @example
 * ```ts
 * import { NodeHttpClient } from "@effect/platform-node"
 * import { Levrage } from "@faultline/levrage"
 * import { Effect, Layer } from "effect"
 *
 * const placeCall = Effect.gen(function* () {
 *   const levrage = yield* Levrage.Levrage
 *   return yield* levrage.makeCall({
 *     agent_id: "6f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e5",
 *     source_number: "+919876543210",
 *     phone_number: "+919812345678"
 *   })
 * }).pipe(Effect.catchTag("QuotaExceeded", () => Effect.succeed("top up the credits")))
 *
 * const LevrageLive = Levrage.layerConfig().pipe(Layer.provide(NodeHttpClient.layerUndici))
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
import { baseUrl, dialect } from "./LevrageDialect.js"
import * as LevrageEndpoints from "./LevrageEndpoints.js"
import { type LevrageFailure, LevrageUnknownError } from "./LevrageError.js"
import { defaults } from "./LevrageRetry.js"

/**
 * The tags every Levrage call can fail with.
 *
 * @since 0.1.0
 * @category models
 */
export type Common = (typeof LevrageEndpoints.common)[number]

/**
 * The failures of one method: those Levrage documents for its endpoint, those every call can have, and the core
 * ones (`FailureOf<"makeCall">`).
 *
 * @since 0.1.0
 * @category models
 */
export type FailureOf<K extends keyof typeof LevrageEndpoints.endpoints> = Endpoint.FailureOf<
  (typeof LevrageEndpoints.endpoints)[K],
  LevrageFailure,
  Common
>

/**
 * The client's service: a method per endpoint, and `http`.
 *
 * @since 0.1.0
 * @category models
 */
export type Service = VendorClient.Client<typeof LevrageEndpoints.endpoints, LevrageFailure, Common>

/**
 * The Levrage client's tag.
 *
 * @since 0.1.0
 * @category tags
 */
export class Levrage extends Context.Tag("@faultline/levrage/Levrage")<Levrage, Service>() {}

/**
 * The options of the client: those of the `HttpClient` layer, with Levrage's retry table by default
 * (`retry: false` for none). The key is `lev_…`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options extends VendorClient.ClientOptions<LevrageFailure> {}

const layers = VendorClient.client(
  Levrage,
  {
    name: "levrage",
    dialect,
    baseUrl,
    config: { apiKey: "LEVRAGE_API_KEY", baseUrl: "LEVRAGE_BASE_URL" },
    common: LevrageEndpoints.common,
    unknown: LevrageUnknownError,
    retry: defaults
  },
  LevrageEndpoints.endpoints
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
export const layer: (options: Options) => Layer.Layer<Levrage, never, HttpClient.HttpClient> = layers.layer

/**
 * A layer reading its options from `Config`: the key from `LEVRAGE_API_KEY` and the base URL from
 * `LEVRAGE_BASE_URL` (optional) unless given; options given win, one by one.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig: (
  options?: Config.Config.Wrap<Partial<Options>>
) => Layer.Layer<Levrage, ConfigError.ConfigError, HttpClient.HttpClient> = layers.layerConfig

/**
 * A layer with no HTTP, for testing a program: each method answers as its handler says (a value, an `Effect`, or a
 * function of the input), after checking its input as the real client does.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerTest: (handlers: Parameters<typeof layers.layerTest>[0]) => Layer.Layer<Levrage> = layers.layerTest
