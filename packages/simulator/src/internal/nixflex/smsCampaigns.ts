// SMS campaigns (vendors.md 3.8): the older page's body (`body`, `recipients[].phone_number`) or the newer page's
// (`message_template` with `{{var}}`, `recipients[].phone` and `variables`), each answered in its own shape.
import * as Effect from "effect/Effect"
import { isoTime, json, reject } from "../exchange.js"
import { isE164, isIsoDateTime, isRecord } from "../validation.js"
import type { AuthenticatedHandler } from "../vendorDialect.js"
import { usableAgent } from "./agents.js"
import { invalidPhone, invalidRequest, nx } from "./envelope.js"
import { fixtures } from "./fixtures.js"
import { ownedNumber } from "./numbers.js"
import { bodyOf, invalidSchedule, recipientList, recipientPhone, scheduleTypeOf } from "./request.js"
import { checkSmsLength } from "./sms.js"
import type { SmsCampaign, SmsRecipient, Store } from "./store.js"

/** Which page's body this is: `message_template` or `body` decide, else the first recipient's `phone` field. */
const versionOf = (body: Record<string, unknown>): SmsCampaign["version"] => {
  if (body.message_template !== undefined) return "new"
  if (body.body !== undefined) return "old"
  const first: unknown = Array.isArray(body.recipients) ? body.recipients[0] : undefined
  return isRecord(first) && first.phone !== undefined ? "new" : "old"
}

/** `{{name}}` replaced by the recipient's variable; a placeholder without one stays as it is. */
const render = (template: string, variables: Record<string, unknown> | undefined) =>
  template.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (placeholder, name: string) =>
    variables !== undefined && Object.hasOwn(variables, name) ? String(variables[name]) : placeholder
  )

type Status = "scheduled" | "running" | "completed" | "cancelled"

/** Where a campaign stands at `now`: how many messages went out, and its status. */
const progress = (campaign: SmsCampaign, now: number): { readonly sent: number; readonly status: Status } => {
  const total = campaign.recipients.length
  const until = Math.min(now, campaign.cancelledAt ?? now)
  const elapsed = until - campaign.startsAt
  const sent =
    elapsed < 0 ? 0 : campaign.intervalMs <= 0 ? total : Math.min(total, Math.floor(elapsed / campaign.intervalMs))
  const status: Status =
    campaign.cancelledAt !== undefined
      ? "cancelled"
      : now < campaign.startsAt
        ? "scheduled"
        : sent === total
          ? "completed"
          : "running"
  return { sent, status }
}

/** The campaign as the create response shows it, or with `detail` as `GET` does (adding the recipients). */
const renderCampaign = (campaign: SmsCampaign, now: number, detail: boolean) => {
  const { sent, status } = progress(campaign, now)
  const total = campaign.recipients.length
  const failed = campaign.recipients.slice(0, sent).filter((recipient) => recipient.failure !== undefined).length
  const counts =
    campaign.version === "old"
      ? { campaign_id: campaign.id, status, recipients_count: total, sent_count: sent }
      : {
          campaign_id: campaign.id,
          status,
          total_count: total,
          delivered_count: sent - failed,
          failed_count: failed,
          pending_count: status === "cancelled" ? 0 : total - sent,
          source: "api"
        }
  if (!detail) return counts
  const recipients = campaign.recipients.map((recipient, index) => {
    const done = index < sent
    const state = done
      ? recipient.failure === undefined
        ? "delivered"
        : "failed"
      : status === "cancelled"
        ? "cancelled"
        : "pending"
    const outcome = {
      status: state,
      sent_at: done ? isoTime(campaign.startsAt + (index + 1) * campaign.intervalMs) : null,
      error_code: done ? (recipient.failure ?? null) : null
    }
    return campaign.version === "old"
      ? { phone_number: recipient.phone, ...outcome }
      : { phone: recipient.phone, variables: recipient.variables ?? {}, message: recipient.message, ...outcome }
  })
  return { ...counts, delivered_count: sent - failed, failed_count: failed, replied_count: 0, recipients }
}

const campaignNotFound = () => reject(nx(404, "not_found", "campaign_not_found", "Campaign not found"))

