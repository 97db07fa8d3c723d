/**
 * The shapes of Nixflex's requests and answers, as Schemas: the formats the docs give (ids, E.164 numbers, Twilio
 * account SIDs, lengths and ranges) checked before anything is sent, and the answers decoded leniently (fields the
 * docs show, most of them optional, since the docs show few full bodies). Where the docs show two versions of an
 * endpoint, requests take the newer shape and answers accept both (see `NixflexEndpoints`).
 *
 * @since 0.1.0
 */
import { Input } from "@faultline/core"
import * as Schema from "effect/Schema"

// -----------------------------------------------------------------------------
// formats
// -----------------------------------------------------------------------------

/**
 * An agent id: `agent_` and 16 hex characters (`agent_125207e452f8714a`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const AgentId = Schema.String.pipe(
  Schema.pattern(/^agent_[0-9a-f]{16}$/, { message: () => "must be an agent id: agent_ and 16 hex characters" }),
  Input.rule("agent id"),
  Schema.brand("@faultline/nixflex/AgentId")
)

/**
 * An agent id the `AgentId` schema has checked.
 *
 * @since 0.1.0
 * @category models
 */
export type AgentId = typeof AgentId.Type

/**
 * A call id: `CA` and hex characters, as Twilio's call SIDs are (`CA1234567890`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const CallId = Schema.String.pipe(
  Schema.pattern(/^CA[0-9a-fA-F]+$/, { message: () => "must be a call id: CA and hex characters" }),
  Input.rule("call id"),
  Schema.brand("@faultline/nixflex/CallId")
)

/**
 * A call id the `CallId` schema has checked.
 *
 * @since 0.1.0
 * @category models
 */
export type CallId = typeof CallId.Type

/**
 * A batch call campaign id: `camp_` and more.
 *
 * @since 0.1.0
 * @category schemas
 */
export const CampaignId = Schema.String.pipe(
  Schema.pattern(/^camp_\w+$/, { message: () => "must be a batch campaign id: camp_…" }),
  Input.rule("campaign id"),
  Schema.brand("@faultline/nixflex/CampaignId")
)

/**
 * A batch campaign id the `CampaignId` schema has checked.
 *
 * @since 0.1.0
 * @category models
 */
export type CampaignId = typeof CampaignId.Type

/**
 * An SMS campaign id: `smsc_` and more.
 *
 * @since 0.1.0
 * @category schemas
 */
export const SmsCampaignId = Schema.String.pipe(
  Schema.pattern(/^smsc_\w+$/, { message: () => "must be an SMS campaign id: smsc_…" }),
  Input.rule("SMS campaign id"),
  Schema.brand("@faultline/nixflex/SmsCampaignId")
)

/**
 * An SMS campaign id the `SmsCampaignId` schema has checked.
 *
 * @since 0.1.0
 * @category models
 */
export type SmsCampaignId = typeof SmsCampaignId.Type

/**
 * A Twilio account SID: `AC` and 32 lowercase hex characters (as Nixflex checks it, `^AC[a-f0-9]{32}$`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const TwilioAccountSid = Schema.String.pipe(
  Schema.pattern(/^AC[a-f0-9]{32}$/, {
    message: () => "must be a Twilio account SID: AC and 32 lowercase hex characters"
  }),
  Input.rule("Twilio account SID"),
  Schema.brand("@faultline/nixflex/TwilioAccountSid")
)

/**
 * A Twilio account SID the `TwilioAccountSid` schema has checked.
 *
 * @since 0.1.0
 * @category models
 */
export type TwilioAccountSid = typeof TwilioAccountSid.Type

const within = (min: number, max: number) =>
  Schema.Number.pipe(
    Schema.between(min, max, { message: () => `must be between ${min} and ${max}` }),
    Input.rule(`between ${min} and ${max}`)
  )

const integerWithin = (min: number, max: number) =>
  Schema.Int.pipe(
    Schema.between(min, max, { message: () => `must be a whole number between ${min} and ${max}` }),
    Input.rule(`whole number between ${min} and ${max}`)
  )

// A secret sent in a request: never shown back in a message, whatever is wrong with it.
const secretText = Schema.String.pipe(
  Schema.filter((text) => text.length > 0, { message: () => "must be given" }),
  Input.rule("not empty"),
  Schema.annotations({ message: () => "must be a non-empty string" })
)

