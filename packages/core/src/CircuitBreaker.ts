/**
 * Outages: when a vendor is down (several server-side failures, transport faults or timeouts in a row, or a 503
 * that says how long to wait), the calls of a client stop sending. They wait until the outage is expected to end,
 * then one call goes first as a probe while the others wait behind it; when the probe succeeds they all resume at
 * once, and when it fails the next probe goes a second later (or when the server's Retry-After says, if later). So during an
 * outage a client sends one request a second instead of every call retrying into it, and notices the end within
 * about a second. A retry that waits here costs the call nothing: no retry budget, none of its policy's attempts;
 * only its deadline bounds it. Kept per host, like the retry budget. A call never waits past its
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
 * The breaker's answer to a request that asks to go: `Go` (as the probe of an outage when `probe` is true: its
 * outcome must then be recorded), `WaitUntil` (the host is closed for `millis` more; ask again then), or
 * `WaitForProbe` (a probe is in flight; ask again when `probeEnded` completes).
 *
 * @since 0.1.0
 * @category models
 */
export type Verdict =
  | { readonly _tag: "Go"; readonly probe: boolean }
  | { readonly _tag: "WaitUntil"; readonly millis: number }
  | { readonly _tag: "WaitForProbe"; readonly probeEnded: Effect.Effect<void> }

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
 * The state of a host's outages, as the client consults it: it asks before each attempt, waits as told (on the
 * `Clock`, never past the call's deadline, interruptibly), and records the outcome of every probe and of every
 * attempt it sent. The waiting is the client's, so an implementation (a shared one, say) only keeps state.
 *
 * @since 0.1.0
 * @category models
 */
export interface CircuitBreaker {
  /**
   * Whether a request to `key` may go now. Atomic: the client asks where it cannot be interrupted, so a `Go` that
   * makes the request the probe is always followed by `record`.
   */
  readonly ask: (key: string) => Effect.Effect<Verdict>
  /** Records the outcome of an attempt that went, `probe` saying whether it was the probe. */
  readonly record: (key: string, probe: boolean, outcome: Outcome) => Effect.Effect<void>
  /** Whether the host is in an outage now (a retry then waits here, behind the probe, instead of in its backoff). */
  readonly isOpen: (key: string) => boolean
}

/**
 * The options of `make`: how many failures in a row open the breaker, and how long it waits between probes.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** Down outcomes in a row that open the breaker (default 5). A 503 with a wait hint opens it at once. */
  readonly failureThreshold?: number | undefined
  /** The wait before the first probe when no hint says how long (default 1 s); it doubles after each failed probe, up to `maxDelayMillis`. */
  readonly baseDelayMillis?: number | undefined
  /**
   * The longest wait between probes when no hint says how long (default 1 s, so a probe a second): how late, at
   * worst, calls notice an outage has ended. A 503's Retry-After, when longer, still wins.
   */
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
