/**
 * Every example error response in the Nixflex docs (vendors.md §3, the errors page in the seeds), with the tag
 * and category faultline decodes it to. The golden tests, the demo server and users' own tests replay them.
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

const envelope = (type: string, code: string, message: string, extra: Record<string, unknown> = {}) =>
  json({ error: { type, code, message, ...extra } })

/**
 * The documented responses, and one undocumented code of a documented type, which must decode to `NixflexUnknownError`.
 *
 * @since 0.1.0
 * @category examples
 */
export const examples: ReadonlyArray<DocumentedExample> = [
  {
    name: "invalid phone format, full envelope",
    source: "errors page (N1)",
    status: 400,
    headers: { "content-type": "application/json" },
    body: envelope(
      "invalid_request",
      "invalid_phone_format",
      "Invalid phone number format. Use international format like +447446466847.",
      { doc_url: "https://docs.nixflex.com/reference/errors#invalid_phone_format", details: {} }
    ),
    expectedTag: "InvalidPhoneFormat",
    expectedCategory: "invalid_request"
  },
  {
    name: "invalid API key, no doc_url or details",
    source: "authentication (N4)",
    status: 401,
    headers: { "content-type": "application/json" },
    body: envelope("authentication_error", "invalid_api_key", "Invalid or missing API key"),
    expectedTag: "InvalidApiKey",
    expectedCategory: "unauthorized"
  },
  {
    name: "rate limit exceeded with details.retry_after",
    source: "rate limits (N2)",
    status: 429,
    headers: {
      "content-type": "application/json",
      "x-ratelimit-limit": "600",
      "x-ratelimit-remaining": "0",
      "x-ratelimit-reset": "1715900060"
    },
    body: envelope("rate_limit_error", "rate_limit_exceeded", "Rate limit exceeded. Try again in 12 seconds.", {
      details: { retry_after: 12 }
    }),
    expectedTag: "RateLimitExceeded",
    expectedCategory: "rate_limited"
  },
  {
    name: "rate limit exceeded with a Retry-After header",
    source: "API introduction (N3)",
    status: 429,
    headers: { "content-type": "application/json", "retry-after": "12" },
    body: envelope("rate_limit_error", "rate_limit_exceeded", "Rate limit exceeded."),
    expectedTag: "RateLimitExceeded",
    expectedCategory: "rate_limited"
  },
  {
    name: "concurrent call limit",
    source: "create outbound call (N6)",
    status: 429,
    headers: { "content-type": "application/json" },
    body: envelope("rate_limit_error", "concurrent_call_limit", "Too many simultaneous calls"),
    expectedTag: "ConcurrentCallLimit",
    expectedCategory: "rate_limited"
  },
  {
    name: "outbound failed with details.twilio_error",
    source: "create outbound call (N6)",
    status: 502,
    headers: { "content-type": "application/json" },
    body: envelope("provider_error", "outbound_failed", "Twilio couldn't place the call", {
      details: { twilio_error: "21215: Geo permission disabled" }
    }),
    expectedTag: "OutboundFailed",
    expectedCategory: "upstream"
  },
  {
    name: "key secret required",
    source: "errors page (N1)",
    status: 401,
    headers: { "content-type": "application/json" },
    body: envelope("authentication_error", "key_secret_required", "Header missing the secret half"),
    expectedTag: "KeySecretRequired",
    expectedCategory: "unauthorized"
  },
  {
    name: "agent not found",
    source: "errors page (N1)",
    status: 404,
    headers: { "content-type": "application/json" },
    body: envelope("not_found", "agent_not_found", "agent_id doesn't exist"),
    expectedTag: "AgentNotFound",
    expectedCategory: "not_found"
  },
  {
    name: "agent not owned",
    source: "errors page (N1)",
    status: 403,
    headers: { "content-type": "application/json" },
    body: envelope("permission_error", "agent_not_owned", "Agent exists but belongs to another account"),
    expectedTag: "AgentNotOwned",
    expectedCategory: "forbidden"
  },
  {
    name: "twilio auth failed (Twilio's credentials, not the API key)",
    source: "import phone number (N13)",
    status: 401,
    headers: { "content-type": "application/json" },
    body: envelope("authentication_error", "twilio_auth_failed", "Twilio returned error code 20003"),
    expectedTag: "TwilioAuthFailed",
    expectedCategory: "invalid_request"
  },
  {
    name: "number already imported",
    source: "import phone number (N13)",
    status: 409,
    headers: { "content-type": "application/json" },
    body: envelope("conflict", "number_already_imported", "Number is already on a different agent"),
    expectedTag: "NumberAlreadyImported",
    expectedCategory: "conflict"
  },
  {
    name: "campaign already completed (400 though a state conflict)",
    source: "launch batch (N18)",
    status: 400,
    headers: { "content-type": "application/json" },
    body: envelope("invalid_request", "campaign_already_completed", "Campaign has already completed"),
    expectedTag: "CampaignAlreadyCompleted",
    expectedCategory: "conflict"
  },
  {
    name: "an undocumented code of a documented type",
    source: "forward compatibility",
    status: 500,
    headers: { "content-type": "application/json" },
    body: envelope("server_error", "internal_error", "Something went wrong on our end"),
    expectedTag: "NixflexUnknownError",
    expectedCategory: "server"
  }
]
