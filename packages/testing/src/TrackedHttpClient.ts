/**
 * An `HttpClient` that goes to a real server and keeps count of what is on the wire: every request it sends is
 * recorded as a `RecordedRequest` (method, URL, headers, body text, and the `Clock` time it was sent, virtual under
 * `TestClock`), and it knows how many requests are in flight (sent, with the response's headers or body still to
 * come). `VirtualTime.run` reads both: it waits, in real time, for a request in flight before moving the clock, so
 * a test against a server on 127.0.0.1 (the faultline simulator, run in-process under the same `TestClock`) sees
 * every sleep, backoff and timeout end when it would, and `Timeline.arrivals` say when the server was asked.
 *
 * @example
 * ```ts
 * import { FetchHttpClient } from "@effect/platform"
 * import { type ApiClient, ProblemJson, VendorClient } from "@faultline/core"
 * import { TrackedHttpClient } from "@faultline/testing"
 * import { Context, Effect, Layer, Redacted } from "effect"
 *
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
 * // The vendor layer over the tracked client, over the platform's client, to a server on 127.0.0.1
 * const ExampleLocal = Example.layer({
 *   baseUrl: "http://127.0.0.1:8080",
 *   apiKey: Redacted.make("example-test-key")
 * }).pipe(Layer.provideMerge(TrackedHttpClient.layer), Layer.provide(FetchHttpClient.layer))
 *
 * const program = Effect.gen(function*() {
 *   const example = yield* ExampleHttpClient
 *   yield* Effect.either(example.get("/v1/calls/call_1"))
 *   return yield* TrackedHttpClient.requests // one request, with the `Clock` time it was sent
 * }).pipe(Effect.provide(ExampleLocal))
 * ```
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as internal from "./internal/trackedHttpClient.js"
import type { RecordedRequest } from "./Script.js"

/**
 * The tracked client in context: its `HttpClient`, what it sent and what is still on the wire.
 *
 * @since 0.1.0
 * @category tags
 */
export class TrackedHttpClient extends Context.Tag("@faultline/testing/TrackedHttpClient")<
  TrackedHttpClient,
  TrackedHttpClient.Service
>() {}

/**
 * The types that go with the `TrackedHttpClient` tag.
 *
 * @since 0.1.0
 * @category models
 */
export declare namespace TrackedHttpClient {
  /**
   * What the tag provides: the tracked client, the requests it has sent, and how many are on the wire.
   *
   * @since 0.1.0
   * @category models
   */
  export interface Service {
    /** The client that sends through the wrapped one and keeps count. */
    readonly client: HttpClient.HttpClient
    /**
     * Every request sent so far, in order, with `at` the `Clock` time it was sent. `route` and `answer` are
     * `undefined` and `params` empty (no script chose the answer); a streamed body is sent untouched and recorded
     * as "".
     */
    readonly requests: Effect.Effect<ReadonlyArray<RecordedRequest>>
    /**
     * How many requests are on the wire: sent and not yet answered, or answered with a body being read. A request
     * that fails or is interrupted (an attempt timeout) leaves the count.
     */
    readonly inFlight: Effect.Effect<number>
  }
}

/**
 * Wraps a client: the same requests, sent through it, recorded and counted.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: (client: HttpClient.HttpClient) => Effect.Effect<TrackedHttpClient.Service> = internal.make

/**
 * A layer that wraps the `HttpClient` it is given (`NodeHttpClient.layerUndici`, `FetchHttpClient.layer`) and
 * provides the wrapped one, with the `TrackedHttpClient` service that reads its recordings. Put it between the
 * vendor layer and the platform client: `Layer.provideMerge(TrackedHttpClient.layer)`, then
 * `Layer.provide(NodeHttpClient.layerUndici)`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<HttpClient.HttpClient | TrackedHttpClient, never, HttpClient.HttpClient> =
  internal.layer(TrackedHttpClient)

/**
 * Every request the tracked client in context has sent, in order.
 *
 * @since 0.1.0
 * @category accessors
 */
export const requests: Effect.Effect<ReadonlyArray<RecordedRequest>, never, TrackedHttpClient> = Effect.flatMap(
  TrackedHttpClient,
  (tracked) => tracked.requests
)

/**
 * How many requests of the tracked client in context are on the wire.
 *
 * @since 0.1.0
 * @category accessors
 */
export const inFlight: Effect.Effect<number, never, TrackedHttpClient> = Effect.flatMap(
  TrackedHttpClient,
  (tracked) => tracked.inFlight
)
