/**
 * Retry policies as values. A policy says, for each failure tag (or each category, with per-tag overrides),
 * whether to retry and how: a backoff `Schedule`, how many retries, what to do with a server's wait hint
 * (honour it, clamp it, or give up above a bound), a minimum delay, and how the attempt timeout grows. It also
 * bounds the call as a whole (attempts and a deadline). Tags are checked by the compiler: a policy for Nixflex
 * cannot name a DialNexa tag.
 *
 * A retry is also refused when it is not safe: a request that is not idempotent (POST, PATCH) and carries no
 * idempotency key is retried only when its failure proves the server did not act on it — a connection that was
 * never made, or a 429, which rejects the request.
 *
 * @since 0.1.0
 */
import type * as Duration from "effect/Duration"
import type * as Effect from "effect/Effect"
import type { Pipeable } from "effect/Pipeable"
import type * as Schedule from "effect/Schedule"
import type * as Category from "./Category.js"
import type * as Failure from "./Failure.js"
import * as loop from "./internal/retryLoop.js"
import * as internal from "./internal/retryPolicy.js"
import type * as RetryBudget from "./RetryBudget.js"
import type * as RetryTrace from "./RetryTrace.js"

/**
 * What a rule does with a server's wait hint (Retry-After, X-RateLimit-Reset, a body hint):
 * `"honour"` waits exactly the hint (however long; the deadline still applies), `"ignore"` uses the backoff,
 * `{ clampTo }` waits at most that long, `{ giveUpAbove }` stops retrying when the hint is longer. With pacing on
 * (the client's default), a 429's own hint also holds the host's requests until it ends, the clamped retry
 * included: turn pacing off to retry sooner than the server asks.
 *
 * @since 0.1.0
 * @category models
 */
export type HintRule =
  | "honour"
  | "ignore"
  | { readonly clampTo: Duration.DurationInput }
  | { readonly giveUpAbove: Duration.DurationInput }

/**
 * How to retry one kind of failure.
 *
 * @since 0.1.0
 * @category models
 */
export interface Rule {
  readonly _tag: "Rule"
  /** The delays between attempts when no hint applies; fed the failure at each step. */
  readonly backoff: Schedule.Schedule<unknown, unknown>
  /**
   * The most retries this rule grants in one call, for each row of the policy it stands in: a rule shared by the
   * `server` and `upstream` categories grants its retries to each (the policy's `maxAttempts` bounds the call).
   */
  readonly retries: number
  readonly hint: HintRule
  /** No wait shorter than this ("503: wait 30 s or more"). */
  readonly minimumDelay: Duration.Duration
  /** Each retry under this rule multiplies the attempt timeout by this ("504: retry with a longer timeout"). */
  readonly timeoutGrowth: number
}

/**
 * Do not retry.
 *
 * @since 0.1.0
 * @category models
 */
export interface Never {
  readonly _tag: "Never"
}

/**
 * What a policy decides for one tag or category: a `Rule` to retry by, or `Never`.
 *
 * @since 0.1.0
 * @category models
 */
export type Decision = Rule | Never

/**
 * A retry policy for the failures `E`.
 *
 * @since 0.1.0
 * @category models
 */
export interface RetryPolicy<E extends Failure.Failure> extends Pipeable {
  /** Per-tag decisions; they win over the category's. */
  readonly tags: { readonly [Tag in E["_tag"]]?: Decision }
  readonly categories: { readonly [C in Category.Category]?: Decision }
  /**
   * The most attempts in one call, the first included. Retries that wait at the circuit breaker during an outage do
   * not count (nor against their rule's `retries`): the breaker decides when they go, the deadline how long.
   */
  readonly maxAttempts: number
  /**
   * No wait may end later than this after the first attempt started: neither a retry's delay nor a hold before
   * sending (the quota, an outage).
   */
  readonly deadline: Duration.Duration
}

/**
 * A rule: `backoff` and `retries` are required; by default hints are honoured, there is no minimum delay and the
 * timeout does not grow.
 *
 * @since 0.1.0
 * @category constructors
 */
export const rule: (options: {
  readonly backoff: Schedule.Schedule<unknown, unknown>
  readonly retries: number
  readonly hint?: HintRule | undefined
  readonly minimumDelay?: Duration.DurationInput | undefined
  readonly timeoutGrowth?: number | undefined
}) => Rule = internal.rule

/**
 * The decision not to retry, to give a tag or a category that must fail at once.
 *
 * @since 0.1.0
 * @category constructors
 */
export const never: Never = internal.never

