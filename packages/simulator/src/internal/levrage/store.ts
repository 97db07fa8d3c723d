// A Levrage simulator's records, per account, and the ones it starts with.
import { isoTime } from "../exchange.js"
import type { Resolved } from "../options.js"
import type { Prng } from "../prng.js"
import type { VendorEnv } from "../vendorDialect.js"
import { fixtures } from "./fixtures.js"

/** @internal */
export interface Agent {
  readonly id: string
  readonly account: string
  body: Record<string, unknown>
}

/** @internal */
export interface Call {
  readonly id: string
  readonly account: string
  readonly agentId: string
  readonly createdAt: number
  readonly endsAt: number
  readonly body: Record<string, unknown>
}

/** @internal */
export interface Campaign {
  readonly id: string
  readonly account: string
  readonly body: Record<string, unknown>
}

/** Everything one Levrage simulator holds; a reset builds a new one. @internal */
export interface Store {
  readonly ids: Prng
  readonly options: Resolved
  /** Key → its account. */
  readonly keys: Map<string, string>
  /** Credits left (each call spends one), or `undefined` for unlimited. */
  credits: number | undefined
  readonly agents: Map<string, Agent>
  /** Oldest first. */
  readonly calls: Array<Call>
  readonly campaigns: Array<Campaign>
}

/** A fresh store with the seeded agent of `fixtures`. @internal */
export const makeStore = (env: VendorEnv<Resolved>): Store => {
  const { ids, options } = env
  const account = fixtures.accountId
  const agents = new Map<string, Agent>()
  agents.set(fixtures.agentId, {
    id: fixtures.agentId,
    account,
    body: {
      id: fixtures.agentId,
      name: fixtures.agentName,
      agent_type: "sales",
      language: "English",
      voice: "emma",
      brand_name: "Faultline Demo",
      description: "Seeded by the simulator",
      sector: "technology",
      start_flow: "Greet the customer and introduce the offer.",
      end_flow: "Thank the customer and end the call.",
      webhook_config: null,
      created_at: isoTime(env.now - 30 * 86_400_000)
    }
  })
  return {
    ids,
    options,
    keys: new Map(options.keys.levrage.map((key) => [key, account])),
    credits: options.levrageCredits,
    agents,
    calls: [],
    campaigns: []
  }
}
