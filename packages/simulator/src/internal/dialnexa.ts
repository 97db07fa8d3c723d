import { createHash } from "node:crypto"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Effect from "effect/Effect"
import { routes } from "./dialnexaRoutes.js"
import {
  authenticated,
  type Exchange,
  isE164,
  isInteger,
  isIsoDateTime,
  isNonEmptyString,
  isRecord,
  json,
  keyLabel,
  Malformed,
  type Principal,
  type Rejection,
  reject,
  routerFrom,
  type VendorDialect,
  type VendorEnv
} from "./exchange.js"
import { InFlight } from "./inFlight.js"
import type { Resolved } from "./options.js"
import { secondsUntilReset } from "./rateLimit.js"

/** @internal */
export const demoKey = "dnx_test_faultline_demo"

/** @internal */
export const fixtures = {
  organizationId: "org_demo",
  agentId: "agt_demo0001",
  agentWithDeletedNumberId: "agt_deleted_number",
  agentVersionId: "av_demo0001",
  draftAgentVersionId: "av_draft0001",
  fromPhoneNumber: "+14155550100",
  runningCampaignId: "cmp_running01",
  completedCampaignId: "cmp_completed01",
  cancelledCampaignId: "cmp_cancelled01",
  runningCampaignLeadIds: ["lead_run_1", "lead_run_2", "lead_run_3"],
  completedCampaignLeadId: "lead_done_1",
  pausedWorkflowId: "wf_paused01",
  activeWorkflowId: "wf_active01",
  cancelledWorkflowId: "wf_cancelled01"
} as const

const reasonPhrases: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  402: "Payment Required",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  408: "Request Timeout",
  409: "Conflict",
  413: "Payload Too Large",
  422: "Unprocessable Entity",
  429: "Too Many Requests",
  500: "Internal Server Error",
  501: "Not Implemented",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout"
}

const defaultMessages: Record<number, string> = {
  429: "Too many requests. Please slow down and retry after a moment.",
  500: "An unexpected error occurred. If this persists, contact support.",
  503: "Service Unavailable"
}

/** The NestJS exception body: `{statusCode, message, error}`. */
const nest = (status: number, message: string | ReadonlyArray<string>, headers?: Record<string, string>) =>
  json(status, { statusCode: status, message, error: reasonPhrases[status] ?? "Error" }, headers)

/** One issue gives the string form the create-call page shows; several give the array form. */
const invalid = (issues: ReadonlyArray<string>) =>
  reject(nest(400, issues.length === 1 ? `Validation failed: ${issues[0]}` : issues))

const notFound = (message: string) => reject(nest(404, message))

const statuses = ["draft", "active", "running", "paused", "completed", "cancelled"] as const
const sentiments = ["positive", "neutral", "negative"] as const
const endReasons = [
  "user_disconnected",
  "agent_disconnected",
  "user_did_not_pick_up",
  "user_busy",
  "user_unreachable",
  "invalid_phone_number"
] as const

interface Agent {
  readonly id: string
  readonly account: string
  readonly phoneDeleted: boolean
  readonly body: Record<string, unknown>
}

interface CallLog {
  readonly id: string
  readonly account: string
  readonly callId: string
  readonly agentId: string
  readonly createdAt: number
  readonly endsAt: number
  readonly sentiment: string
  readonly durationSeconds: number
  readonly endReason: string
}

interface Campaign {
  readonly id: string
  readonly account: string
  body: Record<string, unknown>
  callsPlaced: boolean
}

interface Lead {
  readonly id: string
  readonly campaignId: string
  removed: boolean
}

interface Workflow {
  readonly id: string
  readonly account: string
  readonly name: string
  status: string
  updatedAt: string
}

const agentBody = (id: string, account: string, createdAt: string, title: string, phone: string | null) => ({
  id,
  organization_id: account,
  folder_id: null,
  current_version_number: 3,
  is_deleted: false,
  createdAt,
  updatedAt: createdAt,
  timezone: "America/Los_Angeles",
  current_version: {
    number: 3,
    title,
    is_published: true,
    language: "en-US",
    prompts: { prompt_text: "You are a helpful scheduling assistant.", welcome_message: "Hi, this is Ava." },
    voice: { provider: "elevenlabs", voice_id: "ava" },
    llm: { provider: "openai", model: "gpt-4o-mini", temperature: 0.3 },
    telephony: {
      inbound: { enabled: phone !== null, phone_number: phone },
      outbound: { enabled: phone !== null, phone_number: phone },
      call_limits: {
        end_call_on_silence_sec: 180,
        max_call_duration_sec: 600,
        pause_before_speaking_sec: 1.5,
        ring_duration_sec: 30
      }
    },
    speech: { stt_provider: "deepgram", interruption_sensitivity: 0.5 }
  }
})

