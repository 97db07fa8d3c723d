/**
 * Every example error response in the DialNexa docs (vendors.md §1, the errors page in the seeds), with the tag
 * and category faultline decodes it to. The docs print only four bodies (two 400s, the 401 and the 429); for the
 * other documented statuses the body is built from the docs' wording, in the same NestJS shape, and the `source`
 * says so. The golden tests, the demo server and users' own tests replay them.
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

const envelope = (statusCode: number, message: string | ReadonlyArray<string>, error: string) =>
  JSON.stringify({ statusCode, message, error })

const jsonHeaders = { "content-type": "application/json" }

/**
 * The documented responses: the bodies the docs print, those built from their wording, and one undocumented status
 * (418), which must decode to `DialNexaUnknownError`.
 *
 * @since 0.1.0
 * @category examples
 */
export const examples: ReadonlyArray<DocumentedExample> = [
  {
    name: "validation failed, message as a string",
    source: "errors page (D1)",
    status: 400,
    headers: jsonHeaders,
    body: envelope(400, "Validation failed: to_phone_number must be in E.164 format", "Bad Request"),
    expectedTag: "BadRequest",
    expectedCategory: "invalid_request"
  },
  {
    name: "validation failed, message as an array",
    source: "errors page (D1)",
    status: 400,
    headers: jsonHeaders,
    body: envelope(400, ["to_phone_number must be in E.164 format", "agent_id should not be empty"], "Bad Request"),
    expectedTag: "BadRequest",
    expectedCategory: "invalid_request"
  },
  {
    name: "API key name missing",
    source: "create API key (D6); body built from the docs' wording",
    status: 400,
    headers: jsonHeaders,
    body: envelope(400, ["name should not be empty"], "Bad Request"),
    expectedTag: "BadRequest",
    expectedCategory: "invalid_request"
  },
  {
    name: "missing or invalid API key",
    source: "authentication (D4)",
    status: 401,
    headers: jsonHeaders,
    body: envelope(401, "Unauthorized", "Unauthorized"),
    expectedTag: "Unauthorized",
    expectedCategory: "unauthorized"
  },
  {
    name: "destination blocked by workspace Telephony Config",
    source: "errors page (D1), create call (D7); body built from the docs' wording",
    status: 403,
    headers: jsonHeaders,
    body: envelope(
      403,
      "The destination is blocked by workspace Telephony Config: the country and prefix are not enabled",
      "Forbidden"
    ),
    expectedTag: "Forbidden",
    expectedCategory: "forbidden"
  },
  {
    name: "resource not found or in another organization",
    source: "errors page (D1), get campaign (D12); body built from the docs' wording",
    status: 404,
    headers: jsonHeaders,
    body: envelope(404, "Campaign not found", "Not Found"),
    expectedTag: "NotFound",
    expectedCategory: "not_found"
  },
  {
    name: "resuming a cancelled campaign",
    source: "errors page (D1); body built from the docs' wording",
    status: 409,
    headers: jsonHeaders,
    body: envelope(409, "Cannot resume a campaign that has been cancelled", "Conflict"),
    expectedTag: "Conflict",
    expectedCategory: "conflict"
  },
  {
    name: "workspace concurrency limit reached, as 409",
    source: "concurrency and limits (D16); body built from the docs' wording",
    status: 409,
    headers: jsonHeaders,
    body: envelope(409, "Workspace concurrency limit reached", "Conflict"),
    expectedTag: "Conflict",
    expectedCategory: "conflict"
  },
  {
    name: "agent assigned to a deleted phone number",
    source: "errors page (D1); body built from the docs' wording",
    status: 422,
    headers: jsonHeaders,
    body: envelope(422, "Agent is assigned to a deleted phone number", "Unprocessable Entity"),
    expectedTag: "UnprocessableEntity",
    expectedCategory: "unprocessable"
  },
  {
    name: "rate limit exceeded with Retry-After and X-RateLimit headers",
    source: "rate limits (D2)",
    status: 429,
    headers: {
      ...jsonHeaders,
      "retry-after": "1",
      "x-ratelimit-limit": "100",
      "x-ratelimit-remaining": "0",
      "x-ratelimit-reset": "1715900060"
    },
    body: envelope(429, "Too many requests. Please slow down and retry after a moment.", "Too Many Requests"),
    expectedTag: "TooManyRequests",
    expectedCategory: "rate_limited"
  },
  {
    name: "account concurrency limit reached, as 429 with Retry-After",
    source: "concurrency tiers (D17); body built from the docs' wording",
    status: 429,
    headers: { ...jsonHeaders, "retry-after": "30" },
    body: envelope(429, "Concurrency limit reached", "Too Many Requests"),
    expectedTag: "TooManyRequests",
    expectedCategory: "rate_limited"
  },
  {
    name: "unexpected server error",
    source: "errors page (D1); body built from the docs' wording",
    status: 500,
    headers: jsonHeaders,
    body: envelope(500, "An unexpected error occurred. If this persists, contact support.", "Internal Server Error"),
    expectedTag: "InternalServerError",
    expectedCategory: "server"
  },
  {
    name: "an undocumented status",
    source: "forward compatibility",
    status: 418,
    headers: jsonHeaders,
    body: envelope(418, "I'm a teapot", "I'm a Teapot"),
    expectedTag: "DialNexaUnknownError",
    expectedCategory: "invalid_request"
  }
]
