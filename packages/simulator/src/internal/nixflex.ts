import * as Effect from "effect/Effect"
import {
  authenticated,
  type Exchange,
  isE164,
  isInteger,
  isIsoDateTime,
  isNonEmptyString,
  isRecord,
  json,
  Malformed,
  open,
  type Principal,
  type Rejection,
  reject,
  routerFrom,
  type VendorDialect,
  type VendorEnv
} from "./exchange.js"
import { InFlight } from "./inFlight.js"
import { routes } from "./nixflexRoutes.js"
import type { Resolved } from "./options.js"
import { secondsUntilReset } from "./rateLimit.js"

/** @internal */
export const demoKeyId = "nxf_0123456789abcdef0123456789abcdef"

/** @internal */
export const demoKeySecret = "nxfs_faultlinedemo0123456789abcdef0123456789abcdef0123456789ab"

/** @internal */
export const demoKey = `${demoKeyId}:${demoKeySecret}`

/** @internal */
export const fixtures = {
  accountId: "acct_demo",
  agentId: "agent_125207e452f8714a",
  otherAccountAgentId: "agent_0000000000000b0b",
  agentWithoutPhoneId: "agent_00000000000000aa",
  fromNumber: "+14155550123",
  otherAccountNumber: "+14155550999",
  numberNotInTwilio: "+14155550000",
  unsubscribedNumber: "+14155550666",
  callId: "CA00000000000000000000000000000001",
  twilioAccountSid: "AC0123456789abcdef0123456789abcdef",
  twilioAuthToken: "0123456789abcdef0123456789abcdef",
  twilioRejectedToken: "00000000000000000000000000000000",
  completedCampaignId: "camp_completed01",
  scheduledCampaignId: "camp_scheduled01",
  emptyCampaignId: "camp_empty01"
} as const

const otherAccount = "acct_other"

const voiceIds = ["Ashley", "Dennis", "Olivia", "Marcus", "Priya", "Hiro"]
const languageCodes = ["multi", "en", "es", "fr", "de", "it", "pt", "nl", "ja", "hi"]

type Params = Readonly<Record<string, string | undefined>>

