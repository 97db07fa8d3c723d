/**
 * Pacing: learning a vendor's request quota from the `X-RateLimit-Limit`, `-Remaining` and `-Reset` headers of
 * every response, and holding requests while the known quota is spent, so that a busy client meets few 429s
 * instead of spending its retries on them. The counts live in a `PacingStore`: in memory by default, shared (a
 * Redis store) when several processes use the same key.
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import * as internal from "./internal/pacing.js"

/**
 * What is known of one quota: requests left, and when the window resets (epoch milliseconds).
 *
 * @since 0.1.0
 * @category models
 */
export interface Quota {
  readonly limit: number | undefined
  readonly remaining: number
  readonly resetAt: number
}

/**
 * Where quotas are kept, by key (the host). Operations are effects so that a store can be remote.
 *
 * @since 0.1.0
 * @category models
 */
export interface PacingStore {
  /**
   * Asks to send one request under the quota of `key` at time `now`: `0` when it may go (it then counts as in
   * flight until `settle`), else the milliseconds to wait before asking again.
   */
  readonly take: (key: string, now: number) => Effect.Effect<number>
  /**
   * A request taken for `key` ended; `quota` is what its response said of the quota, if it said. The server's
   * remaining count does not include the requests still in flight, so the store subtracts them.
   */
  readonly settle: (key: string, quota: Quota | undefined) => Effect.Effect<void>
}

/**
 * An in-memory store, for the clients of one process.
 *
 * @since 0.1.0
 * @category constructors
 */
export const memoryStore: () => PacingStore = internal.memoryStore

/**
 * The quota a response's headers describe, if they describe one: `X-RateLimit-Remaining` and `X-RateLimit-Reset`
 * (epoch seconds, epoch milliseconds, or seconds from now, as `WaitHint.parseRateLimitReset` reads them).
 *
 * @since 0.1.0
 * @category constructors
 */
export const quotaFromHeaders: (headers: Readonly<Record<string, string>>, now: number) => Quota | undefined =
  internal.quotaFromHeaders

/**
 * Waits, on the `Clock`, until the quota of `key` allows one more request, and takes it. Returns how long it
 * waited, in milliseconds.
 *
 * @since 0.1.0
 * @category combinators
 */
export const admit: (store: PacingStore, key: string) => Effect.Effect<number> = internal.admit
