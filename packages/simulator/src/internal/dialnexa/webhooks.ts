// `POST /v1/user-webhooks` and its list (vendors.md 1.8). Registration only: the simulator delivers no events.
import * as Effect from "effect/Effect"
import { json } from "../exchange.js"
import type { AuthenticatedHandler } from "../vendorDialect.js"
import { invalid } from "./envelope.js"
import { bodyOf, pageQuery, paginate } from "./request.js"
import type { Store, Webhook } from "./store.js"

/** The register endpoint's vocabulary (the payload pages and the product docs use two others). */
const events = [
  "call.completed",
  "call.failed",
  "call.no_answer",
  "campaign.completed",
  "campaign.paused",
  "workflow.lead.completed"
] as const

/** The dashboard's limit on a webhook URL. */
const maxUrlLength = 150

const protocolOf = (text: string): string | undefined => {
  try {
    return new URL(text).protocol
  } catch {
    return undefined
  }
}

/** class-validator's messages, in the order of the fields. */
const checkWebhook = (body: Record<string, unknown>): Array<string> => {
  const issues: Array<string> = []
  const url = body.url
  const protocol = typeof url === "string" ? protocolOf(url) : undefined
  if (protocol === undefined) issues.push("url must be a URL address")
  else if (protocol !== "https:") issues.push("url must use https")
  if (typeof url === "string" && url.length > maxUrlLength) {
    issues.push(`url must be shorter than or equal to ${maxUrlLength} characters`)
  }
  if (!Array.isArray(body.events)) issues.push("events must be an array")
  else if (body.events.length === 0) issues.push("events should not be empty")
  else if (body.events.some((event) => !(events as ReadonlyArray<unknown>).includes(event))) {
    issues.push(`each value in events must be one of the following values: ${events.join(", ")}`)
  }
  if (body.secret !== undefined && typeof body.secret !== "string") issues.push("secret must be a string")
  if (body.is_active !== undefined && typeof body.is_active !== "boolean") {
    issues.push("is_active must be a boolean value")
  }
  return issues
}

/** `POST /v1/user-webhooks {url, events, secret?, is_active?}` → 201 without the secret. @internal */
export const createWebhook =
  (store: Store): AuthenticatedHandler =>
  (exchange, principal) =>
    Effect.gen(function* () {
      const body = yield* bodyOf(exchange)
      const issues = checkWebhook(body)
      if (issues.length > 0) return yield* invalid(issues)
      const id = `wh_${store.ids.hex(12)}`
      const webhook: Webhook = {
        id,
        account: principal.account,
        secret: body.secret as string | undefined,
        body: {
          id,
          url: body.url,
          events: body.events,
          is_active: body.is_active ?? true,
          created_at: exchange.timestamp
        }
      }
      store.webhooks.set(id, webhook)
      exchange.create("webhook", id)
      return json(201, webhook.body)
    })

/** `GET /v1/user-webhooks`: the organisation's webhooks, oldest first. @internal */
export const listWebhooks =
  (store: Store): AuthenticatedHandler =>
  (exchange, principal) =>
    Effect.map(pageQuery(exchange), ({ page, limit }) =>
      json(
        200,
        paginate(
          Array.from(store.webhooks.values())
            .filter((webhook) => webhook.account === principal.account)
            .map((webhook) => webhook.body),
          page,
          limit
        )
      )
    )
