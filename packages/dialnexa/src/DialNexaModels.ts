/**
 * The shapes of DialNexa's requests and answers, as Schemas: the formats the docs give (ids, E.164 numbers, the
 * webhook rules) checked before anything is sent, and the answers decoded leniently. Where the two doc sites show
 * two versions of an endpoint (create call), the request is the API reference's and the answer may be either.
 *
 * @since 0.1.0
 */
import { Input } from "@faultline/core"
import * as Schema from "effect/Schema"

const prefixed = (prefix: string, what: string, brand: string) =>
  Schema.String.pipe(
    Schema.pattern(new RegExp(`^${prefix}\\w+$`), {
      message: () => `must be ${/^[aeiou]/.test(what) ? "an" : "a"} ${what}: ${prefix}…`
    }),
    Input.rule(what),
    Schema.brand(`@faultline/dialnexa/${brand}`)
  )

/**
 * An agent id: `agt_…`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const AgentId = prefixed("agt_", "agent id", "AgentId")

/**
 * A campaign id: `cmp_…`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const CampaignId = prefixed("cmp_", "campaign id", "CampaignId")

/**
 * A workflow id: `wf_…`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const WorkflowId = prefixed("wf_", "workflow id", "WorkflowId")

/**
 * A campaign lead's id (no format documented: any non-empty string).
 *
 * @since 0.1.0
 * @category schemas
 */
export const LeadId = Input.nonEmpty.pipe(Schema.brand("@faultline/dialnexa/LeadId"))

const optionalText = Schema.optional(Schema.NullOr(Schema.String))
const optionalNumber = Schema.optional(Schema.NullOr(Schema.Number))
const optionalBoolean = Schema.optional(Schema.NullOr(Schema.Boolean))
const date = Schema.String.pipe(
  Schema.pattern(/^\d{4}-\d{2}-\d{2}$/, { message: () => "must be a date: YYYY-MM-DD" }),
  Input.rule("YYYY-MM-DD")
)

/**
 * The page of a list answer: `{ data, meta: { page, limit, total, totalPages } }`.
 *
 * @since 0.1.0
 * @category responses
 */
export const pageOf = <A, I, R>(item: Schema.Schema<A, I, R>) =>
  Schema.Struct({
    data: Schema.Array(item),
    meta: Schema.Struct({ page: Schema.Number, limit: Schema.Number, total: Schema.Number, totalPages: Schema.Number })
  })

// -----------------------------------------------------------------------------
// calls
// -----------------------------------------------------------------------------

/**
 * Placing a call, in the API reference's shape (`to_phone_number`, `agent_version_number`; `metadata` becomes the
 * prompt's `{{var}}` variables).
 *
 * @since 0.1.0
 * @category requests
 */
export const CreateCall = Schema.Struct({
  agent_id: AgentId,
  to_phone_number: Input.E164,
  from_phone_number: Schema.optional(Input.E164),
  agent_version_number: Schema.optional(Schema.Int),
  metadata: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.Unknown }))
})

/**
 * A call DialNexa accepted: the API reference's answer (`id`, `status: "initiated"`) or the product docs'
 * (`call_id`, `status: "queued"`); `callId` is whichever it gave.
 *
 * @since 0.1.0
 * @category responses
 */
export class CreatedCall extends Schema.Class<CreatedCall>("@faultline/dialnexa/CreatedCall")({
  id: optionalText,
  call_id: optionalText,
  status: optionalText,
  agent_id: optionalText,
  to_phone_number: optionalText,
  to_number: optionalText,
  created_at: optionalText
}) {
  /** The call's id, from either version of the answer. */
  get callId(): string | undefined {
    return this.id ?? this.call_id ?? undefined
  }
}

/**
 * The filters of the call-log list (the page and its size are the stream's).
 *
 * @since 0.1.0
 * @category requests
 */
export const ListCallLogs = Schema.Struct({
  agent_id: Schema.optional(AgentId),
  status: Schema.optional(Schema.String),
  sentiment: Schema.optional(Schema.Literal("positive", "neutral", "negative")),
  start_date: Schema.optional(date),
  end_date: Schema.optional(date),
  duration_min: Schema.optional(Schema.Number),
  duration_max: Schema.optional(Schema.Number),
  sort: Schema.optional(Schema.Literal("asc", "desc"))
})

/**
 * One call log.
 *
 * @since 0.1.0
 * @category responses
 */
export class CallLog extends Schema.Class<CallLog>("@faultline/dialnexa/CallLog")({
  id: Schema.String,
  call_id: optionalText,
  agent_id: optionalText,
  status: optionalText,
  sentiment: optionalText,
  duration_seconds: optionalNumber,
  recording_url: optionalText,
  analysis: Schema.optional(Schema.Unknown),
  created_at: optionalText,
  end_reason: optionalText
}) {}

/**
 * A page of call logs.
 *
 * @since 0.1.0
 * @category responses
 */
export const CallLogPage = pageOf(CallLog)

// -----------------------------------------------------------------------------
// agents
// -----------------------------------------------------------------------------

/**
 * An agent (`agents2`: its timestamps are camelCase, unlike the rest of the API).
 *
 * @since 0.1.0
 * @category responses
 */
