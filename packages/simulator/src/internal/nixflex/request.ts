// Reading the parts of a Nixflex request that several routes share: the JSON body, limit/offset, recipient lists and
// schedules (call batches and SMS campaigns take the same ones).
import * as Effect from "effect/Effect"
import { type Exchange, Malformed, type Rejection, reject } from "../exchange.js"
import { isRecord } from "../validation.js"
import { invalidRequest, nx } from "./envelope.js"

/** The body as a JSON object (`{}` when empty); POST, PUT and PATCH bodies need `Content-Type: application/json`. @internal */
export const bodyOf = (exchange: Exchange): Effect.Effect<Record<string, unknown>, Rejection> => {
  const body = exchange.json()
  if (body === Malformed) return invalidRequest("Request body is not valid JSON")
  if (body === undefined) return Effect.succeed({})
  if (!isRecord(body)) return invalidRequest("Request body must be a JSON object")
  if (!(exchange.header("content-type") ?? "").toLowerCase().includes("application/json")) {
    return invalidRequest("Content-Type must be application/json")
  }
  return Effect.succeed(body)
}

/** `limit` (1–100, default 25) and `offset` (default 0). @internal */
export const pageOf = (exchange: Exchange): Effect.Effect<{ limit: number; offset: number }, Rejection> => {
  const limitText = exchange.query.get("limit")
  const offsetText = exchange.query.get("offset")
  const limit = limitText === null ? 25 : Number(limitText)
  const offset = offsetText === null ? 0 : Number(offsetText)
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    return invalidRequest("limit must be an integer between 1 and 100", "limit")
  }
  if (!Number.isInteger(offset) || offset < 0) return invalidRequest("offset must be a non-negative integer", "offset")
  return Effect.succeed({ limit, offset })
}

/** An optional field that, when given, must be an object (`null` is as good as absent). @internal */
export const checkObject = (body: Record<string, unknown>, name: string) =>
  body[name] !== undefined && body[name] !== null && !isRecord(body[name])
    ? invalidRequest(`${name} must be an object`, name)
    : Effect.void

/** The most recipients a call batch or an SMS campaign may have. @internal */
export const maxRecipients = 10_000

/** `recipients`, which must be a list of at most 10,000 (`too_many_recipients` above that). @internal */
export const recipientList = (
  body: Record<string, unknown>,
  what: "batch" | "campaign"
): Effect.Effect<ReadonlyArray<unknown>, Rejection> => {
  const recipients = body.recipients
  if (!Array.isArray(recipients)) return invalidRequest("recipients is required", "recipients")
  if (recipients.length > maxRecipients) {
    return reject(
      nx(400, "invalid_request", "too_many_recipients", `A ${what} may have at most 10,000 recipients`, {
        details: { count: recipients.length, max: maxRecipients }
      })
    )
  }
  return Effect.succeed(recipients)
}

/** A recipient's number: `phone` in the newer bodies, `phone_number` in the older ones. @internal */
export const recipientPhone = (recipient: unknown): unknown =>
  isRecord(recipient) ? (recipient.phone ?? recipient.phone_number) : undefined

/** `schedule_type`: `now` (the default) or `schedule`. @internal */
export const scheduleTypeOf = (body: Record<string, unknown>): Effect.Effect<"now" | "schedule", Rejection> => {
  const scheduleType = body.schedule_type ?? "now"
  return scheduleType === "now" || scheduleType === "schedule"
    ? Effect.succeed(scheduleType)
    : invalidRequest("schedule_type must be now or schedule", "schedule_type")
}

/** 400 `invalid_schedule`: `schedule` without a usable time. @internal */
export const invalidSchedule = () =>
  reject(
    nx(400, "invalid_request", "invalid_schedule", "schedule_type is schedule but scheduled_at is missing or invalid")
  )
