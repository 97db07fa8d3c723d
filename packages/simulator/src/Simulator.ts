/**
 * The simulator: a real HTTP server on `@effect/platform-node` that speaks the DialNexa, Levrage and Nixflex APIs as
 * their documentation describes them (vendors.md), with their authentication, error envelopes, rate-limit windows and
 * headers, concurrency limits, Nixflex idempotency replay and DialNexa ETags; plus faults on demand, a control API,
 * counters and a request log.
 *
 * All three vendors are served at once under `/dialnexa`, `/levrage` and `/nixflex`; with `vendor` set, that vendor
 * is also served at the root (`/v1/…`), as its real base URL would be, and the others keep their prefixes. See docs/simulator.md for every route.
 *
 * @since 0.1.0
 */
import type * as HttpServerError from "@effect/platform/HttpServerError"
import type * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import type * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import type * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import type * as Faults from "./Faults.js"
import * as internal from "./internal/simulator.js"
import type * as Stats from "./Stats.js"
import type { Vendor } from "./Vendor.js"

/**
 * A request limit: `limit` requests per fixed window of `window`, per API key; with `phase`, the windows are fixed on
 * the wall clock.
 *
 * @since 0.1.0
 * @category models
 */
export interface RateLimit {
  readonly limit: number
  readonly window: Duration.DurationInput
  /**
   * Fixes the windows on the wall clock instead of opening one with a key's first request: each window starts
   * `phase` after a whole multiple of `window` since the epoch (`{ limit: 20, window: "1 second", phase: "5 millis" }`
   * opens a window 5 ms after every whole second). Absent by default.
   */
  readonly phase?: Duration.DurationInput | undefined
}

/**
 * The rate-limit windows that can be configured. Nixflex counts reads (GET), writes (POST, PUT, PATCH, DELETE) and
 * `POST /v1/keys` (per client IP) separately.
 *
 * @since 0.1.0
 * @category models
 */
export type RateLimitGroup = "dialnexa" | "levrage" | "nixflex.read" | "nixflex.write" | "nixflex.keys"

/**
 * Options for `make`, `start` and `layer`. Every field has a default.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** Port to listen on; 0 (the default) picks a free one. */
  readonly port?: number | undefined
  /** Address to listen on; 127.0.0.1 by default. */
  readonly host?: string | undefined
  /** Serve only this vendor, at the root (`/v1/…`) as well as under its prefix. */
  readonly vendor?: Vendor | undefined
  /** Seed of every random choice (fault draws, latency jitter, generated ids); 42 by default. */
  readonly seed?: number | undefined
  /** Faults in force from the start; none by default. */
  readonly faults?: ReadonlyArray<Faults.Fault> | undefined
  /**
   * Valid API keys per vendor, replacing that vendor's demo key. Nixflex keys are `key_id:key_secret`. Keys created
   * through the APIs (DialNexa `POST /v1/api-keys`, Nixflex `POST /v1/keys`) are valid too.
   */
  readonly keys?: { readonly [V in Vendor]?: ReadonlyArray<string> | undefined } | undefined
  /**
   * Request limits. Defaults: DialNexa 100 per minute (its docs give no number), Levrage 60 per minute (the Free
   * plan), Nixflex 600 reads and 120 writes per minute and 10 key creations per hour.
   */
  readonly rateLimits?: { readonly [G in RateLimitGroup]?: RateLimit | undefined } | undefined
  /** Calls in flight at once per account: DialNexa 5 (Starter), Nixflex 10 (pay-as-you-go) by default. */
  readonly concurrency?: { readonly dialnexa?: number | undefined; readonly nixflex?: number | undefined } | undefined
  /** DialNexa's answer at its concurrency limit: 409 (deploy docs, the default) or 429 with Retry-After (pricing). */
  readonly dialnexaConcurrencyStatus?: 409 | 429 | undefined
  /** Also send `Retry-After` on Nixflex 429s (the API introduction's variant); the body's `details.retry_after` only by default. */
  readonly nixflexRetryAfterHeader?: boolean | undefined
  /** How long a simulated call stays in flight; 30 seconds by default. */
  readonly callDuration?: Duration.DurationInput | undefined
  /**
   * The time between two messages of a Nixflex SMS campaign, which sends one at a time from its number; 1 second by
   * default (Twilio's 1 message per second per number).
   */
  readonly smsInterval?: Duration.DurationInput | undefined
  /** How long a Nixflex `Idempotency-Key` is remembered; 24 hours by default. */
  readonly idempotencyTtl?: Duration.DurationInput | undefined
  /** Levrage credits: each call spends one, and at 0 calls fail with `quota_exceeded`. Unlimited by default. */
  readonly levrageCredits?: number | undefined
  /** Destination prefixes the telephony provider refuses (DialNexa 403, Nixflex `outbound_failed`); `+1900`, `+882`. */
  readonly blockedPrefixes?: ReadonlyArray<string> | undefined
  /** How many past DialNexa call logs are seeded; 45 by default. */
  readonly callLogCount?: number | undefined
  /** How many requests the log keeps (the oldest go first); 10,000 by default. */
  readonly logLimit?: number | undefined
}

