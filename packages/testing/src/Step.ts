/**
 * The steps of a script: what a scripted `HttpClient` (or a fake API client) does with one request — answer with
 * a status, headers and a body (JSON, text, an HTML gateway page, nothing, or a body cut off mid-stream), fail
 * the way a broken connection does (reset, refused, any Node error code), wait first (virtual under
 * `TestClock`), never answer, or decide from the request.
 *
 * @example
 * ```ts
 * import { Step } from "@faultline/testing"
 *
 * const sequence = [
 *   Step.json(429, { error: { code: "rate_limit_exceeded" } }, { "retry-after": "2" }),
 *   Step.html(503),
 *   Step.reset,
 *   Step.delay("2 seconds", Step.json(201, { call_id: "call_1" }))
 * ]
 * ```
 *
 * @since 0.1.0
 */

import type { ResponseBody } from "@faultline/core"
import type * as Duration from "effect/Duration"
import * as internal from "./internal/step.js"
import type { RecordedRequest } from "./Script.js"

/**
 * The brand every step carries, so that a step can be told from a failure or any other value.
 *
 * @since 0.1.0
 * @category type ids
 */
export const TypeId: unique symbol = internal.TypeId

/**
 * The type of `TypeId`, the brand that marks a value as a step.
 *
 * @since 0.1.0
 * @category type ids
 */
export type TypeId = typeof TypeId

/**
 * One step of a script.
 *
 * @since 0.1.0
 * @category models
 */
export type Step = Response | Transport | Delay | Hang | FromRequest

/**
 * Answer with a status, headers and a body. With `truncateAfter`, the body stream fails after that many bytes,
 * as when a connection breaks mid-body (the `content-length` header still declares the whole body).
 *
 * @since 0.1.0
 * @category models
 */
export interface Response {
  readonly [TypeId]: TypeId
  readonly _tag: "Response"
  readonly status: number
  /** Lowercase names. `content-length` is set to the body's length unless given. */
  readonly headers: Readonly<Record<string, string>>
  readonly body: Uint8Array
  readonly truncateAfter: number | undefined
  /** Headers whose value is a time relative to the `Clock` when the step answers; added to `headers` then. */
  readonly clockHeaders: ReadonlyArray<ClockHeader>
}

/**
 * How a `ClockHeader` writes its time: epoch seconds (`X-RateLimit-Reset`), epoch milliseconds, or an HTTP-date
 * (`Retry-After`, IMF-fixdate). Seconds and dates are rounded up to the whole second, as servers do, so that a
 * client honouring them never comes back early.
 *
 * @since 0.1.0
 * @category models
 */
export type ClockFormat = "epoch-seconds" | "epoch-millis" | "http-date"

/**
 * A response header whose value is the time `after` the `Clock`'s now when the step answers (after any
 * `Step.delay`), written in `format`. Under `TestClock` the now is virtual, so the hint means what it says
 * whatever the test clock reads.
 *
 * @since 0.1.0
 * @category models
 */
export interface ClockHeader {
  /** Lowercase. */
  readonly name: string
  readonly after: Duration.Duration
  readonly format: ClockFormat
}

/**
 * Fail without a response, as Node does when a connection is reset or refused: an
 * `HttpClientError.RequestError` with reason `"Transport"` whose cause carries the Node error `code`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Transport {
  readonly [TypeId]: TypeId
  readonly _tag: "Transport"
  /** The Node error code (`ECONNRESET`, `ECONNREFUSED`, `ENOTFOUND`, `ETIMEDOUT`, …). */
  readonly code: string
  readonly message: string
}

/**
 * Wait, then play `step`. The wait is an `Effect.sleep`, so under `TestClock` it is virtual.
 *
 * @since 0.1.0
 * @category models
 */
export interface Delay {
  readonly [TypeId]: TypeId
  readonly _tag: "Delay"
  readonly duration: Duration.Duration
  readonly step: Step
}

/**
 * Never answer (until interrupted, by an attempt timeout say).
 *
 * @since 0.1.0
 * @category models
 */
export interface Hang {
  readonly [TypeId]: TypeId
  readonly _tag: "Hang"
}

/**
 * Decide the step from the request (echo an idempotency key, answer with the id in the path, …).
 *
 * @since 0.1.0
 * @category models
 */
export interface FromRequest {
  readonly [TypeId]: TypeId
  readonly _tag: "FromRequest"
  readonly f: (request: RecordedRequest) => Step
}

/**
 * Response headers as a step takes them: names in any case.
 *
 * @since 0.1.0
 * @category models
 */
export type HeadersInput = Readonly<Record<string, string>>

/**
 * Whether a value is a step.
 *
 * @since 0.1.0
 * @category guards
 */
export const isStep: (u: unknown) => u is Step = internal.isStep

/**
 * A JSON body (`content-type: application/json` unless given).
 *
 * @since 0.1.0
 * @category constructors
 */
export const json: (status: number, body: unknown, headers?: HeadersInput) => Response = internal.json

/**
 * A text body (`content-type: text/plain; charset=utf-8` unless given).
 *
 * @since 0.1.0
 * @category constructors
 */
export const text: (status: number, body: string, headers?: HeadersInput) => Response = internal.text