const paginate = <A>(items: ReadonlyArray<A>, page: number, limit: number) => ({
  data: items.slice((page - 1) * limit, page * limit),
  meta: { page, limit, total: items.length, totalPages: Math.ceil(items.length / limit) }
})

/** `page` and `limit` as class-validator would check them, adding to `issues`. */
const readPage = (exchange: Exchange, issues: Array<string>): { page: number; limit: number } => {
  const read = (name: string, fallback: number, max: number | undefined): number => {
    const text = exchange.query.get(name)
    if (text === null) return fallback
    if (!/^-?\d+$/.test(text)) {
      issues.push(`${name} must be an integer number`)
      return fallback
    }
    const value = Number(text)
    if (value < 1) issues.push(`${name} must not be less than 1`)
    if (max !== undefined && value > max) issues.push(`${name} must not be greater than ${max}`)
    return value
  }
  return { page: read("page", 1, undefined), limit: read("limit", 20, 100) }
}

const pageQuery = (exchange: Exchange): Effect.Effect<{ page: number; limit: number }, Rejection> => {
  const issues: Array<string> = []
  const page = readPage(exchange, issues)
  return issues.length > 0 ? invalid(issues) : Effect.succeed(page)
}

const bodyOf = (exchange: Exchange): Effect.Effect<Record<string, unknown>, Rejection> => {
  const body = exchange.json()
  if (body === Malformed) return reject(nest(400, "Unexpected token in JSON at position 0"))
  if (body === undefined) return Effect.succeed({})
  return isRecord(body) ? Effect.succeed(body) : invalid(["request body must be an object"])
}

const etagOf = (text: string) => `W/"${createHash("sha1").update(text).digest("hex").slice(0, 27)}"`

