// Levrage's two error shapes: its documented envelope, and FastAPI's `{detail}` where the framework answers.
import { type Exchange, json, reject } from "../exchange.js"
import type { Prng } from "../prng.js"

/** One item of FastAPI's 422 `detail` list (pydantic v2's shape). @internal */
export interface DetailItem {
  readonly type: string
  readonly loc: ReadonlyArray<string | number>
  readonly msg: string
  readonly input: unknown
  readonly ctx?: Record<string, unknown>
}

/** FastAPI's body: `{detail}`, a string or a pydantic list. @internal */
export const detail = (status: number, value: string | ReadonlyArray<DetailItem>) => json(status, { detail: value })

/** `{success: false, error: {code, message}, request_id, timestamp}`. @internal */
export const envelope = (ids: Prng, exchange: Exchange, status: number, code: string, message: string) =>
  json(status, {
    success: false,
    error: { code, message },
    request_id: `req_${ids.hex(12)}`,
    timestamp: exchange.timestamp
  })

/** `{success: true, data, request_id, timestamp}`. @internal */
export const ok = (ids: Prng, exchange: Exchange, data: unknown, status = 200) =>
  json(status, { success: true, data, request_id: `req_${ids.hex(12)}`, timestamp: exchange.timestamp })

/** 422 `validation_error`: fields present but a value wrong. @internal */
export const invalidValue = (ids: Prng, exchange: Exchange, message: string) =>
  reject(envelope(ids, exchange, 422, "validation_error", message))

/** 404 `not_found`. @internal */
export const notFound = (ids: Prng, exchange: Exchange, message: string) =>
  reject(envelope(ids, exchange, 404, "not_found", message))

const serverDetails: Record<number, string> = {
  500: "Unexpected server error",
  502: "Upstream service temporarily unavailable",
  503: "System under maintenance",
  504: "Request took too long"
}

const codesByStatus: Record<number, string> = {
  400: "validation_error",
  401: "authentication_error",
  402: "quota_exceeded",
  404: "not_found",
  409: "validation_error",
  422: "validation_error"
}

/** The body for an error status a fault asks for: `{detail}` for 5xx, the envelope for a documented code. @internal */
export const statusError = (ids: Prng, status: number, exchange: Exchange) => {
  const server = serverDetails[status]
  if (server !== undefined) return detail(status, server)
  const code = codesByStatus[status]
  return code === undefined
    ? detail(status, status === 429 ? "Too many requests" : "Error")
    : envelope(ids, exchange, status, code, code === "quota_exceeded" ? "Insufficient credits" : "Request failed")
}
