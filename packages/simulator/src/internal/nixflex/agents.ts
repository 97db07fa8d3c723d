import * as Effect from "effect/Effect"
import { json, type Principal, type Rejection, reject } from "../exchange.js"
import { isInteger, isNonEmptyString } from "../validation.js"
import type { AuthenticatedHandler } from "../vendorDialect.js"
import { invalidRequest, nx } from "./envelope.js"
import { bodyOf, pageOf } from "./request.js"
import type { Agent, Store } from "./store.js"

const voiceIds = ["Ashley", "Dennis", "Olivia", "Marcus", "Priya", "Hiro"]
const languageCodes = ["multi", "en", "es", "fr", "de", "it", "pt", "nl", "ja", "hi"]

const agentNotFound = () => reject(nx(404, "not_found", "agent_not_found", "agent_id doesn't exist"))

/** An agent the caller may use: 404 when it does not exist, 403 when another account owns it. @internal */
export const usableAgent = (store: Store, principal: Principal, id: unknown): Effect.Effect<Agent, Rejection> => {
  const agent = typeof id === "string" ? store.agents.get(id) : undefined
  if (agent === undefined) return agentNotFound()
  if (agent.account !== principal.account) {
    return reject(nx(403, "permission_error", "agent_not_owned", "Agent exists but belongs to another account"))
  }
  return Effect.succeed(agent)
}

/** The caller's own agent, or `undefined` (reads answer 404 for another account's agent, not 403). */
const ownAgent = (store: Store, principal: Principal, id: string | undefined) => {
  const agent = store.agents.get(id ?? "")
  return agent !== undefined && agent.account === principal.account ? agent : undefined
}

/** The checks shared by create and update; every field is optional here. */
const checkAgent = (body: Record<string, unknown>): Effect.Effect<void, Rejection> => {
  if (body.name !== undefined && !(typeof body.name === "string" && body.name.length <= 100)) {
    return invalidRequest("name must be a string of at most 100 characters", "name")
  }
  if (body.system_prompt !== undefined) {
    if (typeof body.system_prompt !== "string") return invalidRequest("system_prompt must be a string", "system_prompt")
    if (body.system_prompt.length > 10_000) {
      return reject(
        nx(400, "invalid_request", "prompt_too_long", "system_prompt is longer than 10,000 characters", {
          details: { length: body.system_prompt.length, max: 10_000 }
        })
      )
    }
  }
  if (body.voice_id !== undefined && !voiceIds.includes(body.voice_id as string)) {
    return reject(
      nx(400, "invalid_request", "invalid_voice_id", `voice_id is not supported. Use one of: ${voiceIds.join(", ")}`)
    )
  }
  if (body.language !== undefined && !languageCodes.includes(body.language as string)) {
    return reject(nx(400, "invalid_request", "invalid_language", `language is not supported: ${String(body.language)}`))
  }
  const sensitivity = body.interruption_sensitivity
  if (
    sensitivity !== undefined &&
    !["low", "medium", "high"].includes(sensitivity as string) &&
    !(isInteger(sensitivity) && sensitivity >= 0 && sensitivity <= 100)
  ) {
    return invalidRequest("interruption_sensitivity must be low, medium, high or 0–100", "interruption_sensitivity")
  }
  const ranges: ReadonlyArray<readonly [string, number, number, boolean]> = [
    ["temperature", 0, 1, false],
    ["pickup_delay", 5, 30, true],
    ["max_call_duration_seconds", 60, 1800, true],
    ["silence_hangup_seconds", 1, 3600, true]
  ]
  for (const [name, min, max, integer] of ranges) {
    const value = body[name]
    if (value === undefined) continue
    if (typeof value !== "number" || (integer && !Number.isInteger(value)) || value < min || value > max) {
      return invalidRequest(`${name} must be between ${min} and ${max}`, name)
    }
  }
  if (body.response_length !== undefined && !["short", "medium", "long"].includes(body.response_length as string)) {
    return invalidRequest("response_length must be short, medium or long", "response_length")
  }
  if (body.is_active !== undefined && typeof body.is_active !== "boolean") {
    return invalidRequest("is_active must be a boolean", "is_active")
  }
  if (
    body.webhook_url !== undefined &&
    body.webhook_url !== null &&
    !(typeof body.webhook_url === "string" && body.webhook_url.startsWith("https://"))
  ) {
    return invalidRequest("webhook_url must be an https:// URL", "webhook_url")
  }
  return Effect.void
}

/** `POST /v1/agents`. @internal */
export const createAgent =
  (store: Store): AuthenticatedHandler =>
  (exchange, principal) =>
    Effect.gen(function* () {
      const body = yield* bodyOf(exchange)
      yield* checkAgent(body)
      // The older page's defaults apply to the older body (with a system_prompt); the newer page's otherwise.
      const older = body.system_prompt !== undefined
      if (older && !isNonEmptyString(body.name)) return yield* invalidRequest("name is required", "name")
      const id = `agent_${store.ids.hex(16)}`
      const agent: Agent = {
        id,
        account: principal.account,
        body: {
          name: body.name ?? "Untitled Agent",
          system_prompt: body.system_prompt ?? null,
          voice_id: older ? "Dennis" : "Ashley",
          language: older ? "en" : "multi",
          temperature: 0.3,
          response_length: older ? "medium" : "short",
          interruption_sensitivity: older ? "medium" : 50,
          pickup_delay: 10,
          max_call_duration_seconds: 300,
          silence_hangup_seconds: older ? 30 : 10,
          is_active: true,
          webhook_url: null,
          ...body,
          agent_id: id,
          api_key_id: principal.label,
          created_at: exchange.timestamp
        }
      }
      store.agents.set(id, agent)
      exchange.create("agent", id)
      return json(201, agent.body)
    })

/** `GET /v1/agents/:id`. @internal */
export const getAgent =
  (store: Store): AuthenticatedHandler =>
  (_, principal, params) => {
    const agent = ownAgent(store, principal, params.id)
    return agent === undefined ? agentNotFound() : Effect.succeed(json(200, agent.body))
  }

/** `PUT /v1/agents/:id`. @internal */
export const updateAgent =
  (store: Store): AuthenticatedHandler =>
  (exchange, principal, params) =>
    Effect.gen(function* () {
      const body = yield* bodyOf(exchange)
      const agent = ownAgent(store, principal, params.id)
      if (agent === undefined) return yield* agentNotFound()
      yield* checkAgent(body)
      agent.body = { ...agent.body, ...body, agent_id: agent.id, updated_at: exchange.timestamp }
      return json(200, agent.body)
    })

/** `GET /v1/agents`. @internal */
export const listAgents =
  (store: Store): AuthenticatedHandler =>
  (exchange, principal) =>
    Effect.map(pageOf(exchange), ({ limit, offset }) => {
      const rows = Array.from(store.agents.values())
        .filter((agent) => agent.account === principal.account)
        .map((agent) => agent.body)
      return json(200, { agents: rows.slice(offset, offset + limit), count: rows.length, limit, offset })
    })
