/**
 * The failure model: the failures every call can have whatever the vendor (transport faults, attempt timeouts,
 * unexpected bodies, local validation), the fields every vendor failure shares, and the guards that decide
 * classes of failure by category.
 *
 * @since 0.1.0
 */
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import * as Category from "./Category.js"
import { HoldReason, RetryTrace } from "./RetryTrace.js"
import { WaitHint } from "./WaitHint.js"

/**
 * What every faultline failure has: a `_tag` for `catchTag`, a `category`, and a `message` that reads well in a
 * log.
 *
 * @since 0.1.0
 * @category models
 */
export interface Failure {
  readonly _tag: string
  readonly category: Category.Category
  readonly message: string
}

// -----------------------------------------------------------------------------
// vendor failures
// -----------------------------------------------------------------------------

/**
 * The fields every vendor failure shares. A vendor's failure classes spread these and add their own (`code`,
 * `type`, `docUrl`, `details`, field issues) and a fixed `category` made with `Category.field`.
 *
 * @since 0.1.0
 * @category fields
 */
export const vendorFields = {
  /** The HTTP status the response had (which may differ from the status the vendor documents for the code). */
  status: Schema.Int,
  /** The vendor's message, with secrets redacted. */
  message: Schema.String,
  /** The vendor's request id, where it gives one (body or `x-request-id`). */
  requestId: Schema.optional(Schema.String),
  /** How long the server asked to wait before another attempt, if it said. */
  waitHint: Schema.optional(WaitHint),
  /** On the final failure of a call made with a retry policy: its attempts, waits and why it stopped. */
  retry: Schema.optional(RetryTrace)
}

/**
 * A `vendor` field with a fixed value, filled in by the constructor.
 *
 * @since 0.1.0
 * @category fields
 */
export const vendorField = <const V extends string>(vendor: V) =>
  Schema.Literal(vendor).pipe(
    Schema.propertySignature,
    Schema.withConstructorDefault((): V => vendor)
  )

/**
 * The fields of a vendor's unknown failure: a code or status the vendor did not document. The raw status, the
 * raw code (when the body had one) and a bounded, redacted copy of the body are kept, and the category comes from
 * whatever the body said (a Nixflex `type`, say) or else from the status.
 *
 * @since 0.1.0
 * @category fields
 */
export const unknownFields = {
  ...vendorFields,
  code: Schema.optional(Schema.String),
  body: Schema.String,
  category: Category.Category
}

/**
 * Constructor options for failures built from data a schema has already checked (a dialect decoding an
 * envelope): skips the second validation, which costs more than the rest of decoding together. Property tests
 * check that decoded failures still satisfy their schemas.
 *
 * @since 0.1.0
 * @category constructors
 */
export const checked = { disableValidation: true } as const

/**
 * The longest body snippet a failure keeps, in characters.
 *
 * @since 0.1.0
 * @category constants
 */
export const snippetLength = 512

// -----------------------------------------------------------------------------
// core failures
// -----------------------------------------------------------------------------

/**
 * Why a request did not get a response.
 *
 * @since 0.1.0
 * @category models
 */
export const TransportReason = Schema.Literal(
  "ConnectionRefused",
  "HostNotFound",
  "ConnectTimeout",
  "Tls",
  "ConnectionReset",
  "ResponseTimeout",
  "Protocol",
  "Other"
)

/**
 * Why a request did not get a response, as `TransportError.reason` holds it.
 *
 * @since 0.1.0
 * @category models
 */
export type TransportReason = typeof TransportReason.Type

/**
 * The request did not get a response: the connection was refused, reset, timed out, or broke.
 * `mayHaveReachedServer` is `false` only when the fault proves the server never saw the request (refused, no such
 * host, connect timeout, TLS handshake), which makes even a non-idempotent request safe to send again.
 *
 * @since 0.1.0
 * @category errors
 */
