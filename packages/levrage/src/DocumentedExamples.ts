/**
 * Every example error response in the Levrage docs (vendors.md §2, the error-handling page in the seeds), with
 * the tag and category faultline decodes it to. Where the docs give a message but not the status or the body
 * around it, the example uses the documented envelope and the status the docs' table implies. The golden tests,
 * the demo server and users' own tests replay them.
 *
 * @since 0.1.0
 */

/**
 * One documented response.
 *
 * @since 0.1.0
 * @category models
 */
export interface DocumentedExample {
  readonly name: string
  /** Where the docs show it. */
  readonly source: string
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
  readonly expectedTag: string
  readonly expectedCategory: string
}

const json = (value: unknown) => JSON.stringify(value)

const envelope = (code: string, message: string, extra: Record<string, unknown> = {}) =>
  json({ success: false, error: { code, message }, ...extra })

const detail = (value: unknown) => json({ detail: value })

const jsonHeaders = { "content-type": "application/json" }

/**
 * The documented responses, with the statuses the docs' table implies where they give none, and one undocumented code,
 * which must decode to `LevrageUnknownError`.
 *
 * @since 0.1.0
 * @category examples
 */
export const examples: ReadonlyArray<DocumentedExample> = [
  {
    name: "validation error, full envelope (agent name already in use, 409)",
    source: "error handling, error response format (L1)",
    status: 409,
    headers: jsonHeaders,
    body: envelope("validation_error", "Agent name is already in use", {
      request_id: "req_abc123",
      timestamp: "2025-01-01T12:00:00Z"
    }),
    expectedTag: "ValidationError",
    expectedCategory: "invalid_request"
  },
  {
    name: "validation error, phone number not E.164 (422)",
    source: "error handling, common errors (L1)",
    status: 422,
    headers: jsonHeaders,
    body: envelope("validation_error", "phone_number must be E.164 format"),
    expectedTag: "ValidationError",
    expectedCategory: "invalid_request"
  },
  {
    name: "agent not found",
    source: "error handling, common errors (L1)",
    status: 404,
    headers: jsonHeaders,
    body: envelope("not_found", "Agent not found"),
    expectedTag: "NotFound",
    expectedCategory: "not_found"
  },
  {
    name: "invalid or expired API key, documented envelope",
    source: "error handling, common errors (L1)",
    status: 401,
    headers: jsonHeaders,
    body: envelope("authentication_error", "Invalid or expired API key"),
    expectedTag: "AuthenticationError",
    expectedCategory: "unauthorized"
  },
  {
    name: "insufficient credits (status undocumented, 402)",
    source: "error handling, common errors (L1)",
    status: 402,
    headers: jsonHeaders,
    body: envelope("quota_exceeded", "Insufficient credits"),
    expectedTag: "QuotaExceeded",
    expectedCategory: "quota"
  },
  {
    name: "invalid or expired API key, FastAPI detail string",
    source: "authentication (L2)",
    status: 401,
    headers: jsonHeaders,
    body: detail("Invalid or expired API key"),
    expectedTag: "AuthenticationError",
    expectedCategory: "unauthorized"
  },
  {
    name: "request validation, FastAPI detail list",
    source: "inferred from the FastAPI body of L2 (vendors.md §2.1), make call (L4)",
    status: 422,
    headers: jsonHeaders,
    body: detail([
      {
        type: "missing",
        loc: ["body", "agent_id"],
        msg: "Field required",
        input: { source_number: "+919876543210", phone_number: "+919876543211", metadata: "vip" }
      },
      { type: "dict_type", loc: ["body", "metadata"], msg: "Input should be a valid dictionary", input: "vip" }
    ]),
    expectedTag: "UnprocessableEntity",
    expectedCategory: "unprocessable"
  },
  {
    name: "rate limited with X-RateLimit-* headers, no code",
    source: "error handling, rate limiting (L1)",
    status: 429,
    headers: {
      ...jsonHeaders,
      "x-ratelimit-limit": "300",
      "x-ratelimit-remaining": "0",
      "x-ratelimit-reset": "1706140800"
    },
    body: detail("Too many requests"),
    expectedTag: "RateLimited",
    expectedCategory: "rate_limited"
  },
  {
    name: "internal error, no code",
    source: "error handling, status codes (L1)",
    status: 500,
    headers: jsonHeaders,
    body: detail("Unexpected server error"),
    expectedTag: "InternalError",
    expectedCategory: "server"
  },
  {
    name: "bad gateway, no code",
    source: "error handling, status codes (L1)",
    status: 502,
    headers: jsonHeaders,
    body: detail("Upstream service temporarily unavailable"),
    expectedTag: "BadGateway",
    expectedCategory: "upstream"
  },
  {
    name: "service unavailable, no code",
    source: "error handling, status codes (L1)",
    status: 503,
    headers: jsonHeaders,
    body: detail("System under maintenance"),
    expectedTag: "ServiceUnavailable",
    expectedCategory: "unavailable"
  },
  {
    name: "gateway timeout, no code",
    source: "error handling, status codes (L1)",
    status: 504,
    headers: jsonHeaders,
    body: detail("Request took too long"),
    expectedTag: "GatewayTimeout",
    expectedCategory: "timeout"
  },
  {
    name: "an undocumented code",
    source: "forward compatibility",
    status: 500,
    headers: jsonHeaders,
    body: envelope("internal_error", "Something went wrong on our end", {
      request_id: "req_def456",
      timestamp: "2025-01-01T12:00:01Z"
    }),
    expectedTag: "LevrageUnknownError",
    expectedCategory: "server"
  }
]
