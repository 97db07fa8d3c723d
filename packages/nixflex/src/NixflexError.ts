/**
 * The Nixflex error catalog: one failure class per documented error code, each with the code, its documented
 * HTTP status and error type, and a category decided by the code before the status (so `twilio_auth_failed`, a
 * 401 about Twilio credentials in the request body, is `invalid_request`, not `unauthorized`), plus
 * `NixflexUnknownError` for any code Nixflex did not document.
 *
 * Each class carries what the docs say of its code (`InvalidApiKey.documented`); the schema, the type and the
 * catalog are derived from the one list of classes below them.
 *
 * @since 0.1.0
 */
import { Category, Failure } from "@faultline/core"
import * as Schema from "effect/Schema"

const vendor = "nixflex"

/**
 * The fields every Nixflex failure has, besides the shared vendor fields: the error `type` (broad category) and
 * the optional `doc_url` and `details` of the envelope.
 *
 * @since 0.1.0
 * @category fields
 */
export const nixflexFields = {
  vendor: Failure.vendorField(vendor),
  ...Failure.vendorFields,
  /** The envelope's `type` ("invalid_request", "rate_limit_error", …) as the response gave it. */
  type: Schema.String,
  /** The envelope's `doc_url`, when given. */
  docUrl: Schema.optional(Schema.String),
  /** The envelope's `details` (the failing field, `retry_after`, `twilio_error`, …), redacted. */
  details: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.Unknown }))
}

/**
 * What the docs (vendors.md §3.3) say of one error code: the code, the HTTP status and error type they give
 * (`undefined` where they do not give the status), and the cause in their words. Every known-code class has it
 * as its static `documented`.
 *
 * @since 0.1.0
 * @category models
 */
export interface DocumentedCode {
  readonly code: string
  readonly status: number | undefined
  readonly type: string
  readonly cause: string
}

const codeField = <const Code extends string>(code: Code) =>
  Schema.Literal(code).pipe(
    Schema.propertySignature,
    Schema.withConstructorDefault((): Code => code)
  )

// A known-code class: its `code` and `category` are constructor defaults, and what the docs say of the code is
// the static `documented`, which the catalog reads.
const NixflexError =
  <Self>() =>
  <const Tag extends string, const C extends Category.Category, const Code extends string>(
    tag: Tag,
    category: C,
    documented: DocumentedCode & { readonly code: Code }
  ) =>
    Object.assign(
      Schema.TaggedError<Self>(`@faultline/nixflex/${tag}`)(tag, {
        ...nixflexFields,
        code: codeField(documented.code),
        category: Category.field(category)
      }),
      { documented } as const
    )

// Authentication

/**
 * `invalid_api_key` (401): the API key is wrong, missing or revoked.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidApiKey extends NixflexError<InvalidApiKey>()("InvalidApiKey", "unauthorized", {
  code: "invalid_api_key",
  status: 401,
  type: "authentication_error",
  cause: "key wrong, missing or revoked"
}) {}

/**
 * `key_secret_required` (401): the Authorization header lacks the `:key_secret` half.
 *
 * @since 0.1.0
 * @category errors
 */
export class KeySecretRequired extends NixflexError<KeySecretRequired>()("KeySecretRequired", "unauthorized", {
  code: "key_secret_required",
  status: 401,
  type: "authentication_error",
  cause: "header lacks the `:secret` half"
}) {}

// Agents

/**
 * `agent_not_found` (404): the agent does not exist, or belongs to another account.
 *
 * @since 0.1.0
 * @category errors
 */
export class AgentNotFound extends NixflexError<AgentNotFound>()("AgentNotFound", "not_found", {
  code: "agent_not_found",
  status: 404,
  type: "not_found",
  cause: "agent does not exist or belongs to another account"
}) {}

/**
 * `agent_not_owned` (403): the agent belongs to another account or key.
 *
 * @since 0.1.0
 * @category errors
 */
export class AgentNotOwned extends NixflexError<AgentNotOwned>()("AgentNotOwned", "forbidden", {
  code: "agent_not_owned",
  status: 403,
  type: "permission_error",
  cause: "agent belongs to another account or key"
}) {}

/**
 * `prompt_too_long` (400): the system prompt is longer than 10,000 characters.
 *
 * @since 0.1.0
 * @category errors
 */
export class PromptTooLong extends NixflexError<PromptTooLong>()("PromptTooLong", "invalid_request", {
  code: "prompt_too_long",
  status: 400,
  type: "invalid_request",
  cause: "system prompt longer than 10,000 chars"
}) {}

