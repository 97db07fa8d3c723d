/**
 * Scripts: which request gets which answer. A script is a list of routes, each a pattern (`"POST /v1/calls"`,
 * `"GET /v1/calls/:id"`, `"*"`) or a predicate with a sequence of answers played in order, one per request, and
 * what to answer once the sequence has run out. Everything a script is asked is recorded as a `RecordedRequest`:
 * method, URL, every header, the body text and the `Clock` time it arrived.
 *
 * `ScriptedHttpClient` plays scripts of `Step`s as an `HttpClient`; `FakeApiClient` plays scripts of steps and
 * tagged failures as a vendor client.
 *
 * @since 0.1.0
 */
import type * as HttpMethod from "@effect/platform/HttpMethod"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as internal from "./internal/script.js"

/**
 * A route pattern: a method (or `*` for any) and a path whose segments may be `:name` (one segment, kept in
 * `RecordedRequest.params`) or a final `*` (the rest of the path); or `"*"` alone for every request. The query
 * string is not part of the match.
 *
 * @since 0.1.0
 * @category models
 */
export type RoutePattern = `${HttpMethod.HttpMethod | "*"} /${string}` | "*"

/**
 * One route: which requests it answers, the answers in order, and what to answer after the last one
 * (by default the script's `otherwise`).
 *
 * @since 0.1.0
 * @category models
 */
export interface Route<A> {
  /** A pattern, or a predicate over the request as recorded. */
  readonly match: RoutePattern | ((request: RecordedRequest) => boolean)
  /** A name for the route in recordings; the pattern by default. */
  readonly name: string
  readonly answers: ReadonlyArray<A>
  readonly otherwise: A | undefined
}

/**
 * A script: routes by pattern, in the order written (the catch-all `"*"` last), or a list of routes made with
 * `route`. The first route that matches a request answers it.
 *
 * @since 0.1.0
 * @category models
 */
export type Routes<A> =
  | ({ readonly [pattern: `${HttpMethod.HttpMethod | "*"} /${string}`]: ReadonlyArray<A> } & {
      readonly "*"?: ReadonlyArray<A>
    })
  | ReadonlyArray<Route<A>>

/**
 * A request as a script saw it.
 *
 * @since 0.1.0
 * @category models
 */
export interface RecordedRequest {
  readonly method: HttpMethod.HttpMethod
  /** The URL with its query string (absolute when the request had a base URL). */
  readonly url: string
  /** The path alone, as routes match it. */
  readonly path: string
  /** The query parameters (the last value of a repeated one). */
  readonly query: Readonly<Record<string, string>>
  /** The values of the route's `:name` segments. */
  readonly params: Readonly<Record<string, string>>
  /** Every header, names in lowercase, including `content-type` from the body as it would go on the wire. */
  readonly headers: Readonly<Record<string, string>>
  /** The body as text ("" when there is none). */
  readonly body: string
  /** `Clock.currentTimeMillis` when the request arrived (virtual under `TestClock`). */
  readonly at: number
  /** The name of the route that answered, or `undefined` when none matched. */
  readonly route: string | undefined
  /** The position of the answer in the route's sequence, or `undefined` when the `otherwise` answer was used. */
  readonly answer: number | undefined
}

/**
 * A route with a predicate, a name, or its own answer for after the sequence.
 *
 * @example
 * ```ts
 * import { Script, Step } from "@faultline/testing"
 *
 * const routes = [
 *   Script.route("GET /v1/calls/:id", [Step.html(502)], { otherwise: Step.json(200, { status: "completed" }) }),
 *   Script.route((request) => request.headers["idempotency-key"] === undefined, [Step.json(400, {})], {
 *     name: "no idempotency key"
 *   })
 * ]
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const route: <A>(
  match: RoutePattern | ((request: RecordedRequest) => boolean),
  answers: ReadonlyArray<A>,
  options?: { readonly otherwise?: A | undefined; readonly name?: string | undefined }
) => Route<A> = internal.route

/**
 * Whether a request's method and path match a pattern, and the values of its `:name` segments if so.
 *
 * @since 0.1.0
 * @category utils
 */
export const matchPattern: (
  pattern: RoutePattern,
  method: string,
  path: string
) => Readonly<Record<string, string>> | undefined = internal.matchPattern

/**
 * How many answers of each route are still to be played: `{}` once every sequence has run out.
 *
 * @since 0.1.0
 * @category models
 */
export type Pending = Readonly<Record<string, number>>

/**
 * A script with routes the vendor's API does not have: a test scripting `POST /v1/calls` for a vendor whose
 * route is `POST /v1/calls/outbound` would otherwise pass while testing nothing.
 *
 * @since 0.1.0
 * @category errors
 */
export class UnknownRoutes extends Data.TaggedError("UnknownRoutes")<{
  /** The scripted patterns no endpoint matches. */
  readonly patterns: ReadonlyArray<RoutePattern>
}> {
  override get message(): string {
    return `scripted routes the API does not have: ${this.patterns.join(", ")}`
  }
}

/**
 * The endpoints a script is checked against: a vendor's endpoint record (`NixflexEndpoints.endpoints`) or any
 * list of methods and paths with `:name` parameters.
 *
 * @since 0.1.0
 * @category models
 */
export type Api =
  | Readonly<Record<string, { readonly method: string; readonly path: string }>>
  | ReadonlyArray<{ readonly method: string; readonly path: string }>

/**
 * Checks that every pattern of a script can match some endpoint of an API (predicates and `"*"` always can): a
 * scripted `:name` or endpoint `:name` segment matches any one segment, a final `*` the rest.
 *
 * @example
 * ```ts
 * import { Script } from "@faultline/testing"
 * import { Effect } from "effect"
 *
 * const api = [{ method: "POST", path: "/v1/calls/outbound" }, { method: "GET", path: "/v1/calls/:call_id" }]
 *
 * const checked = Script.checkRoutes({ "POST /v1/calls": [], "GET /v1/calls/call_1": [] }, api)
 * // fails with UnknownRoutes { patterns: ["POST /v1/calls"] }
 * ```
 *
 * @since 0.1.0
 * @category utils
 */
export const checkRoutes = <A>(routes: Routes<A>, api: Api): Effect.Effect<void, UnknownRoutes> => {
  const patterns = internal.unknownPatterns(routes, Array.isArray(api) ? api : Object.values(api))
  return patterns.length === 0 ? Effect.void : Effect.fail(new UnknownRoutes({ patterns }))
}
