/**
 * Outages: when a vendor is down (several server-side failures, transport faults or timeouts in a row, or a 503
 * that says how long to wait), the calls of a client stop sending. They wait until the outage is expected to end,
 * then one call goes first as a probe while the others wait behind it; when the probe succeeds they all resume at
 * once, and when it fails the wait starts again, longer. So during an outage a client sends one request at a time
 * instead of every call retrying into it. Kept per host, like the retry budget. A call never waits past its
 * deadline: when the outage would outlast it, the call stops (`Failure.HeldPastDeadline`, or its last failure
 * with `stoppedBecause: "Deadline"`).
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import type * as Exit from "effect/Exit"
import type * as Failure from "./Failure.js"
import * as internal from "./internal/circuitBreaker.js"

/**
 * How a wait at the breaker ended: `Admitted` (maybe as the probe of an outage), or `Expired` when the outage
 * would outlast the call's deadline (`remainingMillis`, when known, is how long it still had to run). Returned by
 * `admit`, given back to `record`.
 *
 * @since 0.1.0
 * @category models
 */
export type Admission =
  | { readonly _tag: "Admitted"; readonly probe: boolean; readonly waitedMillis: number }
  | { readonly _tag: "Expired"; readonly waitedMillis: number; readonly remainingMillis: number | undefined }

/**
 * What an attempt's outcome says of the vendor: `Up` (any response that is not a server-side failure, a 429
 * included), `Down` (a server-side failure, a transport fault, a timeout), or `Unknown` (interrupted before it
 * could tell).
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
  /**
   * Waits while the host is in an outage, at most until `deadlineAt` (milliseconds on the `Clock`'s
   * monotonic time, `currentTimeNanos`), then lets the attempt
   * through (maybe as the probe). The client runs it where it cannot be interrupted except during its waits, and
   * records every `Admitted` attempt, so a probe is never left behind.
   */
  readonly admit: (key: string, deadlineAt: number) => Effect.Effect<Admission>
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
  /** Down outcomes in a row that open the breaker (default 5). A 503 with a wait hint opens it at once. */
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

/**
 * What an attempt's exit says of the vendor, as the client records it.
 *
 * @since 0.1.0
 * @category constructors
 */
export const outcomeOf: (exit: Exit.Exit<unknown, Failure.Failure>) => Outcome = internal.outcomeOf
