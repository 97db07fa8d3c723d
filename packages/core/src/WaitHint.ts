/**
 * Wait hints: how long a server asked the client to wait before trying again, read from one pipeline over the
 * response headers (Retry-After as seconds or HTTP-date, retry-after-ms, X-RateLimit-Reset, the IETF RateLimit
 * fields) and a dialect's body hint (Nixflex `details.retry_after`).
 *
 * @since 0.1.0
 */
import type * as Headers from "@effect/platform/Headers"
import * as Schema from "effect/Schema"
import * as internal from "./internal/waitHint.js"

/**
 * Where a wait hint came from: the body (Nixflex `details.retry_after`), a header, or `client`: the client's own
 * reckoning from what earlier responses said (the quota's reset, an outage's next probe).
 *
 * @since 0.1.0
 * @category models
 */
export const Source = Schema.Literal(
  "body",
  "retry-after-ms",
  "retry-after",
  "ratelimit",
  "x-ratelimit-reset",
  "client"
)

/**
 * Whether a hint is the server's answer for this request (a body hint, `Retry-After`, `retry-after-ms`), rather
 * than what it says of a quota shared by every request (`X-RateLimit-Reset`, the IETF `RateLimit` fields).
 *
 * @since 0.1.0
 * @category guards
 */
export const isExplicit = (hint: WaitHint): boolean =>
  hint.source === "body" || hint.source === "retry-after" || hint.source === "retry-after-ms"

/**
 * Where a wait hint came from: the body, one of the headers, or the client's own reckoning (`client`).
 *
 * @since 0.1.0
 * @category models
 */
export type Source = typeof Source.Type

/**
 * A server's request to wait `millis` milliseconds (never negative) before the next attempt.
 *
 * @since 0.1.0
 * @category models
 */
export class WaitHint extends Schema.Class<WaitHint>("@faultline/core/WaitHint")({
  millis: Schema.NonNegative,
  source: Source
}) {}

/**
 * The longest wait a hint may ask for (7 days). Anything longer is not a hint but a misread value (an epoch in
 * milliseconds taken for seconds, say) and is ignored.
 *
 * @since 0.1.0
 * @category constants
 */
export const maximumMillis: number = internal.maximumMillis

/**
 * Parses an HTTP-date in any of the three forms RFC 9110 allows (IMF-fixdate, RFC 850, asctime), always as
 * UTC. Returns epoch milliseconds, or `undefined` for anything else.
 *
 * @since 0.1.0
 * @category parsing
 */
export const parseHttpDate: (text: string, now: number) => number | undefined = internal.parseHttpDate

/**
 * The wait a `Retry-After` value asks for: delay-seconds or an HTTP-date relative to `now` (a date in the past
 * means "now", so 0).
 *
 * @since 0.1.0
 * @category parsing
 */
export const parseRetryAfter: (value: string, now: number) => number | undefined = internal.parseRetryAfter

/**
 * The wait an `X-RateLimit-Reset` value asks for. Values of 10 digits or more are epoch seconds (13 digits or
 * more: epoch milliseconds); smaller values are a number of seconds to wait, as some servers send.
 *
 * @since 0.1.0
 * @category parsing
 */
export const parseRateLimitReset: (value: string, now: number) => number | undefined = internal.parseRateLimitReset

/**
 * The wait hint of a response. Headers that describe a quota (`X-RateLimit-Reset`, IETF `RateLimit`) count only
 * when the quota is spent: remaining 0, or a 429 that does not say what remains (a 429 with requests remaining is
 * about something else, such as Nixflex's calls in flight). `Retry-After` counts on any status. A body hint in
 * seconds, when the dialect found one, comes first.
 *
 * @example
 * ```ts
 * import { WaitHint } from "@faultline/core"
 *
 * WaitHint.fromResponse({ status: 429, headers: { "retry-after": "12" }, now: 0 })
 * // WaitHint { millis: 12000, source: "retry-after" }
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromResponse = (input: {
  readonly status: number
  readonly headers: Headers.Headers | Readonly<Record<string, string>>
  readonly now: number
  readonly bodySeconds?: unknown
}): WaitHint | undefined => {
  const hint = internal.fromResponse(input)
  // The parser only makes hints a WaitHint accepts: no second validation.
  return hint === undefined ? undefined : new WaitHint(hint, { disableValidation: true })
}
