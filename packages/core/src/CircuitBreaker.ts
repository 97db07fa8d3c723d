/**
 * Outages: when a vendor is down (several server-side failures in a row, or a 503 that says how long to wait),
 * the calls of a client stop sending. They wait until the outage is expected to end, then one call goes first as
 * a probe while the others wait behind it; when the probe succeeds they all resume at once, and when it fails the
 * wait starts again, longer. So during an outage a client sends one request at a time instead of every call
 * retrying into it. Kept per host, like the retry budget.
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import * as internal from "./internal/circuitBreaker.js"

/**
 * How an attempt was let through: as the probe of an outage, or normally. Returned by `admit`, given back to
 * `record`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Admission {
  readonly probe: boolean
  /** How long the attempt waited for the outage to end, in milliseconds. */
  readonly waitedMillis: number
}

/**
 * What an attempt's outcome says of the vendor: `up` (any response that is not a server-side failure), `down`
 * (a server-side failure or a transport fault), or `unknown` (interrupted before it could tell).
 *
 * @since 0.1.0
 * @category models
 */
export type Outcome =
  | { readonly _tag: "Up" }
  | { readonly _tag: "Down"; readonly waitHintMillis: number | undefined; readonly status: number | undefined }
  | { readonly _tag: "Unknown" }

/**
 * @since 0.1.0
 * @category models
 */
export interface CircuitBreaker {
  /** Waits while the host is in an outage, then lets the attempt through (maybe as the probe). */
  readonly admit: (key: string) => Effect.Effect<Admission>
  /** Records the outcome of an admitted attempt. */
  readonly record: (key: string, admission: Admission, outcome: Outcome) => Effect.Effect<void>
  /** Whether the host is in an outage now (a retry then waits here, behind the probe, instead of in its backoff). */
  readonly isOpen: (key: string) => boolean
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** Server-side failures in a row that open the breaker (default 5). A 503 with a wait hint opens it at once. */
  readonly failureThreshold?: number | undefined
  /** The first wait when no hint says how long (default 1 s); it doubles after each failed probe. */
  readonly baseDelayMillis?: number | undefined
  /** The longest wait between probes (default 8 s): how late, at worst, calls notice an outage has ended. */
  readonly maxDelayMillis?: number | undefined
}

/**
 * A breaker with its own state per host.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: (options?: Options) => CircuitBreaker = internal.make

/**
 * A breaker that never opens.
 *
 * @since 0.1.0
 * @category constructors
 */
export const disabled: CircuitBreaker = internal.disabled
