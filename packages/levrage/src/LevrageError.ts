/**
 * The Levrage error catalog. Levrage documents four error codes and a table of HTTP statuses, so there are two
 * kinds of failure class: one per documented code (`validation_error` → `ValidationError`), whose category the
 * code decides whatever the status, and one per documented status, used when the body carries no code at all
 * (FastAPI's `{ "detail": … }` bodies). 401 and 404 mean the same as `authentication_error` and `not_found`, so
 * they share those classes. Any other code, or a status outside the table without a known code, decodes to
 * `LevrageUnknownError`.
 *
 * Each class carries what the docs say of its code, its status or both (`NotFound.documented`); the schema, the
 * type and the two catalogs are derived from the two lists of classes below them, one per table of the docs.
 *
 * @since 0.1.0
 */
import { Category, Failure } from "@faultline/core"
import * as Schema from "effect/Schema"

const vendor = "levrage"

/**
 * One item of a FastAPI validation `detail` list: where the problem is, what it is, and its kind.
 *
 * @since 0.1.0
 * @category models
 */
export class DetailIssue extends Schema.Class<DetailIssue>("@faultline/levrage/DetailIssue")({
  /** The item's `loc` joined with "." as given (`body.phone_number`, `body.contacts.0.phone`). */
  path: Schema.String,
  /** The item's `msg`. */
  message: Schema.String,
  /** The item's `type` (`missing`, `string_too_long`), when given. */
  type: Schema.optional(Schema.String)
}) {}

/**
 * The fields every Levrage failure has, besides the shared vendor fields: the envelope's `timestamp` and raw
 * `code`, and the issues of a FastAPI `detail` list. `requestId` is the body's `request_id`, else the header's.
 *
 * @since 0.1.0
 * @category fields
 */
export const levrageFields = {
  vendor: Failure.vendorField(vendor),
  ...Failure.vendorFields,
  /** The envelope's `timestamp` ("2025-01-01T12:00:00Z"), when given. */
  timestamp: Schema.optional(Schema.String),
  /** The envelope's `error.code` as the response gave it; absent for the `{ "detail": … }` shape. */
  code: Schema.optional(Schema.String),
  /** One issue per item of a FastAPI `detail` list; empty for every other body. */
  issues: Schema.Array(DetailIssue)
}

/**
 * What the docs ("Common Errors & Fixes") say of one error code: the code, the documented messages that come with
 * it, and the fix, in the docs' words.
 *
 * @since 0.1.0
 * @category models
 */
export interface DocumentedCode {
  readonly code: string
  readonly cause: string
  readonly fix: string
}

/**
 * What the docs say of one HTTP status: the docs' name and "when it happens" ("HTTP Status Codes"), and their
 * retry advice ("Retry?" and "Strategy" of the Retry Strategy table; `undefined` for 403 and 409, which the table
 * leaves out).
 *
 * @since 0.1.0
 * @category models
 */
export interface DocumentedStatus {
  readonly status: number
  readonly name: string
  readonly when: string
  readonly retry: "Yes" | "No" | undefined
  readonly strategy: string | undefined
}

/**
 * What the docs say of a catalogued class: of its code, of its status, or of both (401 and 404 mean the same as
 * `authentication_error` and `not_found`). Every catalogued class has it as its static `documented`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Documented {
  readonly code?: DocumentedCode
  readonly status?: DocumentedStatus
}

// A catalogued class: its `category` is a constructor default, and what the docs say of it is the static
// `documented`, which the catalogs read.
const LevrageError =
  <Self>() =>
  <const Tag extends string, const C extends Category.Category, Kind extends keyof Documented>(
    tag: Tag,
    category: C,
    documented: { readonly [K in Kind]: NonNullable<Documented[K]> }
  ) =>
    Object.assign(
      Schema.TaggedError<Self>(`@faultline/levrage/${tag}`)(tag, {
        ...levrageFields,
        category: Category.field(category)
      }),
      { documented } as const
    )

// Documented codes (the code decides the category, whatever the status)

/**
 * `validation_error`: the request is invalid — a duplicate agent name ("Agent name is already in use", sent
 * with 409), a phone number not in E.164 ("phone_number must be E.164 format"), a missing field. Fix the request.
 *
 * @since 0.1.0
 * @category errors
 */
export class ValidationError extends LevrageError<ValidationError>()("ValidationError", "invalid_request", {
  code: {
    code: "validation_error",
    cause: "Agent name is already in use; phone_number must be E.164 format",
    fix: "Choose a unique agent name; use format +919876543210"
  }
}) {}

/**
 * `not_found`, or a 404 without a code: the agent, campaign or call does not exist ("Agent not found"). Verify
 * the resource id.
 *
 * @since 0.1.0
 * @category errors
 */
