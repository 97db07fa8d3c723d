import * as Effect from "effect/Effect"
import { type Exchange, type Principal, reject } from "../exchange.js"
import { isRecord } from "../validation.js"
import type { AuthenticatedHandler } from "../vendorDialect.js"
import { baseAgentTypes, industries, languageCodes, languages, voices } from "./catalog.js"
import { envelope, invalidValue, notFound, ok } from "./envelope.js"
import { bodyOf, list, schema } from "./request.js"
import type { Agent, Store } from "./store.js"

/** The account's own agent (ids compare without case), or `undefined`. @internal */
export const ownAgent = (store: Store, principal: Principal, id: unknown): Agent | undefined => {
  const agent = typeof id === "string" ? store.agents.get(id.toLowerCase()) : undefined
  return agent !== undefined && agent.account === principal.account ? agent : undefined
}

const nameTaken = (store: Store, principal: Principal, name: unknown, except?: string) =>
  Array.from(store.agents.values()).some(
    (agent) => agent.account === principal.account && agent.body.name === name && agent.id !== except
  )

const nameInUse = (store: Store, exchange: Exchange) =>
  reject(envelope(store.ids, exchange, 409, "validation_error", "Agent name is already in use"))

/** The checks past the schema: known agent type, language and voice, an https webhook. */
const agentSemantics = (store: Store, exchange: Exchange, body: Record<string, unknown>) => {
  const invalid = (message: string) => invalidValue(store.ids, exchange, message)
  const knownTypes = [...baseAgentTypes, ...Object.values(industries).flat()]
  if (body.agent_type !== undefined && !knownTypes.includes(body.agent_type as string)) {
    return invalid(`Unknown agent_type '${String(body.agent_type)}'`)
  }
  if (body.agent_type === "custom" && typeof body.custom_description !== "string") {
    return invalid("custom_description is required when agent_type is custom")
  }
  if (
    body.language !== undefined &&
    !languages.includes(body.language as string) &&
    !languageCodes.includes(body.language as string)
  ) {
    return invalid(`Unsupported language '${String(body.language)}'`)
  }
  if (body.voice !== undefined && !voices.some((voice) => voice.id === body.voice || voice.name === body.voice)) {
    return invalid(`Unknown voice '${String(body.voice)}'`)
  }
  const webhook = body.webhook_config
  if (webhook !== undefined && webhook !== null) {
    if (!isRecord(webhook) || typeof webhook.url !== "string") return invalid("webhook_config.url is required")
    if (!webhook.url.startsWith("https://")) return invalid("webhook_config.url must use https")
  }
  return Effect.void
}

/** `POST /v1/agents`: `name` (unique, ≤ 100), `start_flow` and `end_flow` required. @internal */
export const createAgent =
  (store: Store): AuthenticatedHandler =>
  (exchange, principal) =>
    Effect.gen(function* () {
      const body = yield* bodyOf(store.ids, exchange)
      const check = schema(body)
      check.string("name", true, 100)
      check.string("start_flow", true)
      check.string("end_flow", true)
      for (const name of [
        "agent_type",
        "language",
        "voice",
        "brand_name",
        "description",
        "sector",
        "custom_description"
      ]) {
        check.string(name, false)
      }
      check.dict("webhook_config", true)
      yield* check.done()
      yield* agentSemantics(store, exchange, body)
      if (nameTaken(store, principal, body.name)) return yield* nameInUse(store, exchange)
      const id = store.ids.uuid()
      const agent: Agent = {
        id,
        account: principal.account,
        body: {
          id,
          name: body.name,
          agent_type: body.agent_type ?? "custom",
          language: body.language ?? "English",
          voice: body.voice ?? "emma",
          brand_name: body.brand_name ?? null,
          description: body.description ?? null,
          sector: body.sector ?? null,
          custom_description: body.custom_description ?? null,
          start_flow: body.start_flow,
          end_flow: body.end_flow,
          webhook_config: body.webhook_config ?? null,
          created_at: exchange.timestamp
        }
      }
      store.agents.set(id, agent)
      exchange.create("agent", id)
      return ok(store.ids, exchange, agent.body, 201)
    })

/** `GET /v1/agents/:agent_id`. @internal */
export const getAgent =
  (store: Store): AuthenticatedHandler =>
  (exchange, principal, params) => {
    const agent = ownAgent(store, principal, params.agent_id)
    return agent === undefined
      ? notFound(store.ids, exchange, "Agent not found")
      : Effect.succeed(ok(store.ids, exchange, agent.body))
  }

/** `PATCH /v1/agents/:agent_id`: a partial update, `webhook_config` included. @internal */
export const updateAgent =
  (store: Store): AuthenticatedHandler =>
  (exchange, principal, params) =>
    Effect.gen(function* () {
      const body = yield* bodyOf(store.ids, exchange)
      const check = schema(body)
      check.string("name", false, 100)
      for (const name of ["start_flow", "end_flow", "agent_type", "language", "voice", "brand_name", "description"]) {
        check.string(name, false)
      }
      check.dict("webhook_config", true)
      yield* check.done()
      const agent = ownAgent(store, principal, params.agent_id)
      if (agent === undefined) return yield* notFound(store.ids, exchange, "Agent not found")
      yield* agentSemantics(store, exchange, body)
      if (body.name !== undefined && nameTaken(store, principal, body.name, agent.id)) {
        return yield* nameInUse(store, exchange)
      }
      agent.body = { ...agent.body, ...body, id: agent.id, updated_at: exchange.timestamp }
      return ok(store.ids, exchange, agent.body)
    })

/** `GET /v1/agents`. @internal */
export const listAgents =
  (store: Store): AuthenticatedHandler =>
  (exchange, principal) =>
    list(
      store.ids,
      exchange,
      Array.from(store.agents.values())
        .filter((agent) => agent.account === principal.account)
        .map((agent) => agent.body)
    )
