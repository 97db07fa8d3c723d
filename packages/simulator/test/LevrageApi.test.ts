import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { LevrageApi } from "../src/index.js"
import { at, bearer, send, str, withSimulator } from "./support.js"

const { fixtures } = LevrageApi
const auth = bearer(LevrageApi.demoKey)

const call = (overrides: Record<string, unknown> = {}) => ({
  agent_id: fixtures.agentId,
  source_number: fixtures.sourceNumber,
  phone_number: "+919812345678",
  metadata: { lead: 1 },
  ...overrides
})

describe("Levrage authentication", () => {
  it.live("public endpoints need no key; the rest answer FastAPI's {detail} 401", () =>
    withSimulator({}, (sim) =>
      Effect.gen(function* () {
        const base = sim.baseUrl("levrage")
        for (const path of [
          "/v1/health",
          "/v1/industries",
          "/v1/industries/healthcare/agent-types",
          "/v1/voices",
          "/v1/voices/languages"
        ]) {
          const reply = yield* send("GET", `${base}${path}`)
          expect([path, reply.status, at(reply.body, "success")]).toEqual([path, 200, true])
        }
        const unknownIndustry = yield* send("GET", `${base}/v1/industries/mining/agent-types`)
        expect([unknownIndustry.status, at(unknownIndustry.body, "error", "code")]).toEqual([404, "not_found"])
        for (const headers of [{}, bearer("lev_wrong")]) {
          const reply = yield* send("GET", `${base}/v1/agents`, { headers })
          expect([reply.status, reply.body]).toEqual([401, { detail: "Invalid or expired API key" }])
        }
        expect((yield* send("GET", `${base}/v1/agents`, { headers: auth })).status).toBe(200)
      })
    )
  )
})

describe("Levrage calls and validation", () => {
  it.live("missing fields and wrong types get a pydantic detail list (422)", () =>
    withSimulator({}, (sim) =>
      Effect.gen(function* () {
        const url = `${sim.baseUrl("levrage")}/v1/call`
        const reply = yield* send("POST", url, { headers: auth, json: { agent_id: "abc", metadata: "vip" } })
        expect(reply.status).toBe(422)
        expect(reply.body).toEqual({
          detail: [
            { type: "uuid_parsing", loc: ["body", "agent_id"], msg: "Input should be a valid UUID", input: "abc" },
            {
              type: "missing",
              loc: ["body", "source_number"],
              msg: "Field required",
              input: { agent_id: "abc", metadata: "vip" }
            },
            {
              type: "missing",
              loc: ["body", "phone_number"],
              msg: "Field required",
              input: { agent_id: "abc", metadata: "vip" }
            },
            { type: "dict_type", loc: ["body", "metadata"], msg: "Input should be a valid dictionary", input: "vip" }
          ]
        })
        const malformed = yield* send("POST", url, { headers: auth, text: "{", contentType: "application/json" })
        expect([malformed.status, at(malformed.body, "error", "code")]).toEqual([400, "validation_error"])
      })
    )
  )

  it.live("a number not in E.164 gets the documented validation_error envelope with a request_id", () =>
    withSimulator({}, (sim) =>
      Effect.gen(function* () {
        const reply = yield* send("POST", `${sim.baseUrl("levrage")}/v1/call`, {
          headers: auth,
          json: call({ phone_number: "09812345678" })
        })
        expect(reply.status).toBe(422)
        expect(reply.body).toMatchObject({
          success: false,
          error: { code: "validation_error", message: "phone_number must be E.164 format" }
        })
        expect(str(reply.body, "request_id")).toMatch(/^req_[0-9a-f]{12}$/)
        expect(Number.isNaN(Date.parse(str(reply.body, "timestamp")))).toBe(false)
        const unknownAgent = yield* send("POST", `${sim.baseUrl("levrage")}/v1/call`, {
          headers: auth,
          json: call({ agent_id: "00000000-0000-4000-8000-000000000000" })
        })
        expect(unknownAgent.status).toBe(404)
        expect(at(unknownAgent.body, "error")).toEqual({ code: "not_found", message: "Agent not found" })
      })
    )
  )

  it.live("a call is created in the success envelope and listed with page/page_size", () =>
    withSimulator({}, (sim) =>
      Effect.gen(function* () {
        const base = sim.baseUrl("levrage")
        for (let i = 0; i < 3; i++) {
          const reply = yield* send("POST", `${base}/v1/call`, {
            headers: auth,
            json: call({ phone_number: `+91981234567${i}` })
          })
          expect(reply.status).toBe(201)
          expect(reply.body).toMatchObject({ success: true, data: { status: "queued", agent_id: fixtures.agentId } })
        }
        const page = yield* send("GET", `${base}/v1/calls?page=2&page_size=2`, { headers: auth })
        expect(page.body).toMatchObject({ success: true, total: 3, page: 2, page_size: 2, has_more: false })
        expect(at(page.body, "data", "length")).toBe(1)
        expect(at(page.body, "data", 0, "phone_number")).toBe("+919812345670")
        const tooBig = yield* send("GET", `${base}/v1/calls?page_size=101`, { headers: auth })
        expect(tooBig.status).toBe(422)
        expect(at(tooBig.body, "detail", 0)).toMatchObject({
          type: "less_than_equal",
          loc: ["query", "page_size"],
          ctx: { le: 100 }
        })
      })
    )
  )

  it.live("credits run out with quota_exceeded", () =>
    withSimulator({ levrageCredits: 1 }, (sim) =>
      Effect.gen(function* () {
        const url = `${sim.baseUrl("levrage")}/v1/call`
        expect((yield* send("POST", url, { headers: auth, json: call() })).status).toBe(201)
        const broke = yield* send("POST", url, { headers: auth, json: call() })
        expect([broke.status, at(broke.body, "error")]).toEqual([
          402,
          { code: "quota_exceeded", message: "Insufficient credits" }
        ])
      })
    )
  )
})

