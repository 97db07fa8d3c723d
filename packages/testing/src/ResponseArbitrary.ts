/**
 * fast-check arbitraries of HTTP responses for property tests. Every status, the headers that matter to faultline
 * (wait hints, request ids, content types) with good and garbage values, and bodies of every kind a server or a
 * proxy in front of it can send — a dialect's envelopes, other JSON, JSON cut off mid-value, HTML gateway pages,
 * plain text, random bytes, nothing — read completely, cut off by the body limit, or broken mid-stream.
 *
 * The arbitraries come from `effect/FastCheck`, the copy of fast-check that `@effect/vitest` uses.
 *
 * @since 0.1.0
 */
import type { ResponseBody } from "@faultline/core"
import type * as FastCheck from "effect/FastCheck"
import * as internal from "./internal/responseArbitrary.js"
import type * as Step from "./Step.js"

/**
 * A generated response, ready for `Dialect.decode` (add `now` and a redactor) or for a scripted client.
 *
 * @since 0.1.0
 * @category models
 */
export interface GeneratedResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: ResponseBody.ResponseBody
}

/**
 * Any status from 100 to 599, weighted towards the ones APIs use.
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const status: FastCheck.Arbitrary<number> = internal.status

/**
 * Response headers faultline reads (Retry-After in every form, retry-after-ms, X-RateLimit-*, IETF RateLimit,
 * request ids, content types), with valid, past, huge, negative and garbage values, plus random other headers.
 * Names are lowercase, as `Headers` holds them.
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const headers: FastCheck.Arbitrary<Readonly<Record<string, string>>> = internal.headers

/**
 * Body text of every kind; `envelopes` adds the dialect's own envelopes (valid and broken), stringified and also
 * cut off mid-value.
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const bodyBytes: (envelopes?: FastCheck.Arbitrary<unknown>) => FastCheck.Arbitrary<Uint8Array> =
  internal.bodyBytes

/**
 * A body as `ResponseBody.read` can return it: complete, too large (a prefix), or truncated.
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const responseBody: (bytes: FastCheck.Arbitrary<Uint8Array>) => FastCheck.Arbitrary<ResponseBody.ResponseBody> =
  internal.responseBody

/**
 * Any response (every status, header and body).
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const response: (envelopes?: FastCheck.Arbitrary<unknown>) => FastCheck.Arbitrary<GeneratedResponse> =
  internal.response

/**
 * JSON-like values that break envelope schemas: every envelope key present with values of the wrong type.
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const wrongTypes: FastCheck.Arbitrary<unknown> = internal.wrongTypes

/**
 * API keys shaped like real ones (`prefix_…`, `id:secret` pairs), 16 characters and more: the secrets that the
 * redaction laws check never leak.
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const apiKey: FastCheck.Arbitrary<string> = internal.apiKey

/**
 * A message as a vendor might write it: words, punctuation, unicode, sometimes empty.
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const message: FastCheck.Arbitrary<string> = internal.message

/**
 * An error code no vendor documents (`snake_case`, prefixed so it cannot collide with a real one).
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const unknownCode: FastCheck.Arbitrary<string> = internal.unknownCode

/**
 * A step of a script a server or the network could play. A generated response (with the dialect's envelopes,
 * if given), a transport fault (reset, refused, DNS, timeout, broken pipe), or either after a delay of up to a
 * minute. Drive a scripted client with it to check that a program survives whatever comes back.
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const step: (envelopes?: FastCheck.Arbitrary<unknown>) => FastCheck.Arbitrary<Step.Step> = internal.step