export class TransportError extends Schema.TaggedError<TransportError>("@faultline/core/TransportError")(
  "TransportError",
  {
    reason: TransportReason,
    mayHaveReachedServer: Schema.Boolean,
    method: Schema.String,
    /** The request URL, with secrets and credential query parameters redacted. */
    url: Schema.String,
    /** What the underlying client said, redacted. */
    detail: Schema.String,
    retry: Schema.optional(RetryTrace),
    category: Category.field("transport")
  }
) {
  override get message(): string {
    return `${this.reason} on ${this.method} ${this.url}: ${this.detail}`
  }
}

/**
 * One attempt took longer than its timeout. The request may have reached the server.
 *
 * @since 0.1.0
 * @category errors
 */
export class AttemptTimeout extends Schema.TaggedError<AttemptTimeout>("@faultline/core/AttemptTimeout")(
  "AttemptTimeout",
  {
    method: Schema.String,
    url: Schema.String,
    timeoutMillis: Schema.NonNegative,
    retry: Schema.optional(RetryTrace),
    category: Category.field("timeout")
  }
) {
  /** A timed-out request may have been received and acted on. */
  get mayHaveReachedServer(): true {
    return true
  }

  override get message(): string {
    return `${this.method} ${this.url} took longer than ${this.timeoutMillis} ms`
  }
}

/**
 * The request was not sent: the client held it for the rate-limit quota (pacing) or for an outage (the circuit
 * breaker), and the hold would have ended after the call's deadline (the retry policy's, or without a policy the
 * attempt timeout). Its category is `rate_limited` for the quota and `unavailable` for an outage; `waitHint`, when
 * the client knows it, says how long the hold still had to run. On a retry, the call stops with the previous
 * attempt's failure instead (`retry.stoppedBecause` is `Deadline`), so this failure means nothing was sent at all.
 *
 * @since 0.1.0
 * @category errors
 */
export class HeldPastDeadline extends Schema.TaggedError<HeldPastDeadline>("@faultline/core/HeldPastDeadline")(
  "HeldPastDeadline",
  {
    by: HoldReason,
    method: Schema.String,
    url: Schema.String,
    /** How long the call had been held when it gave up, in milliseconds. */
    heldMillis: Schema.NonNegative,
    waitHint: Schema.optional(WaitHint),
    retry: Schema.optional(RetryTrace),
    category: Schema.Literal("rate_limited", "unavailable")
  }
) {
  /** Nothing was sent. */
  get mayHaveReachedServer(): false {
    return false
  }

  override get message(): string {
    const what = this.by === "quota" ? "the rate-limit quota" : "an outage"
    const left = this.waitHint === undefined ? "" : ` (${Math.ceil(this.waitHint.millis)} ms more)`
    return `${this.method} ${this.url} was not sent: held ${Math.round(this.heldMillis)} ms for ${what}, which would last past the call's deadline${left}`
  }
}

/**
 * Why a response body could not be used.
 *
 * - `Empty`: an error status with no body at all.
 * - `NotJson`: bytes that are not JSON (an HTML gateway page, plain text).
 * - `Truncated`: the body ended early (the connection broke, or the JSON stops mid-value).
 * - `TooLarge`: the body is larger than the client's limit; the rest was not read.
 * - `NotEnvelope`: JSON, but not an error envelope of the vendor.
 * - `Malformed`: a success body that does not match the expected schema.
 *
 * @since 0.1.0
 * @category models
 */
export const UnexpectedBodyReason = Schema.Literal(
  "Empty",
  "NotJson",
  "Truncated",
  "TooLarge",
  "NotEnvelope",
  "Malformed"
)

/**
 * Why a response body could not be used, as `UnexpectedBody.reason` holds it.
 *
 * @since 0.1.0
 * @category models
 */
export type UnexpectedBodyReason = typeof UnexpectedBodyReason.Type

/**
 * A response whose body could not be decoded into a vendor failure or the expected success value. The category
 * comes from the status, so an HTML 502 page from a proxy is still an `upstream` failure.
 *
 * @since 0.1.0
 * @category errors
 */