export class NotFound extends LevrageError<NotFound>()("NotFound", "not_found", {
  code: { code: "not_found", cause: "Agent not found", fix: "Verify the agent ID exists" },
  status: {
    status: 404,
    name: "Not Found",
    when: "Agent, campaign, or call doesn't exist",
    retry: "No",
    strategy: "Verify the resource ID"
  }
}) {}

/**
 * `authentication_error`, or a 401 without a code (`{ "detail": "Invalid or expired API key" }`): the API key
 * is missing, invalid or expired. Regenerate it in the Dashboard.
 *
 * @since 0.1.0
 * @category errors
 */
export class AuthenticationError extends LevrageError<AuthenticationError>()("AuthenticationError", "unauthorized", {
  code: {
    code: "authentication_error",
    cause: "Invalid or expired API key",
    fix: "Regenerate your API key in the Dashboard"
  },
  status: {
    status: 401,
    name: "Unauthorized",
    when: "Missing or invalid API key",
    retry: "No",
    strategy: "Check your API key"
  }
}) {}

/**
 * `quota_exceeded`: the account has run out of credits ("Insufficient credits"). Top up credits in the Dashboard.
 *
 * @since 0.1.0
 * @category errors
 */
export class QuotaExceeded extends LevrageError<QuotaExceeded>()("QuotaExceeded", "quota", {
  code: { code: "quota_exceeded", cause: "Insufficient credits", fix: "Top up credits in the Dashboard" }
}) {}

// Documented statuses (used when the body has no code)

/**
 * 400 Bad Request: malformed JSON, or required fields missing. Do not retry: fix the request.
 *
 * @since 0.1.0
 * @category errors
 */
export class BadRequest extends LevrageError<BadRequest>()("BadRequest", "invalid_request", {
  status: {
    status: 400,
    name: "Bad Request",
    when: "Malformed JSON, missing required fields",
    retry: "No",
    strategy: "Fix the request"
  }
}) {}

/**
 * 403 Forbidden: the API key lacks permission for this resource.
 *
 * @since 0.1.0
 * @category errors
 */
export class Forbidden extends LevrageError<Forbidden>()("Forbidden", "forbidden", {
  status: {
    status: 403,
    name: "Forbidden",
    when: "API key lacks permission for this resource",
    retry: undefined,
    strategy: undefined
  }
}) {}

/**
 * 409 Conflict: a duplicate resource (an agent name already taken).
 *
 * @since 0.1.0
 * @category errors
 */
export class Conflict extends LevrageError<Conflict>()("Conflict", "conflict", {
  status: {
    status: 409,
    name: "Conflict",
    when: "Duplicate resource (e.g., agent name already taken)",
    retry: undefined,
    strategy: undefined
  }
}) {}

/**
 * 422 Validation Error: the fields are present but their values are invalid; a FastAPI `detail` list names them
 * in `issues`. Do not retry: fix the validation errors.
 *
 * @since 0.1.0
 * @category errors
 */
export class UnprocessableEntity extends LevrageError<UnprocessableEntity>()("UnprocessableEntity", "unprocessable", {
  status: {
    status: 422,
    name: "Validation Error",
    when: "Fields present but invalid values",
    retry: "No",
    strategy: "Fix validation errors"
  }
}) {}

/**
 * 429 Rate Limited: too many requests for the plan (60/min Free, 300/min Pro). Wait for `X-RateLimit-Reset`
 * (the failure's `waitHint`), then retry; repeated excess may bring temporary IP-level throttling.
 *
 * @since 0.1.0
 * @category errors
 */
export class RateLimited extends LevrageError<RateLimited>()("RateLimited", "rate_limited", {
  status: {
    status: 429,
    name: "Rate Limited",
    when: "Too many requests — back off and retry",
    retry: "Yes",
    strategy: "Wait for X-RateLimit-Reset, then retry"
  }
}) {}

/**
 * 500 Internal Error: an unexpected server error, safe to retry with exponential backoff.
 *
 * @since 0.1.0
 * @category errors
 */
export class InternalError extends LevrageError<InternalError>()("InternalError", "server", {
  status: {
    status: 500,
    name: "Internal Error",
    when: "Unexpected server error — safe to retry",
    retry: "Yes",
    strategy: "Retry with exponential backoff"
  }
}) {}

/**
 * 502 Bad Gateway: an upstream service is temporarily unavailable. Retry after 1–2 seconds.
 *
 * @since 0.1.0
 * @category errors
 */
export class BadGateway extends LevrageError<BadGateway>()("BadGateway", "upstream", {
  status: {
    status: 502,
    name: "Bad Gateway",
    when: "Upstream service temporarily unavailable",
    retry: "Yes",
    strategy: "Retry after 1-2 seconds"
  }
}) {}

/**
 * 503 Service Unavailable: the system is under maintenance. Wait 30 seconds or more, then retry.
 *
 * @since 0.1.0
 * @category errors
 */
