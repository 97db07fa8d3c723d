/**
 * The `Dialect` contract: everything faultline needs to know about one vendor's API to turn any response into
 * a success or exactly one tagged failure — how it authenticates, which statuses are successes, where its
 * request id and wait hints come from, and how its error envelope maps to failure classes.
 *
 * The byte-level work (limits, empty and truncated bodies, JSON parsing, redaction, wait hints) is done once
 * here by `decode`; a dialect only maps a parsed, redacted JSON body to one of its failures.
 *
 * @since 0.1.0
 */
import type * as Headers from "@effect/platform/Headers"
import type * as Either from "effect/Either"
import type * as Redacted from "effect/Redacted"
import type * as Failure from "./Failure.js"
import * as internal from "./internal/dialect.js"
import type * as Redaction from "./Redaction.js"
import type * as ResponseBody from "./ResponseBody.js"
import type * as WaitHint from "./WaitHint.js"

/**
 * One vendor's dialect. `E` is the union of the vendor's failures.
 *
 * @since 0.1.0
 * @category models
 */
export interface Dialect<E extends Failure.Failure> {
  /** Short vendor name, as failures carry it in `vendor` ("nixflex"). */
  readonly vendor: string
  /** The headers that authenticate a request with this API key. */
  readonly authenticate: (apiKey: Redacted.Redacted<string>) => Headers.Input
  /** The header a mutating request carries its idempotency key in, if the vendor supports one. */
  readonly idempotencyKeyHeader: string | undefined
  /** Which statuses are successes (2xx, plus 304 for conditional GETs, unless a dialect says otherwise). */
  readonly isSuccess: (status: number) => boolean
  /** Response headers that may hold a request id, lowercase, in order of preference. */
  readonly requestIdHeaders: ReadonlyArray<string>
  /** A body's wait hint in seconds (Nixflex `details.retry_after`), if the vendor puts one there. */
  readonly bodyWaitSeconds: (body: unknown) => unknown
  /**
   * Maps a parsed JSON error body (already redacted, and with every number finite: one too large for a double,
   * such as `1e400`, is `null`) to one of the vendor's failures, or `undefined` when the body is not one of the
   * vendor's envelopes. Must be total: never throw.
   */
  readonly decodeEnvelope: (body: unknown, response: Dialect.Response) => E | undefined
}

/**
 * The types that go with `Dialect`: what a dialect is told of the response whose envelope it decodes.
 *
 * @since 0.1.0
 * @category models
 */
export declare namespace Dialect {
  /**
   * What a dialect knows of the response when it decodes an envelope.
   *
   * @since 0.1.0
   * @category models
   */
  export interface Response {
    readonly status: number
    readonly headers: Readonly<Record<string, string>>
    /** The request id from the headers, if any. */
    readonly requestId: string | undefined
    /** The wait hint from the headers and the body hint, if any. */
    readonly waitHint: WaitHint.WaitHint | undefined
    /** A bounded, redacted copy of the body text, for unknown failures to keep. */
    readonly snippet: string
  }
}

/**
 * The options of `make`: `vendor`, `authenticate` and `decodeEnvelope` are required, the rest have defaults
 * (no idempotency header, 2xx and 304 are successes, `x-request-id` / `request-id` headers, no body hint).
 *
 * @since 0.1.0
 * @category models
 */
export type Options<E extends Failure.Failure> = Pick<Dialect<E>, "vendor" | "authenticate" | "decodeEnvelope"> &
  Partial<Omit<Dialect<E>, "vendor" | "authenticate" | "decodeEnvelope">>

/**
 * Builds a dialect, filling in the defaults.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: <E extends Failure.Failure>(options: Options<E>) => Dialect<E> = internal.make

/**
 * `Authorization: Bearer <key>`, the scheme all three first vendors use.
 *
 * @since 0.1.0
 * @category constructors
 */
export const bearer: (apiKey: Redacted.Redacted<string>) => Headers.Input = internal.bearer

/**
 * Everything `decode` looks at.
 *
 * @since 0.1.0
 * @category models
 */
export interface Input {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: ResponseBody.ResponseBody
  /** Epoch milliseconds, for wait hints given as dates (read from `Clock` by the client). */
  readonly now: number
  readonly redactor: Redaction.Redactor
}

/**
 * Total decoding. Every status, all headers and all bytes become the success body or exactly one tagged failure —
 * the vendor's, or `UnexpectedBody` when the body is empty, not JSON, truncated, too large or not an envelope.
 * Never throws.
 *
 * @example
 * ```ts
 * import { Dialect, ProblemJson, Redaction, ResponseBody } from "@faultline/core"
 *
 * const outcome = Dialect.decode(ProblemJson.dialect, {
 *   status: 404,
 *   headers: { "content-type": "application/problem+json" },
 *   body: ResponseBody.complete(new TextEncoder().encode(`{"title":"Not Found","status":404}`)),
 *   now: Date.now(),
 *   redactor: Redaction.generic
 * })
 * // Either.left(Problem { status: 404, title: "Not Found", ... })
 * ```
 *
 * @since 0.1.0
 * @category decoding
 */
export const decode: <E extends Failure.Failure>(
  dialect: Dialect<E>,
  input: Input
) => Either.Either<Uint8Array, E | Failure.UnexpectedBody> = internal.decode

/**
 * `decode` for a body given as text, read completely (a fixture, a generated response, a documented example).
 * The redactor defaults to `Redaction.generic`.
 *
 * @since 0.1.0
 * @category decoding
 */
export const decodeText: <E extends Failure.Failure>(
  dialect: Dialect<E>,
  input: {
    readonly status: number
    readonly headers: Readonly<Record<string, string>>
    readonly body: string
    readonly now: number
    readonly redactor?: Redaction.Redactor | undefined
  }
) => Either.Either<Uint8Array, E | Failure.UnexpectedBody> = internal.decodeText

/**
 * The body snippet a failure keeps: the first `Failure.snippetLength` characters of the text, redacted
 * (`truncated`: the bytes are only the start of the body, as for a body cut off or over the limit).
 *
 * @since 0.1.0
 * @category decoding
 */
export const snippet: (bytes: Uint8Array, redactor: Redaction.Redactor, truncated?: boolean) => string =
  internal.snippet
