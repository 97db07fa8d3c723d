// DialNexa as the shared pipeline sees it: the router built from the route table, and the answers outside the routes.
import type { Resolved } from "../options.js"
import { secondsUntilReset } from "../rateLimit.js"
import { authenticated, routerFrom, type VendorDialect, type VendorEnv } from "../vendorDialect.js"
import { getAgent, listAgents } from "./agents.js"
import { authenticate, createApiKey } from "./apiKeys.js"
import { listCallLogs } from "./callLogs.js"
import { createCall } from "./calls.js"
import { createCampaign, deleteLead, getCampaign, listCampaigns, updateCampaign } from "./campaigns.js"
import { nest, statusError, tooManyRequestsMessage } from "./envelope.js"
import { routes } from "./routes.js"
import { makeStore } from "./store.js"
import { createWebhook, listWebhooks } from "./webhooks.js"
import { resumeWorkflow } from "./workflows.js"

/** @internal */
export const make = (env: VendorEnv<Resolved>): VendorDialect => {
  const { options } = env
  const store = makeStore(env)
  const router = routerFrom(routes, {
    "POST /v1/calls": authenticated(createCall(store)),
    "GET /v1/call-logs": authenticated(listCallLogs(store)),
    "GET /v1/agents2": authenticated(listAgents(store)),
    "GET /v1/agents2/:id": authenticated(getAgent(store)),
    "POST /v1/campaigns": authenticated(createCampaign(store)),
    "GET /v1/campaigns": authenticated(listCampaigns(store)),
    "GET /v1/campaigns/:id": authenticated(getCampaign(store)),
    "PATCH /v1/campaigns/:id": authenticated(updateCampaign(store)),
    "DELETE /v1/campaigns-leads/:id": authenticated(deleteLead(store)),
    "POST /v1/workflows/:id/resume": authenticated(resumeWorkflow(store)),
    "POST /v1/api-keys": authenticated(createApiKey(store)),
    "POST /v1/user-webhooks": authenticated(createWebhook(store)),
    "GET /v1/user-webhooks": authenticated(listWebhooks(store))
  })

  return {
    vendor: "dialnexa",
    router,
    authenticate: authenticate(store),
    rateGroup: () => ({ group: "dialnexa", rule: options.rateLimits.dialnexa, byIp: false }),
    rateLimited: (decision, exchange) =>
      nest(429, tooManyRequestsMessage, { "retry-after": String(secondsUntilReset(decision, exchange.now)) }),
    notFound: (exchange) => nest(404, `Cannot ${exchange.method} ${exchange.path}`),
    errorResponse: statusError,
    idempotency: undefined
  }
}