export class UnexpectedBody extends Schema.TaggedError<UnexpectedBody>("@faultline/core/UnexpectedBody")(
  "UnexpectedBody",
  {
    vendor: Schema.String,
    reason: UnexpectedBodyReason,
    status: Schema.Int,
    contentType: Schema.optional(Schema.String),
    /** The first characters of the body, redacted (at most `snippetLength`). */
    snippet: Schema.String,
    /** For `Malformed`: what did not match, briefly. */
    detail: Schema.optional(Schema.String),
    requestId: Schema.optional(Schema.String),
    waitHint: Schema.optional(WaitHint),
    retry: Schema.optional(RetryTrace),
    category: Category.Category
  }
) {
  override get message(): string {
    const type = this.contentType === undefined ? "" : ` (${this.contentType})`
    const detail = this.detail === undefined ? "" : `: ${this.detail}`
    return `${this.vendor} answered ${this.status} with a body that is ${describeReason[this.reason]}${type}${detail}`
  }
}

const describeReason: Record<UnexpectedBodyReason, string> = {
  Empty: "empty",
  NotJson: "not JSON",
  Truncated: "truncated",
  TooLarge: "too large",
  NotEnvelope: "not an error envelope",
  Malformed: "not the expected shape"
}

/**
 * One problem with a request's input, found before sending.
 *
 * @since 0.1.0
 * @category models
 */
export class InputIssue extends Schema.Class<InputIssue>("@faultline/core/InputIssue")({
  /** Dotted path of the field, or "" for the whole input. */
  path: Schema.String,
  message: Schema.String
}) {}

/**
 * The request was not sent because its input is invalid (a phone number that is not E.164, a Twilio SID of the
 * wrong shape, a string too long, a URL that does not parse).
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidInput extends Schema.TaggedError<InvalidInput>("@faultline/core/InvalidInput")("InvalidInput", {
  operation: Schema.String,
  issues: Schema.Array(InputIssue),
  retry: Schema.optional(RetryTrace),
  category: Category.field("invalid_request")
}) {
  override get message(): string {
    const issues = this.issues.map((issue) => (issue.path === "" ? issue.message : `${issue.path}: ${issue.message}`))
    return `${this.operation}: ${issues.join("; ")}`
  }
}

/**
 * The failures any call can have, whatever the vendor.
 *
 * @since 0.1.0
 * @category models
 */
export type CoreFailure = TransportError | AttemptTimeout | HeldPastDeadline | UnexpectedBody | InvalidInput

/**
 * Schema of `CoreFailure`, to encode and decode core failures.
 *
 * @since 0.1.0
 * @category schemas
 */
export const CoreFailure: Schema.Union<
  [typeof TransportError, typeof AttemptTimeout, typeof HeldPastDeadline, typeof UnexpectedBody, typeof InvalidInput]
> = Schema.Union(TransportError, AttemptTimeout, HeldPastDeadline, UnexpectedBody, InvalidInput)

// -----------------------------------------------------------------------------
// guards
// -----------------------------------------------------------------------------

/**
 * What a guard for the categories `C` proves of a member of the union `E`: a member whose category is always in `C`
 * is kept whole; a member whose category is wider (an unknown failure, an `UnexpectedBody`, whose category comes
 * from the response) is kept only as the part of it whose category is in `C`, so that the member itself stays in
 * what the guard leaves (`Exclude<E, WithCategory<E, C>>`); a member that can never have a category in `C` is
 * dropped.
 *
 * @since 0.1.0
 * @category models
 */
export type WithCategory<E, C extends Category.Category> = E extends { readonly category: infer K }
  ? [K] extends [C]
    ? E
    : [Extract<K, C>] extends [never]
      ? never
      : E & { readonly category: Extract<K, C> }
  : never

const categories: ReadonlySet<unknown> = new Set(Category.all)

/**
 * Whether a value is a faultline failure.
 *
 * @since 0.1.0
 * @category guards
 */
export const isFailure = (u: unknown): u is Failure =>
  Predicate.hasProperty(u, "_tag") &&
  Predicate.hasProperty(u, "category") &&
  categories.has(u.category) &&
  typeof u._tag === "string"

