import { json, reject } from "../exchange.js"

/** The documented envelope; `doc_url` and `details` only where the docs show them. @internal */
export const nx = (
  status: number,
  type: string,
  code: string,
  message: string,
  extra: { readonly details?: Record<string, unknown>; readonly docUrl?: boolean } = {},
  headers?: Record<string, string>
) =>
  json(
    status,
    {
      error: {
        type,
        code,
        message,
        ...(extra.docUrl === false ? {} : { doc_url: `https://docs.nixflex.com/reference/errors#${code}` }),
        ...(extra.details === undefined ? {} : { details: extra.details })
      }
    },
    headers
  )

/** 400 `invalid_request`, naming the field when there is one. @internal */
export const invalidRequest = (message: string, field?: string) =>
  reject(nx(400, "invalid_request", "invalid_request", message, field === undefined ? {} : { details: { field } }))

/** 400 `invalid_phone_format` for `field` (and whatever else locates it, such as a recipient's index). @internal */
export const invalidPhone = (field: string, extra: Record<string, unknown> = {}) =>
  reject(
    nx(
      400,
      "invalid_request",
      "invalid_phone_format",
      "Invalid phone number format. Use international format like +447446466847.",
      {
        details: { field, ...extra }
      }
    )
  )

const typesByStatus: Record<number, readonly [string, string, string]> = {
  400: ["invalid_request", "invalid_request", "Malformed or missing parameters"],
  401: ["authentication_error", "invalid_api_key", "Invalid or missing API key"],
  403: ["permission_error", "forbidden", "Not allowed"],
  404: ["not_found", "not_found", "Resource not found"],
  409: ["conflict", "conflict", "Conflicts with the current state"],
  429: ["rate_limit_error", "rate_limit_exceeded", "Rate limit exceeded. Try again in 1 seconds."],
  500: ["server_error", "server_error", "Internal server error. Contact support if it persists."],
  502: ["provider_error", "provider_error", "An upstream provider failed (telephony, speech, voice, or AI)."],
  503: ["server_error", "service_unavailable", "Service temporarily unavailable."],
  504: ["server_error", "gateway_timeout", "The request took too long."]
}

/** The body for an error status a fault asks for: the type the docs give that status. @internal */
export const statusError = (status: number) => {
  const [type, code, message] = typesByStatus[status] ?? ["server_error", "server_error", `HTTP ${status}`]
  return nx(status, type, code, message, status === 429 ? { details: { retry_after: 1 } } : {})
}
