// A Nixflex simulator's records, per account, and the ones it starts with.
import { isoTime } from "../exchange.js"
import { InFlight } from "../inFlight.js"
import type { Resolved } from "../options.js"
import type { Prng } from "../prng.js"
import type { VendorEnv } from "../vendorDialect.js"
import { demoKeyId, fixtures } from "./fixtures.js"

/** The account that owns `otherAccountAgentId` and `otherAccountNumber`; no key of it is given out. */
const otherAccount = "acct_other"

/** @internal */
export interface Agent {
  readonly id: string
  readonly account: string
  body: Record<string, unknown>
}

/** @internal */
export interface PhoneNumber {
  readonly number: string
  readonly account: string
  agentId: string
  readonly sid: string
}

/** @internal */
export interface Call {
  readonly id: string
  readonly account: string
  readonly agentId: string
  readonly direction: "inbound" | "outbound"
  readonly from: string
  readonly to: string
  readonly createdAt: number
  readonly endsAt: number
  readonly metadata: unknown
  readonly campaignId: string | null
}

/** A batch call campaign. @internal */
export interface Campaign {
  readonly id: string
  readonly account: string
  readonly agentId: string
  readonly name: string
  readonly recipients: number
  readonly concurrency: number
  readonly createdAt: number
  status: "scheduled" | "running" | "paused" | "completed"
  completesAt: number | undefined
}

/** One recipient of an SMS campaign, with the message as it is sent. @internal */
export interface SmsRecipient {
  readonly phone: string
  readonly variables: Record<string, unknown> | undefined
  readonly message: string
  /** Why the message fails when its turn comes (a recipient who texted STOP), or `undefined` if it is delivered. */
  readonly failure: string | undefined
}

/**
 * An SMS campaign. Its progress is a function of time: recipient `i` is sent at `startsAt + (i + 1) * interval`
 * (one message per interval from the one sending number), and its final status is known at once.
 *
 * @internal
 */
export interface SmsCampaign {
  readonly id: string
  readonly account: string
  /** Which documented body created it, and so which shape it answers in. */
  readonly version: "old" | "new"
  readonly recipients: ReadonlyArray<SmsRecipient>
  /** When sending starts: the creation, or the `scheduled_at` in the future. */
  readonly startsAt: number
  readonly intervalMs: number
  cancelledAt: number | undefined
}

/** Everything one Nixflex simulator holds; a reset builds a new one. @internal */
export interface Store {
  readonly ids: Prng
  readonly options: Resolved
  /** Key id → its secret and its account. */
  readonly keys: Map<string, { readonly secret: string; readonly account: string }>
  readonly agents: Map<string, Agent>
  readonly numbers: Map<string, PhoneNumber>
  /** Oldest first. */
  readonly calls: Array<Call>
  readonly callsById: Map<string, Call>
  readonly inFlight: InFlight
  readonly campaigns: Map<string, Campaign>
  readonly smsCampaigns: Map<string, SmsCampaign>
}

/** @internal */
export const addCall = (store: Store, call: Call): void => {
  store.calls.push(call)
  store.callsById.set(call.id, call)
}

/** A fresh store with the seeded records of `fixtures`, dated before `env.now`. @internal */
export const makeStore = (env: VendorEnv<Resolved>): Store => {
  const { ids, options } = env
  const account = fixtures.accountId

  const keys: Store["keys"] = new Map()
  for (const key of options.keys.nixflex) {
    const colon = key.indexOf(":")
    if (colon > 0) keys.set(key.slice(0, colon), { secret: key.slice(colon + 1), account })
  }

  const agents = new Map<string, Agent>()
  const seedAgent = (id: string, owner: string, name: string) =>
    agents.set(id, {
      id,
      account: owner,
      body: {
        agent_id: id,
        api_key_id: owner === account ? demoKeyId : "nxf_ffffffffffffffffffffffffffffffff",
        name,
        system_prompt: "You are a friendly receptionist. Confirm the caller's appointment.",
        voice_id: "Ashley",
        language: "en",
        temperature: 0.3,
        response_length: "short",
        interruption_sensitivity: 50,
        pickup_delay: 10,
        max_call_duration_seconds: 300,
        silence_hangup_seconds: 10,
        is_active: true,
        webhook_url: null,
        created_at: isoTime(env.now - 30 * 86_400_000)
      }
    })
  seedAgent(fixtures.agentId, account, "Receptionist")
  seedAgent(fixtures.otherAccountAgentId, otherAccount, "Someone else's agent")
  seedAgent(fixtures.agentWithoutPhoneId, account, "Agent without a number")

  const numbers = new Map<string, PhoneNumber>([
    [fixtures.fromNumber, { number: fixtures.fromNumber, account, agentId: fixtures.agentId, sid: `PN${ids.hex(32)}` }],
    [
      fixtures.otherAccountNumber,
      {
        number: fixtures.otherAccountNumber,
        account: otherAccount,
        agentId: fixtures.otherAccountAgentId,
        sid: `PN${ids.hex(32)}`
      }
    ]
  ])

  const store: Store = {
    ids,
    options,
    keys,
    agents,
    numbers,
    calls: [],
    callsById: new Map(),
    inFlight: new InFlight(),
    campaigns: new Map(),
    smsCampaigns: new Map()
  }

  for (let i = 3; i >= 1; i--) {
    const createdAt = env.now - i * 7_200_000
    addCall(store, {
      id: i === 1 ? fixtures.callId : `CA${ids.hex(32)}`,
      account,
      agentId: fixtures.agentId,
      direction: i === 2 ? "inbound" : "outbound",
      from: i === 2 ? "+447446466847" : fixtures.fromNumber,
      to: i === 2 ? fixtures.fromNumber : "+447446466847",
      createdAt,
      endsAt: createdAt + 195_000,
      metadata: null,
      campaignId: null
    })
  }

  const seedCampaign = (id: string, status: Campaign["status"], recipients: number) =>
    store.campaigns.set(id, {
      id,
      account,
      agentId: fixtures.agentId,
      name: id,
      recipients,
      concurrency: 2,
      createdAt: env.now - 86_400_000,
      status,
      completesAt: status === "completed" ? env.now - 3_600_000 : undefined
    })
  seedCampaign(fixtures.completedCampaignId, "completed", 4)
  seedCampaign(fixtures.scheduledCampaignId, "scheduled", 3)
  seedCampaign(fixtures.emptyCampaignId, "scheduled", 0)

  return store
}