/**
 * An HTML page, as a proxy or load balancer in front of an API sends (`content-type: text/html`). Without `page`,
 * an nginx-style error page for the status.
 *
 * @since 0.1.0
 * @category constructors
 */
export const html: (status: number, page?: string, headers?: HeadersInput) => Response = internal.html

/**
 * No body at all (`content-length: 0`).
 *
 * @since 0.1.0
 * @category constructors
 */
export const empty: (status: number, headers?: HeadersInput) => Response = internal.empty

/**
 * A body of raw bytes (no `content-type` unless given).
 *
 * @since 0.1.0
 * @category constructors
 */
export const bytes: (status: number, body: Uint8Array, headers?: HeadersInput) => Response = internal.bytes

/**
 * A response given as data: a vendor's documented example, a generated response from `ResponseArbitrary` or a
 * vendor arbitrary. A body read as `Truncated` is sent cut off; a body read as `TooLarge` is sent as the prefix
 * it holds (give the client a smaller `bodyLimit` to see `TooLarge`).
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromResponse: (response: {
  readonly status: number
  readonly headers?: HeadersInput | undefined
  readonly body: string | Uint8Array | ResponseBody.ResponseBody
}) => Response = internal.fromResponse

/**
 * The same response with its body cut off after `after` bytes (default: half of it): the client receives the
 * status and headers, then the body stream fails as on a connection reset. faultline's bounded reader sees
 * `Truncated`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const truncated: (response: Response, options?: { readonly after?: number | undefined }) => Response =
  internal.truncated

/**
 * The same response with a header whose value is a time relative to the `Clock` when the step answers, in
 * `format` (see `ClockHeader`). It replaces a header of the same name given to the response.
 *
 * @since 0.1.0
 * @category combinators
 */
export const clockHeader: {
  (name: string, after: Duration.DurationInput, format: ClockFormat): (self: Response) => Response
  (self: Response, name: string, after: Duration.DurationInput, format: ClockFormat): Response
} = internal.clockHeader

/**
 * The same response with `X-RateLimit-Reset` in epoch seconds, `after` the `Clock`'s now when the step answers: a
 * quota that resets in `after`, without computing an epoch by hand. Pair it with `x-ratelimit-remaining: 0` (or a
 * 429) for a client to read it as a wait hint.
 *
 * @example
 * ```ts
 * import { Step } from "@faultline/testing"
 *
 * // Whatever the clock reads when it answers, the quota resets 6 seconds later
 * const spent = Step.rateLimitReset(
 *   Step.json(429, { title: "Too Many Requests" }, { "x-ratelimit-remaining": "0" }),
 *   "6 seconds"
 * )
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const rateLimitReset: {
  (after: Duration.DurationInput): (self: Response) => Response
  (self: Response, after: Duration.DurationInput): Response
} = internal.rateLimitReset

/**
 * The same response with `Retry-After` as an HTTP-date, `after` the `Clock`'s now when the step answers.
 *
 * @since 0.1.0
 * @category combinators
 */
export const retryAfterDate: {
  (after: Duration.DurationInput): (self: Response) => Response
  (self: Response, after: Duration.DurationInput): Response
} = internal.retryAfterDate

/**
 * The headers of a response as sent at `now` (epoch milliseconds): its `headers` with each `ClockHeader` written
 * out.
 *
 * @since 0.1.0
 * @category utils
 */
export const headersAt: (self: Response, now: number) => Readonly<Record<string, string>> = internal.headersAt

/**
 * A connection reset before any response (`ECONNRESET`): the request may have reached the server.
 *
 * @since 0.1.0
 * @category constructors
 */
export const reset: Transport = internal.reset

/**
 * A refused connection (`ECONNREFUSED`): the request never reached the server.
 *
 * @since 0.1.0
 * @category constructors
 */
export const refused: Transport = internal.refused

/**
 * A transport fault with any Node error code (`ENOTFOUND`, `ETIMEDOUT`, `EPIPE`, `UND_ERR_SOCKET`, …).
 *
 * @since 0.1.0
 * @category constructors
 */
export const transport: (code: string, message?: string) => Transport = internal.transport

/**
 * Wait `duration` (virtual under `TestClock`), then play `step`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const delay: (duration: Duration.DurationInput, step: Step) => Delay = internal.delay

/**
 * Never answer.
 *
 * @since 0.1.0
 * @category constructors
 */
export const hang: Hang = internal.hang

/**
 * Decide the step from the request.
 *
 * @example
 * ```ts
 * import { Step } from "@faultline/testing"
 *
 * // Answer with the idempotency key the client sent
 * const echo = Step.fromRequest((request) => Step.json(201, { key: request.headers["idempotency-key"] }))
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromRequest: (f: (request: RecordedRequest) => Step) => FromRequest = internal.fromRequest

/**
 * The same step `times` times, to spread into a sequence: `[...Step.repeat(Step.html(503), 3), Step.json(200, {})]`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const repeat: <S extends Step>(step: S, times: number) => ReadonlyArray<S> = internal.repeat

/**
 * A short description of a step, for test names and failure messages ("429 application/json (38 bytes)",
 * "ECONNRESET", "2000 millis, then 201 …").
 *
 * @since 0.1.0
 * @category utils
 */
export const describe: (step: Step) => string = internal.describe
