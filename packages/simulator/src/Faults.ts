/**
 * Faults on demand: what the simulator does instead of (or on top of) answering like the vendor. A fault is a plain
 * JSON value, so the same list travels through `Simulator.setFaults`, `POST /_control/faults` and the CLI's
 * `--faults` spec string.
 *
 * Per request, in this order: every matching `latency` fault adds its delay; a matching `outage` whose window is open
 * answers 503 with `Retry-After`; otherwise one draw of the seeded generator picks at most one of the matching
 * probabilistic faults (`reset`, `hang`, `html`, `error`, `truncate`, `huge`, `headers`, `empty`, `invalid-utf8`),
 * each taking its `rate` of the unit interval in list order. `reset`, `hang`, `html`, `error` and `headers` with a
 * status answer before the vendor sees the request; `truncate`, `huge`, `empty`, `invalid-utf8` and `headers`
 * without a status spoil the vendor's real response, so the request did take effect.
 *
 * @since 0.1.0
 */
import type * as Duration from "effect/Duration"
import type * as Either from "effect/Either"
import { dual } from "effect/Function"
import * as Schema from "effect/Schema"
import * as internal from "./internal/faults.js"
import { Vendor } from "./Vendor.js"

/**
 * Which requests a fault applies to. Absent fields match anything; `path` is a prefix of the vendor's own path
 * (`/v1/calls` matches `/v1/calls/outbound`).
 *
 * @since 0.1.0
 * @category models
 */
export const Match = Schema.Struct({
  vendor: Schema.optional(Vendor),
  method: Schema.optional(Schema.String),
  path: Schema.optional(Schema.String)
})

/**
 * Which requests a fault applies to: a vendor, a method and a path prefix, each optional.
 *
 * @since 0.1.0
 * @category models
 */
export type Match = typeof Match.Type

/**
 * A probability in [0, 1].
 *
 * @since 0.1.0
 * @category models
 */
export const Rate = Schema.Number.pipe(Schema.between(0, 1))

const common = {
  /** Only requests that match (all requests when absent). */
  match: Schema.optional(Match),
  /** Fire at most this many times, then drop out of the list. */
  times: Schema.optional(Schema.Int.pipe(Schema.positive()))
}

/**
 * A window during which every matching request gets 503 with `Retry-After` (the seconds left in the window) and the
 * vendor's 503 body. The window opens `afterMs` after the fault is set and lasts `durationMs`. With
 * `retryAfter: false` the 503s carry no `Retry-After`, as from a vendor that does not say when it will be back.
 *
 * @since 0.1.0
 * @category models
 */
export const Outage = Schema.Struct({
  kind: Schema.Literal("outage"),
  durationMs: Schema.NonNegative,
  afterMs: Schema.optional(Schema.NonNegative),
  retryAfter: Schema.optional(Schema.Boolean),
  ...common
})

/**
 * An `outage` fault: 503 with `Retry-After` for every matching request during its window.
 *
 * @since 0.1.0
 * @category models
 */
export type Outage = typeof Outage.Type

/**
 * With probability `rate`, answer `status` with the vendor's own error body for that status (and `Retry-After: 1`
 * on 429 and 503).
 *
 * @since 0.1.0
 * @category models
 */
export const ErrorStatus = Schema.Struct({
  kind: Schema.Literal("error"),
  status: Schema.Int.pipe(Schema.between(400, 599)),
  rate: Rate,
  ...common
})

/**
 * An `error` fault: a share of requests answered with `status` and the vendor's own error body.
 *
 * @since 0.1.0
 * @category models
 */
export type ErrorStatus = typeof ErrorStatus.Type

/**
 * With probability `rate`, answer an HTML error page from a proxy (nginx's page for `status`, 502 by default).
 *
 * @since 0.1.0
 * @category models
 */
export const HtmlPage = Schema.Struct({
  kind: Schema.Literal("html"),
  status: Schema.optional(Schema.Int.pipe(Schema.between(400, 599))),
  rate: Rate,
  ...common
})

/**
 * An `html` fault: a share of requests answered with a proxy's HTML error page.
 *
 * @since 0.1.0
 * @category models
 */
export type HtmlPage = typeof HtmlPage.Type

