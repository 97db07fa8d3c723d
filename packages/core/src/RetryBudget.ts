/**
 * A retry budget: a token bucket shared by the calls of one client, kept per host. Every retry costs a token and
 * every success puts part of one back, so while a vendor is healthy retries are free, and when it fails for
 * everyone (an outage) the bucket empties and calls stop retrying (`RetryTrace.stoppedBecause` is `Budget`)
 * instead of multiplying the load on a service that is already down.
 *
 * @since 0.1.0
 */
import * as internal from "./internal/retryBudget.js"

/**
 * Token buckets, one per host, that retries draw from and successes refill; the client asks before every retry.
 *
 * @since 0.1.0
 * @category models
 */
export interface RetryBudget {
  /** Takes the cost of one retry for `host`; `false` (and nothing taken) when there are not enough tokens. */
  readonly withdraw: (host: string) => boolean
  /** Gives back the cost of one retry that was withdrawn but never sent (interrupted, or stopped before sending). */
  readonly refund: (host: string) => void
  /** Records a success for `host`: refills part of a token, up to the capacity. */
  readonly deposit: (host: string) => void
  /** The tokens left for `host` (`Infinity` for `unlimited`). */
  readonly remaining: (host: string) => number
}

/**
 * The options of `make`: the size of a bucket, what a retry costs and what a success puts back.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** Tokens in a full bucket, and at the start (default 10). */
  readonly capacity?: number | undefined
  /** Tokens one retry costs (default 1). */
  readonly retryCost?: number | undefined
  /** Tokens one success puts back (default 0.1: ten successes pay for one retry). */
  readonly successRefill?: number | undefined
}

/**
 * A budget with its own buckets. Synchronous and safe to share between fibers (each operation is atomic). Tokens
 * are counted in millionths, so that ten refills of 0.1 are exactly one token.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: (options?: Options) => RetryBudget = internal.make

/**
 * A budget that never runs out.
 *
 * @since 0.1.0
 * @category constructors
 */
export const unlimited: RetryBudget = internal.unlimited