const ifNoneMatchHits = (header: string | undefined, etag: string): boolean =>
  (header ?? "").split(",").some((candidate) => {
    const tag = candidate.trim()
    return tag === "*" || tag === etag || tag.replace(/^W\//, "") === etag.replace(/^W\//, "")
  })

/** @internal */
export const make = (env: VendorEnv<Resolved>): VendorDialect => {
  const { ids, options } = env
  const account = fixtures.organizationId
  const startedAt = env.now
  const iso = (ms: number) => new Date(ms).toISOString()
  const keys = new Map<string, { account: string; expiresAt: number | undefined }>(
    options.keys.dialnexa.map((key) => [key, { account, expiresAt: undefined }])
  )

  const agents = new Map<string, Agent>()
  const seededAt = iso(startedAt - 30 * 86_400_000)
  agents.set(fixtures.agentId, {
    id: fixtures.agentId,
    account,
    phoneDeleted: false,
    body: agentBody(fixtures.agentId, account, seededAt, "Appointment reminders", fixtures.fromPhoneNumber)
  })
  agents.set(fixtures.agentWithDeletedNumberId, {
    id: fixtures.agentWithDeletedNumberId,
    account,
    phoneDeleted: true,
    body: agentBody(fixtures.agentWithDeletedNumberId, account, seededAt, "Old outbound line", null)
  })
  const versions = new Map<string, { agentId: string; published: boolean }>([
    [fixtures.agentVersionId, { agentId: fixtures.agentId, published: true }],
    [fixtures.draftAgentVersionId, { agentId: fixtures.agentId, published: false }]
  ])
  const workspaceNumbers = new Set<string>([fixtures.fromPhoneNumber])

  const inFlight = new InFlight()
  const logs: Array<CallLog> = []
  for (let i = options.callLogCount; i >= 1; i--) {
    const createdAt = startedAt - i * 3_600_000
    const durationSeconds = ids.int(15, 600)
    logs.push({
      id: `log_${ids.hex(12)}`,
      account,
      callId: `call_${ids.hex(16)}`,
      agentId: fixtures.agentId,
      createdAt,
      endsAt: createdAt + durationSeconds * 1000,
      sentiment: sentiments[ids.int(0, sentiments.length)]!,
      durationSeconds,
      endReason: endReasons[ids.int(0, endReasons.length)]!
    })
  }

  const campaigns = new Map<string, Campaign>()
  const seedCampaign = (id: string, name: string, status: string, total: number, completed: number) =>
    campaigns.set(id, {
      id,
      account,
      callsPlaced: completed > 0,
      body: {
        id,
        organization_id: account,
        name,
        agent_id: fixtures.agentId,
        from_phone_number: fixtures.fromPhoneNumber,
        status,
        max_concurrent_calls: 2,
        scheduled_at: null,
        retry_config: { max_retries: 2, retry_interval_minutes: 30 },
        created_at: seededAt,
        total_leads: total,
        completed_calls: completed,
        pending_calls: total - completed
      }
    })
  seedCampaign(fixtures.runningCampaignId, "Spring renewals", "running", 3, 1)
  seedCampaign(fixtures.completedCampaignId, "Winter survey", "completed", 1, 1)
  seedCampaign(fixtures.cancelledCampaignId, "Cancelled pilot", "cancelled", 0, 0)
  const leads = new Map<string, Lead>()
  for (const id of fixtures.runningCampaignLeadIds)
    leads.set(id, { id, campaignId: fixtures.runningCampaignId, removed: false })
  leads.set(fixtures.completedCampaignLeadId, {
    id: fixtures.completedCampaignLeadId,
    campaignId: fixtures.completedCampaignId,
    removed: false
  })

  const workflows = new Map<string, Workflow>(
    [
      [fixtures.pausedWorkflowId, "Lead nurture", "paused"],
      [fixtures.activeWorkflowId, "Onboarding", "active"],
      [fixtures.cancelledWorkflowId, "Retired follow-up", "cancelled"]
    ].map(([id, name, status]) => [id!, { id: id!, account, name: name!, status: status!, updatedAt: seededAt }])
  )

  const ownAgent = (principal: Principal, id: string) => {
    const agent = agents.get(id)
    return agent !== undefined && agent.account === principal.account ? agent : undefined
  }

  // --- calls --------------------------------------------------------------------------------------------------------

  const createCall = (exchange: Exchange, principal: Principal) =>
    Effect.gen(function* () {
      const body = yield* bodyOf(exchange)
      const productVariant = "to_number" in body || "from_number" in body || "agent_version_id" in body
      const issues: Array<string> = []
      const optionalObject = (name: string) => {
        if (body[name] !== undefined && body[name] !== null && !isRecord(body[name]))
          issues.push(`${name} must be an object`)
      }
      let agent: Agent | undefined
      let to: string
      let from: string | undefined
      if (productVariant) {
        if (!isE164(body.from_number)) issues.push("from_number must be in E.164 format")
        if (!isE164(body.to_number)) issues.push("to_number must be in E.164 format")
        if (!isNonEmptyString(body.agent_version_id)) issues.push("agent_version_id should not be empty")
        optionalObject("variables")
        optionalObject("metadata")
        if (issues.length > 0) return yield* invalid(issues)
        const version = versions.get(body.agent_version_id as string)
        if (version === undefined) return yield* notFound("Agent version not found")
        if (!version.published) {
          return yield* reject(nest(422, `Agent version ${body.agent_version_id} is not published`))
        }
        if (!workspaceNumbers.has(body.from_number as string)) {
          return yield* reject(nest(422, `from_number ${body.from_number} is not an active number in this workspace`))
        }
        agent = ownAgent(principal, version.agentId)
        if (agent === undefined) return yield* notFound("Agent not found")
        to = body.to_number as string
        from = body.from_number as string
      } else {
        if (body.agent_id !== undefined && typeof body.agent_id !== "string") issues.push("agent_id must be a string")
        else if (!isNonEmptyString(body.agent_id)) issues.push("agent_id should not be empty")
        if (!isE164(body.to_phone_number)) issues.push("to_phone_number must be in E.164 format")
        if (body.from_phone_number !== undefined && !isE164(body.from_phone_number)) {
          issues.push("from_phone_number must be in E.164 format")
        }
        if (body.agent_version_number !== undefined && !isInteger(body.agent_version_number)) {
          issues.push("agent_version_number must be an integer number")
        }
        optionalObject("metadata")
        if (issues.length > 0) return yield* invalid(issues)
        agent = ownAgent(principal, body.agent_id as string)
        if (agent === undefined) return yield* notFound("Agent not found")
        if (agent.phoneDeleted) return yield* reject(nest(422, "Agent is assigned to a deleted phone number"))
        to = body.to_phone_number as string
        from = body.from_phone_number as string | undefined
      }
      const blocked = options.blockedPrefixes.find((prefix) => to.startsWith(prefix))
      if (blocked !== undefined) {
        return yield* reject(
          nest(403, `Destination ${to} is not allowed: prefix ${blocked} is not enabled in Telephony Config`)
        )
      }
      const active = inFlight.active(principal.account, exchange.now)
      if (active.length >= options.concurrency.dialnexa) {
        if (options.dialnexaConcurrencyStatus === 429) {
          const firstEnd = Math.min(...active)
          const retryAfter = String(Math.max(1, Math.ceil((firstEnd - exchange.now) / 1000)))
          return yield* reject(nest(429, "Concurrency limit reached", { "retry-after": retryAfter }))
        }
        return yield* reject(nest(409, "Workspace concurrency limit reached"))
      }
      const id = `call_${ids.hex(16)}`
      const endsAt = exchange.now + options.callDurationMs
      inFlight.add(principal.account, endsAt)
      logs.push({
        id: `log_${ids.hex(12)}`,
        account: principal.account,
        callId: id,
        agentId: agent.id,
        createdAt: exchange.now,
        endsAt,
        sentiment: "neutral",
        durationSeconds: Math.round(options.callDurationMs / 1000),
        endReason: "user_disconnected"
      })
      exchange.create("call", id)
      if (productVariant) {
        return json(201, {
          call_id: id,
          status: "queued",
          from_number: from,
          to_number: to,
          agent_version_id: body.agent_version_id,
          created_at: exchange.timestamp
        })
      }
      return json(201, {
        id,
        to_phone_number: to,
        from_phone_number: from ?? fixtures.fromPhoneNumber,
        agent_id: agent.id,
        agent_version_number: body.agent_version_number ?? agent.body.current_version_number,
        status: "initiated",
        metadata: body.metadata ?? null,
        created_at: exchange.timestamp
      })
    })

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
      created_at: iso(log.createdAt),
      end_reason: ended ? log.endReason : null,
      fallback_stt_transcriber_id: null
    }
  }

  const listCallLogs = (exchange: Exchange, principal: Principal) =>
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
        if (text !== null && !/^\d{4}-\d{2}-\d{2}$/.test(text))
          issues.push(`${name} must be a valid ISO 8601 date string`)
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
      let rows = logs
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

  // --- agents -------------------------------------------------------------------------------------------------------

  const listAgents = (exchange: Exchange, principal: Principal) =>
    Effect.map(pageQuery(exchange), ({ page, limit }) =>
      json(
        200,
        paginate(
          Array.from(agents.values())
            .filter((agent) => agent.account === principal.account)
            .map((agent) => agent.body),
          page,
          limit
        )
      )
    )

  const getAgent = (_: Exchange, principal: Principal, params: Readonly<Record<string, string | undefined>>) => {
    const agent = ownAgent(principal, params.id ?? "")
    return agent === undefined ? notFound("Agent not found") : Effect.succeed(json(200, agent.body))
  }

  // --- campaigns ----------------------------------------------------------------------------------------------------

  const checkCampaignFields = (body: Record<string, unknown>, required: boolean): Array<string> => {
    const issues: Array<string> = []
    const present = (name: string) => required || body[name] !== undefined
    if (present("name") && !isNonEmptyString(body.name)) issues.push("name should not be empty")
    if (present("agent_id") && !isNonEmptyString(body.agent_id)) issues.push("agent_id should not be empty")
    if (present("from_phone_number") && !isE164(body.from_phone_number)) {
      issues.push("from_phone_number must be in E.164 format")
    }
    if (body.scheduled_at !== undefined && body.scheduled_at !== null && !isIsoDateTime(body.scheduled_at)) {
      issues.push("scheduled_at must be a valid ISO 8601 date string")
    }
    if (present("max_concurrent_calls")) {
      const value = body.max_concurrent_calls
      if (!isInteger(value)) issues.push("max_concurrent_calls must be an integer number")
      else if (value < 1) issues.push("max_concurrent_calls must not be less than 1")
      else if (value > options.concurrency.dialnexa) {
        issues.push(`max_concurrent_calls must not be greater than ${options.concurrency.dialnexa}`)
      }
    }
    for (const name of ["retry_config", "retry_policy"]) {
      const retry = body[name]
      if (retry === undefined || retry === null) continue
      if (!isRecord(retry)) {
        issues.push(`${name} must be an object`)
        continue
      }
      if (retry.max_retries !== undefined && !(isInteger(retry.max_retries) && retry.max_retries >= 0)) {
        issues.push(`${name}.max_retries must not be less than 0`)
      }
      if (
        retry.retry_interval_minutes !== undefined &&
        !(isInteger(retry.retry_interval_minutes) && retry.retry_interval_minutes >= 1)
      ) {
        issues.push(`${name}.retry_interval_minutes must not be less than 1`)
      }
    }
    if (body.status !== undefined && !(statuses as ReadonlyArray<unknown>).includes(body.status)) {
      issues.push(`status must be one of the following values: ${statuses.join(", ")}`)
    }
    return issues
  }

  const createCampaign = (exchange: Exchange, principal: Principal) =>
    Effect.gen(function* () {
      const body = yield* bodyOf(exchange)
      const issues = checkCampaignFields(body, true)
      if (issues.length > 0) return yield* invalid(issues)
      if (ownAgent(principal, body.agent_id as string) === undefined) return yield* notFound("Agent not found")
      const scheduled = isIsoDateTime(body.scheduled_at) && Date.parse(body.scheduled_at) > exchange.now
      const id = `cmp_${ids.hex(12)}`
      const campaign: Campaign = {
        id,
        account: principal.account,
        callsPlaced: !scheduled,
        body: {
          id,
          organization_id: principal.account,
          name: body.name,
          agent_id: body.agent_id,
          from_phone_number: body.from_phone_number,
          status: scheduled ? "draft" : "running",
          max_concurrent_calls: body.max_concurrent_calls,
          scheduled_at: body.scheduled_at ?? null,
          retry_config: body.retry_config ?? body.retry_policy ?? null,
          created_at: exchange.timestamp,
          total_leads: 0,
          completed_calls: 0,
          pending_calls: 0
        }
      }
      campaigns.set(id, campaign)
      exchange.create("campaign", id)
      const { total_leads: _t, completed_calls: _c, pending_calls: _p, ...created } = campaign.body
      return json(201, created)
    })

  const ownCampaign = (principal: Principal, id: string | undefined) => {
    const campaign = campaigns.get(id ?? "")
    return campaign !== undefined && campaign.account === principal.account ? campaign : undefined
  }

  const getCampaign = (_: Exchange, principal: Principal, params: Readonly<Record<string, string | undefined>>) => {
    const campaign = ownCampaign(principal, params.id)
    return campaign === undefined ? notFound("Campaign not found") : Effect.succeed(json(200, campaign.body))
  }

  const listCampaigns = (exchange: Exchange, principal: Principal) =>
    Effect.map(pageQuery(exchange), ({ page, limit }) =>
      json(
        200,
        paginate(
          Array.from(campaigns.values())
            .filter((campaign) => campaign.account === principal.account)
            .map((campaign) => campaign.body),
          page,
          limit
        )
      )
    )

  const updateCampaign = (
    exchange: Exchange,
    principal: Principal,
    params: Readonly<Record<string, string | undefined>>
  ) =>
    Effect.gen(function* () {
      const body = yield* bodyOf(exchange)
      const issues = checkCampaignFields(body, false)
      if (issues.length > 0) return yield* invalid(issues)
      const campaign = ownCampaign(principal, params.id)
      if (campaign === undefined) return yield* notFound("Campaign not found")
      const current = campaign.body.status as string
      const terminal = current === "cancelled" || current === "completed"
      if (body.status !== undefined && body.status !== current && terminal) {
        return yield* reject(
          nest(
            409,
            current === "cancelled"
              ? "Cannot resume a campaign that has been cancelled"
              : "Campaign is already completed"
          )
        )
      }
      if (body.agent_id !== undefined && body.agent_id !== campaign.body.agent_id) {
        if (campaign.callsPlaced) return yield* reject(nest(409, "Cannot change agent_id after calls have been placed"))
        if (ownAgent(principal, body.agent_id as string) === undefined) return yield* notFound("Agent not found")
      }
      const { retry_policy, ...rest } = body
      campaign.body = {
        ...campaign.body,
        ...rest,
        ...(retry_policy !== undefined ? { retry_config: retry_policy } : {}),
        updated_at: exchange.timestamp
      }
      return json(200, campaign.body)
    })

  const deleteLead = (_: Exchange, principal: Principal, params: Readonly<Record<string, string | undefined>>) =>
    Effect.gen(function* () {
      const lead = leads.get(params.id ?? "")
      const campaign = lead === undefined ? undefined : ownCampaign(principal, lead.campaignId)
      if (lead === undefined || lead.removed || campaign === undefined) return yield* notFound("Lead not found")
      const status = campaign.body.status
      if (status === "completed" || status === "cancelled") {
        return yield* reject(nest(409, `Cannot remove a lead from a ${status} campaign`))
      }
      lead.removed = true
      campaign.body = {
        ...campaign.body,
        total_leads: (campaign.body.total_leads as number) - 1,
        pending_calls: Math.max(0, (campaign.body.pending_calls as number) - 1)
      }
      return json(200, { message: "Lead removed from campaign." })
    })

  const resumeWorkflow = (
    exchange: Exchange,
    principal: Principal,
    params: Readonly<Record<string, string | undefined>>
  ) =>
    Effect.gen(function* () {
      const workflow = workflows.get(params.id ?? "")
      if (workflow === undefined || workflow.account !== principal.account) return yield* notFound("Workflow not found")
      if (workflow.status !== "paused") {
        return yield* reject(nest(409, `Workflow is not paused (status: ${workflow.status})`))
      }
      workflow.status = "active"
      workflow.updatedAt = exchange.timestamp
      return json(200, { id: workflow.id, name: workflow.name, status: "active", updated_at: workflow.updatedAt })
    })

  // --- api keys -----------------------------------------------------------------------------------------------------

  const createApiKey = (exchange: Exchange, principal: Principal) =>
    Effect.gen(function* () {
      const body = yield* bodyOf(exchange)
      const issues: Array<string> = []
      if (!isNonEmptyString(body.name)) issues.push("name should not be empty")
      if (body.expire_now !== undefined && typeof body.expire_now !== "boolean") {
        issues.push("expire_now must be a boolean value")
      }
      if (issues.length > 0) return yield* reject(nest(400, issues))
      const keyId = Array.from({ length: 14 }, () => "abcdefghijklmnopqrstuvwxyz"[ids.int(0, 26)]).join("")
      const secret = ids.hex(14)
      keys.set(`${keyId}:${secret}`, { account: principal.account, expiresAt: undefined })
      const caller = keys.get(principal.key)
      if (caller !== undefined) {
        caller.expiresAt = body.expire_now === true ? exchange.now : exchange.now + 86_400_000
      }
      exchange.create("api_key", keyId)
      return json(201, { id: keyId, name: body.name, secret, created_at: exchange.timestamp })
    })

  const router = routerFrom(routes, {
    "POST /v1/calls": authenticated(createCall),
    "GET /v1/call-logs": authenticated(listCallLogs),
    "GET /v1/agents2": authenticated(listAgents),
    "GET /v1/agents2/:id": authenticated(getAgent),
    "POST /v1/campaigns": authenticated(createCampaign),
    "GET /v1/campaigns": authenticated(listCampaigns),
    "GET /v1/campaigns/:id": authenticated(getCampaign),
    "PATCH /v1/campaigns/:id": authenticated(updateCampaign),
    "DELETE /v1/campaigns-leads/:id": authenticated(deleteLead),
    "POST /v1/workflows/:id/resume": authenticated(resumeWorkflow),
    "POST /v1/api-keys": authenticated(createApiKey)
  })

  return {
    vendor: "dialnexa",
    router,
    authenticate: (exchange) => {
      const match = /^Bearer\s+(.+)$/i.exec(exchange.header("authorization") ?? "")
      const key = match?.[1]?.trim()
      const entry = key === undefined ? undefined : keys.get(key)
      if (
        key === undefined ||
        entry === undefined ||
        (entry.expiresAt !== undefined && entry.expiresAt <= exchange.now)
      ) {
        return { _tag: "Rejected", response: nest(401, "Unauthorized") }
      }
      return { _tag: "Authenticated", principal: { key, account: entry.account, label: keyLabel(key) } }
    },
    rateGroup: () => ({ group: "dialnexa", rule: options.rateLimits.dialnexa, byIp: false }),
    rateLimited: (decision, exchange) =>
      nest(429, defaultMessages[429]!, { "retry-after": String(secondsUntilReset(decision, exchange.now)) }),
    notFound: (exchange) => nest(404, `Cannot ${exchange.method} ${exchange.path}`),
    errorResponse: (status) =>
      nest(
        status,
        defaultMessages[status] ?? reasonPhrases[status] ?? "Error",
        status === 429 || status === 503 ? { "retry-after": "1" } : undefined
      ),
    idempotency: undefined
  }
}
