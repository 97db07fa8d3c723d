/**
 * Every Nixflex endpoint the client covers, and the failures Nixflex documents for each: the one place to read what
 * a method sends, answers and can fail with. Every call can also fail with `InvalidApiKey`, `KeySecretRequired`,
 * `RateLimitExceeded`, `NixflexUnknownError` (any code the endpoint does not document, kept raw) and the core
 * failures. Where the docs show two versions of an endpoint, the request is the newer one and the answer may be
 * either.
 *
 * @since 0.1.0
 */
import { Endpoint, Pagination } from "@faultline/core"
import * as Models from "./NixflexModels.js"

/**
 * The tags every Nixflex call can fail with, whatever the endpoint.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const common = ["InvalidApiKey", "KeySecretRequired", "RateLimitExceeded", "NixflexUnknownError"] as const

/**
 * Nixflex's pagination: `limit` (at most 100) and `offset`, with the total in `count`.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const offsets = <Page extends { readonly count: number }>() =>
  Pagination.byOffset<Page>({ offset: "offset", size: "limit", maxPageSize: 100, total: (page) => page.count })

const agentErrors = ["AgentNotFound", "AgentNotOwned"] as const

/**
 * `POST /v1/calls/outbound`: place one outbound call (the newer request, with `prompt`). Answers 201 at once; the
 * call's result comes by webhook.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const createOutboundCall = Endpoint.post("/v1/calls/outbound", {
  input: Models.CreateOutboundCall,
  success: Models.OutboundCall,
  failures: [
    "InvalidRequest",
    "InvalidPhoneFormat",
    "AgentNoPhone",
    ...agentErrors,
    "FromNumberNotOwned",
    "OutboundFailed",
    "ConcurrentCallLimit",
    "CampaignNotFound"
  ]
})

/**
 * `GET /v1/calls`: every call, newest first, page by page (`limit`/`offset`); filters by agent, direction, time,
 * sentiment and outcome.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const listCalls = Endpoint.list("/v1/calls", {
  input: Models.ListCalls,
  success: Models.CallPage,
  failures: ["InvalidRequest"],
  items: (page: Models.CallPage) => page.calls,
  pagination: offsets<Models.CallPage>()
})

/**
 * `GET /v1/calls/:call_id`: one call, with its transcript, extracted data and cost.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const getCall = Endpoint.get("/v1/calls/:call_id", {
  input: Models.GetCall,
  success: Models.Call,
  failures: ["CallNotFound"]
})

/**
 * `POST /v1/calls/batch`: create a batch call campaign of up to 10,000 recipients (the newer request, with
 * `prompt`; one invalid number rejects the request unless `skip_invalid`).
 *
 * @since 0.1.0
 * @category endpoints
 */
export const createBatchCampaign = Endpoint.post("/v1/calls/batch", {
  input: Models.CreateBatchCampaign,
  success: Models.BatchCampaign,
  failures: [
    "InvalidRequest",
    "InvalidPhoneFormat",
    "TooManyRecipients",
    "InvalidSchedule",
    ...agentErrors,
    "AgentNoPhone",
    "FromNumberNotOwned"
  ]
})

/**
 * `POST /v1/calls/batch/:campaign_id/launch`: start (or resume) a batch campaign; a running one is left as it is.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const launchBatchCampaign = Endpoint.post("/v1/calls/batch/:campaign_id/launch", {
  input: Models.LaunchBatchCampaign,
  success: Models.LaunchedCampaign,
  failures: ["CampaignNotFound", "CampaignAlreadyCompleted", "CampaignNoRecipients"]
})

/**
 * `POST /v1/agents`: create an agent (the newer request: every field optional).
 *
 * @since 0.1.0
 * @category endpoints
 */
export const createAgent = Endpoint.post("/v1/agents", {
  input: Models.CreateAgent,
  success: Models.Agent,
  failures: ["InvalidRequest", "PromptTooLong", "InvalidVoiceId", "InvalidLanguage"]
})

/**
 * `GET /v1/agents/:agent_id`: one agent (another account's is not found).
 *
 * @since 0.1.0
 * @category endpoints
 */
export const getAgent = Endpoint.get("/v1/agents/:agent_id", {
  input: Models.GetAgent,
  success: Models.Agent,
  failures: agentErrors
})

/**
 * `POST /v1/phone-numbers`: import a Twilio number to an agent (overwrites the number's Twilio webhooks).
 *
 * @since 0.1.0
 * @category endpoints
 */
export const importPhoneNumber = Endpoint.post("/v1/phone-numbers", {
  input: Models.ImportPhoneNumber,
  success: Models.ImportedNumber,
  failures: [
    "MissingField",
    "InvalidPhoneFormat",
    "InvalidTwilioSid",
    "TwilioInvalidCredentials",
    "TwilioAuthFailed",
    "NumberNotInTwilio",
    "NumberAlreadyImported",
    ...agentErrors
  ]
})

/**
 * `POST /v1/sms`: send one SMS (the newer request, `to` and `message`); its final status comes by Twilio callback.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const sendSms = Endpoint.post("/v1/sms", {
  input: Models.SendSms,
  success: Models.SmsSent,
  failures: [
    "InvalidRequest",
    "InvalidPhoneFormat",
    "MessageTooLong",
    "SmsNotSupportedInRegion",
    "RecipientUnsubscribed",
    "FromNumberNotOwned",
    ...agentErrors
  ]
})

/**
 * `POST /v1/sms/campaigns`: create an SMS campaign from a template (the newer request).
 *
 * @since 0.1.0
 * @category endpoints
 */
export const createSmsCampaign = Endpoint.post("/v1/sms/campaigns", {
  input: Models.CreateSmsCampaign,
  success: Models.SmsCampaign,
  failures: [
    "InvalidRequest",
    "InvalidPhoneFormat",
    "MessageTooLong",
    "TooManyRecipients",
    "CampaignNoRecipients",
    "InvalidSchedule",
    "FromNumberNotOwned",
    ...agentErrors
  ]
})

/**
 * `GET /v1/sms/campaigns/:campaign_id`: an SMS campaign and its counts.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const getSmsCampaign = Endpoint.get("/v1/sms/campaigns/:campaign_id", {
  input: Models.SmsCampaignRef,
  success: Models.SmsCampaign,
  failures: ["CampaignNotFound"]
})

/**
 * `DELETE /v1/sms/campaigns/:campaign_id`: cancel a scheduled SMS campaign. The docs give no code for a campaign
 * that can no longer be cancelled; whatever Nixflex answers then arrives as `NixflexUnknownError`, with its code
 * and a category from its type.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const cancelSmsCampaign = Endpoint.del("/v1/sms/campaigns/:campaign_id", {
  input: Models.SmsCampaignRef,
  success: Models.SmsCampaign,
  failures: ["CampaignNotFound"]
})

/**
 * `POST /v1/keys`: create an API key and a new account (no key needed; 10 an hour). The secret is shown once.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const createKey = Endpoint.post("/v1/keys", {
  input: Models.CreateKey,
  success: Models.CreatedKey,
  failures: ["InvalidRequest"]
})

/**
 * Every endpoint of the client, by method name.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const endpoints = {
  createOutboundCall,
  listCalls,
  getCall,
  createBatchCampaign,
  launchBatchCampaign,
  createAgent,
  getAgent,
  importPhoneNumber,
  sendSms,
  createSmsCampaign,
  getSmsCampaign,
  cancelSmsCampaign,
  createKey
}
