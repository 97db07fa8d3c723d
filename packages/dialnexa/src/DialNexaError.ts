/**
 * The DialNexa error catalog. DialNexa has no machine-readable error codes, only the HTTP status and a NestJS-style
 * body (`statusCode`, `message`, `error`), so there is one failure class per documented status, each with a fixed
 * category, plus `DialNexaUnknownError` for any status DialNexa did not document.
 *
 * The body's `message` is kept as a list (`messages`: validation failures give one message per invalid field), and
 * parsed into field `issues` where the messages name a field (class-validator style).
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

const DialNexaError =
  <Self>() =>
  <const Tag extends string, const C extends Category.Category>(tag: Tag, category: C) =>
    Schema.TaggedError<Self>(`@faultline/dialnexa/${tag}`)(tag, {
      ...dialNexaFields,
      category: Category.field(category)
    })

/**
 * 400 Bad Request: the request body or query parameters failed validation (an invalid phone number format, a
 * missing `name`); `issues` names the fields.
 *
 * @since 0.1.0
 * @category errors
 */
export class BadRequest extends DialNexaError<BadRequest>()("BadRequest", "invalid_request") {}

/**
 * 401 Unauthorized: the API key is missing, malformed, invalid or revoked.
 *
 * @since 0.1.0
 * @category errors
 */
export class Unauthorized extends DialNexaError<Unauthorized>()("Unauthorized", "unauthorized") {}

/**
 * 403 Forbidden: the API key lacks permission, or the destination is blocked by the workspace Telephony Config.
 *
 * @since 0.1.0
 * @category errors
 */
export class Forbidden extends DialNexaError<Forbidden>()("Forbidden", "forbidden") {}

/**
 * 404 Not Found: the resource does not exist, or belongs to another organization.
 *
 * @since 0.1.0
 * @category errors
 */
export class NotFound extends DialNexaError<NotFound>()("NotFound", "not_found") {}

/**
 * 409 Conflict: the operation conflicts with the resource's current state (resuming a cancelled campaign); one
 * page also gives it for a full workspace concurrency limit.
 *
 * @since 0.1.0
 * @category errors
 */
export class Conflict extends DialNexaError<Conflict>()("Conflict", "conflict") {}

/**
 * 422 Unprocessable Entity: the request was well-formed but semantically wrong (an agent assigned to a deleted
 * phone number).
 *
 * @since 0.1.0
 * @category errors
 */
export class UnprocessableEntity extends DialNexaError<UnprocessableEntity>()("UnprocessableEntity", "unprocessable") {}

/**
 * 429 Too Many Requests: the per-key rate limit (or, per the pricing page, the concurrency limit) was exceeded;
 * `Retry-After` says how many seconds to wait (the failure's `waitHint`).
 *
 * @since 0.1.0
 * @category errors
 */
export class TooManyRequests extends DialNexaError<TooManyRequests>()("TooManyRequests", "rate_limited") {}

/**
 * 500 Internal Server Error: an unexpected error on DialNexa's side; contact support if it persists.
 *
 * @since 0.1.0
 * @category errors
 */
export class InternalServerError extends DialNexaError<InternalServerError>()("InternalServerError", "server") {}

/**
 * 502 Bad Gateway: a transient upstream failure (named only by the TypeScript guide, as retryable).
 *
 * @since 0.1.0
 * @category errors
 */
export class BadGateway extends DialNexaError<BadGateway>()("BadGateway", "upstream") {}

/**
 * 503 Service Unavailable: the service is temporarily unavailable (named only by the TypeScript guide, as
 * retryable).
 *
 * @since 0.1.0
 * @category errors
 */
export class ServiceUnavailable extends DialNexaError<ServiceUnavailable>()("ServiceUnavailable", "unavailable") {}

/**
 * 504 Gateway Timeout: a gateway timed out waiting for DialNexa (named only by the TypeScript guide, as
 * retryable).
 *
 * @since 0.1.0
 * @category errors
 */
export class GatewayTimeout extends DialNexaError<GatewayTimeout>()("GatewayTimeout", "timeout") {}

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

/**
 * Every failure a DialNexa response can decode to.
 *
 * @since 0.1.0
 * @category models
 */
export type DialNexaFailure =
  | BadRequest
  | Unauthorized
  | Forbidden
  | NotFound
  | Conflict
  | UnprocessableEntity
  | TooManyRequests
  | InternalServerError
  | BadGateway
  | ServiceUnavailable
  | GatewayTimeout
  | DialNexaUnknownError

/**
 * One documented HTTP status: its failure class, the reason phrase, and the cause in the docs' words.
 *
 * @since 0.1.0
 * @category models
 */
export interface CatalogEntry {
  readonly status: number
  readonly failure: new (
    props: DialNexaKnownProps,
    options?: typeof Failure.checked
  ) => Exclude<DialNexaFailure, DialNexaUnknownError>
  /** The HTTP reason phrase, as the body's `error` gives it. */
  readonly name: string
  readonly cause: string
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

const entry = (status: number, failure: CatalogEntry["failure"], name: string, cause: string): CatalogEntry => ({
  status,
  failure,
  name,
  cause
})

/**
 * Every documented DialNexa error status (vendors.md §1.2), in status order.
 *
 * @since 0.1.0
 * @category catalog
 */
export const catalog: ReadonlyArray<CatalogEntry> = [
  entry(400, BadRequest, "Bad Request", "the request body or query parameters failed validation"),
  entry(401, Unauthorized, "Unauthorized", "missing or invalid API key"),
  entry(
    403,
    Forbidden,
    "Forbidden",
    "the API key does not have permission, or the destination is blocked by workspace Telephony Config"
  ),
  entry(404, NotFound, "Not Found", "the resource does not exist, or does not belong to your organization"),
  entry(
    409,
    Conflict,
    "Conflict",
    "the operation conflicts with the current state (e.g., trying to resume a cancelled campaign)"
  ),
  entry(
    422,
    UnprocessableEntity,
    "Unprocessable Entity",
    "well-formed but semantic errors (e.g., an agent assigned to a deleted phone number)"
  ),
  entry(429, TooManyRequests, "Too Many Requests", "the rate limit was exceeded"),
  entry(
    500,
    InternalServerError,
    "Internal Server Error",
    "an unexpected error on DialNexa's side; contact support if it persists"
  ),
  entry(502, BadGateway, "Bad Gateway", "transient error, retry with exponential backoff (TypeScript guide only)"),
  entry(
    503,
    ServiceUnavailable,
    "Service Unavailable",
    "transient error, retry with exponential backoff (TypeScript guide only)"
  ),
  entry(
    504,
    GatewayTimeout,
    "Gateway Timeout",
    "transient error, retry with exponential backoff (TypeScript guide only)"
  )
]

/**
 * Schema of `DialNexaFailure`, to encode and decode DialNexa failures (in a queue, a log, a test fixture).
 *
 * @since 0.1.0
 * @category schemas
 */
export const DialNexaFailure = Schema.Union(
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
  GatewayTimeout,
  DialNexaUnknownError
)

/**
 * Whether a value is a DialNexa failure.
 *
 * @since 0.1.0
 * @category guards
 */
export const isDialNexaFailure: (u: unknown) => u is DialNexaFailure = Schema.is(DialNexaFailure)
