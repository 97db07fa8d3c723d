import * as Effect from "effect/Effect"
import { isE164, isRecord } from "../validation.js"
import type { AuthenticatedHandler } from "../vendorDialect.js"
import { ownAgent } from "./agents.js"
import { invalidValue, notFound, ok } from "./envelope.js"
import { bodyOf, list, schema } from "./request.js"
import type { Store } from "./store.js"

/** `POST /v1/campaigns`: up to 2,000 contacts, each with an E.164 phone under `phone_column`. @internal */
export const createCampaign =
  (store: Store): AuthenticatedHandler =>
  (exchange, principal) =>
    Effect.gen(function* () {
      const { ids } = store
      const body = yield* bodyOf(ids, exchange)
      const check = schema(body)
      check.string("name", true, 100)
      check.uuid("agent_id", true)
      check.string("phone_number", true)
      check.list("contacts", true, 2000)
      check.string("phone_column", false)
      check.int("max_concurrent_calls", { ge: 1, le: 50 })
      check.dict("retry_config", true)
      yield* check.done()
      if (!isE164(body.phone_number)) return yield* invalidValue(ids, exchange, "phone_number must be E.164 format")
      const phoneColumn = (body.phone_column as string | undefined) ?? "phone"
      const contacts = body.contacts as ReadonlyArray<unknown>
      for (let i = 0; i < contacts.length; i++) {
        const contact = contacts[i]
        if (!isRecord(contact)) return yield* invalidValue(ids, exchange, `contacts[${i}] must be an object`)
        if (!isE164(contact[phoneColumn])) {
          return yield* invalidValue(ids, exchange, `contacts[${i}].${phoneColumn} must be E.164 format`)
        }
      }
      const agent = ownAgent(store, principal, body.agent_id)
      if (agent === undefined) return yield* notFound(ids, exchange, "Agent not found")
      const id = ids.uuid()
      const campaign = {
        id,
        name: body.name,
        agent_id: agent.id,
        phone_number: body.phone_number,
        status: "running",
        total_contacts: contacts.length,
        phone_column: phoneColumn,
        max_concurrent_calls: body.max_concurrent_calls ?? 1,
        retry_config: body.retry_config ?? null,
        created_at: exchange.timestamp
      }
      store.campaigns.push({ id, account: principal.account, body: campaign })
      exchange.create("campaign", id)
      return ok(ids, exchange, campaign, 201)
    })

/** `GET /v1/campaigns`. @internal */
export const listCampaigns =
  (store: Store): AuthenticatedHandler =>
  (exchange, principal) =>
    list(
      store.ids,
      exchange,
      store.campaigns.filter((campaign) => campaign.account === principal.account).map((campaign) => campaign.body)
    )