/**
 * A simulator that is not listening: its HTTP app, to serve on any platform server, and its controls.
 *
 * @since 0.1.0
 * @category models
 */
export interface Instance {
  /** The whole simulator as an HTTP app: vendors, faults and the control API. */
  readonly app: Effect.Effect<HttpServerResponse.HttpServerResponse, never, HttpServerRequest.HttpServerRequest>
  /** The counters since the start or the last reset. */
  readonly stats: Effect.Effect<Stats.Stats>
  /** The request log, oldest first. */
  readonly log: Effect.Effect<ReadonlyArray<Stats.LogEntry>>
  /** The faults in force. */
  readonly faults: Effect.Effect<ReadonlyArray<Faults.Fault>>
  /** Replaces the faults in force (an empty list clears them). Outage windows open when this runs. */
  readonly setFaults: (faults: ReadonlyArray<Faults.Fault>) => Effect.Effect<void>
  /**
   * Back to the state at start: vendor data, counters, log, rate windows, idempotency keys and calls in flight;
   * the faults become the `faults` option again and the generator is reseeded (with `seed` if given).
   */
  readonly reset: (options?: { readonly seed?: number | undefined }) => Effect.Effect<void>
}

/**
 * A listening simulator.
 *
 * @since 0.1.0
 * @category models
 */
export interface Running extends Instance {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly url: string
  readonly port: number
  /** The base URL a vendor client should use: `${url}/nixflex`, or `url` itself for the single `vendor`. */
  readonly baseUrl: (vendor: Vendor) => string
  /**
   * How many TCP connections to the server are open now (node's `server.getConnections`), idle keep-alive ones
   * included: after a client is closed, what it left behind. The server learns of a close when the client's FIN
   * arrives, so a count taken right after closing a client may still include its last sockets for a moment.
   *
   * @example
   * ```ts
   * import { Simulator } from "@faultline/simulator"
   * import { Effect } from "effect"
   *
   * const program = Effect.gen(function* () {
   *   const simulator = yield* Simulator.start()
   *   yield* Effect.promise(() => fetch(`${simulator.baseUrl("levrage")}/v1/health`).then((r) => r.text()))
   *   console.log(yield* simulator.connections) // 1 while fetch keeps the connection alive
   * }).pipe(Effect.scoped)
   * ```
   */
  readonly connections: Effect.Effect<number>
}

/**
 * The simulator as a service, for tests that take it from the context.
 *
 * @since 0.1.0
 * @category tags
 */
export class Simulator extends Context.Tag("@faultline/simulator/Simulator")<Simulator, Running>() {}

/**
 * The demo API key each vendor accepts unless `keys` replaces it. The Nixflex one is `key_id:key_secret`.
 *
 * @since 0.1.0
 * @category constants
 */
export const demoKeys: Readonly<Record<Vendor, string>> = internal.demoKeys

/**
 * Builds a simulator without listening: serve `app` yourself, or call it with `HttpApp.toWebHandler`. Faults that
 * need a socket (`reset`, `truncate`) only work when served by `NodeHttpServer`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options = {}): Effect.Effect<Instance> => internal.make(internal.resolveOptions(options))

/**
 * Starts a simulator on 127.0.0.1 (port 0 by default) for the life of the scope.
 *
 * @example
 * ```ts
 * import { Simulator } from "@faultline/simulator"
 * import { Effect } from "effect"
 *
 * const program = Effect.gen(function* () {
 *   const simulator = yield* Simulator.start({ seed: 7 })
 *   const response = yield* Effect.promise(() =>
 *     fetch(`${simulator.baseUrl("levrage")}/v1/health`)
 *   )
 *   console.log(response.status, (yield* simulator.stats).requests)
 * }).pipe(Effect.scoped)
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const start = (options: Options = {}): Effect.Effect<Running, HttpServerError.ServeError, Scope.Scope> =>
  internal.start(options)

/**
 * A layer that starts a simulator (port 0 unless `port` says otherwise) and provides it as `Simulator`.
 *
 * @example
 * ```ts
 * import { Simulator } from "@faultline/simulator"
 * import { Effect } from "effect"
 *
 * // In a test file: `layer(Simulator.layer())("…", (it) => it.live("…", () => listAgents))` from @effect/vitest
 * const listAgents = Effect.gen(function* () {
 *   const simulator = yield* Simulator.Simulator
 *   const response = yield* Effect.promise(() =>
 *     fetch(`${simulator.baseUrl("nixflex")}/v1/agents`, {
 *       headers: { authorization: `Bearer ${Simulator.demoKeys.nixflex}` }
 *     })
 *   )
 *   return response.status // 200
 * })
 *
 * const program = listAgents.pipe(Effect.provide(Simulator.layer({ seed: 7 })))
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options = {}): Layer.Layer<Simulator, HttpServerError.ServeError> =>
  Layer.scoped(Simulator, start(options))
