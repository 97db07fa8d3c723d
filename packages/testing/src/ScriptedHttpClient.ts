/**
 * An `HttpClient` that answers from a script instead of a network: per route, a sequence of `Step`s (a vendor's
 * error body, an HTML gateway page, an empty or truncated body, a reset or refused connection, a delay), then a
 * default. It records every request (method, URL, every header, body text, arrival time on the `Clock`), so a
 * test can assert attempts, idempotency keys and timing.
 *
 * Put it under a real vendor layer to test a program against failures the way the vendor sends them: the bytes
 * go through faultline's bounded reader, the vendor's dialect and the transport-fault mapping, as they would
 * from a socket. Delays are `Effect.sleep`, so under `TestClock` (`it.effect`) a 30-second backoff takes no time.
 *
 * @example
 * ```ts
 * import { type ApiClient, ProblemJson, VendorClient } from "@faultline/core"
 * import { ScriptedHttpClient, Step } from "@faultline/testing"
 * import { Context, Effect, Layer, Redacted } from "effect"
 *
 * // A vendor's client, made the way the vendor packages make theirs
 * class ExampleHttpClient extends Context.Tag("example/ExampleHttpClient")<
 *   ExampleHttpClient,
 *   ApiClient.ApiClient<ProblemJson.Problem>
 * >() {}
 *
 * const Example = VendorClient.httpClient(ExampleHttpClient, {
 *   dialect: ProblemJson.make("example"),
 *   baseUrl: "https://api.example.com",
 *   config: { apiKey: "EXAMPLE_API_KEY", baseUrl: "EXAMPLE_BASE_URL" }
 * })
 *
 * const Scripted = ScriptedHttpClient.layer({
 *   "POST /v1/calls": [
 *     Step.json(429, { title: "Too Many Requests", status: 429 }, { "retry-after": "2" }),
 *     Step.html(502),
 *     Step.reset,
 *     Step.json(201, { call_id: "call_1" })
 *   ]
 * })
 *
 * const TestLayer = Example.layer({ apiKey: Redacted.make("example-test-key") }).pipe(Layer.provideMerge(Scripted))
 *
 * const program = Effect.gen(function*() {
 *   const example = yield* ExampleHttpClient
 *   const failure = yield* Effect.flip(example.post("/v1/calls"))
 *   const requests = yield* ScriptedHttpClient.requests
 *   return { failure: failure._tag, sent: requests.map((request) => request.headers.authorization) }
 * }).pipe(Effect.provide(TestLayer))
 * // { failure: "Problem", sent: ["Bearer example-test-key"] }
 * ```
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as internal from "./internal/scriptedHttpClient.js"
import type * as Script from "./Script.js"
import type { Pending, RecordedRequest, Routes } from "./Script.js"
import type { Step } from "./Step.js"

/**
 * The running script: its `HttpClient`, what it recorded, and what it has not played yet.
 *
 * @since 0.1.0
 * @category tags
 */
export class ScriptedHttpClient extends Context.Tag("@faultline/testing/ScriptedHttpClient")<
  ScriptedHttpClient,
  ScriptedHttpClient.Service
>() {}

/**
 * The types that go with the `ScriptedHttpClient` tag.
 *
 * @since 0.1.0
 * @category models
 */
export declare namespace ScriptedHttpClient {
  /**
   * What the tag provides: the client that plays the script, the requests it has seen, and the steps still to play.
   *
   * @since 0.1.0
   * @category models
   */
  export interface Service {
    /** The client that plays the script. */
    readonly client: HttpClient.HttpClient
    /** Every request so far, in the order they arrived. */
    readonly requests: Effect.Effect<ReadonlyArray<RecordedRequest>>
    /** How many steps of each route are still to be played (`{}` once all have been). */
    readonly pending: Effect.Effect<Pending>
  }
}

/**
 * The options of `make` and `layer`: what to answer a request the script does not cover.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /**
   * The answer to a request no route matches, and to a route whose sequence has run out (unless the route has
   * its own). By default a 404 JSON body naming the request: `{"error":"not_scripted","message":"…"}`.
   */
  readonly otherwise?: Step | undefined
  /**
   * The API the script stands in for (a vendor's endpoint record, such as `NixflexEndpoints.endpoints`): every
   * pattern must match one of its routes, or starting the script fails with `Script.UnknownRoutes`.
   */
  readonly api?: Script.Api | undefined
}

/**
 * What starting a script can fail with: `Script.UnknownRoutes` when the options name an `api`, nothing otherwise.
 *
 * @since 0.1.0
 * @category models
 */
export type StartError<O extends Options> = O extends { readonly api: Script.Api } ? Script.UnknownRoutes : never

/**
 * Starts a script.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = <const O extends Options = {}>(
  routes: Routes<Step>,
  options?: O
): Effect.Effect<ScriptedHttpClient.Service, StartError<O>> =>
  internal.make(routes, options) as Effect.Effect<ScriptedHttpClient.Service, StartError<O>>

/**
 * A layer providing the scripted `HttpClient` and the `ScriptedHttpClient` service that reads its recordings.
 * Each build of the layer starts the script afresh.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = <const O extends Options = {}>(
  routes: Routes<Step>,
  options?: O
): Layer.Layer<HttpClient.HttpClient | ScriptedHttpClient, StartError<O>> =>
  internal.layer(ScriptedHttpClient, routes, options) as Layer.Layer<
    HttpClient.HttpClient | ScriptedHttpClient,
    StartError<O>
  >

/**
 * Every request the script in context has seen, in the order they arrived.
 *
 * @since 0.1.0
 * @category accessors
 */
export const requests: Effect.Effect<ReadonlyArray<RecordedRequest>, never, ScriptedHttpClient> = Effect.flatMap(
  ScriptedHttpClient,
  (script) => script.requests
)

/**
 * How many steps of each route of the script in context are still to be played.
 *
 * @since 0.1.0
 * @category accessors
 */
export const pending: Effect.Effect<Pending, never, ScriptedHttpClient> = Effect.flatMap(
  ScriptedHttpClient,
  (script) => script.pending
)