const variables = Schema.Record({ key: Schema.String, value: Schema.String })
const optionalText = Schema.optional(Schema.NullOr(Schema.String))
const optionalNumber = Schema.optional(Schema.NullOr(Schema.Number))
const optionalBoolean = Schema.optional(Schema.NullOr(Schema.Boolean))

// -----------------------------------------------------------------------------
// calls
// -----------------------------------------------------------------------------

/**
 * Placing an outbound call (the newer version of the page): `prompt` is the call's purpose (required, never
 * stored); `from_number` defaults to the agent's first outbound-enabled number.
 *
 * @since 0.1.0
 * @category requests
 */
export const CreateOutboundCall = Schema.Struct({
  agent_id: AgentId,
  to_number: Input.E164,
  prompt: Input.text(10_000),
  from_number: Schema.optional(Input.E164),
  dynamic_vars: Schema.optional(variables),
  campaign_id: Schema.optional(CampaignId)
})

/**
 * A call Nixflex accepted: it dials within about 5 seconds and reports the result by webhook.
 *
 * @since 0.1.0
 * @category responses
 */
export class OutboundCall extends Schema.Class<OutboundCall>("@faultline/nixflex/OutboundCall")({
  call_id: Schema.String,
  status: optionalText,
  agent_id: optionalText,
  to_number: optionalText,
  from_number: optionalText,
  campaign_id: optionalText,
  created_at: optionalText
}) {}

const callFields = {
  call_id: Schema.String,
  agent_id: optionalText,
  direction: optionalText,
  from_number: optionalText,
  to_number: optionalText,
  started_at: optionalText,
  ended_at: optionalText,
  duration_seconds: optionalNumber,
  ended_reason: optionalText,
  call_summary: optionalText,
  caller_sentiment: optionalText,
  call_successful: optionalBoolean,
  recording_url: optionalText
}

/**
 * A call as the list shows it (no transcript).
 *
 * @since 0.1.0
 * @category responses
 */
export class CallSummary extends Schema.Class<CallSummary>("@faultline/nixflex/CallSummary")(callFields) {}

/**
 * One turn of a call's transcript.
 *
 * @since 0.1.0
 * @category responses
 */
export class TranscriptTurn extends Schema.Class<TranscriptTurn>("@faultline/nixflex/TranscriptTurn")({
  role: Schema.String,
  text: Schema.String,
  timestamp_ms: optionalNumber
}) {}

/**
 * A call with everything the get page shows: transcript, extracted data, metadata, cost.
 *
 * @since 0.1.0
 * @category responses
 */
export class Call extends Schema.Class<Call>("@faultline/nixflex/Call")({
  ...callFields,
  voicemail_detected: optionalBoolean,
  transcript: Schema.optional(Schema.NullOr(Schema.Array(TranscriptTurn))),
  extracted_data: Schema.optional(Schema.Unknown),
  metadata: Schema.optional(Schema.Unknown),
  cost_usd: optionalNumber
}) {}

/**
 * The filters of the call list (the page size and offset are the stream's).
 *
 * @since 0.1.0
 * @category requests
 */
export const ListCalls = Schema.Struct({
  agent_id: Schema.optional(AgentId),
  direction: Schema.optional(Schema.Literal("inbound", "outbound")),
  since: Schema.optional(Schema.String),
  until: Schema.optional(Schema.String),
  caller_sentiment: Schema.optional(Schema.Literal("happy", "neutral", "frustrated")),
  call_successful: Schema.optional(Schema.Literal("true", "false")),
  voicemail_detected: Schema.optional(Schema.Literal("true", "false"))
})

/**
 * A page of the call list: newest first, `count` calls in all.
 *
 * @since 0.1.0
 * @category responses
 */
export class CallPage extends Schema.Class<CallPage>("@faultline/nixflex/CallPage")({
  calls: Schema.Array(CallSummary),
  count: Schema.Number,
  limit: optionalNumber,
  offset: optionalNumber
}) {}

/**
 * A call to get.
 *
 * @since 0.1.0
 * @category requests
 */
export const GetCall = Schema.Struct({ call_id: CallId })

