import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { DialNexaApi } from "../src/index.js"
import type * as Simulator from "../src/Simulator.js"
import { at, bearer, send, str, withSimulator } from "./support.js"

const { fixtures } = DialNexaApi
const auth = bearer(DialNexaApi.demoKey)

const referenceCall = (overrides: Record<string, unknown> = {}) => ({
  agent_id: fixtures.agentId,
  to_phone_number: "+14155550111",
  from_phone_number: fixtures.fromPhoneNumber,
  agent_version_number: 3,
  metadata: { first_name: "Ada" },
  ...overrides
})

const createCall = (sim: Simulator.Running, body: unknown) =>
  send("POST", `${sim.baseUrl("dialnexa")}/v1/calls`, { headers: auth, json: body })

describe("DialNexa authentication", () => {
  it.live("a missing or wrong key gets the NestJS 401 body", () =>
    withSimulator({}, (sim) =>
      Effect.gen(function* () {
        const url = `${sim.baseUrl("dialnexa")}/v1/agents2/${fixtures.agentId}`
        for (const headers of [{}, bearer("dnx_live_wrong"), { authorization: DialNexaApi.demoKey }]) {
          const reply = yield* send("GET", url, { headers })
          expect(reply.status).toBe(401)
          expect(reply.body).toEqual({ statusCode: 401, message: "Unauthorized", error: "Unauthorized" })
        }
        const ok = yield* send("GET", url, { headers: auth })
        expect(ok.status).toBe(200)
        expect(ok.body).toMatchObject({ id: fixtures.agentId, current_version_number: 3 })
        expect(at(ok.body, "createdAt")).toEqual(expect.any(String))
        expect(at(ok.body, "current_version", "telephony", "call_limits", "max_call_duration_sec")).toBe(600)
      })
    )
  )

  it.live("a created API key works as key_id:secret, and expire_now retires the caller's key", () =>
    withSimulator({}, (sim) =>
      Effect.gen(function* () {
        const url = `${sim.baseUrl("dialnexa")}/v1/api-keys`
        const unnamed = yield* send("POST", url, { headers: auth, json: { name: "" } })
        expect(unnamed.body).toEqual({ statusCode: 400, message: ["name should not be empty"], error: "Bad Request" })
        const created = yield* send("POST", url, { headers: auth, json: { name: "rotation", expire_now: true } })
        expect(created.status).toBe(201)
        const key = `${str(created.body, "id")}:${str(created.body, "secret")}`
        expect(key).toMatch(/^[a-z]{14}:[0-9a-f]{14}$/)
        const agents = `${sim.baseUrl("dialnexa")}/v1/agents2`
        expect((yield* send("GET", agents, { headers: bearer(key) })).status).toBe(200)
        expect((yield* send("GET", agents, { headers: auth })).status).toBe(401)
      })
    )
  )
})