/** The documented envelope; `doc_url` and `details` only where the docs show them. */
const nx = (
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

const invalidRequest = (message: string, field?: string) =>
  reject(nx(400, "invalid_request", "invalid_request", message, field === undefined ? {} : { details: { field } }))

const invalidPhone = (field: string, extra: Record<string, unknown> = {}) =>
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

interface Agent {
  readonly id: string
  readonly account: string
  body: Record<string, unknown>
}

interface PhoneNumber {
  readonly number: string
  readonly account: string
  agentId: string
  readonly sid: string
}

interface Call {
  readonly id: string
  readonly account: string
  readonly agentId: string
  readonly direction: "inbound" | "outbound"
  readonly from: string
  readonly to: string
  readonly createdAt: number
  readonly endsAt: number
  readonly metadata: unknown
  readonly campaignId: string | null
}

interface Campaign {
  readonly id: string
  readonly account: string
  readonly agentId: string
  readonly name: string
  readonly recipients: number
  readonly concurrency: number
  readonly createdAt: number
  status: "scheduled" | "running" | "paused" | "completed"
  completesAt: number | undefined
}

/** @internal */
export const make = (env: VendorEnv<Resolved>): VendorDialect => {
  const { ids, options } = env
  const account = fixtures.accountId
  const iso = (ms: number) => new Date(ms).toISOString()

  const keys = new Map<string, { secret: string; account: string }>()
  for (const key of options.keys.nixflex) {
    const colon = key.indexOf(":")
    if (colon > 0) keys.set(key.slice(0, colon), { secret: key.slice(colon + 1), account })
  }

  const agents = new Map<string, Agent>()
  const seedAgent = (id: string, owner: string, name: string) =>
    agents.set(id, {
      id,
      account: owner,
      body: {
        agent_id: id,
        api_key_id: owner === account ? demoKeyId : "nxf_ffffffffffffffffffffffffffffffff",
        name,
        system_prompt: "You are a friendly receptionist. Confirm the caller's appointment.",
        voice_id: "Ashley",
        language: "en",
        temperature: 0.3,
        response_length: "short",
        interruption_sensitivity: 50,
        pickup_delay: 10,
        max_call_duration_seconds: 300,
        silence_hangup_seconds: 10,
        is_active: true,
        webhook_url: null,
        created_at: iso(env.now - 30 * 86_400_000)
      }
    })
  seedAgent(fixtures.agentId, account, "Receptionist")
  seedAgent(fixtures.otherAccountAgentId, otherAccount, "Someone else's agent")
  seedAgent(fixtures.agentWithoutPhoneId, account, "Agent without a number")

  const numbers = new Map<string, PhoneNumber>([
    [fixtures.fromNumber, { number: fixtures.fromNumber, account, agentId: fixtures.agentId, sid: `PN${ids.hex(32)}` }],
    [
      fixtures.otherAccountNumber,
      {
        number: fixtures.otherAccountNumber,
        account: otherAccount,
        agentId: fixtures.otherAccountAgentId,
        sid: `PN${ids.hex(32)}`
      }
    ]
  ])
  const outboundNumbersOf = (agentId: string) =>
    Array.from(numbers.values())
      .filter((number) => number.agentId === agentId)
      .map((number) => number.number)

  const calls: Array<Call> = []
  const callsById = new Map<string, Call>()
  const inFlight = new InFlight()
  const addCall = (call: Call) => {
    calls.push(call)
    callsById.set(call.id, call)
  }
  for (let i = 3; i >= 1; i--) {
    const createdAt = env.now - i * 7_200_000
    addCall({
      id: i === 1 ? fixtures.callId : `CA${ids.hex(32)}`,
      account,
      agentId: fixtures.agentId,
      direction: i === 2 ? "inbound" : "outbound",
      from: i === 2 ? "+447446466847" : fixtures.fromNumber,
      to: i === 2 ? fixtures.fromNumber : "+447446466847",
      createdAt,
      endsAt: createdAt + 195_000,
      metadata: null,
      campaignId: null
    })
  }

  const campaigns = new Map<string, Campaign>()
  const seedCampaign = (id: string, status: Campaign["status"], recipients: number) =>
    campaigns.set(id, {
      id,
      account,
      agentId: fixtures.agentId,
      name: id,
      recipients,
      concurrency: 2,
      createdAt: env.now - 86_400_000,
      status,
      completesAt: status === "completed" ? env.now - 3_600_000 : undefined
    })
  seedCampaign(fixtures.completedCampaignId, "completed", 4)
  seedCampaign(fixtures.scheduledCampaignId, "scheduled", 3)
  seedCampaign(fixtures.emptyCampaignId, "scheduled", 0)

  // --- shared checks ------------------------------------------------------------------------------------------------

  const bodyOf = (exchange: Exchange): Effect.Effect<Record<string, unknown>, Rejection> => {
    const body = exchange.json()
    if (body === Malformed) return invalidRequest("Request body is not valid JSON")
    if (body === undefined) return Effect.succeed({})
    if (!isRecord(body)) return invalidRequest("Request body must be a JSON object")
    if (!(exchange.header("content-type") ?? "").toLowerCase().includes("application/json")) {
      return invalidRequest("Content-Type must be application/json")
    }
    return Effect.succeed(body)
  }

  /** An agent the caller may use: 404 when it does not exist, 403 when another account owns it. */
  const usableAgent = (principal: Principal, id: unknown): Effect.Effect<Agent, Rejection> => {
    const agent = typeof id === "string" ? agents.get(id) : undefined
    if (agent === undefined) return reject(nx(404, "not_found", "agent_not_found", "agent_id doesn't exist"))
    if (agent.account !== principal.account) {
      return reject(nx(403, "permission_error", "agent_not_owned", "Agent exists but belongs to another account"))
    }
    return Effect.succeed(agent)
  }

  /** The number to call from: the one given (it must be the caller's), or the agent's only outbound number. */
  const fromNumberFor = (
    principal: Principal,
    agent: Agent,
    given: unknown,
    field = "from_number"
  ): Effect.Effect<string, Rejection> => {
    if (given !== undefined) {
      if (!isE164(given)) return invalidPhone(field)
      const number = numbers.get(given)
      if (number === undefined || number.account !== principal.account) {
        return reject(nx(403, "permission_error", "from_number_not_owned", "from_number is not in your account"))
      }
      return Effect.succeed(given)
    }
    const own = outboundNumbersOf(agent.id)
    if (own.length === 0) return reject(nx(400, "invalid_request", "agent_no_phone", "Agent has no phone number"))
    return Effect.succeed(own[0]!)
  }

  const checkObject = (body: Record<string, unknown>, name: string) =>
    body[name] !== undefined && body[name] !== null && !isRecord(body[name])
      ? invalidRequest(`${name} must be an object`, name)
      : Effect.void

  // --- keys ---------------------------------------------------------------------------------------------------------

  const createKey = (exchange: Exchange) =>
    Effect.gen(function* () {
      const body = yield* bodyOf(exchange)
      if (body.name !== undefined && typeof body.name !== "string")
        return yield* invalidRequest("name must be a string", "name")
      if (body.email !== undefined && !(typeof body.email === "string" && /^[^@\s]+@[^@\s]+$/.test(body.email))) {
        return yield* invalidRequest("email must be a valid email address", "email")
      }
      const keyId = `nxf_${ids.hex(32)}`
      const keySecret = `nxfs_${ids.hex(59)}`
      keys.set(keyId, { secret: keySecret, account: `acct_${ids.hex(12)}` })
      exchange.create("api_key", keyId)
      return json(201, {
        message: "API key created. Save your key_secret — it will not be shown again.",
        key_id: keyId,
        key_secret: keySecret
      })
    })

  // --- calls --------------------------------------------------------------------------------------------------------

  const renderCall = (call: Call, now: number, full: boolean) => {
    const ended = call.endsAt <= now
    const summary = {
      call_id: call.id,
      agent_id: call.agentId,
      direction: call.direction,
      from_number: call.from,
      to_number: call.to,
      started_at: iso(call.createdAt),
      ended_at: ended ? iso(call.endsAt) : null,
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

  const createOutbound = (exchange: Exchange, principal: Principal) =>
    Effect.gen(function* () {
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
      const agent = yield* usableAgent(principal, body.agent_id)
      const from = yield* fromNumberFor(principal, agent, body.from_number)
      const to = body.to_number
      if (options.blockedPrefixes.some((prefix) => to.startsWith(prefix))) {
        return yield* reject(
          nx(502, "provider_error", "outbound_failed", "Twilio couldn't place the call", {
            details: { twilio_error: `21215: Geo permission disabled for ${to}` }
          })
        )
      }
      const active = inFlight.active(principal.account, exchange.now).length
      if (active >= options.concurrency.nixflex) {
        return yield* reject(
          nx(429, "rate_limit_error", "concurrent_call_limit", "Too many simultaneous calls", {
            details: { limit: options.concurrency.nixflex, active }
          })
        )
      }
      const id = `CA${ids.hex(32)}`
      inFlight.add(principal.account, exchange.now + options.callDurationMs)
      addCall({
        id,
        account: principal.account,
        agentId: agent.id,
        direction: "outbound",
        from,
        to,
        createdAt: exchange.now,
        endsAt: exchange.now + options.callDurationMs,
        metadata: body.metadata ?? null,
        campaignId: typeof body.campaign_id === "string" ? body.campaign_id : null
      })
      exchange.create("call", id)
      return json(201, {
        call_id: id,
        status: "queued",
        agent_id: agent.id,
        to_number: to,
        from_number: from,
        campaign_id: typeof body.campaign_id === "string" ? body.campaign_id : null,
        created_at: exchange.timestamp
      })
    })

  const pageOf = (exchange: Exchange): Effect.Effect<{ limit: number; offset: number }, Rejection> => {
    const limitText = exchange.query.get("limit")
    const offsetText = exchange.query.get("offset")
    const limit = limitText === null ? 25 : Number(limitText)
    const offset = offsetText === null ? 0 : Number(offsetText)
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      return invalidRequest("limit must be an integer between 1 and 100", "limit")
    }
    if (!Number.isInteger(offset) || offset < 0)
      return invalidRequest("offset must be a non-negative integer", "offset")
    return Effect.succeed({ limit, offset })
  }

  const listCalls = (exchange: Exchange, principal: Principal) =>
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
      const rows = calls
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

  const getCall = (exchange: Exchange, principal: Principal, params: Params) => {
    const call = callsById.get(params.id ?? "")
    return call === undefined || call.account !== principal.account
      ? reject(nx(404, "not_found", "call_not_found", "Call not found"))
      : Effect.succeed(json(200, renderCall(call, exchange.now, true)))
  }

  // --- batches ------------------------------------------------------------------------------------------------------

  const waves = (recipients: number, concurrency: number) =>
    Math.max(1, Math.ceil(recipients / Math.max(1, Math.min(concurrency, options.concurrency.nixflex))))

  const currentStatus = (campaign: Campaign, now: number) => {
    if (campaign.status === "running" && campaign.completesAt !== undefined && now >= campaign.completesAt) {
      campaign.status = "completed"
    }
    return campaign.status
  }

  const createBatch = (exchange: Exchange, principal: Principal) =>
    Effect.gen(function* () {
      const body = yield* bodyOf(exchange)
      if (!isNonEmptyString(body.agent_id)) return yield* invalidRequest("agent_id is required", "agent_id")
      if (!Array.isArray(body.recipients)) return yield* invalidRequest("recipients is required", "recipients")
      if (body.recipients.length > 10_000) {
        return yield* reject(
          nx(400, "invalid_request", "too_many_recipients", "A batch may have at most 10,000 recipients", {
            details: { count: body.recipients.length, max: 10_000 }
          })
        )
      }
      if (body.prompt !== undefined && !isNonEmptyString(body.prompt)) {
        return yield* invalidRequest("prompt must be a non-empty string", "prompt")
      }
      if (body.prompt === undefined && (body.name === undefined || body.schedule_type === undefined)) {
        return yield* invalidRequest("prompt is required", "prompt")
      }
      const scheduleType = body.schedule_type ?? "now"
      if (scheduleType !== "now" && scheduleType !== "schedule") {
        return yield* invalidRequest("schedule_type must be now or schedule", "schedule_type")
      }
      if (
        scheduleType === "schedule" &&
        !isIsoDateTime(body.scheduled_at) &&
        !(typeof body.scheduled_date === "string" && /^\d{4}-\d{2}-\d{2}$/.test(body.scheduled_date))
      ) {
        return yield* reject(
          nx(
            400,
            "invalid_request",
            "invalid_schedule",
            "schedule_type is schedule but scheduled_at is missing or invalid"
          )
        )
      }
      if (body.max_concurrent !== undefined && !(isInteger(body.max_concurrent) && body.max_concurrent >= 1)) {
        return yield* invalidRequest("max_concurrent must be a positive integer", "max_concurrent")
      }
      let valid = 0
      for (let index = 0; index < body.recipients.length; index++) {
        const recipient: unknown = body.recipients[index]
        const phone = isRecord(recipient) ? (recipient.phone ?? recipient.phone_number) : undefined
        if (isE164(phone)) valid += 1
        else if (body.skip_invalid !== true) return yield* invalidPhone(`recipients[${index}]`, { index })
      }
      const agent = yield* usableAgent(principal, body.agent_id)
      if (body.from_number === undefined && outboundNumbersOf(agent.id).length > 1) {
        return yield* invalidRequest(
          "from_number is required when the agent has more than one outbound number",
          "from_number"
        )
      }
      yield* fromNumberFor(principal, agent, body.from_number)
      const concurrency = (body.max_concurrent as number | undefined) ?? options.concurrency.nixflex
      const running = scheduleType === "now" && valid > 0
      const id = `camp_${ids.hex(16)}`
      const campaign: Campaign = {
        id,
        account: principal.account,
        agentId: agent.id,
        name: typeof body.name === "string" ? body.name : `Batch ${exchange.timestamp}`,
        recipients: valid,
        concurrency,
        createdAt: exchange.now,
        status: running ? "running" : "scheduled",
        completesAt: running ? exchange.now + options.callDurationMs * waves(valid, concurrency) : undefined
      }
      campaigns.set(id, campaign)
      exchange.create("campaign", id)
      return json(201, {
        campaign_id: id,
        agent_id: agent.id,
        name: campaign.name,
        status: campaign.status,
        recipients_count: valid,
        created_at: exchange.timestamp
      })
    })

  const launchBatch = (exchange: Exchange, principal: Principal, params: Params) =>
    Effect.gen(function* () {
      const campaign = campaigns.get(params.campaign_id ?? "")
      if (campaign === undefined || campaign.account !== principal.account) {
        return yield* reject(nx(404, "not_found", "campaign_not_found", "Campaign not found"))
      }
      const status = currentStatus(campaign, exchange.now)
      if (status === "completed") {
        return yield* reject(nx(400, "invalid_request", "campaign_already_completed", "Campaign has already completed"))
      }
      if (campaign.recipients === 0) {
        return yield* reject(nx(400, "invalid_request", "campaign_no_recipients", "Campaign has no recipients"))
      }
      if (status !== "running") {
        campaign.status = "running"
        campaign.completesAt = exchange.now + options.callDurationMs * waves(campaign.recipients, campaign.concurrency)
      }
      const total = (campaign.completesAt ?? exchange.now) - exchange.now
      const share = total / (options.callDurationMs * waves(campaign.recipients, campaign.concurrency))
      return json(200, {
        campaign_id: campaign.id,
        status: "running",
        recipients_count: campaign.recipients,
        queued_count: Math.min(campaign.recipients, Math.max(0, Math.round(campaign.recipients * share)))
      })
    })

  // --- agents -------------------------------------------------------------------------------------------------------

  const checkAgent = (body: Record<string, unknown>): Effect.Effect<void, Rejection> => {
    if (body.name !== undefined && !(typeof body.name === "string" && body.name.length <= 100)) {
      return invalidRequest("name must be a string of at most 100 characters", "name")
    }
    if (body.system_prompt !== undefined) {
      if (typeof body.system_prompt !== "string")
        return invalidRequest("system_prompt must be a string", "system_prompt")
      if (body.system_prompt.length > 10_000) {
        return reject(
          nx(400, "invalid_request", "prompt_too_long", "system_prompt is longer than 10,000 characters", {
            details: { length: body.system_prompt.length, max: 10_000 }
          })
        )
      }
    }
    if (body.voice_id !== undefined && !voiceIds.includes(body.voice_id as string)) {
      return reject(
        nx(400, "invalid_request", "invalid_voice_id", `voice_id is not supported. Use one of: ${voiceIds.join(", ")}`)
      )
    }
    if (body.language !== undefined && !languageCodes.includes(body.language as string)) {
      return reject(
        nx(400, "invalid_request", "invalid_language", `language is not supported: ${String(body.language)}`)
      )
    }
    const sensitivity = body.interruption_sensitivity
    if (
      sensitivity !== undefined &&
      !["low", "medium", "high"].includes(sensitivity as string) &&
      !(isInteger(sensitivity) && sensitivity >= 0 && sensitivity <= 100)
    ) {
      return invalidRequest("interruption_sensitivity must be low, medium, high or 0–100", "interruption_sensitivity")
    }
    const ranges: ReadonlyArray<readonly [string, number, number, boolean]> = [
      ["temperature", 0, 1, false],
      ["pickup_delay", 5, 30, true],
      ["max_call_duration_seconds", 60, 1800, true],
      ["silence_hangup_seconds", 1, 3600, true]
    ]
    for (const [name, min, max, integer] of ranges) {
      const value = body[name]
      if (value === undefined) continue
      if (typeof value !== "number" || (integer && !Number.isInteger(value)) || value < min || value > max) {
        return invalidRequest(`${name} must be between ${min} and ${max}`, name)
      }
    }
    if (body.response_length !== undefined && !["short", "medium", "long"].includes(body.response_length as string)) {
      return invalidRequest("response_length must be short, medium or long", "response_length")
    }
    if (body.is_active !== undefined && typeof body.is_active !== "boolean") {
      return invalidRequest("is_active must be a boolean", "is_active")
    }
    if (
      body.webhook_url !== undefined &&
      body.webhook_url !== null &&
      !(typeof body.webhook_url === "string" && body.webhook_url.startsWith("https://"))
    ) {
      return invalidRequest("webhook_url must be an https:// URL", "webhook_url")
    }
    return Effect.void
  }

  const createAgent = (exchange: Exchange, principal: Principal) =>
    Effect.gen(function* () {
      const body = yield* bodyOf(exchange)
      yield* checkAgent(body)
      // The older page's defaults apply to the older body (with a system_prompt); the newer page's otherwise.
      const older = body.system_prompt !== undefined
      if (older && !isNonEmptyString(body.name)) return yield* invalidRequest("name is required", "name")
      const id = `agent_${ids.hex(16)}`
      const agent: Agent = {
        id,
        account: principal.account,
        body: {
          name: body.name ?? "Untitled Agent",
          system_prompt: body.system_prompt ?? null,
          voice_id: older ? "Dennis" : "Ashley",
          language: older ? "en" : "multi",
          temperature: 0.3,
          response_length: older ? "medium" : "short",
          interruption_sensitivity: older ? "medium" : 50,
          pickup_delay: 10,
          max_call_duration_seconds: 300,
          silence_hangup_seconds: older ? 30 : 10,
          is_active: true,
          webhook_url: null,
          ...body,
          agent_id: id,
          api_key_id: principal.label,
          created_at: exchange.timestamp
        }
      }
      agents.set(id, agent)
      exchange.create("agent", id)
      return json(201, agent.body)
    })

  const ownAgent = (principal: Principal, id: string | undefined) => {
    const agent = agents.get(id ?? "")
    return agent !== undefined && agent.account === principal.account ? agent : undefined
  }

  const agentNotFound = () => reject(nx(404, "not_found", "agent_not_found", "agent_id doesn't exist"))

  const getAgent = (_: Exchange, principal: Principal, params: Params) => {
    const agent = ownAgent(principal, params.id)
    return agent === undefined ? agentNotFound() : Effect.succeed(json(200, agent.body))
  }

  const updateAgent = (exchange: Exchange, principal: Principal, params: Params) =>
    Effect.gen(function* () {
      const body = yield* bodyOf(exchange)
      const agent = ownAgent(principal, params.id)
      if (agent === undefined) return yield* agentNotFound()
      yield* checkAgent(body)
      agent.body = { ...agent.body, ...body, agent_id: agent.id, updated_at: exchange.timestamp }
      return json(200, agent.body)
    })

  const listAgents = (exchange: Exchange, principal: Principal) =>
    Effect.map(pageOf(exchange), ({ limit, offset }) => {
      const rows = Array.from(agents.values())
        .filter((agent) => agent.account === principal.account)
        .map((agent) => agent.body)
      return json(200, { agents: rows.slice(offset, offset + limit), count: rows.length, limit, offset })
    })

  // --- phone numbers ------------------------------------------------------------------------------------------------

  const importNumber = (exchange: Exchange, principal: Principal) =>
    Effect.gen(function* () {
      const body = yield* bodyOf(exchange)
      const field = (snake: string, camel: string) => body[snake] ?? body[camel]
      const phone = field("phone_number", "phoneNumber")
      const sid = field("twilio_sid", "twilioSid")
      const token = field("twilio_token", "twilioToken")
      const agentId = field("agent_id", "agentId")
      for (const [name, value] of [
        ["phone_number", phone],
        ["twilio_sid", sid],
        ["twilio_token", token],
        ["agent_id", agentId]
      ] as const) {
        if (!isNonEmptyString(value)) {
          return yield* reject(
            nx(400, "invalid_request", "missing_field", `Missing required field: ${name}`, { details: { field: name } })
          )
        }
      }
      if (!isE164(phone)) return yield* invalidPhone("phone_number")
      if (typeof sid !== "string" || !/^AC[a-f0-9]{32}$/.test(sid)) {
        return yield* reject(
          nx(400, "invalid_request", "invalid_twilio_sid", "twilio_sid must match ^AC[a-f0-9]{32}$", {
            details: { field: "twilio_sid" }
          })
        )
      }
      const agent = yield* usableAgent(principal, agentId)
      if (token === fixtures.twilioRejectedToken) {
        return yield* reject(nx(401, "authentication_error", "twilio_auth_failed", "Twilio returned error code 20003"))
      }
      if (typeof token !== "string" || !/^[a-f0-9]{32}$/.test(token)) {
        return yield* reject(
          nx(
            401,
            "authentication_error",
            "twilio_invalid_credentials",
            "Twilio rejected the Account SID and Auth Token"
          )
        )
      }
      if (phone === fixtures.numberNotInTwilio) {
        return yield* reject(
          nx(404, "not_found", "number_not_in_twilio", "This number was not found in the given Twilio account")
        )
      }
      const existing = numbers.get(phone)
      if (existing !== undefined && (existing.account !== principal.account || existing.agentId !== agent.id)) {
        return yield* reject(nx(409, "conflict", "number_already_imported", "Number is already on a different agent"))
      }
      const number: PhoneNumber = existing ?? {
        number: phone,
        account: principal.account,
        agentId: agent.id,
        sid: `PN${ids.hex(32)}`
      }
      numbers.set(phone, number)
      if (existing === undefined) exchange.create("phone_number", phone)
      return json(201, {
        phone_number: {
          phone_number: phone,
          agent_id: agent.id,
          twilio_number_sid: number.sid,
          inbound_enabled: true,
          outbound_enabled: true
        }
      })
    })

  // --- sms ----------------------------------------------------------------------------------------------------------

  const sendSms = (exchange: Exchange, principal: Principal) =>
    Effect.gen(function* () {
      const body = yield* bodyOf(exchange)
      const newer = body.to !== undefined || body.message !== undefined
      const toField = newer ? "to" : "to_number"
      const textField = newer ? "message" : "body"
      for (const name of ["agent_id", toField, "from_number", textField]) {
        if (body[name] === undefined || body[name] === "") return yield* invalidRequest(`${name} is required`, name)
      }
      if (!isE164(body[toField])) return yield* invalidPhone(toField)
      const text = body[textField]
      if (typeof text !== "string") return yield* invalidRequest(`${textField} must be a string`, textField)
      if (text.length > 1600) {
        return yield* reject(
          nx(400, "invalid_request", "message_too_long", "Message is longer than 1600 characters", {
            details: { length: text.length, max: 1600 }
          })
        )
      }
      const agent = yield* usableAgent(principal, body.agent_id)
      const from = yield* fromNumberFor(principal, agent, body.from_number)
      const to = body[toField] as string
      if (to === fixtures.unsubscribedNumber) {
        return yield* reject(nx(400, "invalid_request", "recipient_unsubscribed", "The recipient has opted out (STOP)"))
      }
      const id = `SM${ids.hex(32)}`
      exchange.create("sms", id)
      if (newer) return json(201, { status: "sent", to, from })
      return json(201, {
        message_id: id,
        status: "queued",
        to_number: to,
        from_number: from,
        created_at: exchange.timestamp
      })
    })

  const router = routerFrom(routes, {
    "POST /v1/keys": open(createKey),
    "POST /v1/calls/outbound": authenticated(createOutbound),
    "POST /v1/calls/batch": authenticated(createBatch),
    "POST /v1/calls/batch/:campaign_id/launch": authenticated(launchBatch),
    "GET /v1/calls": authenticated(listCalls),
    "GET /v1/calls/:id": authenticated(getCall),
    "POST /v1/agents": authenticated(createAgent),
    "GET /v1/agents": authenticated(listAgents),
    "GET /v1/agents/:id": authenticated(getAgent),
    "PUT /v1/agents/:id": authenticated(updateAgent),
    "POST /v1/phone-numbers": authenticated(importNumber),
    "POST /v1/sms": authenticated(sendSms)
  })

  return {
    vendor: "nixflex",
    router,
    authenticate: (exchange) => {
      const unauthorized = (code: string, message: string) => ({
        _tag: "Rejected" as const,
        response: nx(401, "authentication_error", code, message, { docUrl: false })
      })
      const match = /^Bearer\s+(.+)$/i.exec(exchange.header("authorization") ?? "")
      const token = match?.[1]?.trim()
      if (token === undefined) return unauthorized("invalid_api_key", "Invalid or missing API key")
      const colon = token.indexOf(":")
      if (colon < 0 || colon === token.length - 1) {
        return unauthorized(
          "key_secret_required",
          "Authorization header is missing the key_secret half (KEY_ID:KEY_SECRET)"
        )
      }
      const keyId = token.slice(0, colon)
      const entry = keys.get(keyId)
      if (entry === undefined || entry.secret !== token.slice(colon + 1)) {
        return unauthorized("invalid_api_key", "Invalid or missing API key")
      }
      return { _tag: "Authenticated", principal: { key: token, account: entry.account, label: keyId } }
    },
    rateGroup: (exchange) => {
      if (exchange.method === "POST" && exchange.path === "/v1/keys") {
        return { group: "nixflex.keys", rule: options.rateLimits["nixflex.keys"], byIp: true }
      }
      return exchange.method === "GET" || exchange.method === "HEAD"
        ? { group: "nixflex.read", rule: options.rateLimits["nixflex.read"], byIp: false }
        : { group: "nixflex.write", rule: options.rateLimits["nixflex.write"], byIp: false }
    },
    rateLimited: (decision, exchange) => {
      const seconds = secondsUntilReset(decision, exchange.now)
      return nx(
        429,
        "rate_limit_error",
        "rate_limit_exceeded",
        `Rate limit exceeded. Try again in ${seconds} seconds.`,
        { details: { retry_after: seconds }, docUrl: false },
        options.nixflexRetryAfterHeader ? { "retry-after": String(seconds) } : undefined
      )
    },
    notFound: (exchange) =>
      nx(404, "not_found", "not_found", `No route for ${exchange.method} ${exchange.path}`, { docUrl: false }),
    errorResponse: (status) => {
      const [type, code, message] = typesByStatus[status] ?? ["server_error", "server_error", `HTTP ${status}`]
      return nx(status, type, code, message, status === 429 ? { details: { retry_after: 1 } } : {})
    },
    idempotency: {
      header: "idempotency-key",
      conflict: (reason) =>
        reason === "reused"
          ? nx(
              409,
              "conflict",
              "idempotency_key_reused",
              "This Idempotency-Key was already used with a different request",
              { docUrl: false }
            )
          : nx(409, "conflict", "idempotency_key_in_use", "A request with this Idempotency-Key is still in progress", {
              docUrl: false
            })
    }
  }
}
