import * as Effect from "effect/Effect"
import { json, reject } from "../exchange.js"
import { isE164, isInteger, isIsoDateTime, isNonEmptyString } from "../validation.js"
import type { AuthenticatedHandler } from "../vendorDialect.js"
import { usableAgent } from "./agents.js"
import { invalidPhone, invalidRequest, nx } from "./envelope.js"
import { fromNumberFor, outboundNumbersOf } from "./numbers.js"
import { bodyOf, invalidSchedule, recipientList, recipientPhone, scheduleTypeOf } from "./request.js"
import type { Campaign, Store } from "./store.js"

/** How many rounds of calls a batch takes: its recipients over what may be in flight at once. */
const waves = (store: Store, recipients: number, concurrency: number) =>
  Math.max(1, Math.ceil(recipients / Math.max(1, Math.min(concurrency, store.options.concurrency.nixflex))))

/** The campaign's status at `now`: a running campaign completes when its last wave ends. */
const currentStatus = (campaign: Campaign, now: number) => {
  if (campaign.status === "running" && campaign.completesAt !== undefined && now >= campaign.completesAt) {
    campaign.status = "completed"
  }
  return campaign.status
}

/** `POST /v1/calls/batch`: the old body (`name`, `schedule_type`) or the new one (`prompt`, `skip_invalid`). @internal */
export const createBatch =
  (store: Store): AuthenticatedHandler =>
  (exchange, principal) =>
    Effect.gen(function* () {
      const { options } = store
      const body = yield* bodyOf(exchange)
      if (!isNonEmptyString(body.agent_id)) return yield* invalidRequest("agent_id is required", "agent_id")
      const recipients = yield* recipientList(body, "batch")
      if (body.prompt !== undefined && !isNonEmptyString(body.prompt)) {
        return yield* invalidRequest("prompt must be a non-empty string", "prompt")
      }
      if (body.prompt === undefined && (body.name === undefined || body.schedule_type === undefined)) {
        return yield* invalidRequest("prompt is required", "prompt")
      }
      const scheduleType = yield* scheduleTypeOf(body)
      if (
        scheduleType === "schedule" &&
        !isIsoDateTime(body.scheduled_at) &&
        !(typeof body.scheduled_date === "string" && /^\d{4}-\d{2}-\d{2}$/.test(body.scheduled_date))
      ) {
        return yield* invalidSchedule()
      }
      if (body.max_concurrent !== undefined && !(isInteger(body.max_concurrent) && body.max_concurrent >= 1)) {
        return yield* invalidRequest("max_concurrent must be a positive integer", "max_concurrent")
      }
      let valid = 0
      for (let index = 0; index < recipients.length; index++) {
        if (isE164(recipientPhone(recipients[index]))) valid += 1
        else if (body.skip_invalid !== true) return yield* invalidPhone(`recipients[${index}]`, { index })
      }
      const agent = yield* usableAgent(store, principal, body.agent_id)
      if (body.from_number === undefined && outboundNumbersOf(store, agent.id).length > 1) {
        return yield* invalidRequest(
          "from_number is required when the agent has more than one outbound number",
          "from_number"
        )
      }
      yield* fromNumberFor(store, principal, agent, body.from_number)
      const concurrency = (body.max_concurrent as number | undefined) ?? options.concurrency.nixflex
      const running = scheduleType === "now" && valid > 0
      const id = `camp_${store.ids.hex(16)}`
      const campaign: Campaign = {
        id,
        account: principal.account,
        agentId: agent.id,
        name: typeof body.name === "string" ? body.name : `Batch ${exchange.timestamp}`,
        recipients: valid,
        concurrency,
        createdAt: exchange.now,
        status: running ? "running" : "scheduled",
        completesAt: running ? exchange.now + options.callDurationMs * waves(store, valid, concurrency) : undefined
      }
      store.campaigns.set(id, campaign)
      exchange.create("campaign", id)
      return json(201, {
        campaign_id: id,
        agent_id: agent.id,
        name: campaign.name,
        status: campaign.status,
        recipients_count: valid,
        created_at: exchange.timestamp
      })
    })

/** `POST /v1/calls/batch/:campaign_id/launch`: starts a scheduled or paused batch; a running one is left as it is. @internal */
export const launchBatch =
  (store: Store): AuthenticatedHandler =>
  (exchange, principal, params) =>
    Effect.gen(function* () {
      const { callDurationMs } = store.options
      const campaign = store.campaigns.get(params.campaign_id ?? "")
      if (campaign === undefined || campaign.account !== principal.account) {
        return yield* reject(nx(404, "not_found", "campaign_not_found", "Campaign not found"))
      }
      const status = currentStatus(campaign, exchange.now)
      if (status === "completed") {
        return yield* reject(nx(400, "invalid_request", "campaign_already_completed", "Campaign has already completed"))
      }
      if (campaign.recipients === 0) {
        return yield* reject(nx(400, "invalid_request", "campaign_no_recipients", "Campaign has no recipients"))
      }
      const rounds = waves(store, campaign.recipients, campaign.concurrency)
      if (status !== "running") {
        campaign.status = "running"
        campaign.completesAt = exchange.now + callDurationMs * rounds
      }
      const share = ((campaign.completesAt ?? exchange.now) - exchange.now) / (callDurationMs * rounds)
      return json(200, {
        campaign_id: campaign.id,
        status: "running",
        recipients_count: campaign.recipients,
        queued_count: Math.min(campaign.recipients, Math.max(0, Math.round(campaign.recipients * share)))
      })
    })
