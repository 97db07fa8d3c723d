/**
 * The Nixflex error catalog: one failure class per documented error code, each with the code, its documented
 * HTTP status and error type, and a category decided by the code before the status (so `twilio_auth_failed`, a
 * 401 about Twilio credentials in the request body, is `invalid_request`, not `unauthorized`), plus
 * `NixflexUnknownError` for any code Nixflex did not document.
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

const codeField = <const Code extends string>(code: Code) =>
  Schema.Literal(code).pipe(
    Schema.propertySignature,
    Schema.withConstructorDefault((): Code => code)
  )

const NixflexError =
  <Self>() =>
  <const Tag extends string, const Code extends string, const C extends Category.Category>(
    tag: Tag,
    code: Code,
    category: C
  ) =>
    Schema.TaggedError<Self>(`@faultline/nixflex/${tag}`)(tag, {
      ...nixflexFields,
      code: codeField(code),
      category: Category.field(category)
    })

// Authentication

/**
 * `invalid_api_key` (401): the API key is wrong, missing or revoked.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidApiKey extends NixflexError<InvalidApiKey>()("InvalidApiKey", "invalid_api_key", "unauthorized") {}

/**
 * `key_secret_required` (401): the Authorization header lacks the `:key_secret` half.
 *
 * @since 0.1.0
 * @category errors
 */
export class KeySecretRequired extends NixflexError<KeySecretRequired>()(
  "KeySecretRequired",
  "key_secret_required",
  "unauthorized"
) {}

// Agents

/**
 * `agent_not_found` (404): the agent does not exist, or belongs to another account.
 *
 * @since 0.1.0
 * @category errors
 */
export class AgentNotFound extends NixflexError<AgentNotFound>()("AgentNotFound", "agent_not_found", "not_found") {}

/**
 * `agent_not_owned` (403): the agent belongs to another account or key.
 *
 * @since 0.1.0
 * @category errors
 */
export class AgentNotOwned extends NixflexError<AgentNotOwned>()("AgentNotOwned", "agent_not_owned", "forbidden") {}

/**
 * `prompt_too_long` (400): the system prompt is longer than 10,000 characters.
 *
 * @since 0.1.0
 * @category errors
 */
export class PromptTooLong extends NixflexError<PromptTooLong>()(
  "PromptTooLong",
  "prompt_too_long",
  "invalid_request"
) {}

/**
 * `invalid_voice_id` (400): the voice is not in the supported list.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidVoiceId extends NixflexError<InvalidVoiceId>()(
  "InvalidVoiceId",
  "invalid_voice_id",
  "invalid_request"
) {}

/**
 * `invalid_language` (400): the language code is not supported.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidLanguage extends NixflexError<InvalidLanguage>()(
  "InvalidLanguage",
  "invalid_language",
  "invalid_request"
) {}

/**
 * `invalid_request` as a code (400): a required field is missing or has a bad format.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidRequest extends NixflexError<InvalidRequest>()(
  "InvalidRequest",
  "invalid_request",
  "invalid_request"
) {}

// Phone numbers

/**
 * `missing_field` (400): one of the fields of a phone-number import is empty.
 *
 * @since 0.1.0
 * @category errors
 */
export class MissingField extends NixflexError<MissingField>()("MissingField", "missing_field", "invalid_request") {}

/**
 * `invalid_phone_format` (400): a number is not E.164 (`+447446466847`).
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidPhoneFormat extends NixflexError<InvalidPhoneFormat>()(
  "InvalidPhoneFormat",
  "invalid_phone_format",
  "invalid_request"
) {}

/**
 * `invalid_twilio_sid` (400): the Twilio account SID is not `AC` and 32 lowercase hex characters.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidTwilioSid extends NixflexError<InvalidTwilioSid>()(
  "InvalidTwilioSid",
  "invalid_twilio_sid",
  "invalid_request"
) {}

/**
 * `number_not_in_twilio` (404): the number does not exist in the Twilio account given.
 *
 * @since 0.1.0
 * @category errors
 */
