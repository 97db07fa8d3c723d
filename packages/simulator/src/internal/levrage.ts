import * as Effect from "effect/Effect"
import {
  authenticated,
  type Exchange,
  isE164,
  isInteger,
  isRecord,
  json,
  keyLabel,
  Malformed,
  open,
  type Principal,
  type Rejection,
  reject,
  routerFrom,
  type VendorDialect,
  type VendorEnv
} from "./exchange.js"
import { routes } from "./levrageRoutes.js"
import type { Resolved } from "./options.js"

/** @internal */
export const demoKey = "lev_faultline_demo_key"

/** @internal */
export const fixtures = {
  accountId: "acct_demo",
  agentId: "6f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e5",
  agentName: "Demo Agent",
  sourceNumber: "+919876543210"
} as const

const baseAgentTypes = [
  "sales",
  "support",
  "cold_calling",
  "collection",
  "retention",
  "compliance",
  "appointment_booking",
  "custom"
]

const industries: Record<string, ReadonlyArray<string>> = {
  healthcare: ["appointment_reminder", "patient_intake", "prescription_refill"],
  real_estate: ["lead_qualification", "property_inquiry", "site_visit_booking"],
  banking: ["loan_followup", "kyc_verification", "card_activation"],
  insurance: ["policy_renewal", "claim_status", "premium_reminder"],
  education: ["admission_inquiry", "fee_reminder"]
}

const voices = [
  { id: "priya", name: "Priya", language: "Hindi", gender: "female" },
  { id: "arjun", name: "Arjun", language: "Hindi", gender: "male" },
  { id: "emma", name: "Emma", language: "English", gender: "female" },
  { id: "liam", name: "Liam", language: "English", gender: "male" },
  { id: "kavya", name: "Kavya", language: "Tamil", gender: "female" }
]

const languages = ["English", "Hindi", "Tamil", "Telugu", "Marathi", "Bengali", "Spanish"]
const languageCodes = ["en", "hi", "ta", "te", "mr", "bn", "es"]

const uuidPattern = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i

/** One item of FastAPI's 422 `detail` list (pydantic v2's shape). */
interface DetailItem {
  readonly type: string
  readonly loc: ReadonlyArray<string | number>
  readonly msg: string
  readonly input: unknown
  readonly ctx?: Record<string, unknown>
}

const detail = (status: number, value: string | ReadonlyArray<DetailItem>) => json(status, { detail: value })

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

/** A window as slowapi words it: "1 minute", "30 second", "400 millisecond". */
const windowText = (ms: number) =>
  ms % 60_000 === 0 ? `${ms / 60_000} minute` : ms % 1000 === 0 ? `${ms / 1000} second` : `${ms} millisecond`

interface Agent {
  readonly id: string
  readonly account: string
  body: Record<string, unknown>
}

interface Call {
  readonly id: string
  readonly account: string
  readonly agentId: string
  readonly createdAt: number
  readonly endsAt: number
  readonly body: Record<string, unknown>
}

interface Campaign {
  readonly id: string
  readonly account: string
  readonly body: Record<string, unknown>
}