export class ServiceUnavailable extends LevrageError<ServiceUnavailable>()("ServiceUnavailable", "unavailable", {
  status: {
    status: 503,
    name: "Service Unavailable",
    when: "System under maintenance",
    retry: "Yes",
    strategy: "Wait 30+ seconds, then retry"
  }
}) {}

/**
 * 504 Gateway Timeout: the request took too long. Retry with a longer timeout.
 *
 * @since 0.1.0
 * @category errors
 */
export class GatewayTimeout extends LevrageError<GatewayTimeout>()("GatewayTimeout", "timeout", {
  status: {
    status: 504,
    name: "Gateway Timeout",
    when: "Request took too long — retry with backoff",
    retry: "Yes",
    strategy: "Retry with longer timeout"
  }
}) {}

/**
 * A Levrage error with a code Levrage did not document, or with no code and a status outside the documented
 * table. The raw status, the raw `code` (when the body had one) and a bounded, redacted `body` are kept; the
 * category comes from the status.
 *
 * @since 0.1.0
 * @category errors
 */
export class LevrageUnknownError extends Schema.TaggedError<LevrageUnknownError>(
  "@faultline/levrage/LevrageUnknownError"
)("LevrageUnknownError", {
  ...Failure.unknownFields,
  vendor: Failure.vendorField(vendor),
  timestamp: Schema.optional(Schema.String),
  issues: Schema.Array(DetailIssue)
}) {}

// The two tables of the docs, each in the docs' order, as lists of classes: the schema, the type and the two
// catalogs come from them. A class in both (401 and 404) is listed in both, with its code and its status.
const codeFailures = [ValidationError, NotFound, AuthenticationError, QuotaExceeded] as const

const statusFailures = [
  BadRequest,
  AuthenticationError,
  Forbidden,
  NotFound,
  Conflict,
  UnprocessableEntity,
  RateLimited,
  InternalError,
  BadGateway,
  ServiceUnavailable,
  GatewayTimeout
] as const

// The schema has each class once: the code classes, then the status classes no code shares.
const coded: ReadonlySet<unknown> = new Set(codeFailures)

/**
 * Schema of `LevrageFailure`, to encode and decode Levrage failures (in a queue, a log, a test fixture).
 *
 * @since 0.1.0
 * @category schemas
 */
export const LevrageFailure = Schema.Union(
  ...codeFailures,
  ...statusFailures.filter((failure) => !coded.has(failure)),
  LevrageUnknownError
)

/**
 * Every failure a Levrage response can decode to.
 *
 * @since 0.1.0
 * @category models
 */
export type LevrageFailure = typeof LevrageFailure.Type

/**
 * What a catalogued failure is constructed from (`vendor` and `category` are filled in).
 *
 * @since 0.1.0
 * @category models
 */
export interface LevrageKnownProps {
  readonly status: number
  readonly message: string
  readonly requestId?: string
  readonly waitHint?: ValidationError["waitHint"]
  readonly timestamp?: string
  readonly code?: string
  readonly issues: ReadonlyArray<DetailIssue>
}

/**
 * The class of a catalogued failure (the dialect passes `Failure.checked`: the envelope schema has checked the data).
 *
 * @since 0.1.0
 * @category models
 */
export type KnownFailureClass = new (
  props: LevrageKnownProps,
  options?: typeof Failure.checked
) => Exclude<LevrageFailure, LevrageUnknownError>

/**
 * One documented error code ("Common Errors & Fixes"): what the docs say of it, and its failure class.
 *
 * @since 0.1.0
 * @category models
 */
export interface CodeCatalogEntry extends DocumentedCode {
  readonly failure: KnownFailureClass
}

/**
 * Every documented Levrage error code (the error-handling page, "Common Errors & Fixes"), in the docs' order:
 * each class's `documented.code`.
 *
 * @since 0.1.0
 * @category catalog
 */
export const codeCatalog: ReadonlyArray<CodeCatalogEntry> = codeFailures.map((failure) => ({
  ...failure.documented.code,
  failure
}))

/**
 * One documented HTTP status ("HTTP Status Codes" and "Retry Strategy"): what the docs say of it, and its failure
 * class.
 *
 * @since 0.1.0
 * @category models
 */
export interface StatusCatalogEntry extends DocumentedStatus {
  readonly failure: KnownFailureClass
}

/**
 * Every documented Levrage HTTP status (the error-handling page, "HTTP Status Codes" and "Retry Strategy"), in
 * the docs' order: each class's `documented.status`.
 *
 * @since 0.1.0
 * @category catalog
 */
export const statusCatalog: ReadonlyArray<StatusCatalogEntry> = statusFailures.map((failure) => ({
  ...failure.documented.status,
  failure
}))

/**
 * Whether a value is a Levrage failure.
 *
 * @since 0.1.0
 * @category guards
 */
export const isLevrageFailure: (u: unknown) => u is LevrageFailure = Schema.is(LevrageFailure)