/**
 * With probability `rate`, reset the connection (TCP RST) before answering. The vendor never sees the request,
 * unless `afterHandling`: then the vendor handles it first (a call is placed, a key remembered) and only its answer
 * is lost, as when a connection drops on the way back. Either way the client cannot tell which happened.
 *
 * @since 0.1.0
 * @category models
 */
export const Reset = Schema.Struct({
  kind: Schema.Literal("reset"),
  rate: Rate,
  afterHandling: Schema.optional(Schema.Boolean),
  ...common
})

/**
 * A `reset` fault: a share of connections reset before any answer.
 *
 * @since 0.1.0
 * @category models
 */
export type Reset = typeof Reset.Type

/**
 * With probability `rate`, never answer (until the client gives up or the simulator stops).
 *
 * @since 0.1.0
 * @category models
 */
export const Hang = Schema.Struct({ kind: Schema.Literal("hang"), rate: Rate, ...common })

/**
 * A `hang` fault: a share of requests never answered.
 *
 * @since 0.1.0
 * @category models
 */
export type Hang = typeof Hang.Type

/**
 * With probability `rate`, let the vendor handle the request, then send its status and headers with the full
 * `Content-Length` but only the first half of the body, and close the socket.
 *
 * @since 0.1.0
 * @category models
 */
export const Truncate = Schema.Struct({ kind: Schema.Literal("truncate"), rate: Rate, ...common })

/**
 * A `truncate` fault: a share of the vendor's real responses cut off halfway through the body.
 *
 * @since 0.1.0
 * @category models
 */
export type Truncate = typeof Truncate.Type

/**
 * With probability `rate`, let the vendor handle the request, then send its status with a JSON body of `bytes`
 * bytes (8 MiB by default), streamed without a `Content-Length`.
 *
 * @since 0.1.0
 * @category models
 */
export const Huge = Schema.Struct({
  kind: Schema.Literal("huge"),
  rate: Rate,
  bytes: Schema.optional(Schema.Int.pipe(Schema.positive())),
  ...common
})

/**
 * A `huge` fault: a share of the vendor's real responses sent with an oversized JSON body.
 *
 * @since 0.1.0
 * @category models
 */
export type Huge = typeof Huge.Type

/**
 * With probability `rate`, answer with wait headers no server should send: a `Retry-After` that is negative, not a
 * number, out of range or repeated on two header lines with different values; an `X-RateLimit-Reset` in epoch
 * milliseconds (13 digits); an `X-RateLimit-Remaining` below zero. The headers it names replace the answer's own of
 * the same name. With `status`, the answer is that status with the vendor's own error body, before the vendor sees
 * the request (as `error`); without, the vendor handles the request and its real answer carries the headers.
 *
 * @since 0.1.0
 * @category models
 */
export const HostileHeaders = Schema.Struct({
  kind: Schema.Literal("headers"),
  rate: Rate,
  status: Schema.optional(Schema.Int.pipe(Schema.between(400, 599))),
  /** `Retry-After`, sent as is (`"-5"`, `"abc"`, `"1e309"`); several values go out as that many header lines. */
  retryAfter: Schema.optional(Schema.Union(Schema.String, Schema.NonEmptyArray(Schema.String))),
  /** `X-RateLimit-Remaining`, sent as is (`"-3"`). */
  remaining: Schema.optional(Schema.String),
  /** `X-RateLimit-Reset` as epoch milliseconds, this many milliseconds after the simulator's clock. */
  resetInMillis: Schema.optional(Schema.NonNegative),
  ...common
})

/**
 * A `headers` fault: a share of answers carrying hostile `Retry-After` or `X-RateLimit-*` headers.
 *
 * @since 0.1.0
 * @category models
 */
export type HostileHeaders = typeof HostileHeaders.Type

/**
 * With probability `rate`, let the vendor handle the request, then send its status and headers with an empty body
 * (`Content-Length: 0`, the vendor's `Content-Type` kept).
 *
 * @since 0.1.0
 * @category models
 */
export const EmptyBody = Schema.Struct({ kind: Schema.Literal("empty"), rate: Rate, ...common })

/**
 * An `empty` fault: a share of the vendor's real responses sent with no body.
 *
 * @since 0.1.0
 * @category models
 */
export type EmptyBody = typeof EmptyBody.Type

