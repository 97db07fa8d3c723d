/**
 * The record of a call's retries: every attempt that failed and was retried, how long the client waited and
 * why, and why it stopped. The final failure of a call made with a retry policy carries it in `retry`.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * Where a wait came from: the server's hint, the rule's backoff, the hint cut to the rule's bound, the rule's
 * minimum delay, or `outage`: no wait here, because the host was in an outage and the retry waited at the
 * circuit breaker instead (counted in `heldMillis`).
 *
 * @since 0.1.0
 * @category models
 */
export const DelaySource = Schema.Literal("hint", "backoff", "clamp", "minimum", "outage")

/**
 * Where a retry's wait came from, as `RetriedAttempt.source` holds it.
 *
 * @since 0.1.0
 * @category models
 */
export type DelaySource = typeof DelaySource.Type

/**
 * One failed attempt that was retried.
 *
 * @since 0.1.0
 * @category models
 */
export class RetriedAttempt extends Schema.Class<RetriedAttempt>("@faultline/core/RetriedAttempt")({
  /** 1 for the first attempt. */
  attempt: Schema.Int,
  /** The failure's tag. */
  tag: Schema.String,
  /** The response status, when there was a response. */
  status: Schema.optional(Schema.Int),
  /** How long the client waited before the next attempt. */
  delayMillis: Schema.NonNegative,
  source: DelaySource
}) {}

/**
 * What held an attempt before it was sent: the rate-limit quota (pacing) or an outage (the circuit breaker).
 *
 * @since 0.1.0
 * @category models
 */
export const HoldReason = Schema.Literal("quota", "outage")

/**
 * What held an attempt before it was sent, as `Hold.by` holds it: the quota or an outage.
 *
 * @since 0.1.0
 * @category models
 */
export type HoldReason = typeof HoldReason.Type

/**
 * Time an attempt was held before it was sent.
 *
 * @since 0.1.0
 * @category models
 */
export class Hold extends Schema.Class<Hold>("@faultline/core/Hold")({
  /** The attempt it held, 1 for the first. */
  attempt: Schema.Int,
  by: HoldReason,
  millis: Schema.NonNegative,
  /**
   * Set when the hold was given up because it would have ended past the call's deadline: how much longer it had
   * to run, when known (a quota's reset, an outage's next probe; not a probe still in flight).
   */
  remainingMillis: Schema.optional(Schema.NonNegative),
  /** Whether the hold was given up at the call's deadline (the call then stopped, with `Deadline`). */
  expired: Schema.optional(Schema.Boolean)
}) {}

/**
 * Why a call stopped retrying.
 *
 * - `Succeeded`: the last attempt succeeded (the trace of a success, from `ApiClient.traceOf`).
 * - `NotRetryable`: the policy says never for this failure.
 * - `Unsafe`: retrying could repeat a side effect (a non-idempotent request without an idempotency key, whose
 *   failure does not prove the server never acted on it).
 * - `Attempts`: the policy's attempts, overall or for the rule, are spent.
 * - `HintAboveBound`: the server asked for a longer wait than the rule accepts.
 * - `Deadline`: the next wait, or a hold before the next attempt, would end after the call's deadline.
 * - `Budget`: the client's retry budget for the host is spent (the vendor is failing for many calls at once).
 *
 * @since 0.1.0
 * @category models
 */
export const StopReason = Schema.Literal(
  "Succeeded",
  "NotRetryable",
  "Unsafe",
  "Attempts",
  "HintAboveBound",
  "Deadline",
  "Budget"
)

/**
 * Why a call stopped retrying, as `RetryTrace.stoppedBecause` holds it.
 *
 * @since 0.1.0
 * @category models
 */
export type StopReason = typeof StopReason.Type

/**
 * The trace of one call made with a retry policy: how many attempts it made, each attempt it retried and how long it
 * waited, the holds before sending, and why it stopped.
 *
 * @since 0.1.0
 * @category models
 */
export class RetryTrace extends Schema.Class<RetryTrace>("@faultline/core/RetryTrace")({
  /** Attempts made, the last one included. */
  attempts: Schema.Int,
  retried: Schema.Array(RetriedAttempt),
  stoppedBecause: StopReason,
  /** Virtual or real time from the first attempt to the end. */
  elapsedMillis: Schema.NonNegative,
  /** Time the attempts were held before sending, in all: waiting for the quota (pacing) or for an outage to end. */
  heldMillis: Schema.optional(Schema.NonNegative),
  /** Each hold: which attempt, by what, how long. */
  holds: Schema.Array(Hold),
  /** The tokens left in the client's retry budget for the host when the call ended, if its budget is limited. */
  budgetLeft: Schema.optional(Schema.NonNegative.pipe(Schema.finite()))
}) {}