export class NumberNotInTwilio extends NixflexError<NumberNotInTwilio>()(
  "NumberNotInTwilio",
  "number_not_in_twilio",
  "not_found"
) {}

/**
 * `twilio_invalid_credentials` (401): Twilio rejected the SID and token sent in the request. The category is
 * `invalid_request`: the request's Twilio credentials are wrong, not the Nixflex API key.
 *
 * @since 0.1.0
 * @category errors
 */
export class TwilioInvalidCredentials extends NixflexError<TwilioInvalidCredentials>()(
  "TwilioInvalidCredentials",
  "twilio_invalid_credentials",
  "invalid_request"
) {}

/**
 * `twilio_auth_failed` (401): Twilio answered error 20003 for the credentials sent in the request. The category
 * is `invalid_request`, as for `TwilioInvalidCredentials`.
 *
 * @since 0.1.0
 * @category errors
 */
export class TwilioAuthFailed extends NixflexError<TwilioAuthFailed>()(
  "TwilioAuthFailed",
  "twilio_auth_failed",
  "invalid_request"
) {}

/**
 * `number_already_imported` (409): the number is already attached to another agent.
 *
 * @since 0.1.0
 * @category errors
 */
export class NumberAlreadyImported extends NixflexError<NumberAlreadyImported>()(
  "NumberAlreadyImported",
  "number_already_imported",
  "conflict"
) {}

// Calls

/**
 * `agent_no_phone` (400): an outbound call for an agent with no phone number attached.
 *
 * @since 0.1.0
 * @category errors
 */
export class AgentNoPhone extends NixflexError<AgentNoPhone>()("AgentNoPhone", "agent_no_phone", "invalid_request") {}

/**
 * `from_number_not_owned` (403): the `from_number` is not imported to this account.
 *
 * @since 0.1.0
 * @category errors
 */
export class FromNumberNotOwned extends NixflexError<FromNumberNotOwned>()(
  "FromNumberNotOwned",
  "from_number_not_owned",
  "forbidden"
) {}

/**
 * `outbound_failed` (502): Twilio could not place the call; `details.twilio_error` says why.
 *
 * @since 0.1.0
 * @category errors
 */
export class OutboundFailed extends NixflexError<OutboundFailed>()("OutboundFailed", "outbound_failed", "upstream") {}

/**
 * `concurrent_call_limit` (429): too many calls in flight for the account.
 *
 * @since 0.1.0
 * @category errors
 */
export class ConcurrentCallLimit extends NixflexError<ConcurrentCallLimit>()(
  "ConcurrentCallLimit",
  "concurrent_call_limit",
  "rate_limited"
) {}

/**
 * `rate_limit_exceeded` (429): the per-key request limit was hit; `details.retry_after` says how many seconds to
 * wait (the failure's `waitHint`).
 *
 * @since 0.1.0
 * @category errors
 */
export class RateLimitExceeded extends NixflexError<RateLimitExceeded>()(
  "RateLimitExceeded",
  "rate_limit_exceeded",
  "rate_limited"
) {}

/**
 * `call_not_found` (404): the call does not exist or belongs to another account.
 *
 * @since 0.1.0
 * @category errors
 */
export class CallNotFound extends NixflexError<CallNotFound>()("CallNotFound", "call_not_found", "not_found") {}

// Batch campaigns

/**
 * `too_many_recipients`: a batch with more than 10,000 recipients.
 *
 * @since 0.1.0
 * @category errors
 */
export class TooManyRecipients extends NixflexError<TooManyRecipients>()(
  "TooManyRecipients",
  "too_many_recipients",
  "invalid_request"
) {}

/**
 * `invalid_schedule`: `schedule_type` "schedule" without a valid `scheduled_at`.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidSchedule extends NixflexError<InvalidSchedule>()(
  "InvalidSchedule",
  "invalid_schedule",
  "invalid_request"
) {}

/**
 * `campaign_not_found`: the campaign does not exist or is not yours.
 *
 * @since 0.1.0
 * @category errors
 */
