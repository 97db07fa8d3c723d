// A DialNexa simulator's records, per organisation, and the ones it starts with.
import { isoTime } from "../exchange.js"
import { InFlight } from "../inFlight.js"
import type { Resolved } from "../options.js"
import type { Prng } from "../prng.js"
import type { VendorEnv } from "../vendorDialect.js"
import { fixtures } from "./fixtures.js"

/** The call-log sentiments the list filter accepts. @internal */
export const sentiments = ["positive", "neutral", "negative"] as const

const endReasons = [
  "user_disconnected",
  "agent_disconnected",
  "user_did_not_pick_up",
  "user_busy",
  "user_unreachable",
  "invalid_phone_number"
] as const

/** @internal */
export interface Agent {
  readonly id: string
  readonly account: string
  readonly phoneDeleted: boolean
  readonly body: Record<string, unknown>
}

/** @internal */
export interface CallLog {
  readonly id: string
  readonly account: string
  readonly callId: string
  readonly agentId: string
  readonly createdAt: number
  readonly endsAt: number
  readonly sentiment: string
  readonly durationSeconds: number
  readonly endReason: string
}

/** @internal */
export interface Campaign {
  readonly id: string
  readonly account: string
  body: Record<string, unknown>
  callsPlaced: boolean
}

/** @internal */
export interface Lead {
  readonly id: string
  readonly campaignId: string
  removed: boolean
}

/** @internal */
export interface Workflow {
  readonly id: string
  readonly account: string
  readonly name: string
  status: string
  updatedAt: string
}

/** A registered webhook; `body` is what the API shows (the secret is kept, never shown). @internal */
export interface Webhook {
  readonly id: string
  readonly account: string
  readonly secret: string | undefined
  readonly body: Record<string, unknown>
}

/** Everything one DialNexa simulator holds; a reset builds a new one. @internal */
export interface Store {
  readonly ids: Prng
  readonly options: Resolved
  /** Key → its organisation and, once rotated, when it stops working. */
  readonly keys: Map<string, { readonly account: string; expiresAt: number | undefined }>
  readonly agents: Map<string, Agent>
  readonly versions: Map<string, { readonly agentId: string; readonly published: boolean }>
  readonly workspaceNumbers: Set<string>
  readonly inFlight: InFlight
  /** Oldest first. */
  readonly logs: Array<CallLog>
  readonly campaigns: Map<string, Campaign>
  readonly leads: Map<string, Lead>
  readonly workflows: Map<string, Workflow>
  readonly webhooks: Map<string, Webhook>
}

const agentBody = (id: string, account: string, createdAt: string, title: string, phone: string | null) => ({
  id,
  organization_id: account,
  folder_id: null,
  current_version_number: 3,
  is_deleted: false,
  createdAt,
  updatedAt: createdAt,
  timezone: "America/Los_Angeles",
  current_version: {
    number: 3,
    title,
    is_published: true,
    language: "en-US",
    prompts: { prompt_text: "You are a helpful scheduling assistant.", welcome_message: "Hi, this is Ava." },
    voice: { provider: "elevenlabs", voice_id: "ava" },
    llm: { provider: "openai", model: "gpt-4o-mini", temperature: 0.3 },
    telephony: {
      inbound: { enabled: phone !== null, phone_number: phone },
      outbound: { enabled: phone !== null, phone_number: phone },
      call_limits: {
        end_call_on_silence_sec: 180,
        max_call_duration_sec: 600,
        pause_before_speaking_sec: 1.5,
        ring_duration_sec: 30
      }
    },
    speech: { stt_provider: "deepgram", interruption_sensitivity: 0.5 }
  }
})