/**
 * With probability `rate`, let the vendor handle the request, then send its real answer with bytes that are not
 * UTF-8 (`FF FE C3 28`) inside its first string value, or in front of the body when it has none: the JSON around
 * them stays well formed.
 *
 * @since 0.1.0
 * @category models
 */
export const InvalidUtf8 = Schema.Struct({ kind: Schema.Literal("invalid-utf8"), rate: Rate, ...common })

/**
 * An `invalid-utf8` fault: a share of the vendor's real responses with bytes that do not decode as UTF-8.
 *
 * @since 0.1.0
 * @category models
 */
export type InvalidUtf8 = typeof InvalidUtf8.Type

/**
 * Delay every matching response by `ms`, plus up to `jitterMs` drawn from the seeded generator. With `rate`, only
 * that share of requests is delayed.
 *
 * @since 0.1.0
 * @category models
 */
export const Latency = Schema.Struct({
  kind: Schema.Literal("latency"),
  ms: Schema.NonNegative,
  jitterMs: Schema.optional(Schema.NonNegative),
  rate: Schema.optional(Rate),
  ...common
})

/**
 * A `latency` fault: a delay, with optional jitter, added to matching responses.
 *
 * @since 0.1.0
 * @category models
 */
export type Latency = typeof Latency.Type

/**
 * Any fault.
 *
 * @since 0.1.0
 * @category models
 */
export const Fault = Schema.Union(
  Outage,
  ErrorStatus,
  HtmlPage,
  Reset,
  Hang,
  Truncate,
  Huge,
  HostileHeaders,
  EmptyBody,
  InvalidUtf8,
  Latency
)

/**
 * Any fault: one item of a list for `Instance.setFaults`, `POST /_control/faults` or the CLI's `--faults`.
 *
 * @since 0.1.0
 * @category models
 */
export type Fault = typeof Fault.Type

/**
 * The kinds of fault.
 *
 * @since 0.1.0
 * @category models
 */
export type Kind = Fault["kind"]

/**
 * A list of faults, as `POST /_control/faults` takes it.
 *
 * @since 0.1.0
 * @category models
 */
export const Faults = Schema.Array(Fault)

/**
 * The huge body's size when a `huge` fault does not say.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultHugeBytes: number = internal.defaultHugeBytes

/**
 * An outage window of `duration`, opening now (or `after` from now); `retryAfter: false` leaves `Retry-After` out of
 * its 503s.
 *
 * @example
 * ```ts
 * import { Faults } from "@faultline/simulator"
 *
 * const tenSecondOutage = Faults.outage("10 seconds")
 * const silentOutage = Faults.outage("10 seconds", { retryAfter: false })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const outage = (
  duration: Duration.DurationInput,
  options?: { readonly after?: Duration.DurationInput; readonly retryAfter?: boolean | undefined }
): Outage => internal.outage(duration, options?.after, options?.retryAfter)

/**
 * Answer `status` with the vendor's error body, with probability `rate` (1 by default).
 *
 * @since 0.1.0
 * @category constructors
 */
export const error = (status: number, rate = 1): ErrorStatus => ({ kind: "error", status, rate })

/**
 * Answer a proxy's HTML error page (502 unless `status` says otherwise), with probability `rate`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const html = (rate = 1, status = 502): HtmlPage => ({ kind: "html", status, rate })

/**
 * Reset the connection, with probability `rate`: before the vendor sees the request, or with `afterHandling`
 * once it has handled it (the answer is lost).
 *
 * @since 0.1.0
 * @category constructors
 */
export const reset = (rate = 1, options?: { readonly afterHandling?: boolean | undefined }): Reset =>
  options?.afterHandling === true ? { kind: "reset", rate, afterHandling: true } : { kind: "reset", rate }