/** @internal */
export const make = (env: VendorEnv<Resolved>): VendorDialect => {
  const { ids, options } = env
  const account = fixtures.accountId
  const iso = (ms: number) => new Date(ms).toISOString()
  const keys = new Map<string, string>(options.keys.levrage.map((key) => [key, account]))
  let credits = options.levrageCredits

  const envelope = (exchange: Exchange, status: number, code: string, message: string) =>
    json(status, {
      success: false,
      error: { code, message },
      request_id: `req_${ids.hex(12)}`,
      timestamp: exchange.timestamp
    })
  const ok = (exchange: Exchange, data: unknown, status = 200) =>
    json(status, { success: true, data, request_id: `req_${ids.hex(12)}`, timestamp: exchange.timestamp })
  const invalidValue = (exchange: Exchange, message: string) =>
    reject(envelope(exchange, 422, "validation_error", message))
  const notFound = (exchange: Exchange, message: string) => reject(envelope(exchange, 404, "not_found", message))

  const agents = new Map<string, Agent>()
  const seededAt = iso(env.now - 30 * 86_400_000)
  agents.set(fixtures.agentId, {
    id: fixtures.agentId,
    account,
    body: {
      id: fixtures.agentId,
      name: fixtures.agentName,
      agent_type: "sales",
      language: "English",
      voice: "emma",
      brand_name: "Faultline Demo",
      description: "Seeded by the simulator",
      sector: "technology",
      start_flow: "Greet the customer and introduce the offer.",
      end_flow: "Thank the customer and end the call.",
      webhook_config: null,
      created_at: seededAt
    }
  })
  const calls: Array<Call> = []
  const campaigns: Array<Campaign> = []

  /** The body as a JSON object, or FastAPI's answer for a missing or malformed one. */
  const bodyOf = (exchange: Exchange): Effect.Effect<Record<string, unknown>, Rejection> => {
    const body = exchange.json()
    if (body === Malformed) return reject(envelope(exchange, 400, "validation_error", "Malformed JSON body"))
    if (body === undefined) {
      return reject(detail(422, [{ type: "missing", loc: ["body"], msg: "Field required", input: null }]))
    }
    if (!isRecord(body)) {
      return reject(
        detail(422, [
          { type: "model_attributes_type", loc: ["body"], msg: "Input should be a valid dictionary", input: body }
        ])
      )
    }
    return Effect.succeed(body)
  }

  /** Pydantic-style checks: collects detail items for missing fields and wrong types. */
  const schema = (body: Record<string, unknown>) => {
    const items: Array<DetailItem> = []
    const loc = (name: string) => ["body", name]
    const present = (name: string, required: boolean) => {
      if (body[name] === undefined) {
        if (required) items.push({ type: "missing", loc: loc(name), msg: "Field required", input: body })
        return false
      }
      return true
    }
    return {
      items,
      string(name: string, required: boolean, maxLength?: number) {
        if (!present(name, required)) return
        const value = body[name]
        if (typeof value !== "string") {
          items.push({ type: "string_type", loc: loc(name), msg: "Input should be a valid string", input: value })
        } else if (maxLength !== undefined && value.length > maxLength) {
          items.push({
            type: "string_too_long",
            loc: loc(name),
            msg: `String should have at most ${maxLength} characters`,
            input: value,
            ctx: { max_length: maxLength }
          })
        }
      },
      uuid(name: string, required: boolean) {
        if (!present(name, required)) return
        const value = body[name]
        if (typeof value !== "string" || !uuidPattern.test(value)) {
          items.push({ type: "uuid_parsing", loc: loc(name), msg: "Input should be a valid UUID", input: value })
        }
      },
      dict(name: string, nullable: boolean) {
        const value = body[name]
        if (value === undefined || (nullable && value === null)) return
        if (!isRecord(value)) {
          items.push({ type: "dict_type", loc: loc(name), msg: "Input should be a valid dictionary", input: value })
        }
      },
      int(name: string, bounds: { readonly ge?: number; readonly le?: number }) {
        if (!present(name, false)) return
        const value = body[name]
        if (!isInteger(value)) {
          items.push({ type: "int_type", loc: loc(name), msg: "Input should be a valid integer", input: value })
        } else if (bounds.ge !== undefined && value < bounds.ge) {
          items.push({
            type: "greater_than_equal",
            loc: loc(name),
            msg: `Input should be greater than or equal to ${bounds.ge}`,
            input: value,
            ctx: { ge: bounds.ge }
          })
        } else if (bounds.le !== undefined && value > bounds.le) {
          items.push({
            type: "less_than_equal",
            loc: loc(name),
            msg: `Input should be less than or equal to ${bounds.le}`,
            input: value,
            ctx: { le: bounds.le }
          })
        }
      },
      list(name: string, required: boolean, maxLength: number) {
        if (!present(name, required)) return
        const value = body[name]
        if (!Array.isArray(value)) {
          items.push({ type: "list_type", loc: loc(name), msg: "Input should be a valid list", input: value })
        } else if (value.length > maxLength) {
          items.push({
            type: "too_long",
            loc: loc(name),
            msg: `List should have at most ${maxLength} items after validation, not ${value.length}`,
            input: value.length,
            ctx: { field_type: "List", max_length: maxLength, actual_length: value.length }
          })
        }
      },
      done: () => (items.length > 0 ? reject(detail(422, items)) : Effect.void)
    }
  }

  const pageQuery = (exchange: Exchange): Effect.Effect<{ page: number; pageSize: number }, Rejection> => {
    const items: Array<DetailItem> = []
    const read = (name: string, fallback: number, le: number | undefined) => {
      const text = exchange.query.get(name)
      if (text === null) return fallback
      if (!/^-?\d+$/.test(text)) {
        items.push({
          type: "int_parsing",
          loc: ["query", name],
          msg: "Input should be a valid integer, unable to parse string as an integer",
          input: text
        })
        return fallback
      }
      const value = Number(text)
      if (value < 1) {
        items.push({
          type: "greater_than_equal",
          loc: ["query", name],
          msg: "Input should be greater than or equal to 1",
          input: text,
          ctx: { ge: 1 }
        })
      } else if (le !== undefined && value > le) {
        items.push({
          type: "less_than_equal",
          loc: ["query", name],
          msg: `Input should be less than or equal to ${le}`,
          input: text,
          ctx: { le }
        })
      }
      return value
    }
    const page = read("page", 1, undefined)
    const pageSize = read("page_size", 20, 100)
    return items.length > 0 ? reject(detail(422, items)) : Effect.succeed({ page, pageSize })
  }

  const list = (exchange: Exchange, rows: ReadonlyArray<unknown>) =>
    Effect.map(pageQuery(exchange), ({ page, pageSize }) =>
      json(200, {
        success: true,
        data: rows.slice((page - 1) * pageSize, page * pageSize),
        total: rows.length,
        page,
        page_size: pageSize,
        has_more: page * pageSize < rows.length,
        request_id: `req_${ids.hex(12)}`,
        timestamp: exchange.timestamp
      })
    )

  const ownAgent = (principal: Principal, id: unknown) => {
    const agent = typeof id === "string" ? agents.get(id.toLowerCase()) : undefined
    return agent !== undefined && agent.account === principal.account ? agent : undefined
  }

  const nameTaken = (principal: Principal, name: unknown, except?: string) =>
    Array.from(agents.values()).some(
      (agent) => agent.account === principal.account && agent.body.name === name && agent.id !== except
    )

  // --- calls --------------------------------------------------------------------------------------------------------

  const makeCall = (exchange: Exchange, principal: Principal) =>
    Effect.gen(function* () {
      const body = yield* bodyOf(exchange)
      const check = schema(body)
      check.uuid("agent_id", true)
      check.string("source_number", true)
      check.string("phone_number", true)
      check.dict("metadata", true)
      yield* check.done()
      if (!isE164(body.phone_number)) return yield* invalidValue(exchange, "phone_number must be E.164 format")
      if (!isE164(body.source_number)) return yield* invalidValue(exchange, "source_number must be E.164 format")
      const agent = ownAgent(principal, body.agent_id)
      if (agent === undefined) return yield* notFound(exchange, "Agent not found")
      if (credits !== undefined) {
        if (credits <= 0) return yield* reject(envelope(exchange, 402, "quota_exceeded", "Insufficient credits"))
        credits -= 1
      }
      const id = ids.uuid()
      const created = {
        call_id: id,
        session_id: `sess_${ids.hex(16)}`,
        agent_id: agent.id,
        phone_number: body.phone_number,
        source_number: body.source_number,
        direction: "outbound",
        metadata: body.metadata ?? null,
        created_at: exchange.timestamp
      }
      calls.push({
        id,
        account: principal.account,
        agentId: agent.id,
        createdAt: exchange.now,
        endsAt: exchange.now + options.callDurationMs,
        body: created
      })
      exchange.create("call", id)
      return ok(exchange, { ...created, status: "queued" }, 201)
    })

  const listCalls = (exchange: Exchange, principal: Principal) => {
    const q = exchange.query
    const rows = calls
      .filter((call) => call.account === principal.account)
      .map((call) => {
        const ended = call.endsAt <= exchange.now
        return {
          ...call.body,
          agent_id: call.agentId,
          direction: "outbound",
          status: ended ? "completed" : "in_progress",
          duration_seconds: ended ? Math.round((call.endsAt - call.createdAt) / 1000) : null,
          started_at: iso(call.createdAt),
          ended_at: ended ? iso(call.endsAt) : null
        }
      })
      .filter(
        (row) =>
          (q.get("status") === null || row.status === q.get("status")) &&
          (q.get("direction") === null || row.direction === q.get("direction")) &&
          (q.get("agent_id") === null || row.agent_id === q.get("agent_id"))
      )
      .reverse()
    return list(exchange, rows)
  }

  // --- agents -------------------------------------------------------------------------------------------------------

  const agentSemantics = (exchange: Exchange, body: Record<string, unknown>) => {
    const knownTypes = [...baseAgentTypes, ...Object.values(industries).flat()]
    if (body.agent_type !== undefined && !knownTypes.includes(body.agent_type as string)) {
      return invalidValue(exchange, `Unknown agent_type '${String(body.agent_type)}'`)
    }
    if (body.agent_type === "custom" && typeof body.custom_description !== "string") {
      return invalidValue(exchange, "custom_description is required when agent_type is custom")
    }
    if (
      body.language !== undefined &&
      !languages.includes(body.language as string) &&
      !languageCodes.includes(body.language as string)
    ) {
      return invalidValue(exchange, `Unsupported language '${String(body.language)}'`)
    }
    if (body.voice !== undefined && !voices.some((voice) => voice.id === body.voice || voice.name === body.voice)) {
      return invalidValue(exchange, `Unknown voice '${String(body.voice)}'`)
    }
    const webhook = body.webhook_config
    if (webhook !== undefined && webhook !== null) {
      if (!isRecord(webhook) || typeof webhook.url !== "string") {
        return invalidValue(exchange, "webhook_config.url is required")
      }
      if (!webhook.url.startsWith("https://")) return invalidValue(exchange, "webhook_config.url must use https")
    }
    return Effect.void
  }

  const createAgent = (exchange: Exchange, principal: Principal) =>
    Effect.gen(function* () {
      const body = yield* bodyOf(exchange)
      const check = schema(body)
      check.string("name", true, 100)
      check.string("start_flow", true)
      check.string("end_flow", true)
      for (const name of [
        "agent_type",
        "language",
        "voice",
        "brand_name",
        "description",
        "sector",
        "custom_description"
      ]) {
        check.string(name, false)
      }
      check.dict("webhook_config", true)
      yield* check.done()
      yield* agentSemantics(exchange, body)
      if (nameTaken(principal, body.name)) {
        return yield* reject(envelope(exchange, 409, "validation_error", "Agent name is already in use"))
      }
      const id = ids.uuid()
      const agent: Agent = {
        id,
        account: principal.account,
        body: {
          id,
          name: body.name,
          agent_type: body.agent_type ?? "custom",
          language: body.language ?? "English",
          voice: body.voice ?? "emma",
          brand_name: body.brand_name ?? null,
          description: body.description ?? null,
          sector: body.sector ?? null,
          custom_description: body.custom_description ?? null,
          start_flow: body.start_flow,
          end_flow: body.end_flow,
          webhook_config: body.webhook_config ?? null,
          created_at: exchange.timestamp
        }
      }
      agents.set(id, agent)
      exchange.create("agent", id)
      return ok(exchange, agent.body, 201)
    })

  const getAgent = (exchange: Exchange, principal: Principal, params: Readonly<Record<string, string | undefined>>) => {
    const agent = ownAgent(principal, params.agent_id)
    return agent === undefined ? notFound(exchange, "Agent not found") : Effect.succeed(ok(exchange, agent.body))
  }

  const updateAgent = (
    exchange: Exchange,
    principal: Principal,
    params: Readonly<Record<string, string | undefined>>
  ) =>
    Effect.gen(function* () {
      const body = yield* bodyOf(exchange)
      const check = schema(body)
      check.string("name", false, 100)
      for (const name of ["start_flow", "end_flow", "agent_type", "language", "voice", "brand_name", "description"]) {
        check.string(name, false)
      }
      check.dict("webhook_config", true)
      yield* check.done()
      const agent = ownAgent(principal, params.agent_id)
      if (agent === undefined) return yield* notFound(exchange, "Agent not found")
      yield* agentSemantics(exchange, body)
      if (body.name !== undefined && nameTaken(principal, body.name, agent.id)) {
        return yield* reject(envelope(exchange, 409, "validation_error", "Agent name is already in use"))
      }
      agent.body = { ...agent.body, ...body, id: agent.id, updated_at: exchange.timestamp }
      return ok(exchange, agent.body)
    })

  const listAgents = (exchange: Exchange, principal: Principal) =>
    list(
      exchange,
      Array.from(agents.values())
        .filter((agent) => agent.account === principal.account)
        .map((agent) => agent.body)
    )

  // --- campaigns ----------------------------------------------------------------------------------------------------

  const createCampaign = (exchange: Exchange, principal: Principal) =>
    Effect.gen(function* () {
      const body = yield* bodyOf(exchange)
      const check = schema(body)
      check.string("name", true, 100)
      check.uuid("agent_id", true)
      check.string("phone_number", true)
      check.list("contacts", true, 2000)
      check.string("phone_column", false)
      check.int("max_concurrent_calls", { ge: 1, le: 50 })
      check.dict("retry_config", true)
      yield* check.done()
      if (!isE164(body.phone_number)) return yield* invalidValue(exchange, "phone_number must be E.164 format")
      const phoneColumn = (body.phone_column as string | undefined) ?? "phone"
      const contacts = body.contacts as ReadonlyArray<unknown>
      for (let i = 0; i < contacts.length; i++) {
        const contact = contacts[i]
        if (!isRecord(contact)) return yield* invalidValue(exchange, `contacts[${i}] must be an object`)
        if (!isE164(contact[phoneColumn])) {
          return yield* invalidValue(exchange, `contacts[${i}].${phoneColumn} must be E.164 format`)
        }
      }
      const agent = ownAgent(principal, body.agent_id)
      if (agent === undefined) return yield* notFound(exchange, "Agent not found")
      const id = ids.uuid()
      const campaign = {
        id,
        name: body.name,
        agent_id: agent.id,
        phone_number: body.phone_number,
        status: "running",
        total_contacts: contacts.length,
        phone_column: phoneColumn,
        max_concurrent_calls: body.max_concurrent_calls ?? 1,
        retry_config: body.retry_config ?? null,
        created_at: exchange.timestamp
      }
      campaigns.push({ id, account: principal.account, body: campaign })
      exchange.create("campaign", id)
      return ok(exchange, campaign, 201)
    })

  const listCampaigns = (exchange: Exchange, principal: Principal) =>
    list(
      exchange,
      campaigns.filter((campaign) => campaign.account === principal.account).map((campaign) => campaign.body)
    )

  // --- public -------------------------------------------------------------------------------------------------------

  const health = (exchange: Exchange) => Effect.succeed(ok(exchange, { status: "healthy" }))
  const listIndustries = (exchange: Exchange) => Effect.succeed(ok(exchange, Object.keys(industries)))
  const listAgentTypes = (exchange: Exchange, params: Readonly<Record<string, string | undefined>>) => {
    const industry = params.industry ?? ""
    return Object.hasOwn(industries, industry)
      ? Effect.succeed(ok(exchange, industries[industry]))
      : notFound(exchange, "Industry not found")
  }
  const listVoices = (exchange: Exchange) => Effect.succeed(ok(exchange, voices))
  const listLanguages = (exchange: Exchange) => Effect.succeed(ok(exchange, languages))

  const router = routerFrom(routes, {
    "GET /v1/health": open(health),
    "GET /v1/industries": open(listIndustries),
    "GET /v1/industries/:industry/agent-types": open(listAgentTypes),
    "GET /v1/voices": open(listVoices),
    "GET /v1/voices/languages": open(listLanguages),
    "POST /v1/call": authenticated(makeCall),
    "GET /v1/calls": authenticated(listCalls),
    "POST /v1/agents": authenticated(createAgent),
    "GET /v1/agents": authenticated(listAgents),
    "GET /v1/agents/:agent_id": authenticated(getAgent),
    "PATCH /v1/agents/:agent_id": authenticated(updateAgent),
    "POST /v1/campaigns": authenticated(createCampaign),
    "GET /v1/campaigns": authenticated(listCampaigns)
  })

  return {
    vendor: "levrage",
    router,
    authenticate: (exchange) => {
      const match = /^Bearer\s+(.+)$/i.exec(exchange.header("authorization") ?? "")
      const key = match?.[1]?.trim()
      const owner = key === undefined ? undefined : keys.get(key)
      if (key === undefined || owner === undefined) {
        return { _tag: "Rejected", response: detail(401, "Invalid or expired API key") }
      }
      return { _tag: "Authenticated", principal: { key, account: owner, label: keyLabel(key) } }
    },
    rateGroup: () => ({ group: "levrage", rule: options.rateLimits.levrage, byIp: false }),
    rateLimited: (decision) =>
      detail(429, `Rate limit exceeded: ${decision.limit} per ${windowText(options.rateLimits.levrage.windowMs)}`),
    notFound: () => detail(404, "Not Found"),
    errorResponse: (status, exchange) => {
      const server = serverDetails[status]
      if (server !== undefined) return detail(status, server)
      const code = codesByStatus[status]
      return code === undefined
        ? detail(status, status === 429 ? "Too many requests" : "Error")
        : envelope(exchange, status, code, code === "quota_exceeded" ? "Insufficient credits" : "Request failed")
    },
    idempotency: undefined
  }
}
