/**
 * fast-check arbitraries of what Levrage sends when a call fails, for property tests of faultline and of
 * programs built on it. Levrage has two error bodies: the documented envelope
 * (`{ success: false, error: { code, message }, request_id, timestamp }`, whose optional members pydantic writes
 * as `null`) and FastAPI's `{ detail }`, a message or a list of validation items. The arbitraries give envelopes
 * of each documented code, codes Levrage did not document, both `detail` forms, envelope-shaped junk, whole
 * error responses with Levrage's headers, and the failures they decode to.
 *
 * Built only on `effect/FastCheck` and this package's catalogs. Combine `body` with `ResponseArbitrary.response`
 * of `@faultline/testing` for any status, headers and bytes.
 *
 * @since 0.1.0
 */
import type * as FastCheck from "effect/FastCheck"
import * as internal from "./internal/levrageArbitrary.js"
import type { CodeCatalogEntry, LevrageFailure, StatusCatalogEntry } from "./LevrageError.js"

/**
 * A generated documented-shape envelope. Optional members may be absent, `undefined` (left out of JSON) or
 * `null`.
 *
 * @since 0.1.0
 * @category models
 */
export interface GeneratedErrorEnvelope {
  readonly success?: boolean | null | undefined
  readonly error: { readonly code: string; readonly message?: string | null | undefined }
  readonly request_id?: string | null | undefined
  readonly timestamp?: string | null | undefined
}

/**
 * One generated FastAPI validation item, with the extra keys FastAPI adds (`input`, `url`).
 *
 * @since 0.1.0
 * @category models
 */
export interface GeneratedDetailItem {
  readonly loc: ReadonlyArray<string | number>
  readonly msg: string
  readonly type?: string | null | undefined
  readonly input?: unknown
  readonly url?: string | undefined
}

/**
 * A generated FastAPI body: a message, or a list of validation items.
 *
 * @since 0.1.0
 * @category models
 */
export interface GeneratedDetailEnvelope {
  readonly detail: string | ReadonlyArray<GeneratedDetailItem>
}

/**
 * Either Levrage error body.
 *
 * @since 0.1.0
 * @category models
 */
export type GeneratedEnvelope = GeneratedErrorEnvelope | GeneratedDetailEnvelope

/**
 * A whole error response as Levrage could send it: status, lowercase headers, JSON body text (the shape of
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
 * Any documented code's catalog entry.
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const codeEntry: FastCheck.Arbitrary<CodeCatalogEntry> = internal.codeEntry

/**
 * Any documented status's catalog entry.
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const statusEntry: FastCheck.Arbitrary<StatusCatalogEntry> = internal.statusEntry

/**
 * An error status (400–599) outside Levrage's documented table.
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const undocumentedStatus: FastCheck.Arbitrary<number> = internal.undocumentedStatus

/**
 * A message as Levrage might write it: words, punctuation, unicode, sometimes empty.
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const message: FastCheck.Arbitrary<string> = internal.message

/**
 * A code Levrage does not document (`x_` and snake case).
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const unknownCode: FastCheck.Arbitrary<string> = internal.unknownCode

/**
 * A documented-shape envelope with the given code; every other member absent, `null` or a value.
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const errorEnvelope: (code: FastCheck.Arbitrary<string>) => FastCheck.Arbitrary<GeneratedErrorEnvelope> =
  internal.errorEnvelope

/**
 * An envelope of any documented code.
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const knownEnvelope: FastCheck.Arbitrary<GeneratedErrorEnvelope> = internal.knownEnvelope

/**
 * An envelope of a code Levrage does not document.
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const unknownEnvelope: FastCheck.Arbitrary<GeneratedErrorEnvelope> = internal.unknownEnvelope

/**
 * One FastAPI validation item.
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const detailItem: FastCheck.Arbitrary<GeneratedDetailItem> = internal.detailItem

/**
 * A FastAPI body: `{ detail: "…" }` or `{ detail: [items] }`.
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const detailEnvelope: FastCheck.Arbitrary<GeneratedDetailEnvelope> = internal.detailEnvelope

/**
 * A valid body of either shape: a documented code, an undocumented one, or a `detail`.
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const envelope: FastCheck.Arbitrary<GeneratedEnvelope> = internal.envelope

/**
 * JSON shaped almost like either body that is neither: members of the wrong types under `error` or `detail`.
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const malformed: FastCheck.Arbitrary<unknown> = internal.malformed

/**
 * Any error body a Levrage client may see as JSON: valid or malformed. Pass it to `ResponseArbitrary.response`
 * for any status, headers and bytes around it.
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const body: FastCheck.Arbitrary<unknown> = internal.body

/**
 * A whole error response: a documented code at a status the docs' table implies for it, a `detail` body at a
 * documented status, or an undocumented code or status; JSON, with `X-RateLimit-*` headers on a 429 and
 * sometimes a request id header.
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const response: FastCheck.Arbitrary<GeneratedResponse> = internal.response

/**
 * The failure a generated `response` decodes to: every catalogued failure class and `LevrageUnknownError`.
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const failure: FastCheck.Arbitrary<LevrageFailure> = internal.failure
