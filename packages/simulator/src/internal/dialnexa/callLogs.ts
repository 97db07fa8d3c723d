import { createHash } from "node:crypto"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Effect from "effect/Effect"
import { isoTime } from "../exchange.js"
import type { AuthenticatedHandler } from "../vendorDialect.js"
import { invalid } from "./envelope.js"
import { paginate, readPage } from "./request.js"
import { type CallLog, type Store, sentiments } from "./store.js"

/** A weak ETag of the page's bytes: it changes exactly when the answer would. */
const etagOf = (text: string) => `W/"${createHash("sha1").update(text).digest("hex").slice(0, 27)}"`

const ifNoneMatchHits = (header: string | undefined, etag: string): boolean =>
  (header ?? "").split(",").some((candidate) => {
    const tag = candidate.trim()
    return tag === "*" || tag === etag || tag.replace(/^W\//, "") === etag.replace(/^W\//, "")
  })

/** A log as the list shows it: a call still in flight is `in_progress`, with no outcome yet. */
const renderLog = (log: CallLog, now: number) => {
  const ended = log.endsAt <= now
  return {
    id: log.id,
    call_id: log.callId,
    agent_id: log.agentId,
    status: ended ? "completed" : "in_progress",
    sentiment: ended ? log.sentiment : null,
    duration_seconds: ended ? log.durationSeconds : null,
    recording_url: ended ? `https://recordings.dialnexa.com/${log.callId}.mp3` : null,
    analysis: ended ? { summary: "The caller confirmed the appointment.", call_successful: true } : null,
    created_at: isoTime(log.createdAt),
    end_reason: ended ? log.endReason : null,
    fallback_stt_transcriber_id: null
  }
}

/** `GET /v1/call-logs`: filters, sort, and an `ETag` that `If-None-Match` turns into a 304 with no body. @internal */
export const listCallLogs =
  (store: Store): AuthenticatedHandler =>
  (exchange, principal) =>
    Effect.gen(function* () {
      const issues: Array<string> = []
      const { page, limit } = readPage(exchange, issues)
      const q = exchange.query
      const sentiment = q.get("sentiment")
      if (sentiment !== null && !(sentiments as ReadonlyArray<string>).includes(sentiment)) {
        issues.push(`sentiment must be one of the following values: ${sentiments.join(", ")}`)
      }
      const date = (name: string) => {
        const text = q.get(name)
        if (text !== null && !/^\d{4}-\d{2}-\d{2}$/.test(text)) {
          issues.push(`${name} must be a valid ISO 8601 date string`)
        }
        return text ?? undefined
      }
      const duration = (name: string) => {
        const text = q.get(name)
        if (text !== null && !/^\d+$/.test(text)) issues.push(`${name} must be an integer number`)
        return text === null ? undefined : Number(text)
      }
      const startDate = date("start_date")
      const endDate = date("end_date")
      const durationMin = duration("duration_min")
      const durationMax = duration("duration_max")
      const sort = q.get("sort") ?? "desc"
      if (!["asc", "desc", "created_at:asc", "created_at:desc"].includes(sort)) {
        issues.push("sort must be one of the following values: asc, desc")
      }
      if (issues.length > 0) return yield* invalid(issues)
      let rows = store.logs
        .filter((log) => log.account === principal.account)
        .map((log) => renderLog(log, exchange.now))
        .filter(
          (row) =>
            (q.get("agent_id") === null || row.agent_id === q.get("agent_id")) &&
            (q.get("status") === null || row.status === q.get("status")) &&
            (sentiment === null || row.sentiment === sentiment) &&
            (startDate === undefined || row.created_at.slice(0, 10) >= startDate) &&
            (endDate === undefined || row.created_at.slice(0, 10) <= endDate) &&
            (durationMin === undefined || (row.duration_seconds ?? 0) >= durationMin) &&
            (durationMax === undefined || (row.duration_seconds ?? 0) <= durationMax)
        )
      rows = sort.endsWith("asc") ? rows : rows.slice().reverse()
      const text = JSON.stringify(paginate(rows, page, limit))
      const etag = etagOf(text)
      if (ifNoneMatchHits(exchange.header("if-none-match"), etag)) {
        return HttpServerResponse.empty({ status: 304, headers: { etag } })
      }
      return HttpServerResponse.text(text, { status: 200, contentType: "application/json", headers: { etag } })
    })