/** A fresh store with the seeded records of `fixtures`, dated before `env.now`. @internal */
export const makeStore = (env: VendorEnv<Resolved>): Store => {
  const { ids, options } = env
  const account = fixtures.organizationId
  const startedAt = env.now
  const keys: Store["keys"] = new Map(options.keys.dialnexa.map((key) => [key, { account, expiresAt: undefined }]))

  const agents = new Map<string, Agent>()
  const seededAt = isoTime(startedAt - 30 * 86_400_000)
  agents.set(fixtures.agentId, {
    id: fixtures.agentId,
    account,
    phoneDeleted: false,
    body: agentBody(fixtures.agentId, account, seededAt, "Appointment reminders", fixtures.fromPhoneNumber)
  })
  agents.set(fixtures.agentWithDeletedNumberId, {
    id: fixtures.agentWithDeletedNumberId,
    account,
    phoneDeleted: true,
    body: agentBody(fixtures.agentWithDeletedNumberId, account, seededAt, "Old outbound line", null)
  })
  const versions: Store["versions"] = new Map([
    [fixtures.agentVersionId, { agentId: fixtures.agentId, published: true }],
    [fixtures.draftAgentVersionId, { agentId: fixtures.agentId, published: false }]
  ])

  const logs: Array<CallLog> = []
  for (let i = options.callLogCount; i >= 1; i--) {
    const createdAt = startedAt - i * 3_600_000
    const durationSeconds = ids.int(15, 600)
    logs.push({
      id: `log_${ids.hex(12)}`,
      account,
      callId: `call_${ids.hex(16)}`,
      agentId: fixtures.agentId,
      createdAt,
      endsAt: createdAt + durationSeconds * 1000,
      sentiment: sentiments[ids.int(0, sentiments.length)]!,
      durationSeconds,
      endReason: endReasons[ids.int(0, endReasons.length)]!
    })
  }

  const campaigns = new Map<string, Campaign>()
  const seedCampaign = (id: string, name: string, status: string, total: number, completed: number) =>
    campaigns.set(id, {
      id,
      account,
      callsPlaced: completed > 0,
      body: {
        id,
        organization_id: account,
        name,
        agent_id: fixtures.agentId,
        from_phone_number: fixtures.fromPhoneNumber,
        status,
        max_concurrent_calls: 2,
        scheduled_at: null,
        retry_config: { max_retries: 2, retry_interval_minutes: 30 },
        created_at: seededAt,
        total_leads: total,
        completed_calls: completed,
        pending_calls: total - completed
      }
    })
  seedCampaign(fixtures.runningCampaignId, "Spring renewals", "running", 3, 1)
  seedCampaign(fixtures.completedCampaignId, "Winter survey", "completed", 1, 1)
  seedCampaign(fixtures.cancelledCampaignId, "Cancelled pilot", "cancelled", 0, 0)
  const leads = new Map<string, Lead>()
  for (const id of fixtures.runningCampaignLeadIds) {
    leads.set(id, { id, campaignId: fixtures.runningCampaignId, removed: false })
  }
  leads.set(fixtures.completedCampaignLeadId, {
    id: fixtures.completedCampaignLeadId,
    campaignId: fixtures.completedCampaignId,
    removed: false
  })

  const workflows = new Map<string, Workflow>(
    [
      [fixtures.pausedWorkflowId, "Lead nurture", "paused"],
      [fixtures.activeWorkflowId, "Onboarding", "active"],
      [fixtures.cancelledWorkflowId, "Retired follow-up", "cancelled"]
    ].map(([id, name, status]) => [id!, { id: id!, account, name: name!, status: status!, updatedAt: seededAt }])
  )

  // Another organisation's webhook: it must never show in the demo organisation's list.
  const webhooks = new Map<string, Webhook>([
    [
      fixtures.otherOrganizationWebhookId,
      {
        id: fixtures.otherOrganizationWebhookId,
        account: fixtures.otherOrganizationId,
        secret: "whsec_other",
        body: {
          id: fixtures.otherOrganizationWebhookId,
          url: "https://hooks.example.org/dialnexa",
          events: ["call.completed"],
          is_active: true,
          created_at: seededAt
        }
      }
    ]
  ])

  return {
    ids,
    options,
    keys,
    agents,
    versions,
    workspaceNumbers: new Set([fixtures.fromPhoneNumber]),
    inFlight: new InFlight(),
    logs,
    campaigns,
    leads,
    workflows,
    webhooks
  }
}
