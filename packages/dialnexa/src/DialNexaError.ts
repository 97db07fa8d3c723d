/**
 * The DialNexa error catalog. DialNexa has no machine-readable error codes, only the HTTP status and a NestJS-style
 * body (`statusCode`, `message`, `error`), so there is one failure class per documented status, each with a fixed
 * category, plus `DialNexaUnknownError` for any status DialNexa did not document.
 *
 * The body's `message` is kept as a list (`messages`: validation failures give one message per invalid field), and
 * parsed into field `issues` where the messages name a field (class-validator style).
 *
 * Each class carries what the docs say of its status (`BadRequest.documented`); the schema, the type and the
 * catalog are derived from the one list of classes below them.
 *
 * @since 0.1.0
 */
import { Category, Failure } from "@faultline/core"
import * as Schema from "effect/Schema"

const vendor = "dialnexa"

/**
 * One problem a DialNexa message reports: the field it names, when it names one ("to_phone_number must be in E.164
 * format" names `to_phone_number`), and the message.
 *
 * @since 0.1.0
 * @category models
 */
export class FieldIssue extends Schema.Class<FieldIssue>("@faultline/dialnexa/FieldIssue")({
  /** The field's path as the message gives it (`retry_config.max_retries`), when the message names one. */
  field: Schema.optional(Schema.String),
  message: Schema.String
}) {}

/**
 * The fields every DialNexa failure has, besides the shared vendor fields: the body's messages as a list, the
 * field issues parsed from them, and the reason phrase (`error`).
 *
 * @since 0.1.0
 * @category fields
 */
export const dialNexaFields = {
  vendor: Failure.vendorField(vendor),
  ...Failure.vendorFields,
  /** The body's `message` as a list: a string becomes a one-element list. */
  messages: Schema.Array(Schema.String),
  /** One issue per message, with the field it names when it names one. */
  issues: Schema.Array(FieldIssue),
  /** The body's `error`: the HTTP reason phrase ("Bad Request"), when given. */
  error: Schema.optional(Schema.String)
}

/**
 * What the docs (vendors.md §1.2) say of one HTTP status: the status, its reason phrase (as the body's `error`
 * gives it), and the cause in the docs' words. Every documented-status class has it as its static `documented`.
 *
 * @since 0.1.0
 * @category models
 */
export interface DocumentedStatus {
  readonly status: number
  /** The HTTP reason phrase, as the body's `error` gives it. */
  readonly name: string
  readonly cause: string
}

// A documented-status class: its `category` is a constructor default, and what the docs say of its status is the
// static `documented`, which the catalog reads.
const DialNexaError =
  <Self>() =>
  <const Tag extends string, const C extends Category.Category>(tag: Tag, category: C, documented: DocumentedStatus) =>
    Object.assign(
      Schema.TaggedError<Self>(`@faultline/dialnexa/${tag}`)(tag, {
        ...dialNexaFields,
        category: Category.field(category)
      }),
      { documented } as const
    )

/**
 * 400 Bad Request: the request body or query parameters failed validation (an invalid phone number format, a
 * missing `name`); `issues` names the fields.
 *
 * @since 0.1.0
 * @category errors
 */
export class BadRequest extends DialNexaError<BadRequest>()("BadRequest", "invalid_request", {
  status: 400,
  name: "Bad Request",
  cause: "the request body or query parameters failed validation"
}) {}

/**
 * 401 Unauthorized: the API key is missing, malformed, invalid or revoked.
 *
 * @since 0.1.0
 * @category errors
 */
export class Unauthorized extends DialNexaError<Unauthorized>()("Unauthorized", "unauthorized", {
  status: 401,
  name: "Unauthorized",
  cause: "missing or invalid API key"
}) {}

/**
 * 403 Forbidden: the API key lacks permission, or the destination is blocked by the workspace Telephony Config.
 *
 * @since 0.1.0
 * @category errors
 */
export class Forbidden extends DialNexaError<Forbidden>()("Forbidden", "forbidden", {
  status: 403,
  name: "Forbidden",
  cause: "the API key does not have permission, or the destination is blocked by workspace Telephony Config"
}) {}

/**
 * 404 Not Found: the resource does not exist, or belongs to another organization.
 *
 * @since 0.1.0
 * @category errors
 */
export class NotFound extends DialNexaError<NotFound>()("NotFound", "not_found", {
  status: 404,
  name: "Not Found",
  cause: "the resource does not exist, or does not belong to your organization"
}) {}

/**
 * 409 Conflict: the operation conflicts with the resource's current state (resuming a cancelled campaign); one
 * page also gives it for a full workspace concurrency limit.
 *
 * @since 0.1.0
 * @category errors
 */
export class Conflict extends DialNexaError<Conflict>()("Conflict", "conflict", {
  status: 409,
  name: "Conflict",
  cause: "the operation conflicts with the current state (e.g., trying to resume a cancelled campaign)"
}) {}

/**
 * 422 Unprocessable Entity: the request was well-formed but semantically wrong (an agent assigned to a deleted
 * phone number).
 *
 * @since 0.1.0
 * @category errors
 */