const ownCampaign = (store: Store, account: string, id: string | undefined) => {
  const campaign = store.smsCampaigns.get(id ?? "")
  return campaign === undefined || campaign.account !== account ? campaignNotFound() : Effect.succeed(campaign)
}

/** `POST /v1/sms/campaigns`. @internal */
export const createSmsCampaign =
  (store: Store): AuthenticatedHandler =>
  (exchange, principal) =>
    Effect.gen(function* () {
      const body = yield* bodyOf(exchange)
      const version = versionOf(body)
      const textField = version === "new" ? "message_template" : "body"
      const text = body[textField]
      if (text === undefined || text === "") return yield* invalidRequest(`${textField} is required`, textField)
      if (typeof text !== "string") return yield* invalidRequest(`${textField} must be a string`, textField)
      yield* checkSmsLength(text)
      if (body.context_prompt !== undefined && typeof body.context_prompt !== "string") {
        return yield* invalidRequest("context_prompt must be a string", "context_prompt")
      }
      const list = yield* recipientList(body, "campaign")
      if (list.length === 0) {
        return yield* reject(nx(400, "invalid_request", "campaign_no_recipients", "Campaign has no recipients"))
      }
      const scheduleType = yield* scheduleTypeOf(body)
      if (scheduleType === "schedule" && !isIsoDateTime(body.scheduled_at)) return yield* invalidSchedule()
      const recipients: Array<SmsRecipient> = []
      for (let index = 0; index < list.length; index++) {
        const recipient: unknown = list[index]
        const phone = recipientPhone(recipient)
        if (!isE164(phone)) return yield* invalidPhone(`recipients[${index}]`, { index })
        const variables = isRecord(recipient) ? recipient.variables : undefined
        if (variables !== undefined && variables !== null && !isRecord(variables)) {
          return yield* invalidRequest(
            `recipients[${index}].variables must be an object`,
            `recipients[${index}].variables`
          )
        }
        const own = isRecord(variables) ? variables : undefined
        recipients.push({
          phone,
          variables: own,
          message: version === "new" ? render(text, own) : text,
          failure: phone === fixtures.unsubscribedNumber ? "recipient_unsubscribed" : undefined
        })
      }
      if (body.agent_id !== undefined) yield* usableAgent(store, principal, body.agent_id)
      if (body.from_number !== undefined) yield* ownedNumber(store, principal, body.from_number)
      const scheduledAt = scheduleType === "schedule" ? Date.parse(body.scheduled_at as string) : undefined
      const id = `smsc_${store.ids.hex(16)}`
      const campaign: SmsCampaign = {
        id,
        account: principal.account,
        version,
        recipients,
        startsAt: Math.max(exchange.now, scheduledAt ?? exchange.now),
        intervalMs: store.options.smsIntervalMs,
        cancelledAt: undefined
      }
      store.smsCampaigns.set(id, campaign)
      exchange.create("sms_campaign", id)
      return json(201, renderCampaign(campaign, exchange.now, false))
    })

/** `GET /v1/sms/campaigns/:id`. @internal */
export const getSmsCampaign =
  (store: Store): AuthenticatedHandler =>
  (exchange, principal, params) =>
    Effect.map(ownCampaign(store, principal.account, params.id), (campaign) =>
      json(200, renderCampaign(campaign, exchange.now, true))
    )

/**
 * `DELETE /v1/sms/campaigns/:id`: cancels a campaign that has not started. The docs give no error for one that has
 * (running, completed or already cancelled); `409 campaign_not_cancellable` is the simulator's.
 *
 * @internal
 */
export const cancelSmsCampaign =
  (store: Store): AuthenticatedHandler =>
  (exchange, principal, params) =>
    Effect.gen(function* () {
      const campaign = yield* ownCampaign(store, principal.account, params.id)
      const { status } = progress(campaign, exchange.now)
      if (status !== "scheduled") {
        return yield* reject(
          nx(
            409,
            "conflict",
            "campaign_not_cancellable",
            `Only a scheduled campaign can be cancelled (it is ${status})`,
            {
              details: { status }
            }
          )
        )
      }
      campaign.cancelledAt = exchange.now
      return json(200, renderCampaign(campaign, exchange.now, true))
    })