// -----------------------------------------------------------------------------
// batch call campaigns
// -----------------------------------------------------------------------------

/**
 * One recipient of a batch campaign (the newer version: `phone`, `variables`, `prompt_override`).
 *
 * @since 0.1.0
 * @category requests
 */
export const BatchRecipient = Schema.Struct({
  phone: Input.E164,
  variables: Schema.optional(variables),
  prompt_override: Schema.optional(Input.maxLength(10_000))
})

/**
 * Creating a batch call campaign (the newer version of the page): `prompt` is required, at most 10,000 recipients;
 * `skip_invalid` keeps one bad number from rejecting the whole request.
 *
 * @since 0.1.0
 * @category requests
 */
export const CreateBatchCampaign = Schema.Struct({
  agent_id: AgentId,
  prompt: Input.text(10_000),
  recipients: Input.maxItems(BatchRecipient, 10_000),
  name: Schema.optional(Input.maxLength(100)),
  from_number: Schema.optional(Input.E164),
  skip_invalid: Schema.optional(Schema.Boolean),
  schedule_type: Schema.optional(Schema.Literal("now", "schedule")),
  scheduled_date: Schema.optional(Schema.String),
  timezone: Schema.optional(Schema.String),
  window_start_minutes: Schema.optional(integerWithin(0, 1440)),
  window_end_minutes: Schema.optional(integerWithin(0, 1440)),
  window_days: Schema.optional(Schema.Array(Schema.String)),
  max_concurrent: Schema.optional(integerWithin(1, 10_000)),
  metadata: Schema.optional(Schema.Unknown)
})

/**
 * A batch campaign Nixflex created.
 *
 * @since 0.1.0
 * @category responses
 */
export class BatchCampaign extends Schema.Class<BatchCampaign>("@faultline/nixflex/BatchCampaign")({
  campaign_id: Schema.String,
  agent_id: optionalText,
  name: optionalText,
  status: optionalText,
  recipients_count: optionalNumber,
  created_at: optionalText
}) {}

/**
 * A batch campaign to launch.
 *
 * @since 0.1.0
 * @category requests
 */
export const LaunchBatchCampaign = Schema.Struct({ campaign_id: CampaignId })

/**
 * A launched batch campaign: running, with the calls queued.
 *
 * @since 0.1.0
 * @category responses
 */
export class LaunchedCampaign extends Schema.Class<LaunchedCampaign>("@faultline/nixflex/LaunchedCampaign")({
  campaign_id: Schema.String,
  status: optionalText,
  recipients_count: optionalNumber,
  queued_count: optionalNumber
}) {}

// -----------------------------------------------------------------------------
// agents, numbers, SMS, keys
// -----------------------------------------------------------------------------

/**
 * Creating an agent (the newer version of the page: every field optional; `system_prompt` at most 10,000).
 *
 * @since 0.1.0
 * @category requests
 */
export const CreateAgent = Schema.Struct({
  name: Schema.optional(Input.maxLength(100)),
  system_prompt: Schema.optional(Input.maxLength(10_000)),
  voice_id: Schema.optional(Schema.String),
  language: Schema.optional(Schema.String),
  temperature: Schema.optional(within(0, 1)),
  response_length: Schema.optional(Schema.String),
  interruption_sensitivity: Schema.optional(integerWithin(0, 100)),
  pickup_delay: Schema.optional(integerWithin(5, 30)),
  max_call_duration_seconds: Schema.optional(integerWithin(60, 1800)),
  silence_hangup_seconds: Schema.optional(integerWithin(1, 3600)),
  is_active: Schema.optional(Schema.Boolean),
  webhook_url: Schema.optional(Schema.String)
})

/**
 * An agent, as create and get answer (`agent_id` and whatever else the answer holds).
 *
 * @since 0.1.0
 * @category responses
 */
export class Agent extends Schema.Class<Agent>("@faultline/nixflex/Agent")({
  agent_id: Schema.String,
  api_key_id: optionalText,
  name: optionalText,
  system_prompt: optionalText,
  voice_id: optionalText,
  language: optionalText,
  is_active: optionalBoolean
}) {}

/**
 * An agent to get.
 *
 * @since 0.1.0
 * @category requests
 */
export const GetAgent = Schema.Struct({ agent_id: AgentId })