/**
 * `invalid_voice_id` (400): the voice is not in the supported list.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidVoiceId extends NixflexError<InvalidVoiceId>()("InvalidVoiceId", "invalid_request", {
  code: "invalid_voice_id",
  status: 400,
  type: "invalid_request",
  cause: "voice not in the supported list"
}) {}

/**
 * `invalid_language` (400): the language code is not supported.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidLanguage extends NixflexError<InvalidLanguage>()("InvalidLanguage", "invalid_request", {
  code: "invalid_language",
  status: 400,
  type: "invalid_request",
  cause: "unsupported language code"
}) {}

/**
 * `invalid_request` as a code (400): a required field is missing or has a bad format.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidRequest extends NixflexError<InvalidRequest>()("InvalidRequest", "invalid_request", {
  code: "invalid_request",
  status: 400,
  type: "invalid_request",
  cause: "required field missing or bad format"
}) {}

// Phone numbers

/**
 * `missing_field` (400): one of the fields of a phone-number import is empty.
 *
 * @since 0.1.0
 * @category errors
 */
export class MissingField extends NixflexError<MissingField>()("MissingField", "invalid_request", {
  code: "missing_field",
  status: 400,
  type: "invalid_request",
  cause: "one of the 4 import fields is empty"
}) {}

/**
 * `invalid_phone_format` (400): a number is not E.164 (`+447446466847`).
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidPhoneFormat extends NixflexError<InvalidPhoneFormat>()("InvalidPhoneFormat", "invalid_request", {
  code: "invalid_phone_format",
  status: 400,
  type: "invalid_request",
  cause: "number not in E.164"
}) {}

/**
 * `invalid_twilio_sid` (400): the Twilio account SID is not `AC` and 32 lowercase hex characters.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidTwilioSid extends NixflexError<InvalidTwilioSid>()("InvalidTwilioSid", "invalid_request", {
  code: "invalid_twilio_sid",
  status: 400,
  type: "invalid_request",
  cause: "SID fails `^AC[a-f0-9]{32}$`"
}) {}

/**
 * `number_not_in_twilio` (404): the number does not exist in the Twilio account given.
 *
 * @since 0.1.0
 * @category errors
 */
export class NumberNotInTwilio extends NixflexError<NumberNotInTwilio>()("NumberNotInTwilio", "not_found", {
  code: "number_not_in_twilio",
  status: 404,
  type: "not_found",
  cause: "number not in the given Twilio account"
}) {}

/**
 * `twilio_invalid_credentials` (401): Twilio rejected the SID and token sent in the request. The category is
 * `invalid_request`: the request's Twilio credentials are wrong, not the Nixflex API key.
 *
 * @since 0.1.0
 * @category errors
 */
export class TwilioInvalidCredentials extends NixflexError<TwilioInvalidCredentials>()(
  "TwilioInvalidCredentials",
  "invalid_request",
  {
    code: "twilio_invalid_credentials",
    status: 401,
    type: "authentication_error",
    cause: "Twilio rejects the SID + token pair"
  }
) {}

/**
 * `twilio_auth_failed` (401): Twilio answered error 20003 for the credentials sent in the request. The category
 * is `invalid_request`, as for `TwilioInvalidCredentials`.
 *
 * @since 0.1.0
 * @category errors
 */
export class TwilioAuthFailed extends NixflexError<TwilioAuthFailed>()("TwilioAuthFailed", "invalid_request", {
  code: "twilio_auth_failed",
  status: 401,
  type: "authentication_error",
  cause: "Twilio error 20003"
}) {}

/**
 * `number_already_imported` (409): the number is already attached to another agent.
 *
 * @since 0.1.0
 * @category errors
 */
export class NumberAlreadyImported extends NixflexError<NumberAlreadyImported>()("NumberAlreadyImported", "conflict", {
  code: "number_already_imported",
  status: 409,
  type: "conflict",
  cause: "number already attached to another agent"
}) {}

// Calls

/**
 * `agent_no_phone` (400): an outbound call for an agent with no phone number attached.
 *
 * @since 0.1.0
 * @category errors
 */
export class AgentNoPhone extends NixflexError<AgentNoPhone>()("AgentNoPhone", "invalid_request", {
  code: "agent_no_phone",
  status: 400,
  type: "invalid_request",
  cause: "agent has no phone number"
}) {}

/**
 * `from_number_not_owned` (403): the `from_number` is not imported to this account.
 *
 * @since 0.1.0
 * @category errors
 */
export class FromNumberNotOwned extends NixflexError<FromNumberNotOwned>()("FromNumberNotOwned", "forbidden", {
  code: "from_number_not_owned",
  status: 403,
  type: "permission_error",
  cause: "from_number is not in your account"
}) {}