describe("DialNexa calls", () => {
  it.live("validation errors come as one string or as an array of messages", () =>
    withSimulator({}, (sim) =>
      Effect.gen(function* () {
        const one = yield* createCall(sim, referenceCall({ to_phone_number: "4155550111" }))
        expect(one.status).toBe(400)
        expect(one.body).toEqual({
          statusCode: 400,
          message: "Validation failed: to_phone_number must be in E.164 format",
          error: "Bad Request"
        })
        const two = yield* createCall(sim, referenceCall({ to_phone_number: "0", agent_id: "" }))
        expect(two.body).toEqual({
          statusCode: 400,
          message: ["agent_id should not be empty", "to_phone_number must be in E.164 format"],
          error: "Bad Request"
        })
        const product = yield* createCall(sim, { to_number: "+14155550111" })
        expect(at(product.body, "message")).toEqual([
          "from_number must be in E.164 format",
          "agent_version_id should not be empty"
        ])
        const broken = yield* send("POST", `${sim.baseUrl("dialnexa")}/v1/calls`, {
          headers: auth,
          text: "{",
          contentType: "application/json"
        })
        expect([broken.status, at(broken.body, "error")]).toEqual([400, "Bad Request"])
      })
    )
  )

  it.live("each documented refusal: 404 agent, 422 deleted number, 403 blocked destination, unpublished version", () =>
    withSimulator({}, (sim) =>
      Effect.gen(function* () {
        const missing = yield* createCall(sim, referenceCall({ agent_id: "agt_nope" }))
        expect(missing.body).toEqual({ statusCode: 404, message: "Agent not found", error: "Not Found" })
        const deleted = yield* createCall(sim, referenceCall({ agent_id: fixtures.agentWithDeletedNumberId }))
        expect(deleted.body).toEqual({
          statusCode: 422,
          message: "Agent is assigned to a deleted phone number",
          error: "Unprocessable Entity"
        })
        const blocked = yield* createCall(sim, referenceCall({ to_phone_number: "+19005550100" }))
        expect([blocked.status, at(blocked.body, "error")]).toEqual([403, "Forbidden"])
        expect(str(blocked.body, "message")).toContain("Telephony Config")
        const draft = yield* createCall(sim, {
          from_number: fixtures.fromPhoneNumber,
          to_number: "+14155550111",
          agent_version_id: fixtures.draftAgentVersionId
        })
        expect(draft.status).toBe(422)
        const foreignNumber = yield* createCall(sim, {
          from_number: "+14155550199",
          to_number: "+14155550111",
          agent_version_id: fixtures.agentVersionId
        })
        expect(foreignNumber.status).toBe(422)
        expect((yield* sim.stats).created).toBe(0)
      })
    )
  )

  it.live("both documented bodies answer 201 in their own shape", () =>
    withSimulator({}, (sim) =>
      Effect.gen(function* () {
        const reference = yield* createCall(sim, referenceCall())
        expect(reference.status).toBe(201)
        expect(reference.body).toMatchObject({
          to_phone_number: "+14155550111",
          agent_id: fixtures.agentId,
          agent_version_number: 3,
          status: "initiated"
        })
        expect(str(reference.body, "id")).toMatch(/^call_[0-9a-f]{16}$/)
        const product = yield* createCall(sim, {
          from_number: fixtures.fromPhoneNumber,
          to_number: "+14155550112",
          agent_version_id: fixtures.agentVersionId,
          variables: { first_name: "Ada" }
        })
        expect(product.status).toBe(201)
        expect(product.body).toMatchObject({ status: "queued", to_number: "+14155550112" })
        expect(str(product.body, "call_id")).toMatch(/^call_/)
      })
    )
  )

  it.live("the workspace concurrency limit is 409, or 429 with Retry-After when configured", () =>
    Effect.gen(function* () {
      yield* withSimulator({ concurrency: { dialnexa: 1 }, callDuration: "250 millis" }, (sim) =>
        Effect.gen(function* () {
          expect((yield* createCall(sim, referenceCall())).status).toBe(201)
          const full = yield* createCall(sim, referenceCall({ to_phone_number: "+14155550112" }))
          expect(full.body).toEqual({
            statusCode: 409,
            message: "Workspace concurrency limit reached",
            error: "Conflict"
          })
          yield* Effect.sleep("270 millis")
          expect((yield* createCall(sim, referenceCall({ to_phone_number: "+14155550112" }))).status).toBe(201)
          expect((yield* sim.stats).created).toBe(2)
        })
      )
      yield* withSimulator(
        { concurrency: { dialnexa: 1 }, callDuration: "1500 millis", dialnexaConcurrencyStatus: 429 },
        (sim) =>
          Effect.gen(function* () {
            yield* createCall(sim, referenceCall())
            const full = yield* createCall(sim, referenceCall())
            expect(full.status).toBe(429)
            expect(full.headers["retry-after"]).toBe("2")
            expect(at(full.body, "error")).toBe("Too Many Requests")
          })
      )
    })
  )
})