/**
 * A guard for one category, narrowing a union of failures.
 *
 * @example
 * ```ts
 * import { Failure } from "@faultline/core"
 * import { Effect } from "effect"
 *
 * const call: Effect.Effect<string, Failure.CoreFailure> = Effect.fail(
 *   new Failure.AttemptTimeout({ method: "GET", url: "https://api.example.com/v1/calls", timeoutMillis: 30_000 })
 * )
 * const program = call.pipe(Effect.catchIf(Failure.isCategory("timeout"), () => Effect.succeed("later")))
 * // Effect<string, TransportError | HeldPastDeadline | UnexpectedBody | InvalidInput>: an `UnexpectedBody` stays,
 * // since its category comes from the response and may be "timeout" or not
 * ```
 *
 * @since 0.1.0
 * @category guards
 */
export const isCategory =
  <C extends Category.Category>(category: C) =>
  <E>(u: E): u is WithCategory<E, C> =>
    isFailure(u) && u.category === category

/**
 * Rate limits of any vendor: 429s, Nixflex `concurrent_call_limit`, gateway pages answered with 429.
 *
 * @since 0.1.0
 * @category guards
 */
export const isRateLimited: <E>(u: E) => u is WithCategory<E, "rate_limited"> = isCategory("rate_limited")

/**
 * The API key is missing, wrong or revoked.
 *
 * @since 0.1.0
 * @category guards
 */
export const isUnauthorized: <E>(u: E) => u is WithCategory<E, "unauthorized"> = isCategory("unauthorized")

/**
 * The key is valid but not allowed to do this.
 *
 * @since 0.1.0
 * @category guards
 */
export const isForbidden: <E>(u: E) => u is WithCategory<E, "forbidden"> = isCategory("forbidden")

/**
 * The resource does not exist, or belongs to someone else.
 *
 * @since 0.1.0
 * @category guards
 */
export const isNotFound: <E>(u: E) => u is WithCategory<E, "not_found"> = isCategory("not_found")

/**
 * The request conflicts with the resource's state.
 *
 * @since 0.1.0
 * @category guards
 */
export const isConflict: <E>(u: E) => u is WithCategory<E, "conflict"> = isCategory("conflict")

/**
 * Credits or quota are spent.
 *
 * @since 0.1.0
 * @category guards
 */
export const isQuota: <E>(u: E) => u is WithCategory<E, "quota"> = isCategory("quota")

/**
 * Too slow: an attempt timeout or a gateway timeout.
 *
 * @since 0.1.0
 * @category guards
 */
export const isTimeout: <E>(u: E) => u is WithCategory<E, "timeout"> = isCategory("timeout")

/**
 * No response at all: refused, reset, no such host.
 *
 * @since 0.1.0
 * @category guards
 */
export const isTransport: <E>(u: E) => u is WithCategory<E, "transport"> = isCategory("transport")

/**
 * The categories of server-side failures.
 *
 * @since 0.1.0
 * @category models
 */
export type ServerSideCategory = "server" | "upstream" | "unavailable"

/**
 * Server-side failures: `server`, `upstream` and `unavailable`.
 *
 * @since 0.1.0
 * @category guards
 */
export const isServerSide = <E>(u: E): u is WithCategory<E, ServerSideCategory> =>
  isFailure(u) && (u.category === "server" || u.category === "upstream" || u.category === "unavailable")

/**
 * The categories whose failures are usually worth another attempt (see `Category.isTransient`).
 *
 * @since 0.1.0
 * @category models
 */
export type TransientCategory = ServerSideCategory | "rate_limited" | "timeout" | "transport"

/**
 * Failures usually worth another attempt: rate limits, server-side failures, timeouts and transport faults
 * (whether a retry is *safe* also depends on the request; see the retry policy).
 *
 * @since 0.1.0
 * @category guards
 */
export const isTransient = <E>(u: E): u is WithCategory<E, TransientCategory> =>
  isFailure(u) && Category.isTransient(u.category)