/**
 * `outbound_failed` (502): Twilio could not place the call; `details.twilio_error` says why.
 *
 * @since 0.1.0
 * @category errors
 */
export class OutboundFailed extends NixflexError<OutboundFailed>()("OutboundFailed", "upstream", {
  code: "outbound_failed",
  status: 502,
  type: "provider_error",
  cause: "Twilio rejected the dial; see `details.twilio_error`"
}) {}

/**
 * `concurrent_call_limit` (429): too many calls in flight for the account.
 *
 * @since 0.1.0
 * @category errors
 */
export class ConcurrentCallLimit extends NixflexError<ConcurrentCallLimit>()("ConcurrentCallLimit", "rate_limited", {
  code: "concurrent_call_limit",
  status: 429,
  type: "rate_limit_error",
  cause: "too many calls in flight"
}) {}

/**
 * `rate_limit_exceeded` (429): the per-key request limit was hit; `details.retry_after` says how many seconds to
 * wait (the failure's `waitHint`).
 *
 * @since 0.1.0
 * @category errors
 */
export class RateLimitExceeded extends NixflexError<RateLimitExceeded>()("RateLimitExceeded", "rate_limited", {
  code: "rate_limit_exceeded",
  status: 429,
  type: "rate_limit_error",
  cause: "per-key request limit hit"
}) {}

/**
 * `call_not_found` (404): the call does not exist or belongs to another account.
 *
 * @since 0.1.0
 * @category errors
 */
export class CallNotFound extends NixflexError<CallNotFound>()("CallNotFound", "not_found", {
  code: "call_not_found",
  status: 404,
  type: "not_found",
  cause: "call does not exist or belongs to another account"
}) {}

// Batch campaigns

/**
 * `too_many_recipients`: a batch with more than 10,000 recipients.
 *
 * @since 0.1.0
 * @category errors
 */
export class TooManyRecipients extends NixflexError<TooManyRecipients>()("TooManyRecipients", "invalid_request", {
  code: "too_many_recipients",
  status: undefined,
  type: "invalid_request",
  cause: "batch with more than 10,000 recipients"
}) {}

/**
 * `invalid_schedule`: `schedule_type` "schedule" without a valid `scheduled_at`.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidSchedule extends NixflexError<InvalidSchedule>()("InvalidSchedule", "invalid_request", {
  code: "invalid_schedule",
  status: undefined,
  type: "invalid_request",
  cause: "`schedule` without a valid `scheduled_at`"
}) {}

/**
 * `campaign_not_found`: the campaign does not exist or is not yours.
 *
 * @since 0.1.0
 * @category errors
 */
export class CampaignNotFound extends NixflexError<CampaignNotFound>()("CampaignNotFound", "not_found", {
  code: "campaign_not_found",
  status: undefined,
  type: "not_found",
  cause: "campaign missing or not yours"
}) {}

/**
 * `campaign_already_completed` (400): launching a campaign that has finished. The category is `conflict`: the
 * request is valid, the campaign's state is not.
 *
 * @since 0.1.0
 * @category errors
 */
export class CampaignAlreadyCompleted extends NixflexError<CampaignAlreadyCompleted>()(
  "CampaignAlreadyCompleted",
  "conflict",
  {
    code: "campaign_already_completed",
    status: 400,
    type: "invalid_request",
    cause: "launching a finished campaign"
  }
) {}

/**
 * `campaign_no_recipients`: the campaign's recipient list is empty.
 *
 * @since 0.1.0
 * @category errors
 */
export class CampaignNoRecipients extends NixflexError<CampaignNoRecipients>()(
  "CampaignNoRecipients",
  "invalid_request",
  {
    code: "campaign_no_recipients",
    status: undefined,
    type: "invalid_request",
    cause: "recipient list is empty"
  }
) {}

// SMS

/**
 * `message_too_long`: an SMS body longer than 1,600 characters.
 *
 * @since 0.1.0
 * @category errors
 */
export class MessageTooLong extends NixflexError<MessageTooLong>()("MessageTooLong", "invalid_request", {
  code: "message_too_long",
  status: undefined,
  type: "invalid_request",
  cause: "SMS body longer than 1600 chars"
}) {}

/**
 * `sms_not_supported_in_region`: a US number without A2P 10DLC registration.
 *
 * @since 0.1.0
 * @category errors
 */
export class SmsNotSupportedInRegion extends NixflexError<SmsNotSupportedInRegion>()(
  "SmsNotSupportedInRegion",
  "forbidden",
  {
    code: "sms_not_supported_in_region",
    status: undefined,
    type: "invalid_request",
    cause: "US number without A2P 10DLC"
  }
) {}

