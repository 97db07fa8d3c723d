// Nixflex as the shared pipeline sees it: the router built from the route table, and the answers outside the routes.
import type { Resolved } from "../options.js"
import { secondsUntilReset } from "../rateLimit.js"
import { authenticated, open, routerFrom, type VendorDialect, type VendorEnv } from "../vendorDialect.js"
import { createAgent, getAgent, listAgents, updateAgent } from "./agents.js"
import { createBatch, launchBatch } from "./batches.js"
import { createOutbound, getCall, listCalls } from "./calls.js"
import { nx, statusError } from "./envelope.js"
import { authenticate, createKey } from "./keys.js"
import { importNumber } from "./numbers.js"
import { routes } from "./routes.js"
import { sendSms } from "./sms.js"
import { cancelSmsCampaign, createSmsCampaign, getSmsCampaign } from "./smsCampaigns.js"
import { makeStore } from "./store.js"

/** @internal */
export const make = (env: VendorEnv<Resolved>): VendorDialect => {
  const { options } = env
  const store = makeStore(env)
  const router = routerFrom(routes, {
    "POST /v1/keys": open(createKey(store)),
    "POST /v1/calls/outbound": authenticated(createOutbound(store)),
    "POST /v1/calls/batch": authenticated(createBatch(store)),
    "POST /v1/calls/batch/:campaign_id/launch": authenticated(launchBatch(store)),
    "GET /v1/calls": authenticated(listCalls(store)),
    "GET /v1/calls/:id": authenticated(getCall(store)),
    "POST /v1/agents": authenticated(createAgent(store)),
    "GET /v1/agents": authenticated(listAgents(store)),
    "GET /v1/agents/:id": authenticated(getAgent(store)),
    "PUT /v1/agents/:id": authenticated(updateAgent(store)),
    "POST /v1/phone-numbers": authenticated(importNumber(store)),
    "POST /v1/sms": authenticated(sendSms(store)),
    "POST /v1/sms/campaigns": authenticated(createSmsCampaign(store)),
    "GET /v1/sms/campaigns/:id": authenticated(getSmsCampaign(store)),
    "DELETE /v1/sms/campaigns/:id": authenticated(cancelSmsCampaign(store))
  })

  return {
    vendor: "nixflex",
    router,
    authenticate: authenticate(store),
    rateGroup: (exchange) => {
      if (exchange.method === "POST" && exchange.path === "/v1/keys") {
        return { group: "nixflex.keys", rule: options.rateLimits["nixflex.keys"], byIp: true }
      }
      return exchange.method === "GET" || exchange.method === "HEAD"
        ? { group: "nixflex.read", rule: options.rateLimits["nixflex.read"], byIp: false }
        : { group: "nixflex.write", rule: options.rateLimits["nixflex.write"], byIp: false }
    },
    rateLimited: (decision, exchange) => {
      const seconds = secondsUntilReset(decision, exchange.now)
      return nx(
        429,
        "rate_limit_error",
        "rate_limit_exceeded",
        `Rate limit exceeded. Try again in ${seconds} seconds.`,
        { details: { retry_after: seconds }, docUrl: false },
        options.nixflexRetryAfterHeader ? { "retry-after": String(seconds) } : undefined
      )
    },
    notFound: (exchange) =>
      nx(404, "not_found", "not_found", `No route for ${exchange.method} ${exchange.path}`, { docUrl: false }),
    errorResponse: statusError,
    idempotency: {
      header: "idempotency-key",
      conflict: (reason) =>
        reason === "reused"
          ? nx(
              409,
              "conflict",
              "idempotency_key_reused",
              "This Idempotency-Key was already used with a different request",
              {
                docUrl: false
              }
            )
          : nx(409, "conflict", "idempotency_key_in_use", "A request with this Idempotency-Key is still in progress", {
              docUrl: false
            })
    }
  }
}
