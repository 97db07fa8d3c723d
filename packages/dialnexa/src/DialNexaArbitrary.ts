/**
 * fast-check arbitraries of what DialNexa sends when a call fails, for property tests of faultline and of
 * programs built on it. DialNexa has no error codes: the HTTP status decides, and the body is NestJS's
 * `{ statusCode, message, error }` where `message` is a string or, for validation failures, a list of strings
 * written by class-validator. The arbitraries give envelopes (both `message` forms, `statusCode` and `error`
 * optional, `statusCode` sometimes disagreeing with the status), envelope-shaped junk, whole error responses at
 * each documented status and at undocumented ones with DialNexa's headers (`Retry-After` and `X-RateLimit-*` on a
 * 429), and the failures they decode to.
 *
 * Built only on `effect/FastCheck` and this package's catalog. Combine `body` with `ResponseArbitrary.response`
 * of `@faultline/testing` for any status, headers and bytes.
 *
 * @since 0.1.0
 */
import type * as FastCheck from "effect/FastCheck"
import type { CatalogEntry, DialNexaFailure } from "./DialNexaError.js"
import * as internal from "./internal/dialNexaArbitrary.js"

/**
 * A generated envelope. Optional members may be absent or `undefined` (left out of JSON).
 *
 * @since 0.1.0
 * @category models
 */
export interface GeneratedEnvelope {
  readonly statusCode?: number | undefined
  readonly message: string | ReadonlyArray<string>
  readonly error?: string | undefined
}

/**
 * A whole error response as DialNexa could send it: status, lowercase headers, JSON body text (the shape of
 * `DocumentedExamples` entries).
 *
 * @since 0.1.0
 * @category models
 */
export interface GeneratedResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/**
 * Any documented status's catalog entry.
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const catalogEntry: FastCheck.Arbitrary<CatalogEntry> = internal.catalogEntry

/**
 * An error status (400–599) DialNexa does not document.
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const undocumentedStatus: FastCheck.Arbitrary<number> = internal.undocumentedStatus

/**
 * A class-validator message naming a field (`"phone_number must be a valid phone number"`), with the prefixes
 * NestJS puts on nested and array fields, so that field issues are read as well as skipped.
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const validationMessage: FastCheck.Arbitrary<string> = internal.validationMessage

/**
 * A message: a validation message, or any text (words, punctuation, unicode, sometimes empty).
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const message: FastCheck.Arbitrary<string> = internal.message

/**
 * Any envelope: `message` a string or a list, `statusCode` any status or absent, `error` a documented reason
 * phrase, any string or absent.
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const envelope: FastCheck.Arbitrary<GeneratedEnvelope> = internal.envelope

/**
 * An envelope as DialNexa sends it for one documented status: mostly that `statusCode` and reason phrase, and
 * lists of validation messages for 400 and 422.
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const envelopeFor: (entry: CatalogEntry) => FastCheck.Arbitrary<GeneratedEnvelope> = internal.envelopeFor

/**
 * JSON shaped almost like an envelope that is not one: `message` missing or of the wrong type.
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const malformed: FastCheck.Arbitrary<unknown> = internal.malformed

/**
 * Any error body a DialNexa client may see as JSON: valid or malformed. Pass it to `ResponseArbitrary.response`
 * for any status, headers and bytes around it.
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const body: FastCheck.Arbitrary<unknown> = internal.body

/**
 * A whole error response: an envelope at a documented status, or at an undocumented error status; JSON, with
 * `Retry-After` and `X-RateLimit-*` on a 429 and sometimes a request id header.
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const response: FastCheck.Arbitrary<GeneratedResponse> = internal.response

/**
 * The failure a generated `response` decodes to: every documented status's class and `DialNexaUnknownError`.
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const failure: FastCheck.Arbitrary<DialNexaFailure> = internal.failure
