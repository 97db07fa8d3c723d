/**
 * Every DialNexa endpoint the client covers, and the failures DialNexa documents for each (by status: DialNexa has
 * no error codes): the one place to read what a method sends, answers and can fail with. Every call can also fail
 * with `Unauthorized`, `Forbidden` (a key without the scope), `TooManyRequests`, the server-side statuses,
 * `DialNexaUnknownError` and the core failures. DialNexa takes no idempotency key, so a create that fails after it
 * may have been received is `OutcomeUnknown`.
 *
 * @since 0.1.0
 */
import { Endpoint, Pagination } from "@faultline/core"
import * as Models from "./DialNexaModels.js"

/**
 * The tags every DialNexa call can fail with, whatever the endpoint.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const common = [
  "Unauthorized",
  "Forbidden",
  "TooManyRequests",
  "InternalServerError",
  "BadGateway",
  "ServiceUnavailable",
  "GatewayTimeout",
  "DialNexaUnknownError"
] as const

/**
 * DialNexa's pagination: `page` (from 1) and `limit` (at most 100), with `meta.totalPages`.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const pages = <Page extends { readonly meta: { readonly page: number; readonly totalPages: number } }>() =>
  Pagination.byPage<Page>({
    page: "page",
    size: "limit",
    maxPageSize: 100,
    hasMore: (page) => page.meta.page < page.meta.totalPages
  })

/**
 * `POST /v1/calls`: place a call (the API reference's request). At the workspace's concurrency limit DialNexa
 * answers 409 (or 429, as the pricing page says).
 *
 * @since 0.1.0
 * @category endpoints
 */
export const createCall = Endpoint.post("/v1/calls", {
  input: Models.CreateCall,
  success: Models.CreatedCall,
  failures: ["BadRequest", "NotFound", "Conflict", "UnprocessableEntity"],
  creates: true
})

/**
 * `GET /v1/call-logs`: the call logs, page by page, with filters. Each page is asked for with the ETag of its last
 * answer (`If-None-Match`), and a 304 answers from that page, transparently.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const listCallLogs = Endpoint.list("/v1/call-logs", {
  input: Models.ListCallLogs,
  success: Models.CallLogPage,
  failures: ["BadRequest"],
  items: (page: typeof Models.CallLogPage.Type) => page.data,
  pagination: pages<typeof Models.CallLogPage.Type>(),
  conditional: true
})

/**
 * `GET /v1/agents2/:agent_id`: one agent (the path is `agents2`).
 *
 * @since 0.1.0
 * @category endpoints
 */
export const getAgent = Endpoint.get("/v1/agents2/:agent_id", {
  input: Models.GetAgent,
  success: Models.Agent,
  failures: ["NotFound"]
})

/**
 * `GET /v1/agents2`: every agent, page by page.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const listAgents = Endpoint.list("/v1/agents2", {
  input: Models.ListAgents,
  success: Models.AgentPage,
  failures: ["BadRequest"],
  items: (page: typeof Models.AgentPage.Type) => page.data,
  pagination: pages<typeof Models.AgentPage.Type>()
})

/**
 * `POST /v1/campaigns`: create a campaign (running at once, or a draft until `scheduled_at`).
 *
 * @since 0.1.0
 * @category endpoints
 */
export const createCampaign = Endpoint.post("/v1/campaigns", {
  input: Models.CreateCampaign,
  success: Models.Campaign,
  failures: ["BadRequest", "NotFound"],
  creates: true
})

/**
 * `GET /v1/campaigns/:campaign_id`: one campaign, with its lead and call counts.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const getCampaign = Endpoint.get("/v1/campaigns/:campaign_id", {
  input: Models.GetCampaign,
  success: Models.Campaign,
  failures: ["NotFound"]
})

/**
 * `PATCH /v1/campaigns/:campaign_id`: update a campaign in part; changing its agent after calls were placed, or
 * resuming a cancelled one, is a conflict.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const updateCampaign = Endpoint.patch("/v1/campaigns/:campaign_id", {
  input: Models.UpdateCampaign,
  success: Models.Campaign,
  failures: ["BadRequest", "NotFound", "Conflict"]
})

/**
 * `POST /v1/workflows/:workflow_id/resume`: resume a paused workflow; one not paused is a conflict.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const resumeWorkflow = Endpoint.post("/v1/workflows/:workflow_id/resume", {
  input: Models.ResumeWorkflow,
  success: Models.Workflow,
  failures: ["NotFound", "Conflict"]
})

/**
 * `DELETE /v1/campaigns-leads/:lead_id`: remove a lead from its campaign; a finished campaign's is a conflict.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const deleteCampaignLead = Endpoint.del("/v1/campaigns-leads/:lead_id", {
  input: Models.DeleteCampaignLead,
  success: Models.LeadRemoved,
  failures: ["NotFound", "Conflict"]
})

/**
 * `POST /v1/user-webhooks`: register a webhook for the register endpoint's events.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const registerWebhook = Endpoint.post("/v1/user-webhooks", {
  input: Models.RegisterWebhook,
  success: Models.Webhook,
  failures: ["BadRequest"],
  creates: true
})

/**
 * Every endpoint of the client, by method name.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const endpoints = {
  createCall,
  listCallLogs,
  getAgent,
  listAgents,
  createCampaign,
  getCampaign,
  updateCampaign,
  resumeWorkflow,
  deleteCampaignLead,
  registerWebhook
}
