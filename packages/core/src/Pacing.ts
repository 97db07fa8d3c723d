/**
 * Pacing: learning a vendor's request quota from the `X-RateLimit-Limit`, `-Remaining` and `-Reset` headers of
 * every response (and from a 429's own `Retry-After`), and holding requests while the known quota is spent, so
 * that a busy client meets few 429s instead of spending its retries on them. The first request to a host goes alone
 * and the others wait for its answer (a second at most), so that a burst at start-up meets the quota it learns
 * rather than a wall of 429s. The counts live in a `PacingStore`:
 * in memory by default, shared (a Redis store) when several processes use the same key.
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import * as internal from "./internal/pacing.js"
import type * as WaitHint from "./WaitHint.js"

/**
 * What a response said of one quota: requests left, and when the window resets (epoch milliseconds). `retryAt` is
 * set when a 429 about the quota said, for itself, when to come back (`Retry-After`, `retry-after-ms`, a body
 * hint): the quota is then spent until that moment, and only until then, whatever the window's reset says.
 *
 * @since 0.1.0
 * @category models
 */
export interface Quota {
  readonly limit: number | undefined
  readonly remaining: number
  readonly resetAt: number
  /**
   * The earliest the window may really reset, when the reset is announced coarsely: a reset in whole seconds
   * (epoch seconds, seconds from now) says the window ends up to a second before it. Unset when `resetAt` is exact.
   */
  readonly earliestResetAt?: number | undefined
  readonly retryAt?: number | undefined
}

/**
 * What the client tells the store of a request it asks to send. `mayGoEarly`: the request may be sent alone before
 * a reset announced in whole seconds, to find when the window really turns; the client sets it only when the call
 * retries a 429 it meets there (it has a retry policy and attempts left), so an early refusal is never a caller's
 * failure.
 *
 * @since 0.1.0
 * @category models
 */
export interface TakeOptions {
  readonly mayGoEarly?: boolean | undefined
}

/**
 * Where quotas are kept, by key (the host). Operations are effects so that a store can be remote.
 *
 * @since 0.1.0
 * @category models
 */
export interface PacingStore {
  /**
   * Asks to send one request under the quota of `key` at time `now` (epoch milliseconds): `0` when it may go (it
   * then counts as in flight until `settle`), else the milliseconds to wait before asking again. The client calls
   * `take` where it cannot be interrupted, waits as told (never past the call's deadline), and settles every
   * request it was given.
   */
  readonly take: (key: string, now: number, options?: TakeOptions) => Effect.Effect<number>
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
 * (epoch seconds, epoch milliseconds, or seconds from now, as `WaitHint.parseRateLimitReset` reads them; a reset in
 * whole seconds sets `earliestResetAt` a second before it), else the IETF `RateLimit` field (drafts 6 to 10, read
 * as Structured Fields; its most constraining policy).
 *
 * @since 0.1.0
 * @category constructors
 */
export const quotaFromHeaders: (headers: Readonly<Record<string, string>>, now: number) => Quota | undefined =
  internal.quotaFromHeaders

/**
 * What a response tells the pacer: the quota its headers describe and, for a 429 whose wait hint is the server's
 * own answer to this request (`WaitHint.isExplicit`), that the quota is next worth trying when the hint ends. A 429
 * whose headers say requests remain is about something else (calls in flight, Nixflex `concurrent_call_limit`)
 * and tells the pacer only what its headers say.
 *
 * @since 0.1.0
 * @category constructors
 */
export const quotaFromResponse: (response: {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly now: number
  readonly waitHint: WaitHint.WaitHint | undefined
}) => Quota | undefined = internal.quotaFromResponse
