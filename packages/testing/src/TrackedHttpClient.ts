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
 * import { NodeHttpClient } from "@effect/platform-node"
 * import { NixflexHttpClient } from "@faultline/nixflex"
 * import { TrackedHttpClient } from "@faultline/testing"
 * import { Layer, Redacted } from "effect"
 *
 * const NixflexLocal = NixflexHttpClient.layer({
 *   baseUrl: "http://127.0.0.1:8080/nixflex",
 *   apiKey: Redacted.make("nxf_test:nxfs_test")
 * }).pipe(Layer.provideMerge(TrackedHttpClient.layer), Layer.provide(NodeHttpClient.layerUndici))
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
 * @since 0.1.0
 */
export declare namespace TrackedHttpClient {
  /**
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