/**
 * A policy. Defaults: no tag rules, `Never` for every category not given, at most 6 attempts, a 2-minute deadline.
 *
 * @example
 * ```ts
 * import { Backoff, type Failure, type ProblemJson, RetryPolicy } from "@faultline/core"
 *
 * // Retry server-side failures three times, but not a 5xx whose body is not even an envelope.
 * const policy = RetryPolicy.make<ProblemJson.Problem | Failure.CoreFailure>({
 *   categories: {
 *     server: RetryPolicy.rule({ backoff: Backoff.exponential({ base: "1 second", max: "20 seconds" }), retries: 3 })
 *   },
 *   tags: { UnexpectedBody: RetryPolicy.never }
 * })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: <E extends Failure.Failure>(options: {
  readonly tags?: { readonly [Tag in E["_tag"]]?: Decision } | undefined
  readonly categories?: { readonly [C in Category.Category]?: Decision } | undefined
  readonly maxAttempts?: number | undefined
  readonly deadline?: Duration.DurationInput | undefined
}) => RetryPolicy<E> = internal.make

/**
 * The same policy with one tag's decision replaced. The tag must be one of the policy's failures.
 *
 * @since 0.1.0
 * @category combinators
 */
export const overrideTag: {
  <E extends Failure.Failure>(tag: E["_tag"], decision: Decision): (self: RetryPolicy<E>) => RetryPolicy<E>
  <E extends Failure.Failure>(self: RetryPolicy<E>, tag: E["_tag"], decision: Decision): RetryPolicy<E>
} = internal.overrideTag

/**
 * The same policy with one category's decision replaced.
 *
 * @since 0.1.0
 * @category combinators
 */
export const overrideCategory: {
  (category: Category.Category, decision: Decision): <E extends Failure.Failure>(self: RetryPolicy<E>) => RetryPolicy<E>
  <E extends Failure.Failure>(self: RetryPolicy<E>, category: Category.Category, decision: Decision): RetryPolicy<E>
} = internal.overrideCategory

/**
 * The decision for a failure: its tag's, else its category's, else `Never`. Retries are counted per row: the
 * failures of one tag, or of one category without a tag rule, share the row's retries and its backoff.
 *
 * @since 0.1.0
 * @category combinators
 */
export const decisionFor: <E extends Failure.Failure>(policy: RetryPolicy<E>, failure: E) => Decision =
  internal.decisionFor

/**
 * What the retry loop knows of the request: whether it is safe to repeat, and the budget (and the key in it,
 * usually the host) its retries draw on.
 *
 * @since 0.1.0
 * @category models
 */
export interface RetryContext {
  readonly safe: boolean
  readonly budget?: { readonly budget: RetryBudget.RetryBudget; readonly key: string } | undefined
  /**
   * Whether the request's host is in an outage: the retry then skips its backoff and waits at the client's circuit
   * breaker instead, which lets it go as soon as a probe finds the vendor up; such a retry costs no budget.
   */
  readonly inOutage?: (() => boolean) | undefined
  /** Receives the trace of a call that succeeded. */
  readonly onSuccess?: ((trace: RetryTrace.RetryTrace) => void) | undefined
}

/**
 * Runs `attempt` (given the attempt number, from 1, and the factor by which to scale its timeout) until it
 * succeeds or the policy stops it; the final failure carries the `RetryTrace`. Every wait is an Effect sleep, so
 * it runs on virtual time under `TestClock`; durations and the deadline are measured on the `Clock`'s monotonic
 * time, so a wall clock set back or forward during a wait changes neither. A retry's budget token is taken when the
 * retry is decided and given back if the call is interrupted before the retry starts.
 *
 * @since 0.1.0
 * @category combinators
 */
export const retry: <E extends Failure.Failure>(
  policy: RetryPolicy<E>,
  context: RetryContext
) => <A, R>(attempt: (attempt: number, timeoutScale: number) => Effect.Effect<A, E, R>) => Effect.Effect<A, E, R> =
  loop.retry

/**
 * The core defaults, by category: rate limits honour the server's hint (or back off from 1 s), server-side
 * failures and transport faults back off exponentially from 500 ms up to 30 s, timeouts retry with a doubled
 * timeout; everything else (4xx, unexpected bodies of success statuses) is never retried. At most 5 attempts
 * and a 2-minute deadline. Vendor packages ship their documented tables built on these.
 *
 * @since 0.1.0
 * @category constructors
 */
export const defaults: <E extends Failure.Failure>() => RetryPolicy<E> = internal.defaults

/**
 * Whether a request may be sent again without risking a second side effect: its method is idempotent (GET, HEAD,
 * OPTIONS, PUT, DELETE) or it carries an idempotency key.
 *
 * @since 0.1.0
 * @category guards
 */
export const isSafeToRepeat: (method: string, hasIdempotencyKey: boolean) => boolean = internal.isSafeToRepeat
