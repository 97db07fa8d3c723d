/**
 * The shapes of Levrage's requests and answers, as Schemas: the formats the docs give (UUID agent ids, E.164
 * numbers, lengths, at most 2,000 contacts) checked before anything is sent, and the answers read out of Levrage's
 * success envelope (`{ success, data, request_id, timestamp }`) leniently.
 *
 * @since 0.1.0
 */
import { Input } from "@faultline/core"
import * as Schema from "effect/Schema"

/**
 * An agent id: a UUID.
 *
 * @since 0.1.0
 * @category schemas
 */
export const AgentId = Schema.String.pipe(
  Schema.pattern(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, {
    message: () => "must be an agent id: a UUID"
  }),
  Input.rule("UUID"),
  Schema.brand("@faultline/levrage/AgentId")
)

/**
 * An agent id the `AgentId` schema has checked.
 *
 * @since 0.1.0
 * @category models
 */
export type AgentId = typeof AgentId.Type

const optionalText = Schema.optional(Schema.NullOr(Schema.String))
const optionalNumber = Schema.optional(Schema.NullOr(Schema.Number))
const metadata = Schema.Record({ key: Schema.String, value: Schema.Unknown })

/**
 * The success envelope around one value: the method answers with `data`.
 *
 * @since 0.1.0
 * @category responses
 */
export const single = <A, I, R>(data: Schema.Schema<A, I, R>) =>
  Schema.transform(Schema.Struct({ data }), Schema.typeSchema(data), {
    strict: true,
    decode: (envelope) => envelope.data,
    encode: (value) => ({ data: value })
  })

/**
 * The success envelope of a list page: `data`, and `total`, `page`, `page_size`, `has_more`.
 *
 * @since 0.1.0
 * @category responses
 */
export const pageOf = <A, I, R>(item: Schema.Schema<A, I, R>) =>
  Schema.Struct({
    data: Schema.Array(item),
    total: optionalNumber,
    page: optionalNumber,
    page_size: optionalNumber,
    has_more: Schema.Boolean
  })

/**
 * Placing a call (`POST /v1/call`): the agent, the caller id and the number to call.
 *
 * @since 0.1.0
 * @category requests
 */
export const MakeCall = Schema.Struct({
  agent_id: AgentId,
  source_number: Input.E164,
  phone_number: Input.E164,
  metadata: Schema.optional(Schema.NullOr(metadata))
})

/**
 * A call (the docs do not show the fields of `data`; these are what the call list and webhooks use).
 *
 * @since 0.1.0
 * @category responses
 */
export class Call extends Schema.Class<Call>("@faultline/levrage/Call")({
  call_id: optionalText,
  session_id: optionalText,
  status: optionalText,
  agent_id: optionalText,
  phone_number: optionalText,
  source_number: optionalText,
  direction: optionalText,
  created_at: optionalText
}) {}

/**
 * The filters of the call list (the page and its size are the stream's).
 *
 * @since 0.1.0
 * @category requests
 */
export const ListCalls = Schema.Struct({
  status: Schema.optional(Schema.String),
  direction: Schema.optional(Schema.Literal("inbound", "outbound")),
  agent_id: Schema.optional(AgentId)
})

/**
 * A page of calls.
 *
 * @since 0.1.0
 * @category responses
 */
export const CallPage = pageOf(Call)

/**
 * Creating an agent: a unique `name` (at most 100), its opening and closing flows; `custom` agents need a
 * `custom_description`.
 *
 * @since 0.1.0
 * @category requests
 */
export const CreateAgent = Schema.Struct({
  name: Input.text(100),
  start_flow: Input.nonEmpty,
  end_flow: Input.nonEmpty,
  agent_type: Schema.optional(Schema.String),
  custom_description: Schema.optional(Schema.String),
  language: Schema.optional(Schema.String),
  voice: Schema.optional(Schema.String),
  brand_name: Schema.optional(Schema.String),
  description: Schema.optional(Schema.String),
  sector: Schema.optional(Schema.String)
})

/**
 * An agent.
 *
 * @since 0.1.0
 * @category responses
 */
export class Agent extends Schema.Class<Agent>("@faultline/levrage/Agent")({
  id: Schema.optional(Schema.String),
  agent_id: optionalText,
  name: optionalText,
  agent_type: optionalText,
  language: optionalText,
  voice: optionalText,
  created_at: optionalText
}) {}

/**
 * An agent to get.
 *
 * @since 0.1.0
 * @category requests
 */
export const GetAgent = Schema.Struct({ agent_id: AgentId })

/**
 * The agent list takes no filters.
 *
 * @since 0.1.0
 * @category requests
 */
export const NoFilters = Schema.Struct({})

/**
 * A page of agents.
 *
 * @since 0.1.0
 * @category responses
 */
export const AgentPage = pageOf(Agent)

/**
 * One contact of a campaign: its phone (in the `phone_column` field, `phone` by default) and any metadata.
 *
 * @since 0.1.0
 * @category requests
 */
export const Contact = Schema.Record({ key: Schema.String, value: Schema.Unknown })

/**
 * Creating a campaign: at most 2,000 contacts, each with an E.164 phone in its `phone_column` field (`phone` by
 * default); `max_concurrent_calls` from 1 to 50.
 *
 * @since 0.1.0
 * @category requests
 */
export const CreateCampaign = Schema.Struct({
  name: Input.text(100),
  agent_id: AgentId,
  phone_number: Input.E164,
  contacts: Input.maxItems(Contact, 2000),
  phone_column: Schema.optional(Input.nonEmpty),
  max_concurrent_calls: Schema.optional(
    Schema.Int.pipe(Schema.between(1, 50, { message: () => "must be between 1 and 50" }), Input.rule("1 to 50"))
  ),
  retry_config: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.Unknown }))
}).pipe(
  Schema.filter((campaign) => {
    const column = campaign.phone_column ?? "phone"
    const bad = campaign.contacts.flatMap((contact, index) => {
      const phone = contact[column]
      return typeof phone === "string" && Schema.is(Input.E164)(phone)
        ? []
        : [{ path: ["contacts", index, column], message: "must be an E.164 phone number" }]
    })
    return bad.length === 0 ? true : bad
  }),
  Input.rule("E.164")
)

/**
 * A campaign.
 *
 * @since 0.1.0
 * @category responses
 */
export class Campaign extends Schema.Class<Campaign>("@faultline/levrage/Campaign")({
  id: Schema.String,
  name: optionalText,
  agent_id: optionalText,
  phone_number: optionalText,
  status: optionalText,
  total_contacts: optionalNumber,
  phone_column: optionalText,
  max_concurrent_calls: optionalNumber,
  created_at: optionalText
}) {}

/**
 * A page of campaigns.
 *
 * @since 0.1.0
 * @category responses
 */
export const CampaignPage = pageOf(Campaign)