export class CampaignNotFound extends NixflexError<CampaignNotFound>()(
  "CampaignNotFound",
  "campaign_not_found",
  "not_found"
) {}

/**
 * `campaign_already_completed` (400): launching a campaign that has finished. The category is `conflict`: the
 * request is valid, the campaign's state is not.
 *
 * @since 0.1.0
 * @category errors
 */
export class CampaignAlreadyCompleted extends NixflexError<CampaignAlreadyCompleted>()(
  "CampaignAlreadyCompleted",
  "campaign_already_completed",
  "conflict"
) {}

/**
 * `campaign_no_recipients`: the campaign's recipient list is empty.
 *
 * @since 0.1.0
 * @category errors
 */
export class CampaignNoRecipients extends NixflexError<CampaignNoRecipients>()(
  "CampaignNoRecipients",
  "campaign_no_recipients",
  "invalid_request"
) {}

// SMS

/**
 * `message_too_long`: an SMS body longer than 1,600 characters.
 *
 * @since 0.1.0
 * @category errors
 */
export class MessageTooLong extends NixflexError<MessageTooLong>()(
  "MessageTooLong",
  "message_too_long",
  "invalid_request"
) {}

/**
 * `sms_not_supported_in_region`: a US number without A2P 10DLC registration.
 *
 * @since 0.1.0
 * @category errors
 */
export class SmsNotSupportedInRegion extends NixflexError<SmsNotSupportedInRegion>()(
  "SmsNotSupportedInRegion",
  "sms_not_supported_in_region",
  "forbidden"
) {}

/**
 * `recipient_unsubscribed`: the recipient texted STOP earlier and cannot be messaged.
 *
 * @since 0.1.0
 * @category errors
 */
export class RecipientUnsubscribed extends NixflexError<RecipientUnsubscribed>()(
  "RecipientUnsubscribed",
  "recipient_unsubscribed",
  "forbidden"
) {}

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

/**
 * Every failure a Nixflex response can decode to.
 *
 * @since 0.1.0
 * @category models
 */
export type NixflexFailure =
  | InvalidApiKey
  | KeySecretRequired
  | AgentNotFound
  | AgentNotOwned
  | PromptTooLong
  | InvalidVoiceId
  | InvalidLanguage
  | InvalidRequest
  | MissingField
  | InvalidPhoneFormat
  | InvalidTwilioSid
  | NumberNotInTwilio
  | TwilioInvalidCredentials
  | TwilioAuthFailed
  | NumberAlreadyImported
  | AgentNoPhone
  | FromNumberNotOwned
  | OutboundFailed
  | ConcurrentCallLimit
  | RateLimitExceeded
  | CallNotFound
  | TooManyRecipients
  | InvalidSchedule
  | CampaignNotFound
  | CampaignAlreadyCompleted
  | CampaignNoRecipients
  | MessageTooLong
  | SmsNotSupportedInRegion
  | RecipientUnsubscribed
  | NixflexUnknownError

/**
 * One documented error code: its failure class, the HTTP status and error type the docs give (`undefined` where
 * the docs do not say), and the cause in the docs' words.
 *
 * @since 0.1.0
 * @category models
 */
