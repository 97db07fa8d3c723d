import * as Effect from "effect/Effect"
import { isoTime, json, reject } from "../exchange.js"
import { isE164, isNonEmptyString } from "../validation.js"
import type { AuthenticatedHandler } from "../vendorDialect.js"
import { usableAgent } from "./agents.js"
import { invalidPhone, invalidRequest, nx } from "./envelope.js"
import { fromNumberFor } from "./numbers.js"
import { bodyOf, checkObject, pageOf } from "./request.js"
import { addCall, type Call, type Store } from "./store.js"

/** A call as the list shows it, or with `full` as `GET /v1/calls/:id` does (transcript, metadata, cost). */
const renderCall = (call: Call, now: number, full: boolean) => {
  const ended = call.endsAt <= now
  const summary = {
    call_id: call.id,
    agent_id: call.agentId,
    direction: call.direction,
    from_number: call.from,
    to_number: call.to,
    started_at: isoTime(call.createdAt),
    ended_at: ended ? isoTime(call.endsAt) : null,
    duration_seconds: ended ? Math.round((call.endsAt - call.createdAt) / 1000) : null,
    ended_reason: ended ? "caller_hangup" : null,
    call_summary: ended ? "The caller confirmed the appointment for Tuesday." : null,
    caller_sentiment: ended ? "happy" : null,
    call_successful: ended ? true : null,
    recording_url: ended ? `https://recordings.nixflex.com/${call.id}.mp3` : null
  }
  if (!full) return summary
  return {
    ...summary,
    voicemail_detected: false,
    transcript: ended
      ? [
          { role: "agent", text: "Hi, this is the clinic calling about your appointment.", timestamp_ms: 0 },
          { role: "caller", text: "Yes, Tuesday works.", timestamp_ms: 4200 }
        ]
      : [],
    extracted_data: ended ? { confirmed: true } : {},
    metadata: call.metadata,
    cost_usd: ended ? Math.round(((call.endsAt - call.createdAt) / 60_000) * 0.06 * 1000) / 1000 : null
  }
}

/** `POST /v1/calls/outbound`: the old body (`from_number` required) or the new one (`prompt` required). @internal */
export const createOutbound =
  (store: Store): AuthenticatedHandler =>
  (exchange, principal) =>
    Effect.gen(function* () {
      const { options } = store
      const body = yield* bodyOf(exchange)
      if (!isNonEmptyString(body.agent_id)) return yield* invalidRequest("agent_id is required", "agent_id")
      if (body.to_number === undefined) return yield* invalidRequest("to_number is required", "to_number")
      if (!isE164(body.to_number)) return yield* invalidPhone("to_number")
      if (body.prompt !== undefined && !isNonEmptyString(body.prompt)) {
        return yield* invalidRequest("prompt must be a non-empty string", "prompt")
      }
      if (body.prompt === undefined && body.from_number === undefined) {
        return yield* invalidRequest("prompt is required", "prompt")
      }
      if (
        body.voicemail_action !== undefined &&
        !["hangup", "leave_message", "ignore"].includes(body.voicemail_action as string)
      ) {
        return yield* invalidRequest(
          "voicemail_action must be one of hangup, leave_message, ignore",
          "voicemail_action"
        )
      }
      yield* checkObject(body, "dynamic_vars")
      yield* checkObject(body, "metadata")
      const agent = yield* usableAgent(store, principal, body.agent_id)
      const from = yield* fromNumberFor(store, principal, agent, body.from_number)
      const to = body.to_number
      if (options.blockedPrefixes.some((prefix) => to.startsWith(prefix))) {
        return yield* reject(
          nx(502, "provider_error", "outbound_failed", "Twilio couldn't place the call", {
            details: { twilio_error: `21215: Geo permission disabled for ${to}` }
          })
        )
      }
      const active = store.inFlight.active(principal.account, exchange.now).length
      if (active >= options.concurrency.nixflex) {
        return yield* reject(
          nx(429, "rate_limit_error", "concurrent_call_limit", "Too many simultaneous calls", {
            details: { limit: options.concurrency.nixflex, active }
          })
        )
      }
      const id = `CA${store.ids.hex(32)}`
      const campaignId = typeof body.campaign_id === "string" ? body.campaign_id : null
      store.inFlight.add(principal.account, exchange.now + options.callDurationMs)
      addCall(store, {
        id,
        account: principal.account,
        agentId: agent.id,
        direction: "outbound",
        from,
        to,
        createdAt: exchange.now,
        endsAt: exchange.now + options.callDurationMs,
        metadata: body.metadata ?? null,
        campaignId
      })
      exchange.create("call", id)
      return json(201, {
        call_id: id,
        status: "queued",
        agent_id: agent.id,
        to_number: to,
        from_number: from,
        campaign_id: campaignId,
        created_at: exchange.timestamp
      })
    })

/** `GET /v1/calls`: newest first, without transcripts. @internal */
export const listCalls =
  (store: Store): AuthenticatedHandler =>
  (exchange, principal) =>
    Effect.gen(function* () {
      const { limit, offset } = yield* pageOf(exchange)
      const q = exchange.query
      const direction = q.get("direction")
      if (direction !== null && direction !== "inbound" && direction !== "outbound") {
        return yield* invalidRequest("direction must be inbound or outbound", "direction")
      }
      const sentiment = q.get("caller_sentiment")
      if (sentiment !== null && !["happy", "neutral", "frustrated"].includes(sentiment)) {
        return yield* invalidRequest("caller_sentiment must be happy, neutral or frustrated", "caller_sentiment")
      }
      const since = q.get("since")
      const until = q.get("until")
      for (const [name, value] of [
        ["since", since],
        ["until", until]
      ] as const) {
        if (value !== null && Number.isNaN(Date.parse(value))) {
          return yield* invalidRequest(`${name} must be an ISO 8601 timestamp`, name)
        }
      }
      const rows = store.calls
        .filter((call) => call.account === principal.account)
        .filter(
          (call) =>
            (q.get("agent_id") === null || call.agentId === q.get("agent_id")) &&
            (direction === null || call.direction === direction) &&
            (since === null || call.createdAt >= Date.parse(since)) &&
            (until === null || call.createdAt <= Date.parse(until))
        )
        .map((call) => renderCall(call, exchange.now, false))
        .filter(
          (row) =>
            (sentiment === null || row.caller_sentiment === sentiment) &&
            (q.get("call_successful") === null || String(row.call_successful) === q.get("call_successful"))
        )
        .reverse()
      return json(200, { calls: rows.slice(offset, offset + limit), count: rows.length, limit, offset })
    })

/** `GET /v1/calls/:id`. @internal */
export const getCall =
  (store: Store): AuthenticatedHandler =>
  (exchange, principal, params) => {
    const call = store.callsById.get(params.id ?? "")
    return call === undefined || call.account !== principal.account
      ? reject(nx(404, "not_found", "call_not_found", "Call not found"))
      : Effect.succeed(json(200, renderCall(call, exchange.now, true)))
  }