/**
 * Never answer, with probability `rate`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const hang = (rate = 1): Hang => ({ kind: "hang", rate })

/**
 * Cut the real response's body in half and close the socket, with probability `rate`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const truncate = (rate = 1): Truncate => ({ kind: "truncate", rate })

/**
 * Replace the real response's body with `bytes` bytes of JSON, with probability `rate`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const huge = (rate = 1, bytes: number = defaultHugeBytes): Huge => ({ kind: "huge", rate, bytes })

/**
 * Send hostile wait headers, with probability `rate`: on a `status` answered before the vendor sees the request, or
 * on the vendor's real answer when `status` is absent.
 *
 * @example
 * ```ts
 * import { Faults } from "@faultline/simulator"
 *
 * const negative = Faults.hostileHeaders(0.01, { status: 429, retryAfter: "-5" })
 * const twoLines = Faults.hostileHeaders(0.01, { status: 503, retryAfter: ["1", "3600"] })
 * const millisAndBelowZero = Faults.hostileHeaders(0.01, { resetInMillis: 1500, remaining: "-3" })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const hostileHeaders = (
  rate: number,
  headers: {
    readonly status?: number | undefined
    readonly retryAfter?: string | readonly [string, ...Array<string>] | undefined
    readonly remaining?: string | undefined
    readonly resetInMillis?: number | undefined
  }
): HostileHeaders => internal.hostileHeaders(rate, headers)

/**
 * Send the real response's status and headers with an empty body, with probability `rate`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const empty = (rate = 1): EmptyBody => ({ kind: "empty", rate })

/**
 * Put bytes that are not UTF-8 into the real response's body, with probability `rate`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const invalidUtf8 = (rate = 1): InvalidUtf8 => ({ kind: "invalid-utf8", rate })

/**
 * Delay responses by `delay`, plus up to `jitter`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const latency = (delay: Duration.DurationInput, jitter?: Duration.DurationInput): Latency =>
  internal.latency(delay, jitter)

/**
 * Restricts a fault to the requests that match.
 *
 * @example
 * ```ts
 * import { Faults } from "@faultline/simulator"
 * import { pipe } from "effect"
 *
 * const flakyOutbound = pipe(
 *   Faults.error(503, 0.5),
 *   Faults.matching({ vendor: "nixflex", method: "POST", path: "/v1/calls/outbound" })
 * )
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const matching: {
  (match: Match): <F extends Fault>(self: F) => F
  <F extends Fault>(self: F, match: Match): F
} = dual(2, <F extends Fault>(self: F, match: Match): F => ({ ...self, match }))

/**
 * Lets a fault fire at most `n` times: `Faults.times(Faults.error(503), 2)` fails the next two requests.
 *
 * @since 0.1.0
 * @category combinators
 */
export const times: {
  (n: number): <F extends Fault>(self: F) => F
  <F extends Fault>(self: F, n: number): F
} = dual(2, <F extends Fault>(self: F, n: number): F => ({ ...self, times: n }))

/**
 * Parses the CLI's spec string: comma-separated `name=value` items, each optionally prefixed with a vendor and a
 * dot (`nixflex.rate500=0.2`).
 *
 * | item | fault |
 * |---|---|
 * | `outage=10s` | outage window of 10 s from now |
 * | `rate503=0.1` (or `error503=0.1`) | vendor error body with status 503, 10 % of requests |
 * | `html502=0.05` (`html=0.05` means 502) | nginx HTML page |
 * | `reset=0.01`, `hang=0.01`, `truncate=0.02` | connection reset, no answer, cut-off body |
 * | `huge=0.01` or `huge=0.01:16mb` | huge body (8 MiB by default) |
 * | `empty=0.01`, `invalidutf8=0.01` | the real answer with an empty body, or with bytes that are not UTF-8 |
 * | `retryafter429=0.01:-5` | a 429 with the vendor's body and `Retry-After: -5`, sent as is |
 * | `retryafter=0.01:abc` | `Retry-After: abc` on the vendor's real answer (no status: the vendor acts) |
 * | `retryafter503=0.01:1\|3600` | `Retry-After` on two header lines, one per value between `\|` |
 * | `retryafter429=0.01:Fri, 31 Dec 9999 23:59:59 GMT` | an HTTP date (its comma does not end the item) |
 * | `remaining=0.01:-3`, `remaining429=0.01:-3` | `X-RateLimit-Remaining` sent as is |
 * | `resetms=0.01`, `resetms429=0.01:2s` | `X-RateLimit-Reset` in epoch ms, 1 s (or as given) ahead |
 * | `latency=200ms` or `latency=100ms..300ms` | added delay, fixed or uniform over the range |
 *
 * Rates may be written as `0.1` or `10%`; durations as `250ms`, `10s`, `2m` (a bare number is milliseconds);
 * sizes as `1024`, `64kb`, `16mb`.
 *
 * @since 0.1.0
 * @category parsing
 */
export const parse: (spec: string) => Either.Either<ReadonlyArray<Fault>, string> = internal.parse
