/**
 * Every Levrage endpoint the client covers, and the failures Levrage documents for each: the one place to read
 * what a method sends, answers and can fail with. Every call can also fail with `AuthenticationError`, `Forbidden`
 * (a key without the permission), `RateLimited`, the server-side statuses, `LevrageUnknownError` and the core
 * failures. Levrage takes no idempotency key, so a create that fails after it may have been received is
 * `OutcomeUnknown`.
 *
 * @since 0.1.0
 */
import { Endpoint, Pagination } from "@faultline/core"
import * as Models from "./LevrageModels.js"

/**
 * The tags every Levrage call can fail with, whatever the endpoint.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const common = [
  "AuthenticationError",
  "Forbidden",
  "RateLimited",
  "InternalError",
  "BadGateway",
  "ServiceUnavailable",
  "GatewayTimeout",
  "LevrageUnknownError"
] as const

/**
 * Levrage's pagination: `page` (from 1) and `page_size` (at most 100), with `has_more`.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const pages = <Page extends { readonly has_more: boolean }>() =>
  Pagination.byPage<Page>({ page: "page", size: "page_size", maxPageSize: 100, hasMore: (page) => page.has_more })

// FastAPI's own validation answers 422 with a `detail` list; Levrage's answers `validation_error`.
const invalid = ["ValidationError", "BadRequest", "UnprocessableEntity"] as const

/**
 * `POST /v1/call`: place a call (the path is singular). Each call spends a credit.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const makeCall = Endpoint.post("/v1/call", {
  input: Models.MakeCall,
  success: Models.single(Models.Call),
  failures: [...invalid, "NotFound", "QuotaExceeded"],
  creates: true
})

/**
 * `GET /v1/calls`: every call, page by page, with filters.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const listCalls = Endpoint.list("/v1/calls", {
  input: Models.ListCalls,
  success: Models.CallPage,
  failures: invalid,
  items: (page: typeof Models.CallPage.Type) => page.data,
  pagination: pages<typeof Models.CallPage.Type>()
})

/**
 * `POST /v1/agents`: create an agent; a name already in use is a `ValidationError` (409).
 *
 * @since 0.1.0
 * @category endpoints
 */
export const createAgent = Endpoint.post("/v1/agents", {
  input: Models.CreateAgent,
  success: Models.single(Models.Agent),
  failures: [...invalid, "Conflict"],
  creates: true
})

/**
 * `GET /v1/agents`: every agent, page by page.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const listAgents = Endpoint.list("/v1/agents", {
  input: Models.NoFilters,
  success: Models.AgentPage,
  failures: invalid,
  items: (page: typeof Models.AgentPage.Type) => page.data,
  pagination: pages<typeof Models.AgentPage.Type>()
})

/**
 * `GET /v1/agents/:agent_id`: one agent.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const getAgent = Endpoint.get("/v1/agents/:agent_id", {
  input: Models.GetAgent,
  success: Models.single(Models.Agent),
  failures: ["NotFound", ...invalid]
})

/**
 * `POST /v1/campaigns`: create a campaign of up to 2,000 contacts.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const createCampaign = Endpoint.post("/v1/campaigns", {
  input: Models.CreateCampaign,
  success: Models.single(Models.Campaign),
  failures: [...invalid, "NotFound", "QuotaExceeded"],
  creates: true
})

/**
 * `GET /v1/campaigns`: every campaign, page by page.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const listCampaigns = Endpoint.list("/v1/campaigns", {
  input: Models.NoFilters,
  success: Models.CampaignPage,
  failures: invalid,
  items: (page: typeof Models.CampaignPage.Type) => page.data,
  pagination: pages<typeof Models.CampaignPage.Type>()
})

/**
 * Every endpoint of the client, by method name.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const endpoints = { makeCall, listCalls, createAgent, listAgents, getAgent, createCampaign, listCampaigns }