/**
 * Importing a Twilio number to an agent: all four fields are required. The token is a secret: a message about it
 * never shows it.
 *
 * @since 0.1.0
 * @category requests
 */
export const ImportPhoneNumber = Schema.Struct({
  phone_number: Input.E164,
  twilio_sid: TwilioAccountSid,
  twilio_token: secretText,
  agent_id: AgentId
})

/**
 * A number imported to an agent.
 *
 * @since 0.1.0
 * @category responses
 */
export class ImportedNumber extends Schema.Class<ImportedNumber>("@faultline/nixflex/ImportedNumber")({
  phone_number: Schema.Struct({
    phone_number: Schema.String,
    agent_id: optionalText,
    twilio_number_sid: optionalText,
    inbound_enabled: optionalBoolean,
    outbound_enabled: optionalBoolean
  })
}) {}

/**
 * Sending one SMS (the newer version of the page: `to` and `message`, at most 1,600 characters).
 *
 * @since 0.1.0
 * @category requests
 */
export const SendSms = Schema.Struct({
  agent_id: AgentId,
  to: Input.E164,
  from_number: Input.E164,
  message: Input.text(1600)
})

/**
 * An SMS Nixflex took: the newer answer `{status, to, from}` or the older `{message_id, status, to_number,
 * from_number, created_at}`, both read into these fields.
 *
 * @since 0.1.0
 * @category responses
 */
export class SmsSent extends Schema.Class<SmsSent>("@faultline/nixflex/SmsSent")({
  status: Schema.String,
  to: optionalText,
  from: optionalText,
  message_id: optionalText,
  to_number: optionalText,
  from_number: optionalText,
  created_at: optionalText
}) {}

/**
 * One recipient of an SMS campaign (newer version: `phone` and the template's `variables`).
 *
 * @since 0.1.0
 * @category requests
 */
export const SmsRecipient = Schema.Struct({ phone: Input.E164, variables: Schema.optional(variables) })

/**
 * Creating an SMS campaign (the newer version of the page: a `message_template` with `{{var}}` placeholders), sent
 * now or at `scheduled_at` (ISO 8601) with `schedule_type: "schedule"`, as the older version documents; only a
 * scheduled campaign can be cancelled.
 *
 * @since 0.1.0
 * @category requests
 */
export const CreateSmsCampaign = Schema.Struct({
  message_template: Input.text(1600),
  recipients: Input.maxItems(SmsRecipient, 10_000),
  agent_id: Schema.optional(AgentId),
  from_number: Schema.optional(Input.E164),
  schedule_type: Schema.optional(Schema.Literal("now", "schedule")),
  scheduled_at: Schema.optional(Schema.String)
})

/**
 * An SMS campaign: the newer answer's counts (`total_count`, `delivered_count`, …) or the older one's
 * (`recipients_count`, `sent_count`, …), all optional.
 *
 * @since 0.1.0
 * @category responses
 */
export class SmsCampaign extends Schema.Class<SmsCampaign>("@faultline/nixflex/SmsCampaign")({
  campaign_id: Schema.String,
  status: optionalText,
  total_count: optionalNumber,
  delivered_count: optionalNumber,
  failed_count: optionalNumber,
  pending_count: optionalNumber,
  replied_count: optionalNumber,
  recipients_count: optionalNumber,
  sent_count: optionalNumber,
  source: optionalText
}) {}

/**
 * An SMS campaign to get or cancel.
 *
 * @since 0.1.0
 * @category requests
 */
export const SmsCampaignRef = Schema.Struct({ campaign_id: SmsCampaignId })

/**
 * Creating an API key (`POST /v1/keys`, the one endpoint that needs no key).
 *
 * @since 0.1.0
 * @category requests
 */
export const CreateKey = Schema.Struct({
  name: Schema.optional(Input.maxLength(100)),
  email: Schema.optional(Schema.String)
})

/**
 * A new API key: `key_secret` is shown once, and kept `Redacted` here so that it is never logged by accident.
 *
 * @since 0.1.0
 * @category responses
 */
export class CreatedKey extends Schema.Class<CreatedKey>("@faultline/nixflex/CreatedKey")({
  message: optionalText,
  key_id: Schema.String,
  key_secret: Schema.Redacted(Schema.String)
}) {}