describe("DialNexa call logs", () => {
  it.live("page/limit pagination with meta, and its validation", () =>
    withSimulator({ callLogCount: 45 }, (sim) =>
      Effect.gen(function* () {
        const url = `${sim.baseUrl("dialnexa")}/v1/call-logs`
        const page = yield* send("GET", `${url}?page=3&limit=20`, { headers: auth })
        expect(at(page.body, "meta")).toEqual({ page: 3, limit: 20, total: 45, totalPages: 3 })
        expect(at(page.body, "data", "length")).toBe(5)
        const first = yield* send("GET", url, { headers: auth })
        expect(at(first.body, "meta")).toEqual({ page: 1, limit: 20, total: 45, totalPages: 3 })
        expect(at(first.body, "data", 0)).toMatchObject({ status: "completed", fallback_stt_transcriber_id: null })
        const tooBig = yield* send("GET", `${url}?limit=101`, { headers: auth })
        expect(tooBig.body).toEqual({
          statusCode: 400,
          message: "Validation failed: limit must not be greater than 100",
          error: "Bad Request"
        })
        const sentiment = yield* send("GET", `${url}?sentiment=angry&page=0`, { headers: auth })
        expect(at(sentiment.body, "message")).toEqual([
          "page must not be less than 1",
          "sentiment must be one of the following values: positive, neutral, negative"
        ])
        const positive = yield* send("GET", `${url}?sentiment=positive&limit=100`, { headers: auth })
        const rows = at(positive.body, "data") as ReadonlyArray<unknown>
        expect(rows.length).toBeGreaterThan(0)
        expect(rows.every((row) => at(row, "sentiment") === "positive")).toBe(true)
      })
    )
  )

  it.live("ETag and If-None-Match: 304 with no body until the data changes", () =>
    withSimulator({}, (sim) =>
      Effect.gen(function* () {
        const url = `${sim.baseUrl("dialnexa")}/v1/call-logs`
        const first = yield* send("GET", url, { headers: auth })
        const etag = first.headers.etag!
        expect(etag).toMatch(/^W\/"[0-9a-f]+"$/)
        const same = yield* send("GET", url, { headers: { ...auth, "if-none-match": etag } })
        expect(same.status).toBe(304)
        expect(same.text).toBe("")
        expect(same.headers.etag).toBe(etag)
        expect(same.headers["x-ratelimit-limit"]).toBe("100")
        const other = yield* send("GET", url, { headers: { ...auth, "if-none-match": '"something-else"' } })
        expect(other.status).toBe(200)
        yield* createCall(sim, referenceCall())
        const changed = yield* send("GET", url, { headers: { ...auth, "if-none-match": etag } })
        expect(changed.status).toBe(200)
        expect(changed.headers.etag).not.toBe(etag)
        expect(at(changed.body, "data", 0, "status")).toBe("in_progress")
      })
    )
  )
})