/**
 * `recipient_unsubscribed`: the recipient texted STOP earlier and cannot be messaged.
 *
 * @since 0.1.0
 * @category errors
 */
export class RecipientUnsubscribed extends NixflexError<RecipientUnsubscribed>()("RecipientUnsubscribed", "forbidden", {
  code: "recipient_unsubscribed",
  status: undefined,
  type: "invalid_request",
  cause: "recipient previously texted STOP"
}) {}

/**
 * A Nixflex error whose code is not in the catalog. The raw `code` (when the body had one), the `type`, and a
 * bounded, redacted `body` are kept; the category comes from the `type` when Nixflex documents it, else from the
 * status.
 *
 * @since 0.1.0
 * @category errors
 */
export class NixflexUnknownError extends Schema.TaggedError<NixflexUnknownError>(
  "@faultline/nixflex/NixflexUnknownError"
)("NixflexUnknownError", {
  ...Failure.unknownFields,
  vendor: Failure.vendorField(vendor),
  type: Schema.optional(Schema.String),
  docUrl: Schema.optional(Schema.String),
  details: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.Unknown }))
}) {}

// The one list of the known-code classes, in the docs' order: the schema, the type and the catalog come from it.
const knownFailures = [
  InvalidApiKey,
  KeySecretRequired,
  AgentNotFound,
  AgentNotOwned,
  PromptTooLong,
  InvalidVoiceId,
  InvalidLanguage,
  InvalidRequest,
  MissingField,
  InvalidPhoneFormat,
  InvalidTwilioSid,
  NumberNotInTwilio,
  TwilioInvalidCredentials,
  TwilioAuthFailed,
  NumberAlreadyImported,
  AgentNoPhone,
  FromNumberNotOwned,
  OutboundFailed,
  ConcurrentCallLimit,
  RateLimitExceeded,
  CallNotFound,
  TooManyRecipients,
  InvalidSchedule,
  CampaignNotFound,
  CampaignAlreadyCompleted,
  CampaignNoRecipients,
  MessageTooLong,
  SmsNotSupportedInRegion,
  RecipientUnsubscribed
] as const

/**
 * Schema of `NixflexFailure`, to encode and decode Nixflex failures (in a queue, a log, a test fixture).
 *
 * @since 0.1.0
 * @category schemas
 */
export const NixflexFailure = Schema.Union(...knownFailures, NixflexUnknownError)

/**
 * Every failure a Nixflex response can decode to.
 *
 * @since 0.1.0
 * @category models
 */
export type NixflexFailure = typeof NixflexFailure.Type

/**
 * One documented error code: its failure class, the HTTP status and error type the docs give (`undefined` where
 * the docs do not say), and the cause in the docs' words.
 *
 * @since 0.1.0
 * @category models
 */
export interface CatalogEntry extends DocumentedCode {
  readonly failure: new (
    props: NixflexKnownProps,
    options?: typeof Failure.checked
  ) => Exclude<NixflexFailure, NixflexUnknownError>
}

/**
 * What a known-code failure is constructed from (`vendor`, `code` and `category` are filled in).
 *
 * @since 0.1.0
 * @category models
 */
export interface NixflexKnownProps {
  readonly status: number
  readonly message: string
  readonly type: string
  readonly requestId?: string
  readonly waitHint?: InvalidApiKey["waitHint"]
  readonly docUrl?: string
  readonly details?: { readonly [key: string]: unknown }
}

/**
 * Every documented Nixflex error code (vendors.md §3.3), in the docs' order: each class's `documented`.
 *
 * @since 0.1.0
 * @category catalog
 */
export const catalog: ReadonlyArray<CatalogEntry> = knownFailures.map((failure) => ({ ...failure.documented, failure }))

/**
 * The category of each documented error `type`.
 *
 * @since 0.1.0
 * @category catalog
 */
export const typeCategories: Readonly<Record<string, Category.Category>> = {
  authentication_error: "unauthorized",
  permission_error: "forbidden",
  invalid_request: "invalid_request",
  not_found: "not_found",
  conflict: "conflict",
  rate_limit_error: "rate_limited",
  provider_error: "upstream",
  server_error: "server"
}

/**
 * The category a documented error `type` implies, or `undefined` for any other string.
 *
 * @since 0.1.0
 * @category catalog
 */
export const categoryOfType = (type: string): Category.Category | undefined =>
  Object.hasOwn(typeCategories, type) ? typeCategories[type] : undefined

/**
 * Whether a value is a Nixflex failure.
 *
 * @since 0.1.0
 * @category guards
 */
export const isNixflexFailure: (u: unknown) => u is NixflexFailure = Schema.is(NixflexFailure)
