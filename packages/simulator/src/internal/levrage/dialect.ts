// Levrage as the shared pipeline sees it: the router built from the route table, and the answers outside the routes.
import { keyLabel } from "../exchange.js"
import type { Resolved } from "../options.js"
import { authenticated, open, routerFrom, type VendorDialect, type VendorEnv } from "../vendorDialect.js"
import { createAgent, getAgent, listAgents, updateAgent } from "./agents.js"
import { listCalls, makeCall } from "./calls.js"
import { createCampaign, listCampaigns } from "./campaigns.js"
import { health, listAgentTypes, listIndustries, listLanguages, listVoices } from "./catalog.js"
import { detail, statusError } from "./envelope.js"
import { routes } from "./routes.js"
import { makeStore } from "./store.js"

/** A window as slowapi words it: "1 minute", "30 second", "400 millisecond". */
const windowText = (ms: number) =>
  ms % 60_000 === 0 ? `${ms / 60_000} minute` : ms % 1000 === 0 ? `${ms / 1000} second` : `${ms} millisecond`

/** @internal */
export const make = (env: VendorEnv<Resolved>): VendorDialect => {
  const { options } = env
  const store = makeStore(env)
  const router = routerFrom(routes, {
    "GET /v1/health": open(health(store)),
    "GET /v1/industries": open(listIndustries(store)),
    "GET /v1/industries/:industry/agent-types": open(listAgentTypes(store)),
    "GET /v1/voices": open(listVoices(store)),
    "GET /v1/voices/languages": open(listLanguages(store)),
    "POST /v1/call": authenticated(makeCall(store)),
    "GET /v1/calls": authenticated(listCalls(store)),
    "POST /v1/agents": authenticated(createAgent(store)),
    "GET /v1/agents": authenticated(listAgents(store)),
    "GET /v1/agents/:agent_id": authenticated(getAgent(store)),
    "PATCH /v1/agents/:agent_id": authenticated(updateAgent(store)),
    "POST /v1/campaigns": authenticated(createCampaign(store)),
    "GET /v1/campaigns": authenticated(listCampaigns(store))
  })

  return {
    vendor: "levrage",
    router,
    authenticate: (exchange) => {
      const key = exchange.bearerToken()
      const owner = key === undefined ? undefined : store.keys.get(key)
      if (key === undefined || owner === undefined) {
        return { _tag: "Rejected", response: detail(401, "Invalid or expired API key") }
      }
      return { _tag: "Authenticated", principal: { key, account: owner, label: keyLabel(key) } }
    },
    rateGroup: () => ({ group: "levrage", rule: options.rateLimits.levrage, byIp: false }),
    rateLimited: (decision) =>
      detail(429, `Rate limit exceeded: ${decision.limit} per ${windowText(options.rateLimits.levrage.windowMs)}`),
    notFound: () => detail(404, "Not Found"),
    errorResponse: (status, exchange) => statusError(store.ids, status, exchange),
    idempotency: undefined
  }
}