describe("Levrage agents and campaigns", () => {
  it.live("agent names are unique (409), required flows are checked, webhooks must be https", () =>
    withSimulator({}, (sim) =>
      Effect.gen(function* () {
        const url = `${sim.baseUrl("levrage")}/v1/agents`
        const flows = { start_flow: "Greet", end_flow: "Bye" }
        const taken = yield* send("POST", url, { headers: auth, json: { name: fixtures.agentName, ...flows } })
        expect(taken.status).toBe(409)
        expect(at(taken.body, "error")).toEqual({ code: "validation_error", message: "Agent name is already in use" })
        const noFlows = yield* send("POST", url, { headers: auth, json: { name: "x".repeat(101) } })
        expect((at(noFlows.body, "detail") as ReadonlyArray<unknown>).map((item) => at(item, "type"))).toEqual([
          "string_too_long",
          "missing",
          "missing"
        ])
        const custom = yield* send("POST", url, { headers: auth, json: { name: "C", agent_type: "custom", ...flows } })
        expect([custom.status, at(custom.body, "error", "code")]).toEqual([422, "validation_error"])
        const created = yield* send("POST", url, {
          headers: auth,
          json: { name: "Collections", agent_type: "collection", ...flows }
        })
        expect(created.status).toBe(201)
        const id = str(created.body, "data", "id")
        const insecure = yield* send("PATCH", `${url}/${id}`, {
          headers: auth,
          json: { webhook_config: { url: "http://example.com", events: ["CALL_ENDED"] } }
        })
        expect(at(insecure.body, "error", "message")).toBe("webhook_config.url must use https")
        const hooked = yield* send("PATCH", `${url}/${id}`, {
          headers: auth,
          json: { webhook_config: { url: "https://example.com/hook", events: ["CALL_ENDED"], secret: "whsec_x" } }
        })
        expect(at(hooked.body, "data", "webhook_config", "url")).toBe("https://example.com/hook")
        const listed = yield* send("GET", url, { headers: auth })
        expect(at(listed.body, "total")).toBe(2)
        const missing = yield* send("GET", `${url}/00000000-0000-4000-8000-000000000000`, { headers: auth })
        expect(missing.status).toBe(404)
      })
    )
  )

  it.live("campaigns check contacts, concurrency bounds and the caller id", () =>
    withSimulator({}, (sim) =>
      Effect.gen(function* () {
        const url = `${sim.baseUrl("levrage")}/v1/campaigns`
        const body = {
          name: "Renewals",
          agent_id: fixtures.agentId,
          phone_number: fixtures.sourceNumber,
          contacts: [{ phone: "+919812345670", name: "A" }, { phone: "+919812345671" }]
        }
        const tooFast = yield* send("POST", url, { headers: auth, json: { ...body, max_concurrent_calls: 51 } })
        expect(at(tooFast.body, "detail", 0, "type")).toBe("less_than_equal")
        const tooMany = yield* send("POST", url, {
          headers: auth,
          json: { ...body, contacts: Array.from({ length: 2001 }, () => ({ phone: "+919812345670" })) }
        })
        expect(at(tooMany.body, "detail", 0, "type")).toBe("too_long")
        const badContact = yield* send("POST", url, {
          headers: auth,
          json: { ...body, contacts: [{ phone: "98123" }] }
        })
        expect(at(badContact.body, "error", "message")).toBe("contacts[0].phone must be E.164 format")
        const created = yield* send("POST", url, { headers: auth, json: { ...body, max_concurrent_calls: 5 } })
        expect(created.status).toBe(201)
        expect(at(created.body, "data")).toMatchObject({ total_contacts: 2, max_concurrent_calls: 5 })
        const list = yield* send("GET", url, { headers: auth })
        expect(list.body).toMatchObject({ total: 1, page: 1, page_size: 20, has_more: false })
      })
    )
  )
})

describe("Levrage rate limits", () => {
  it.live("429 with X-RateLimit-* and no Retry-After, public endpoints counted per IP", () =>
    withSimulator({ rateLimits: { levrage: { limit: 2, window: "400 millis" } } }, (sim) =>
      Effect.gen(function* () {
        const url = `${sim.baseUrl("levrage")}/v1/agents`
        yield* send("GET", url, { headers: auth })
        yield* send("GET", url, { headers: auth })
        const limited = yield* send("GET", url, { headers: auth })
        expect(limited.status).toBe(429)
        expect(limited.body).toEqual({ detail: "Rate limit exceeded: 2 per 400 millisecond" })
        expect(limited.headers["retry-after"]).toBeUndefined()
        expect([limited.headers["x-ratelimit-limit"], limited.headers["x-ratelimit-remaining"]]).toEqual(["2", "0"])
        const health = yield* send("GET", `${sim.baseUrl("levrage")}/v1/health`)
        expect([health.status, health.headers["x-ratelimit-remaining"]]).toEqual([200, "1"])
        yield* Effect.sleep("420 millis")
        expect((yield* send("GET", url, { headers: auth })).status).toBe(200)
      })
    )
  )
})