export class UnprocessableEntity extends DialNexaError<UnprocessableEntity>()("UnprocessableEntity", "unprocessable", {
  status: 422,
  name: "Unprocessable Entity",
  cause: "well-formed but semantic errors (e.g., an agent assigned to a deleted phone number)"
}) {}

/**
 * 429 Too Many Requests: the per-key rate limit (or, per the pricing page, the concurrency limit) was exceeded;
 * `Retry-After` says how many seconds to wait (the failure's `waitHint`).
 *
 * @since 0.1.0
 * @category errors
 */
export class TooManyRequests extends DialNexaError<TooManyRequests>()("TooManyRequests", "rate_limited", {
  status: 429,
  name: "Too Many Requests",
  cause: "the rate limit was exceeded"
}) {}

/**
 * 500 Internal Server Error: an unexpected error on DialNexa's side; contact support if it persists.
 *
 * @since 0.1.0
 * @category errors
 */
export class InternalServerError extends DialNexaError<InternalServerError>()("InternalServerError", "server", {
  status: 500,
  name: "Internal Server Error",
  cause: "an unexpected error on DialNexa's side; contact support if it persists"
}) {}

/**
 * 502 Bad Gateway: a transient upstream failure (named only by the TypeScript guide, as retryable).
 *
 * @since 0.1.0
 * @category errors
 */
export class BadGateway extends DialNexaError<BadGateway>()("BadGateway", "upstream", {
  status: 502,
  name: "Bad Gateway",
  cause: "transient error, retry with exponential backoff (TypeScript guide only)"
}) {}

/**
 * 503 Service Unavailable: the service is temporarily unavailable (named only by the TypeScript guide, as
 * retryable).
 *
 * @since 0.1.0
 * @category errors
 */
export class ServiceUnavailable extends DialNexaError<ServiceUnavailable>()("ServiceUnavailable", "unavailable", {
  status: 503,
  name: "Service Unavailable",
  cause: "transient error, retry with exponential backoff (TypeScript guide only)"
}) {}

/**
 * 504 Gateway Timeout: a gateway timed out waiting for DialNexa (named only by the TypeScript guide, as
 * retryable).
 *
 * @since 0.1.0
 * @category errors
 */
export class GatewayTimeout extends DialNexaError<GatewayTimeout>()("GatewayTimeout", "timeout", {
  status: 504,
  name: "Gateway Timeout",
  cause: "transient error, retry with exponential backoff (TypeScript guide only)"
}) {}

/**
 * A DialNexa error response with a status DialNexa did not document. The raw status and a bounded, redacted
 * `body` are kept, with the messages, issues and reason phrase of the envelope; the category comes from the
 * status.
 *
 * @since 0.1.0
 * @category errors
 */
export class DialNexaUnknownError extends Schema.TaggedError<DialNexaUnknownError>(
  "@faultline/dialnexa/DialNexaUnknownError"
)("DialNexaUnknownError", {
  ...Failure.unknownFields,
  vendor: Failure.vendorField(vendor),
  messages: Schema.optional(Schema.Array(Schema.String)),
  issues: Schema.optional(Schema.Array(FieldIssue)),
  error: Schema.optional(Schema.String)
}) {}

// The one list of the documented-status classes, in status order: the schema, the type and the catalog come from
// it.
const knownFailures = [
  BadRequest,
  Unauthorized,
  Forbidden,
  NotFound,
  Conflict,
  UnprocessableEntity,
  TooManyRequests,
  InternalServerError,
  BadGateway,
  ServiceUnavailable,
  GatewayTimeout
] as const

/**
 * Schema of `DialNexaFailure`, to encode and decode DialNexa failures (in a queue, a log, a test fixture).
 *
 * @since 0.1.0
 * @category schemas
 */
export const DialNexaFailure = Schema.Union(...knownFailures, DialNexaUnknownError)

/**
 * Every failure a DialNexa response can decode to.
 *
 * @since 0.1.0
 * @category models
 */
export type DialNexaFailure = typeof DialNexaFailure.Type

/**
 * One documented HTTP status: what the docs say of it, and its failure class.
 *
 * @since 0.1.0
 * @category models
 */
export interface CatalogEntry extends DocumentedStatus {
  readonly failure: new (
    props: DialNexaKnownProps,
    options?: typeof Failure.checked
  ) => Exclude<DialNexaFailure, DialNexaUnknownError>
}

/**
 * What a documented-status failure is constructed from (`vendor` and `category` are filled in).
 *
 * @since 0.1.0
 * @category models
 */
export interface DialNexaKnownProps {
  readonly status: number
  readonly message: string
  readonly messages: ReadonlyArray<string>
  readonly issues: ReadonlyArray<FieldIssue>
  readonly error?: string
  readonly requestId?: string
  readonly waitHint?: BadRequest["waitHint"]
}

/**
 * Every documented DialNexa error status (vendors.md §1.2), in status order: each class's `documented`.
 *
 * @since 0.1.0
 * @category catalog
 */
export const catalog: ReadonlyArray<CatalogEntry> = knownFailures.map((failure) => ({ ...failure.documented, failure }))

/**
 * Whether a value is a DialNexa failure.
 *
 * @since 0.1.0
 * @category guards
 */
export const isDialNexaFailure: (u: unknown) => u is DialNexaFailure = Schema.is(DialNexaFailure)
