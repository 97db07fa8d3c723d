import * as Effect from "effect/Effect"
import { json, reject } from "../exchange.js"
import { isE164, isInteger, isNonEmptyString, isRecord } from "../validation.js"
import type { AuthenticatedHandler } from "../vendorDialect.js"
import { ownAgent } from "./agents.js"
import { invalid, nest, notFound } from "./envelope.js"
import { fixtures } from "./fixtures.js"
import { bodyOf } from "./request.js"
import type { Agent, Store } from "./store.js"

/**
 * `POST /v1/calls`: the API reference's body (`agent_id`, `to_phone_number`) or the product docs' (`from_number`,
 * `to_number`, `agent_version_id`), each answered in its own shape. A created call is also a call log.
 *
 * @internal
 */
export const createCall =
  (store: Store): AuthenticatedHandler =>
  (exchange, principal) =>
    Effect.gen(function* () {
      const { ids, options } = store
      const body = yield* bodyOf(exchange)
      const productVariant = "to_number" in body || "from_number" in body || "agent_version_id" in body
      const issues: Array<string> = []
      const optionalObject = (name: string) => {
        if (body[name] !== undefined && body[name] !== null && !isRecord(body[name])) {
          issues.push(`${name} must be an object`)
        }
      }
      let agent: Agent | undefined
      let to: string
      let from: string | undefined
      if (productVariant) {
        if (!isE164(body.from_number)) issues.push("from_number must be in E.164 format")
        if (!isE164(body.to_number)) issues.push("to_number must be in E.164 format")
        if (!isNonEmptyString(body.agent_version_id)) issues.push("agent_version_id should not be empty")
        optionalObject("variables")
        optionalObject("metadata")
        if (issues.length > 0) return yield* invalid(issues)
        const version = store.versions.get(body.agent_version_id as string)
        if (version === undefined) return yield* notFound("Agent version not found")
        if (!version.published) {
          return yield* reject(nest(422, `Agent version ${body.agent_version_id} is not published`))
        }
        if (!store.workspaceNumbers.has(body.from_number as string)) {
          return yield* reject(nest(422, `from_number ${body.from_number} is not an active number in this workspace`))
        }
        agent = ownAgent(store, principal, version.agentId)
        if (agent === undefined) return yield* notFound("Agent not found")
        to = body.to_number as string
        from = body.from_number as string
      } else {
        if (body.agent_id !== undefined && typeof body.agent_id !== "string") issues.push("agent_id must be a string")
        else if (!isNonEmptyString(body.agent_id)) issues.push("agent_id should not be empty")
        if (!isE164(body.to_phone_number)) issues.push("to_phone_number must be in E.164 format")
        if (body.from_phone_number !== undefined && !isE164(body.from_phone_number)) {
          issues.push("from_phone_number must be in E.164 format")
        }
        if (body.agent_version_number !== undefined && !isInteger(body.agent_version_number)) {
          issues.push("agent_version_number must be an integer number")
        }
        optionalObject("metadata")
        if (issues.length > 0) return yield* invalid(issues)
        agent = ownAgent(store, principal, body.agent_id as string)
        if (agent === undefined) return yield* notFound("Agent not found")
        if (agent.phoneDeleted) return yield* reject(nest(422, "Agent is assigned to a deleted phone number"))
        to = body.to_phone_number as string
        from = body.from_phone_number as string | undefined
      }
      const blocked = options.blockedPrefixes.find((prefix) => to.startsWith(prefix))
      if (blocked !== undefined) {
        return yield* reject(
          nest(403, `Destination ${to} is not allowed: prefix ${blocked} is not enabled in Telephony Config`)
        )
      }
      const active = store.inFlight.active(principal.account, exchange.now)
      if (active.length >= options.concurrency.dialnexa) {
        if (options.dialnexaConcurrencyStatus === 429) {
          const firstEnd = Math.min(...active)
          const retryAfter = String(Math.max(1, Math.ceil((firstEnd - exchange.now) / 1000)))
          return yield* reject(nest(429, "Concurrency limit reached", { "retry-after": retryAfter }))
        }
        return yield* reject(nest(409, "Workspace concurrency limit reached"))
      }
      const id = `call_${ids.hex(16)}`
      const endsAt = exchange.now + options.callDurationMs
      store.inFlight.add(principal.account, endsAt)
      store.logs.push({
        id: `log_${ids.hex(12)}`,
        account: principal.account,
        callId: id,
        agentId: agent.id,
        createdAt: exchange.now,
        endsAt,
        sentiment: "neutral",
        durationSeconds: Math.round(options.callDurationMs / 1000),
        endReason: "user_disconnected"
      })
      exchange.create("call", id)
      if (productVariant) {
        return json(201, {
          call_id: id,
          status: "queued",
          from_number: from,
          to_number: to,
          agent_version_id: body.agent_version_id,
          created_at: exchange.timestamp
        })
      }
      return json(201, {
        id,
        to_phone_number: to,
        from_phone_number: from ?? fixtures.fromPhoneNumber,
        agent_id: agent.id,
        agent_version_number: body.agent_version_number ?? agent.body.current_version_number,
        status: "initiated",
        metadata: body.metadata ?? null,
        created_at: exchange.timestamp
      })
    })
