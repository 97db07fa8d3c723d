/**
 * The failures every call can have, whatever the vendor: no response (`TransportError`), no response in time
 * (`AttemptTimeout`), not sent because a hold would outlast the deadline (`HeldPastDeadline`), a body that cannot
 * be used (`UnexpectedBody`), input refused before sending (`InvalidInput`), and a create whose outcome cannot be
 * known (`OutcomeUnknown`). `Failure` re-exports them all.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Category from "./Category.js"
import { HoldReason, RetryTrace } from "./RetryTrace.js"
import { WaitHint } from "./WaitHint.js"

/**
 * The idempotency key a failed request carried, when the vendor takes one: give it to the next call
 * (`{ idempotencyKey }`) to try the same logical call again without a duplicate.
 */
const idempotencyKey = Schema.optional(Schema.String)

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
    idempotencyKey,
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
    idempotencyKey,
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
    idempotencyKey,
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
    idempotencyKey,
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
  /** The rule it breaks ("E.164", "at most 1600 characters", "required"), when one is named. */
  rule: Schema.optional(Schema.String),
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
 * What failed a create whose outcome is unknown: the failure's tag, status (when there was a response) and message.
 *
 * @since 0.1.0
 * @category models
 */
export class OutcomeCause extends Schema.Class<OutcomeCause>("@faultline/core/OutcomeCause")({
  tag: Schema.String,
  status: Schema.optional(Schema.Int),
  message: Schema.String
}) {}

/**
 * A create on a vendor that takes no idempotency key failed after the request may have reached the server (no
 * answer, no answer in time, a server-side failure, an answer cut off): the resource may or may not exist, and
 * sending it again could make two. It carries what the caller needs to find out: the operation, the input as sent
 * (redacted), when it was sent, and what failed (`cause`). Its category is the cause's.
 *
 * @since 0.1.0
 * @category errors
 */
export class OutcomeUnknown extends Schema.TaggedError<OutcomeUnknown>("@faultline/core/OutcomeUnknown")(
  "OutcomeUnknown",
  {
    vendor: Schema.String,
    /** The endpoint: `"POST /v1/calls"`. */
    operation: Schema.String,
    /** The validated input, as sent, redacted. */
    input: Schema.Unknown,
    /** When the call started, epoch milliseconds: the created resource, if any, is newer. */
    sentAt: Schema.Number,
    cause: OutcomeCause,
    retry: Schema.optional(RetryTrace),
    category: Category.Category
  }
) {
  /** The request may have been acted on: that is the point. */
  get mayHaveReachedServer(): true {
    return true
  }

  override get message(): string {
    return `${this.vendor} ${this.operation}: the outcome is unknown (${this.cause.tag}: ${this.cause.message}); it may have been created`
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