describe("DialNexa campaigns, leads and workflows", () => {
  it.live("create, get and patch a campaign, with its documented 400, 404 and 409s", () =>
    withSimulator({}, (sim) =>
      Effect.gen(function* () {
        const url = `${sim.baseUrl("dialnexa")}/v1/campaigns`
        const body = {
          name: "Renewals",
          agent_id: fixtures.agentId,
          from_phone_number: fixtures.fromPhoneNumber,
          max_concurrent_calls: 2,
          retry_config: { max_retries: 2, retry_interval_minutes: 30 }
        }
        const tooMany = yield* send("POST", url, { headers: auth, json: { ...body, max_concurrent_calls: 6 } })
        expect(at(tooMany.body, "message")).toBe("Validation failed: max_concurrent_calls must not be greater than 5")
        const created = yield* send("POST", url, { headers: auth, json: body })
        expect(created.status).toBe(201)
        expect(created.body).toMatchObject({ name: "Renewals", status: "running", organization_id: "org_demo" })
        const id = str(created.body, "id")
        const fetched = yield* send("GET", `${url}/${id}`, { headers: auth })
        expect(fetched.body).toMatchObject({ id, total_leads: 0, completed_calls: 0, pending_calls: 0 })
        const paused = yield* send("PATCH", `${url}/${id}`, {
          headers: auth,
          json: { status: "paused", retry_policy: { max_retries: 1 } }
        })
        expect(paused.body).toMatchObject({ status: "paused", retry_config: { max_retries: 1 } })
        const agentChange = yield* send("PATCH", `${url}/${id}`, { headers: auth, json: { agent_id: "agt_other" } })
        expect(agentChange.body).toEqual({
          statusCode: 409,
          message: "Cannot change agent_id after calls have been placed",
          error: "Conflict"
        })
        const resume = yield* send("PATCH", `${url}/${fixtures.cancelledCampaignId}`, {
          headers: auth,
          json: { status: "active" }
        })
        expect(resume.body).toEqual({
          statusCode: 409,
          message: "Cannot resume a campaign that has been cancelled",
          error: "Conflict"
        })
        const badStatus = yield* send("PATCH", `${url}/${id}`, { headers: auth, json: { status: "sleeping" } })
        expect(badStatus.status).toBe(400)
        const missing = yield* send("GET", `${url}/cmp_nope`, { headers: auth })
        expect(missing.body).toEqual({ statusCode: 404, message: "Campaign not found", error: "Not Found" })
        const missingPatch = yield* send("PATCH", `${url}/cmp_nope`, { headers: auth, json: { name: "x" } })
        expect(missingPatch.status).toBe(404)
      })
    )
  )

  it.live("deleting leads: 200, then 404 once removed, 409 on a finished campaign", () =>
    withSimulator({}, (sim) =>
      Effect.gen(function* () {
        const url = `${sim.baseUrl("dialnexa")}/v1/campaigns-leads`
        const lead = fixtures.runningCampaignLeadIds[0]
        const removed = yield* send("DELETE", `${url}/${lead}`, { headers: auth })
        expect([removed.status, removed.body]).toEqual([200, { message: "Lead removed from campaign." }])
        const again = yield* send("DELETE", `${url}/${lead}`, { headers: auth })
        expect(again.status).toBe(404)
        const finished = yield* send("DELETE", `${url}/${fixtures.completedCampaignLeadId}`, { headers: auth })
        expect([finished.status, at(finished.body, "error")]).toEqual([409, "Conflict"])
        const campaign = yield* send("GET", `${sim.baseUrl("dialnexa")}/v1/campaigns/${fixtures.runningCampaignId}`, {
          headers: auth
        })
        expect(at(campaign.body, "total_leads")).toBe(2)
      })
    )
  )

  it.live("resuming workflows: paused → active, 409 when not paused, 404 when unknown", () =>
    withSimulator({}, (sim) =>
      Effect.gen(function* () {
        const resume = (id: string) =>
          send("POST", `${sim.baseUrl("dialnexa")}/v1/workflows/${id}/resume`, { headers: auth })
        const resumed = yield* resume(fixtures.pausedWorkflowId)
        expect([resumed.status, at(resumed.body, "status")]).toEqual([200, "active"])
        expect((yield* resume(fixtures.pausedWorkflowId)).status).toBe(409)
        expect((yield* resume(fixtures.cancelledWorkflowId)).status).toBe(409)
        expect((yield* resume(fixtures.activeWorkflowId)).status).toBe(409)
        expect((yield* resume("wf_nope")).body).toEqual({
          statusCode: 404,
          message: "Workflow not found",
          error: "Not Found"
        })
      })
    )
  )
})

describe("DialNexa rate limits", () => {
  it.live("a fixed window per key, X-RateLimit-* on every response, Retry-After on 429", () =>
    withSimulator({ rateLimits: { dialnexa: { limit: 2, window: "1500 millis" } } }, (sim) =>
      Effect.gen(function* () {
        const url = `${sim.baseUrl("dialnexa")}/v1/agents2`
        const statuses: Array<number> = []
        let last = yield* send("GET", url, { headers: auth })
        statuses.push(last.status)
        for (let i = 0; i < 2; i++) {
          last = yield* send("GET", url, { headers: auth })
          statuses.push(last.status)
        }
        expect(statuses).toEqual([200, 200, 429])
        expect(last.body).toEqual({
          statusCode: 429,
          message: "Too many requests. Please slow down and retry after a moment.",
          error: "Too Many Requests"
        })
        expect(last.headers["retry-after"]).toBe("2")
        expect([last.headers["x-ratelimit-limit"], last.headers["x-ratelimit-remaining"]]).toEqual(["2", "0"])
        // A caller without a valid key counts against its IP's window, not the key's.
        const unknownRoute = yield* send("GET", `${sim.baseUrl("dialnexa")}/v1/unknown`, {
          headers: bearer("dnx_other")
        })
        expect(unknownRoute.body).toEqual({ statusCode: 404, message: "Cannot GET /v1/unknown", error: "Not Found" })
        expect(unknownRoute.headers["x-ratelimit-remaining"]).toBe("1")
      })
    )
  )
})
