import * as Effect from "effect/Effect"
import { json, type Principal, reject } from "../exchange.js"
import { isE164, isInteger, isIsoDateTime, isNonEmptyString, isRecord } from "../validation.js"
import type { AuthenticatedHandler } from "../vendorDialect.js"
import { ownAgent } from "./agents.js"
import { invalid, nest, notFound } from "./envelope.js"
import { bodyOf, pageQuery, paginate } from "./request.js"
import type { Campaign, Store } from "./store.js"

/** The status enum of the create-campaign schema. */
const statuses = ["draft", "active", "running", "paused", "completed", "cancelled"] as const

/** class-validator's messages for a create (`required`) or a partial update. */
const checkCampaignFields = (store: Store, body: Record<string, unknown>, required: boolean): Array<string> => {
  const limit = store.options.concurrency.dialnexa
  const issues: Array<string> = []
  const present = (name: string) => required || body[name] !== undefined
  if (present("name") && !isNonEmptyString(body.name)) issues.push("name should not be empty")
  if (present("agent_id") && !isNonEmptyString(body.agent_id)) issues.push("agent_id should not be empty")
  if (present("from_phone_number") && !isE164(body.from_phone_number)) {
    issues.push("from_phone_number must be in E.164 format")
  }
  if (body.scheduled_at !== undefined && body.scheduled_at !== null && !isIsoDateTime(body.scheduled_at)) {
    issues.push("scheduled_at must be a valid ISO 8601 date string")
  }
  if (present("max_concurrent_calls")) {
    const value = body.max_concurrent_calls
    if (!isInteger(value)) issues.push("max_concurrent_calls must be an integer number")
    else if (value < 1) issues.push("max_concurrent_calls must not be less than 1")
    else if (value > limit) issues.push(`max_concurrent_calls must not be greater than ${limit}`)
  }
  for (const name of ["retry_config", "retry_policy"]) {
    const retry = body[name]
    if (retry === undefined || retry === null) continue
    if (!isRecord(retry)) {
      issues.push(`${name} must be an object`)
      continue
    }
    if (retry.max_retries !== undefined && !(isInteger(retry.max_retries) && retry.max_retries >= 0)) {
      issues.push(`${name}.max_retries must not be less than 0`)
    }
    if (
      retry.retry_interval_minutes !== undefined &&
      !(isInteger(retry.retry_interval_minutes) && retry.retry_interval_minutes >= 1)
    ) {
      issues.push(`${name}.retry_interval_minutes must not be less than 1`)
    }
  }
  if (body.status !== undefined && !(statuses as ReadonlyArray<unknown>).includes(body.status)) {
    issues.push(`status must be one of the following values: ${statuses.join(", ")}`)
  }
  return issues
}

const ownCampaign = (store: Store, principal: Principal, id: string | undefined) => {
  const campaign = store.campaigns.get(id ?? "")
  return campaign !== undefined && campaign.account === principal.account ? campaign : undefined
}

/** `POST /v1/campaigns`: `draft` when `scheduled_at` is in the future, `running` otherwise. @internal */
export const createCampaign =
  (store: Store): AuthenticatedHandler =>
  (exchange, principal) =>
    Effect.gen(function* () {
      const body = yield* bodyOf(exchange)
      const issues = checkCampaignFields(store, body, true)
      if (issues.length > 0) return yield* invalid(issues)
      if (ownAgent(store, principal, body.agent_id as string) === undefined) return yield* notFound("Agent not found")
      const scheduled = isIsoDateTime(body.scheduled_at) && Date.parse(body.scheduled_at) > exchange.now
      const id = `cmp_${store.ids.hex(12)}`
      const campaign: Campaign = {
        id,
        account: principal.account,
        callsPlaced: !scheduled,
        body: {
          id,
          organization_id: principal.account,
          name: body.name,
          agent_id: body.agent_id,
          from_phone_number: body.from_phone_number,
          status: scheduled ? "draft" : "running",
          max_concurrent_calls: body.max_concurrent_calls,
          scheduled_at: body.scheduled_at ?? null,
          retry_config: body.retry_config ?? body.retry_policy ?? null,
          created_at: exchange.timestamp,
          total_leads: 0,
          completed_calls: 0,
          pending_calls: 0
        }
      }
      store.campaigns.set(id, campaign)
      exchange.create("campaign", id)
      const { total_leads: _t, completed_calls: _c, pending_calls: _p, ...created } = campaign.body
      return json(201, created)
    })

/** `GET /v1/campaigns/:id`, with the lead counts. @internal */
export const getCampaign =
  (store: Store): AuthenticatedHandler =>
  (_, principal, params) => {
    const campaign = ownCampaign(store, principal, params.id)
    return campaign === undefined ? notFound("Campaign not found") : Effect.succeed(json(200, campaign.body))
  }

/** `GET /v1/campaigns`. @internal */
export const listCampaigns =
  (store: Store): AuthenticatedHandler =>
  (exchange, principal) =>
    Effect.map(pageQuery(exchange), ({ page, limit }) =>
      json(
        200,
        paginate(
          Array.from(store.campaigns.values())
            .filter((campaign) => campaign.account === principal.account)
            .map((campaign) => campaign.body),
          page,
          limit
        )
      )
    )

/** `PATCH /v1/campaigns/:id`: a partial update; `retry_policy` is taken for `retry_config`. @internal */
export const updateCampaign =
  (store: Store): AuthenticatedHandler =>
  (exchange, principal, params) =>
    Effect.gen(function* () {
      const body = yield* bodyOf(exchange)
      const issues = checkCampaignFields(store, body, false)
      if (issues.length > 0) return yield* invalid(issues)
      const campaign = ownCampaign(store, principal, params.id)
      if (campaign === undefined) return yield* notFound("Campaign not found")
      const current = campaign.body.status as string
      const terminal = current === "cancelled" || current === "completed"
      if (body.status !== undefined && body.status !== current && terminal) {
        return yield* reject(
          nest(
            409,
            current === "cancelled"
              ? "Cannot resume a campaign that has been cancelled"
              : "Campaign is already completed"
          )
        )
      }
      if (body.agent_id !== undefined && body.agent_id !== campaign.body.agent_id) {
        if (campaign.callsPlaced) return yield* reject(nest(409, "Cannot change agent_id after calls have been placed"))
        if (ownAgent(store, principal, body.agent_id as string) === undefined) return yield* notFound("Agent not found")
      }
      const { retry_policy, ...rest } = body
      campaign.body = {
        ...campaign.body,
        ...rest,
        ...(retry_policy !== undefined ? { retry_config: retry_policy } : {}),
        updated_at: exchange.timestamp
      }
      return json(200, campaign.body)
    })

/** `DELETE /v1/campaigns-leads/:id`: 409 once the lead's campaign is completed or cancelled. @internal */
export const deleteLead =
  (store: Store): AuthenticatedHandler =>
  (_, principal, params) =>
    Effect.gen(function* () {
      const lead = store.leads.get(params.id ?? "")
      const campaign = lead === undefined ? undefined : ownCampaign(store, principal, lead.campaignId)
      if (lead === undefined || lead.removed || campaign === undefined) return yield* notFound("Lead not found")
      const status = campaign.body.status
      if (status === "completed" || status === "cancelled") {
        return yield* reject(nest(409, `Cannot remove a lead from a ${status} campaign`))
      }
      lead.removed = true
      campaign.body = {
        ...campaign.body,
        total_leads: (campaign.body.total_leads as number) - 1,
        pending_calls: Math.max(0, (campaign.body.pending_calls as number) - 1)
      }
      return json(200, { message: "Lead removed from campaign." })
    })