export class Agent extends Schema.Class<Agent>("@faultline/dialnexa/Agent")({
  id: Schema.String,
  organization_id: optionalText,
  current_version_number: optionalNumber,
  is_deleted: optionalBoolean,
  createdAt: optionalText,
  updatedAt: optionalText,
  timezone: optionalText,
  current_version: Schema.optional(Schema.Unknown)
}) {}

/**
 * An agent to get.
 *
 * @since 0.1.0
 * @category requests
 */
export const GetAgent = Schema.Struct({ agent_id: AgentId })

/**
 * The agent list takes no filters (the page and its size are the stream's).
 *
 * @since 0.1.0
 * @category requests
 */
export const ListAgents = Schema.Struct({})

/**
 * A page of agents.
 *
 * @since 0.1.0
 * @category responses
 */
export const AgentPage = pageOf(Agent)

// -----------------------------------------------------------------------------
// campaigns, leads, workflows
// -----------------------------------------------------------------------------

const RetryConfig = Schema.Struct({
  max_retries: Schema.Int.pipe(Schema.nonNegative()),
  retry_interval_minutes: Schema.Int.pipe(Schema.nonNegative())
})

/**
 * Creating a campaign.
 *
 * @since 0.1.0
 * @category requests
 */
export const CreateCampaign = Schema.Struct({
  name: Input.nonEmpty,
  agent_id: AgentId,
  from_phone_number: Input.E164,
  max_concurrent_calls: Schema.Int.pipe(Schema.positive()),
  retry_config: RetryConfig,
  scheduled_at: Schema.optional(Schema.String)
})

/**
 * A campaign; getting one adds its lead and call counts.
 *
 * @since 0.1.0
 * @category responses
 */
export class Campaign extends Schema.Class<Campaign>("@faultline/dialnexa/Campaign")({
  id: Schema.String,
  organization_id: optionalText,
  name: optionalText,
  agent_id: optionalText,
  from_phone_number: optionalText,
  status: optionalText,
  max_concurrent_calls: optionalNumber,
  scheduled_at: optionalText,
  retry_config: Schema.optional(Schema.Unknown),
  created_at: optionalText,
  total_leads: optionalNumber,
  completed_calls: optionalNumber,
  pending_calls: optionalNumber
}) {}

/**
 * A campaign to get.
 *
 * @since 0.1.0
 * @category requests
 */
export const GetCampaign = Schema.Struct({ campaign_id: CampaignId })

/**
 * A partial update of a campaign (`retry_config` as the curl example sends it; changing `agent_id` after calls were
 * placed is a conflict).
 *
 * @since 0.1.0
 * @category requests
 */
export const UpdateCampaign = Schema.Struct({
  campaign_id: CampaignId,
  name: Schema.optional(Input.nonEmpty),
  agent_id: Schema.optional(AgentId),
  from_phone_number: Schema.optional(Input.E164),
  max_concurrent_calls: Schema.optional(Schema.Int.pipe(Schema.positive())),
  retry_config: Schema.optional(RetryConfig),
  scheduled_at: Schema.optional(Schema.String),
  status: Schema.optional(Schema.String)
})

/**
 * A lead to remove from its campaign.
 *
 * @since 0.1.0
 * @category requests
 */
export const DeleteCampaignLead = Schema.Struct({ lead_id: LeadId })

/**
 * What removing a lead answers.
 *
 * @since 0.1.0
 * @category responses
 */
export class LeadRemoved extends Schema.Class<LeadRemoved>("@faultline/dialnexa/LeadRemoved")({
  message: Schema.String
}) {}

/**
 * A workflow to resume.
 *
 * @since 0.1.0
 * @category requests
 */
export const ResumeWorkflow = Schema.Struct({ workflow_id: WorkflowId })

/**
 * A workflow.
 *
 * @since 0.1.0
 * @category responses
 */
export class Workflow extends Schema.Class<Workflow>("@faultline/dialnexa/Workflow")({
  id: Schema.String,
  name: optionalText,
  status: optionalText,
  updated_at: optionalText
}) {}

// -----------------------------------------------------------------------------
// webhooks
// -----------------------------------------------------------------------------

/**
 * The events the register endpoint takes.
 *
 * @since 0.1.0
 * @category schemas
 */
export const WebhookEvent = Schema.Literal(
  "call.completed",
  "call.failed",
  "call.no_answer",
  "campaign.completed",
  "campaign.paused",
  "workflow.lead.completed"
)

/**
 * Registering a webhook: an `https` URL of at most 150 characters, at least one event, and the signing secret.
 *
 * @since 0.1.0
 * @category requests
 */
export const RegisterWebhook = Schema.Struct({
  url: Schema.String.pipe(
    Schema.pattern(/^https:\/\//, { message: () => "must be an https URL" }),
    Input.rule("https URL"),
    Schema.maxLength(150, { message: () => "must be at most 150 characters" }),
    Input.rule("at most 150 characters")
  ),
  events: Schema.Array(WebhookEvent).pipe(
    Schema.minItems(1, { message: () => "must name at least one event" }),
    Input.rule("at least one event")
  ),
  secret: Schema.optional(Schema.String),
  is_active: Schema.optional(Schema.Boolean)
})

/**
 * A registered webhook.
 *
 * @since 0.1.0
 * @category responses
 */
export class Webhook extends Schema.Class<Webhook>("@faultline/dialnexa/Webhook")({
  id: Schema.String,
  url: Schema.String,
  events: Schema.Array(Schema.String),
  is_active: optionalBoolean,
  created_at: optionalText
}) {}