export interface CatalogEntry {
  readonly code: string
  readonly failure: new (
    props: NixflexKnownProps,
    options?: typeof Failure.checked
  ) => Exclude<NixflexFailure, NixflexUnknownError>
  readonly status: number | undefined
  readonly type: string
  readonly cause: string
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

const entry = (
  code: string,
  failure: CatalogEntry["failure"],
  status: number | undefined,
  type: string,
  cause: string
): CatalogEntry => ({ code, failure, status, type, cause })

/**
 * Every documented Nixflex error code (vendors.md §3.3), in the docs' order.
 *
 * @since 0.1.0
 * @category catalog
 */
export const catalog: ReadonlyArray<CatalogEntry> = [
  entry("invalid_api_key", InvalidApiKey, 401, "authentication_error", "key wrong, missing or revoked"),
  entry("key_secret_required", KeySecretRequired, 401, "authentication_error", "header lacks the `:secret` half"),
  entry("agent_not_found", AgentNotFound, 404, "not_found", "agent does not exist or belongs to another account"),
  entry("agent_not_owned", AgentNotOwned, 403, "permission_error", "agent belongs to another account or key"),
  entry("prompt_too_long", PromptTooLong, 400, "invalid_request", "system prompt longer than 10,000 chars"),
  entry("invalid_voice_id", InvalidVoiceId, 400, "invalid_request", "voice not in the supported list"),
  entry("invalid_language", InvalidLanguage, 400, "invalid_request", "unsupported language code"),
  entry("invalid_request", InvalidRequest, 400, "invalid_request", "required field missing or bad format"),
  entry("missing_field", MissingField, 400, "invalid_request", "one of the 4 import fields is empty"),
  entry("invalid_phone_format", InvalidPhoneFormat, 400, "invalid_request", "number not in E.164"),
  entry("invalid_twilio_sid", InvalidTwilioSid, 400, "invalid_request", "SID fails `^AC[a-f0-9]{32}$`"),
  entry("number_not_in_twilio", NumberNotInTwilio, 404, "not_found", "number not in the given Twilio account"),
  entry(
    "twilio_invalid_credentials",
    TwilioInvalidCredentials,
    401,
    "authentication_error",
    "Twilio rejects the SID + token pair"
  ),
  entry("twilio_auth_failed", TwilioAuthFailed, 401, "authentication_error", "Twilio error 20003"),
  entry("number_already_imported", NumberAlreadyImported, 409, "conflict", "number already attached to another agent"),
  entry("agent_no_phone", AgentNoPhone, 400, "invalid_request", "agent has no phone number"),
  entry("from_number_not_owned", FromNumberNotOwned, 403, "permission_error", "from_number is not in your account"),
  entry(
    "outbound_failed",
    OutboundFailed,
    502,
    "provider_error",
    "Twilio rejected the dial; see `details.twilio_error`"
  ),
  entry("concurrent_call_limit", ConcurrentCallLimit, 429, "rate_limit_error", "too many calls in flight"),
  entry("rate_limit_exceeded", RateLimitExceeded, 429, "rate_limit_error", "per-key request limit hit"),
  entry("call_not_found", CallNotFound, 404, "not_found", "call does not exist or belongs to another account"),
  entry(
    "too_many_recipients",
    TooManyRecipients,
    undefined,
    "invalid_request",
    "batch with more than 10,000 recipients"
  ),
  entry("invalid_schedule", InvalidSchedule, undefined, "invalid_request", "`schedule` without a valid `scheduled_at`"),
  entry("campaign_not_found", CampaignNotFound, undefined, "not_found", "campaign missing or not yours"),
  entry(
    "campaign_already_completed",
    CampaignAlreadyCompleted,
    400,
    "invalid_request",
    "launching a finished campaign"
  ),
  entry("campaign_no_recipients", CampaignNoRecipients, undefined, "invalid_request", "recipient list is empty"),
  entry("message_too_long", MessageTooLong, undefined, "invalid_request", "SMS body longer than 1600 chars"),
  entry(
    "sms_not_supported_in_region",
    SmsNotSupportedInRegion,
    undefined,
    "invalid_request",
    "US number without A2P 10DLC"
  ),
  entry(
    "recipient_unsubscribed",
    RecipientUnsubscribed,
    undefined,
    "invalid_request",
    "recipient previously texted STOP"
  )
]

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
 * Schema of `NixflexFailure`, to encode and decode Nixflex failures (in a queue, a log, a test fixture).
 *
 * @since 0.1.0
 * @category schemas
 */
export const NixflexFailure = Schema.Union(
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
  RecipientUnsubscribed,
  NixflexUnknownError
)

/**
 * Whether a value is a Nixflex failure.
 *
 * @since 0.1.0
 * @category guards
 */
export const isNixflexFailure: (u: unknown) => u is NixflexFailure = Schema.is(NixflexFailure)
