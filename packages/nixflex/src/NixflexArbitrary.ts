/**
 * fast-check arbitraries of what Nixflex sends when a call fails, for property tests of faultline and of
 * programs built on it: envelopes of every documented code, envelopes of codes Nixflex did not document, the
 * variants the docs allow (`type`, `message`, `doc_url` and `details` each optional, left out or `null`;
 * `details.retry_after` on rate limits), envelope-shaped junk, whole error responses with Nixflex's headers,
 * and the failures they decode to.
 *
 * Built only on `effect/FastCheck` (the copy of fast-check `@effect/vitest` uses) and this package's catalog.
 * Combine `body` with `ResponseArbitrary.response` of `@faultline/testing` for any status, headers and bytes.
 *
 * @example
 * ```ts
 * import { Dialect } from "@faultline/core"
 * import { NixflexDialect } from "@faultline/nixflex"
 * import { NixflexArbitrary } from "@faultline/nixflex/testing"
 * import { Either, FastCheck } from "effect"
 *
 * // Every error response Nixflex could send decodes to one of its failures, at the response's status, never to
 * // `UnexpectedBody`. In a test, the same law is `it.prop("…", [NixflexArbitrary.response], ([response]) => …)`.
 * FastCheck.assert(
 *   FastCheck.property(NixflexArbitrary.response, (response) => {
 *     const outcome = Dialect.decodeText(NixflexDialect.dialect, { ...response, now: 0 })
 *     if (Either.isRight(outcome)) return false
 *     return outcome.left._tag !== "UnexpectedBody" && outcome.left.status === response.status
 *   })
 * )
 * ```
 *
 * @since 0.1.0
 */
import type * as FastCheck from "effect/FastCheck"
import * as internal from "./internal/nixflexArbitrary.js"
import type { CatalogEntry, NixflexFailure } from "./NixflexError.js"

/**
 * A generated `error` object. Optional members may be absent, `undefined` (which JSON leaves out) or `null` (which
 * Nixflex's dialect reads as absent).
 *
 * @since 0.1.0
 * @category models
 */
export interface GeneratedErrorObject {
  readonly code: string
  readonly type?: string | null | undefined
  readonly message?: string | null | undefined
  readonly doc_url?: string | null | undefined
  readonly details?: { readonly [key: string]: unknown } | null | undefined
}

/**
 * A generated Nixflex envelope.
 *
 * @since 0.1.0
 * @category models
 */
export interface GeneratedEnvelope {
  readonly error: GeneratedErrorObject
}

/**
 * A whole error response as Nixflex could send it: status, lowercase headers, JSON body text. The shape of
 * `DocumentedExamples` entries, so both replay the same way (`Step.fromResponse` in `@faultline/testing`).
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
 * Any documented code's catalog entry.
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const catalogEntry: FastCheck.Arbitrary<CatalogEntry> = internal.catalogEntry

/**
 * A message as Nixflex might write it: words, punctuation, unicode, sometimes empty.
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const message: FastCheck.Arbitrary<string> = internal.message

/**
 * A code Nixflex does not document (`x_` and snake case, so it cannot collide with a documented one).
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const unknownCode: FastCheck.Arbitrary<string> = internal.unknownCode

/**
 * An `error` object with the given code: every other key optional, `type` a documented one or any string,
 * `details` any JSON dictionary.
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const errorObject: (code: FastCheck.Arbitrary<string>) => FastCheck.Arbitrary<GeneratedErrorObject> =
  internal.errorObject

/**
 * An envelope with the given code.
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const envelopeOf: (code: FastCheck.Arbitrary<string>) => FastCheck.Arbitrary<GeneratedEnvelope> =
  internal.envelopeOf

/**
 * An envelope of one documented code, as Nixflex would send it: mostly the code's documented `type`, and the
 * code's own details (`retry_after` for rate limits, `twilio_error` for `outbound_failed`) beside random ones.
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const envelopeFor: (entry: CatalogEntry) => FastCheck.Arbitrary<GeneratedEnvelope> = internal.envelopeFor

/**
 * An envelope of any documented code.
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const knownEnvelope: FastCheck.Arbitrary<GeneratedEnvelope> = internal.knownEnvelope

/**
 * An envelope of a code Nixflex does not document.
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const unknownEnvelope: FastCheck.Arbitrary<GeneratedEnvelope> = internal.unknownEnvelope

/**
 * A valid envelope: a documented code or not.
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const envelope: FastCheck.Arbitrary<GeneratedEnvelope> = internal.envelope

/**
 * JSON shaped almost like an envelope that is not one: `error` of the wrong type, keys of the wrong types, the
 * code at the top level.
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const malformed: FastCheck.Arbitrary<unknown> = internal.malformed

/**
 * Any error body a Nixflex client may see as JSON: a valid envelope or a malformed one. Pass it to
 * `ResponseArbitrary.response` for any status, headers and bytes around it.
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const body: FastCheck.Arbitrary<unknown> = internal.body

/**
 * A whole error response: a documented code at its documented status (any error status where the docs give
 * none), or an undocumented code at any error status; JSON, with Nixflex's `X-RateLimit-*` headers, sometimes a
 * request id, and on a 429 sometimes a `Retry-After`.
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const response: FastCheck.Arbitrary<GeneratedResponse> = internal.response

/**
 * The failure a generated `response` decodes to: every documented failure class and `NixflexUnknownError`.
 * Handy for service-level fakes (`FakeApiClient` in `@faultline/testing`).
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const failure: FastCheck.Arbitrary<NixflexFailure> = internal.failure
