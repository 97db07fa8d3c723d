/**
 * The DialNexa client: one method per endpoint of `DialNexaEndpoints`, each checking its input before sending and
 * failing with exactly the statuses DialNexa documents for it (plus those every call can have), with DialNexa's
 * retry table by default. DialNexa takes no idempotency key: a create that fails after it may have been received
 * is `OutcomeUnknown`, with the input as sent and when, to look for it before trying again. The call-log list
 * answers from its last page when DialNexa says nothing changed (304). `http` is the typed `HttpClient` underneath.
 *
 * @example
 * ```ts
 * import { NodeHttpClient } from "@effect/platform-node"
 * import { DialNexa } from "@faultline/dialnexa"
 * import { Effect, Layer } from "effect"
 *
 * const placeCall = Effect.gen(function* () {
 *   const dialnexa = yield* DialNexa.DialNexa
 *   const call = yield* dialnexa.createCall({ agent_id: "agt_demo0001", to_phone_number: "+14155550142" })
 *   return call.callId
 * }).pipe(
 *   // The call may exist: look for it in the call logs before placing it again.
 *   Effect.catchTag("OutcomeUnknown", (unknown) => Effect.succeed(`check the call logs after ${unknown.sentAt}`))
 * )
 *
 * const DialNexaLive = DialNexa.layerConfig().pipe(Layer.provide(NodeHttpClient.layerUndici))
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
import { baseUrl, dialect } from "./DialNexaDialect.js"
import * as DialNexaEndpoints from "./DialNexaEndpoints.js"
import { type DialNexaFailure, DialNexaUnknownError } from "./DialNexaError.js"
import { defaults } from "./DialNexaRetry.js"

/**
 * The tags every DialNexa call can fail with.
 *
 * @since 0.1.0
 * @category models
 */
export type Common = (typeof DialNexaEndpoints.common)[number]

/**
 * The failures of one method: those DialNexa documents for its endpoint, those every call can have, and the core
 * ones (`FailureOf<"createCall">`).
 *
 * @since 0.1.0
 * @category models
 */
export type FailureOf<K extends keyof typeof DialNexaEndpoints.endpoints> = Endpoint.FailureOf<
  (typeof DialNexaEndpoints.endpoints)[K],
  DialNexaFailure,
  Common
>

/**
 * The client's service: a method per endpoint, and `http`.
 *
 * @since 0.1.0
 * @category models
 */
export type Service = VendorClient.Client<typeof DialNexaEndpoints.endpoints, DialNexaFailure, Common>

/**
 * The DialNexa client's tag.
 *
 * @since 0.1.0
 * @category tags
 */
export class DialNexa extends Context.Tag("@faultline/dialnexa/DialNexa")<DialNexa, Service>() {}

/**
 * The options of the client: those of the `HttpClient` layer, with DialNexa's retry table by default
 * (`retry: false` for none).
 *
 * @since 0.1.0
 * @category models
 */
export interface Options extends VendorClient.ClientOptions<DialNexaFailure> {}

const layers = VendorClient.client(
  DialNexa,
  {
    name: "dialnexa",
    dialect,
    baseUrl,
    config: { apiKey: "DIALNEXA_API_KEY", baseUrl: "DIALNEXA_BASE_URL" },
    common: DialNexaEndpoints.common,
    unknown: DialNexaUnknownError,
    retry: defaults
  },
  DialNexaEndpoints.endpoints
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
export const layer: (options: Options) => Layer.Layer<DialNexa, never, HttpClient.HttpClient> = layers.layer

/**
 * A layer reading its options from `Config`: the key from `DIALNEXA_API_KEY` and the base URL from
 * `DIALNEXA_BASE_URL` (optional) unless given; options given win, one by one.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig: (
  options?: Config.Config.Wrap<Partial<Options>>
) => Layer.Layer<DialNexa, ConfigError.ConfigError, HttpClient.HttpClient> = layers.layerConfig

/**
 * A layer with no HTTP, for testing a program: each method answers as its handler says (a value, an `Effect`, or a
 * function of the input), after checking its input as the real client does.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerTest: (handlers: Parameters<typeof layers.layerTest>[0]) => Layer.Layer<DialNexa> = layers.layerTest
