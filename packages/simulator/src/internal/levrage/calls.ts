import * as Effect from "effect/Effect"
import { isoTime, reject } from "../exchange.js"
import { isE164 } from "../validation.js"
import type { AuthenticatedHandler } from "../vendorDialect.js"
import { ownAgent } from "./agents.js"
import { envelope, invalidValue, notFound, ok } from "./envelope.js"
import { bodyOf, list, schema } from "./request.js"
import type { Store } from "./store.js"

/** `POST /v1/call` (singular): spends a credit when credits are limited. @internal */
export const makeCall =
  (store: Store): AuthenticatedHandler =>
  (exchange, principal) =>
    Effect.gen(function* () {
      const { ids, options } = store
      const body = yield* bodyOf(ids, exchange)
      const check = schema(body)
      check.uuid("agent_id", true)
      check.string("source_number", true)
      check.string("phone_number", true)
      check.dict("metadata", true)
      yield* check.done()
      if (!isE164(body.phone_number)) return yield* invalidValue(ids, exchange, "phone_number must be E.164 format")
      if (!isE164(body.source_number)) return yield* invalidValue(ids, exchange, "source_number must be E.164 format")
      const agent = ownAgent(store, principal, body.agent_id)
      if (agent === undefined) return yield* notFound(ids, exchange, "Agent not found")
      if (store.credits !== undefined) {
        if (store.credits <= 0) {
          return yield* reject(envelope(ids, exchange, 402, "quota_exceeded", "Insufficient credits"))
        }
        store.credits -= 1
      }
      const id = ids.uuid()
      const created = {
        call_id: id,
        session_id: `sess_${ids.hex(16)}`,
        agent_id: agent.id,
        phone_number: body.phone_number,
        source_number: body.source_number,
        direction: "outbound",
        metadata: body.metadata ?? null,
        created_at: exchange.timestamp
      }
      store.calls.push({
        id,
        account: principal.account,
        agentId: agent.id,
        createdAt: exchange.now,
        endsAt: exchange.now + options.callDurationMs,
        body: created
      })
      exchange.create("call", id)
      return ok(ids, exchange, { ...created, status: "queued" }, 201)
    })

/** `GET /v1/calls`: newest first; filters `status`, `direction`, `agent_id`. @internal */
export const listCalls =
  (store: Store): AuthenticatedHandler =>
  (exchange, principal) => {
    const q = exchange.query
    const rows = store.calls
      .filter((call) => call.account === principal.account)
      .map((call) => {
        const ended = call.endsAt <= exchange.now
        return {
          ...call.body,
          agent_id: call.agentId,
          direction: "outbound",
          status: ended ? "completed" : "in_progress",
          duration_seconds: ended ? Math.round((call.endsAt - call.createdAt) / 1000) : null,
          started_at: isoTime(call.createdAt),
          ended_at: ended ? isoTime(call.endsAt) : null
        }
      })
      .filter(
        (row) =>
          (q.get("status") === null || row.status === q.get("status")) &&
          (q.get("direction") === null || row.direction === q.get("direction")) &&
          (q.get("agent_id") === null || row.agent_id === q.get("agent_id"))
      )
      .reverse()
    return list(store.ids, exchange, rows)
  }
