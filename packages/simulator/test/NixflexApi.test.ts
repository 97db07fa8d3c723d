import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { NixflexApi } from "../src/index.js"
import type * as Simulator from "../src/Simulator.js"
import { at, bearer, send, str, withSimulator } from "./support.js"

const { fixtures } = NixflexApi
const auth = bearer(NixflexApi.demoKey)

const outbound = (overrides: Record<string, unknown> = {}) => ({
  agent_id: fixtures.agentId,
  to_number: "+447446466847",
  prompt: "Confirm Tuesday's appointment",
  ...overrides
})

const errorCode = (body: unknown) => at(body, "error", "code")

describe("Nixflex authentication", () => {
  it.live("no header, a key without its secret half, and a wrong secret are told apart", () =>
    withSimulator({}, (sim) =>
      Effect.gen(function* () {
        const url = `${sim.baseUrl("nixflex")}/v1/calls`
        const missing = yield* send("GET", url)
        expect(missing.status).toBe(401)
        expect(missing.body).toEqual({
          error: { type: "authentication_error", code: "invalid_api_key", message: "Invalid or missing API key" }
        })
        const noSecret = yield* send("GET", url, { headers: bearer(NixflexApi.demoKeyId) })
        expect([noSecret.status, errorCode(noSecret.body)]).toEqual([401, "key_secret_required"])
        const emptySecret = yield* send("GET", url, { headers: bearer(`${NixflexApi.demoKeyId}:`) })
        expect(errorCode(emptySecret.body)).toBe("key_secret_required")
        const wrong = yield* send("GET", url, { headers: bearer(`${NixflexApi.demoKeyId}:nxfs_wrong`) })
        expect([wrong.status, errorCode(wrong.body)]).toEqual([401, "invalid_api_key"])
        const good = yield* send("GET", url, { headers: auth })
        expect(good.status).toBe(200)
      })
    )
  )

  it.live("configured keys replace the demo key", () =>
    withSimulator({ keys: { nixflex: ["nxf_aaaa:nxfs_bbbb"] } }, (sim) =>
      Effect.gen(function* () {
        const url = `${sim.baseUrl("nixflex")}/v1/agents/${fixtures.agentId}`
        expect((yield* send("GET", url, { headers: bearer("nxf_aaaa:nxfs_bbbb") })).status).toBe(200)
        expect((yield* send("GET", url, { headers: auth })).status).toBe(401)
      })
    )
  )

  it.live("POST /v1/keys needs no key and returns a working key for a new account", () =>
    withSimulator({}, (sim) =>
      Effect.gen(function* () {
        const created = yield* send("POST", `${sim.baseUrl("nixflex")}/v1/keys`, { json: { name: "ci" } })
        expect(created.status).toBe(201)
        const keyId = str(created.body, "key_id")
        const keySecret = str(created.body, "key_secret")
        expect(keyId).toMatch(/^nxf_[0-9a-f]{32}$/)
        expect(keySecret).toMatch(/^nxfs_/)
        expect(keySecret).toHaveLength(64)
        const headers = bearer(`${keyId}:${keySecret}`)
        const calls = yield* send("GET", `${sim.baseUrl("nixflex")}/v1/calls`, { headers })
        expect(calls.body).toEqual({ calls: [], count: 0, limit: 25, offset: 0 })
        // A new account does not own the demo account's agent.
        const call = yield* send("POST", `${sim.baseUrl("nixflex")}/v1/calls/outbound`, { headers, json: outbound() })
        expect([call.status, errorCode(call.body)]).toEqual([403, "agent_not_owned"])
        const badEmail = yield* send("POST", `${sim.baseUrl("nixflex")}/v1/keys`, { json: { email: "nope" } })
        expect([badEmail.status, errorCode(badEmail.body)]).toEqual([400, "invalid_request"])
      })
    )
  )
})

describe("Nixflex outbound calls", () => {
  const post = (sim: Simulator.Running, body: unknown) =>
    send("POST", `${sim.baseUrl("nixflex")}/v1/calls/outbound`, { headers: auth, json: body })

  it.live("answer each documented validation error", () =>
    withSimulator({}, (sim) =>
      Effect.gen(function* () {
        const cases: ReadonlyArray<readonly [Record<string, unknown>, number, string]> = [
          [outbound({ to_number: "07386172392" }), 400, "invalid_phone_format"],
          [outbound({ agent_id: undefined }), 400, "invalid_request"],
          [outbound({ prompt: "" }), 400, "invalid_request"],
          [outbound({ prompt: undefined }), 400, "invalid_request"],
          [outbound({ agent_id: "agent_ffffffffffffffff" }), 404, "agent_not_found"],
          [outbound({ agent_id: fixtures.otherAccountAgentId }), 403, "agent_not_owned"],
          [outbound({ agent_id: fixtures.agentWithoutPhoneId }), 400, "agent_no_phone"],
          [outbound({ from_number: fixtures.otherAccountNumber }), 403, "from_number_not_owned"],
          [outbound({ from_number: "4155550123" }), 400, "invalid_phone_format"],
          [outbound({ voicemail_action: "shout" }), 400, "invalid_request"]
        ]
        for (const [body, status, code] of cases) {
          const reply = yield* post(sim, body)
          expect([JSON.stringify(body), reply.status, errorCode(reply.body)]).toEqual([
            JSON.stringify(body),
            status,
            code
          ])
        }
        const invalidPhone = yield* post(sim, outbound({ to_number: "07386172392" }))
        expect(invalidPhone.body).toEqual({
          error: {
            type: "invalid_request",
            code: "invalid_phone_format",
            message: "Invalid phone number format. Use international format like +447446466847.",
            doc_url: "https://docs.nixflex.com/reference/errors#invalid_phone_format",
            details: { field: "to_number" }
          }
        })
        expect((yield* sim.stats).created).toBe(0)
      })
    )
  )

  it.live("a blocked destination fails upstream with details.twilio_error", () =>
    withSimulator({}, (sim) =>
      Effect.gen(function* () {
        const reply = yield* post(sim, outbound({ to_number: "+88212345678" }))
        expect(reply.status).toBe(502)
        expect(at(reply.body, "error", "type")).toBe("provider_error")
        expect(errorCode(reply.body)).toBe("outbound_failed")
        expect(str(reply.body, "error", "details", "twilio_error")).toMatch(/^21215/)
      })
    )
  )

  it.live("both documented bodies create a call that GET /v1/calls/:id and the list return", () =>
    withSimulator({}, (sim) =>
      Effect.gen(function* () {
        const newer = yield* post(sim, outbound())
        expect(newer.status).toBe(201)
        expect(newer.body).toMatchObject({
          status: "queued",
          agent_id: fixtures.agentId,
          from_number: fixtures.fromNumber
        })
        const older = yield* post(sim, {
          agent_id: fixtures.agentId,
          to_number: "+447446466848",
          from_number: fixtures.fromNumber,
          voicemail_action: "leave_message",
          metadata: { crm_id: 7 }
        })
        expect(older.status).toBe(201)
        const id = str(older.body, "call_id")
        expect(id).toMatch(/^CA[0-9a-f]{32}$/)
        const fetched = yield* send("GET", `${sim.baseUrl("nixflex")}/v1/calls/${id}`, { headers: auth })
        expect(fetched.body).toMatchObject({
          call_id: id,
          direction: "outbound",
          ended_at: null,
          metadata: { crm_id: 7 }
        })
        const missing = yield* send("GET", `${sim.baseUrl("nixflex")}/v1/calls/CA0`, { headers: auth })
        expect([missing.status, errorCode(missing.body)]).toEqual([404, "call_not_found"])
        const finished = yield* send("GET", `${sim.baseUrl("nixflex")}/v1/calls/${fixtures.callId}`, { headers: auth })
        expect(finished.body).toMatchObject({ ended_reason: "caller_hangup", cost_usd: 0.195 })
        expect(at(finished.body, "transcript", 0, "role")).toBe("agent")
        const page = yield* send("GET", `${sim.baseUrl("nixflex")}/v1/calls?limit=2&offset=1`, { headers: auth })
        expect(page.body).toMatchObject({ count: 5, limit: 2, offset: 1 })
        expect(at(page.body, "calls", 0, "call_id")).toBe(str(newer.body, "call_id"))
        expect(at(page.body, "calls", 0, "transcript")).toBeUndefined()
        const tooMany = yield* send("GET", `${sim.baseUrl("nixflex")}/v1/calls?limit=101`, { headers: auth })
        expect([tooMany.status, errorCode(tooMany.body)]).toEqual([400, "invalid_request"])
        const inbound = yield* send("GET", `${sim.baseUrl("nixflex")}/v1/calls?direction=inbound`, { headers: auth })
        expect(at(inbound.body, "count")).toBe(1)
        expect((yield* sim.stats).createdByKind).toEqual({ "nixflex.call": 2 })
      })
    )
  )

  it.live("concurrent_call_limit while calls are in flight, and room again when they end", () =>
    // Calls last long enough that three requests in a row, on a loaded machine, all meet the first two in flight.
    withSimulator({ concurrency: { nixflex: 2 }, callDuration: "2 seconds" }, (sim) =>
      Effect.gen(function* () {
        expect((yield* post(sim, outbound({ to_number: "+447000000001" }))).status).toBe(201)
        expect((yield* post(sim, outbound({ to_number: "+447000000002" }))).status).toBe(201)
        const third = yield* post(sim, outbound({ to_number: "+447000000003" }))
        expect(third.status).toBe(429)
        expect(third.body).toMatchObject({
          error: { type: "rate_limit_error", code: "concurrent_call_limit", details: { limit: 2, active: 2 } }
        })
        yield* Effect.sleep("2100 millis")
        expect((yield* post(sim, outbound({ to_number: "+447000000003" }))).status).toBe(201)
        const stats = yield* sim.stats
        expect([stats.created, stats.tooManyRequests, stats.rateLimited]).toEqual([3, 1, 0])
      })
    )
  )

  it.live("Content-Type must be application/json and bodies must be JSON", () =>
    withSimulator({}, (sim) =>
      Effect.gen(function* () {
        const url = `${sim.baseUrl("nixflex")}/v1/calls/outbound`
        const plain = yield* send("POST", url, { headers: auth, text: JSON.stringify(outbound()) })
        expect([plain.status, at(plain.body, "error", "message")]).toEqual([
          400,
          "Content-Type must be application/json"
        ])
        const broken = yield* send("POST", url, { headers: auth, text: "{", contentType: "application/json" })
        expect([broken.status, errorCode(broken.body)]).toEqual([400, "invalid_request"])
      })
    )
  )
})

describe("Nixflex idempotency and duplicates", () => {
  it.live("the same Idempotency-Key replays the first response and creates nothing new", () =>
    withSimulator({}, (sim) =>
      Effect.gen(function* () {
        const url = `${sim.baseUrl("nixflex")}/v1/calls/outbound`
        const headers = { ...auth, "idempotency-key": "attempt-1" }
        const first = yield* send("POST", url, { headers, json: outbound() })
        const second = yield* send("POST", url, { headers, json: outbound() })
        expect(first.status).toBe(201)
        expect(second.status).toBe(201)
        expect(second.text).toBe(first.text)
        const reused = yield* send("POST", url, { headers, json: outbound({ to_number: "+447446466849" }) })
        expect([reused.status, errorCode(reused.body)]).toEqual([409, "idempotency_key_reused"])
        const stats = yield* sim.stats
        expect([stats.created, stats.replays, stats.duplicates]).toEqual([1, 1, 0])
        const log = yield* sim.log
        expect(log.map((entry) => [entry.replayed, entry.idempotencyKey])).toEqual([
          [false, "attempt-1"],
          [true, "attempt-1"],
          [false, "attempt-1"]
        ])
      })
    )
  )

  it.live("a failed first attempt is not stored, so a retry with the same key runs", () =>
    withSimulator({ concurrency: { nixflex: 1 }, callDuration: "200 millis" }, (sim) =>
      Effect.gen(function* () {
        const url = `${sim.baseUrl("nixflex")}/v1/calls/outbound`
        expect(
          (yield* send("POST", url, { headers: auth, json: outbound({ to_number: "+447000000009" }) })).status
        ).toBe(201)
        const headers = { ...auth, "idempotency-key": "k-2" }
        expect((yield* send("POST", url, { headers, json: outbound() })).status).toBe(429)
        yield* Effect.sleep("220 millis")
        expect((yield* send("POST", url, { headers, json: outbound() })).status).toBe(201)
        expect((yield* sim.stats).replays).toBe(0)
      })
    )
  )

  it.live("repeating a body without a key creates a duplicate; a different body does not", () =>
    withSimulator({}, (sim) =>
      Effect.gen(function* () {
        const url = `${sim.baseUrl("nixflex")}/v1/calls/outbound`
        yield* send("POST", url, { headers: auth, json: outbound() })
        yield* send("POST", url, { headers: auth, json: outbound({ to_number: "+447446466840" }) })
        // The same body with its keys in another order is the same logical request.
        const reordered = Object.fromEntries(Object.entries(outbound()).reverse())
        const again = yield* send("POST", url, { headers: auth, json: reordered })
        expect(again.status).toBe(201)
        const stats = yield* sim.stats
        expect([stats.created, stats.duplicates]).toEqual([3, 1])
        expect((yield* sim.log).map((entry) => entry.duplicate)).toEqual([false, false, true])
      })
    )
  )
})

describe("Nixflex rate limits", () => {
  it.live("reads and writes have separate fixed windows with X-RateLimit-* and details.retry_after", () =>
    withSimulator(
      {
        rateLimits: {
          "nixflex.read": { limit: 3, window: "400 millis" },
          "nixflex.write": { limit: 1, window: "400 millis" }
        }
      },
      (sim) =>
        Effect.gen(function* () {
          const url = `${sim.baseUrl("nixflex")}/v1/calls`
          const replies = [] as Array<{ status: number; headers: Readonly<Record<string, string>>; body: unknown }>
          for (let i = 0; i < 4; i++) replies.push(yield* send("GET", url, { headers: auth }))
          expect(replies.map((reply) => reply.status)).toEqual([200, 200, 200, 429])
          expect(replies.map((reply) => reply.headers["x-ratelimit-remaining"])).toEqual(["2", "1", "0", "0"])
          expect(replies.every((reply) => reply.headers["x-ratelimit-limit"] === "3")).toBe(true)
          const reset = Number(replies[0]!.headers["x-ratelimit-reset"])
          const nowSeconds = Date.now() / 1000
          expect(reset).toBeGreaterThanOrEqual(Math.floor(nowSeconds))
          expect(reset).toBeLessThanOrEqual(Math.ceil(nowSeconds) + 1)
          const limited = replies[3]!
          expect(limited.body).toMatchObject({
            error: { type: "rate_limit_error", code: "rate_limit_exceeded", details: { retry_after: 1 } }
          })
          expect(limited.headers["retry-after"]).toBeUndefined()
          // The write window is its own.
          const write = yield* send("POST", `${url}/outbound`, { headers: auth, json: outbound() })
          expect([write.status, write.headers["x-ratelimit-limit"]]).toEqual([201, "1"])
          const write2 = yield* send("POST", `${url}/outbound`, { headers: auth, json: outbound() })
          expect(write2.status).toBe(429)
          yield* Effect.sleep("420 millis")
          const after = yield* send("GET", url, { headers: auth })
          expect([after.status, after.headers["x-ratelimit-remaining"]]).toEqual([200, "2"])
          const stats = yield* sim.stats
          expect([stats.rateLimited, stats.tooManyRequests]).toEqual([2, 2])
        })
    )
  )

  it.live("the introduction's Retry-After header can be switched on", () =>
    withSimulator(
      { nixflexRetryAfterHeader: true, rateLimits: { "nixflex.read": { limit: 1, window: "2 seconds" } } },
      (sim) =>
        Effect.gen(function* () {
          const url = `${sim.baseUrl("nixflex")}/v1/agents`
          yield* send("GET", url, { headers: auth })
          const limited = yield* send("GET", url, { headers: auth })
          expect(limited.status).toBe(429)
          expect(limited.headers["retry-after"]).toBe("2")
          expect(at(limited.body, "error", "details", "retry_after")).toBe(2)
        })
    )
  )

  it.live("POST /v1/keys is limited per client IP", () =>
    withSimulator({ rateLimits: { "nixflex.keys": { limit: 2, window: "1 hour" } } }, (sim) =>
      Effect.gen(function* () {
        const url = `${sim.baseUrl("nixflex")}/v1/keys`
        const statuses: Array<number> = []
        for (let i = 0; i < 3; i++) statuses.push((yield* send("POST", url, { json: {} })).status)
        expect(statuses).toEqual([201, 201, 429])
      })
    )
  )
})

describe("Nixflex numbers, SMS, agents and batches", () => {
  it.live("phone-number import checks every documented error, accepting camelCase aliases", () =>
    withSimulator({}, (sim) =>
      Effect.gen(function* () {
        const url = `${sim.baseUrl("nixflex")}/v1/phone-numbers`
        const valid = {
          phone_number: "+14155550177",
          twilio_sid: fixtures.twilioAccountSid,
          twilio_token: fixtures.twilioAuthToken,
          agent_id: fixtures.agentId
        }
        const cases: ReadonlyArray<readonly [Record<string, unknown>, number, string]> = [
          [{ ...valid, twilio_token: "" }, 400, "missing_field"],
          [{ ...valid, phone_number: "4155550177" }, 400, "invalid_phone_format"],
          [{ ...valid, twilio_sid: "AC0123456789ABCDEF0123456789ABCDEF" }, 400, "invalid_twilio_sid"],
          [{ ...valid, twilio_token: "not-a-token" }, 401, "twilio_invalid_credentials"],
          [{ ...valid, twilio_token: fixtures.twilioRejectedToken }, 401, "twilio_auth_failed"],
          [{ ...valid, phone_number: fixtures.numberNotInTwilio }, 404, "number_not_in_twilio"],
          [{ ...valid, phone_number: fixtures.otherAccountNumber }, 409, "number_already_imported"],
          [{ ...valid, agent_id: fixtures.otherAccountAgentId }, 403, "agent_not_owned"]
        ]
        for (const [body, status, code] of cases) {
          const reply = yield* send("POST", url, { headers: auth, json: body })
          expect([code, reply.status, errorCode(reply.body)]).toEqual([code, status, code])
        }
        const imported = yield* send("POST", url, {
          headers: auth,
          json: {
            phoneNumber: valid.phone_number,
            twilioSid: valid.twilio_sid,
            twilioToken: valid.twilio_token,
            agentId: fixtures.agentWithoutPhoneId
          }
        })
        expect(imported.status).toBe(201)
        expect(at(imported.body, "phone_number", "twilio_number_sid")).toMatch(/^PN[0-9a-f]{32}$/)
        // The agent that had no number can now call out from it.
        const call = yield* send("POST", `${sim.baseUrl("nixflex")}/v1/calls/outbound`, {
          headers: auth,
          json: outbound({ agent_id: fixtures.agentWithoutPhoneId })
        })
        expect(at(call.body, "from_number")).toBe(valid.phone_number)
      })
    )
  )

  it.live("SMS accepts both documented bodies and refuses long messages and unsubscribed recipients", () =>
    withSimulator({}, (sim) =>
      Effect.gen(function* () {
        const url = `${sim.baseUrl("nixflex")}/v1/sms`
        const base = { agent_id: fixtures.agentId, from_number: fixtures.fromNumber }
        const older = yield* send("POST", url, {
          headers: auth,
          json: { ...base, to_number: "+447446466847", body: "Hi" }
        })
        expect(older.status).toBe(201)
        expect(str(older.body, "message_id")).toMatch(/^SM[0-9a-f]{32}$/)
        const newer = yield* send("POST", url, { headers: auth, json: { ...base, to: "+447446466847", message: "Hi" } })
        expect(newer.body).toEqual({ status: "sent", to: "+447446466847", from: fixtures.fromNumber })
        const long = yield* send("POST", url, {
          headers: auth,
          json: { ...base, to: "+447446466847", message: "x".repeat(1601) }
        })
        expect([long.status, errorCode(long.body)]).toEqual([400, "message_too_long"])
        const stop = yield* send("POST", url, {
          headers: auth,
          json: { ...base, to: fixtures.unsubscribedNumber, message: "Hi" }
        })
        expect(errorCode(stop.body)).toBe("recipient_unsubscribed")
      })
    )
  )

  it.live("agents: documented validation codes, both versions' defaults, 404 for another account's agent", () =>
    withSimulator({}, (sim) =>
      Effect.gen(function* () {
        const url = `${sim.baseUrl("nixflex")}/v1/agents`
        const tooLong = yield* send("POST", url, {
          headers: auth,
          json: { name: "A", system_prompt: "x".repeat(10_001) }
        })
        expect([tooLong.status, errorCode(tooLong.body)]).toEqual([400, "prompt_too_long"])
        const voice = yield* send("POST", url, { headers: auth, json: { voice_id: "Robot" } })
        expect(errorCode(voice.body)).toBe("invalid_voice_id")
        const language = yield* send("POST", url, { headers: auth, json: { language: "xx" } })
        expect(errorCode(language.body)).toBe("invalid_language")
        const sensitivity = yield* send("POST", url, { headers: auth, json: { interruption_sensitivity: 101 } })
        expect(errorCode(sensitivity.body)).toBe("invalid_request")
        const newer = yield* send("POST", url, { headers: auth, json: {} })
        expect(newer.status).toBe(201)
        expect(newer.body).toMatchObject({ name: "Untitled Agent", voice_id: "Ashley", language: "multi" })
        const older = yield* send("POST", url, { headers: auth, json: { name: "Old", system_prompt: "Be brief." } })
        expect(older.body).toMatchObject({ voice_id: "Dennis", language: "en", silence_hangup_seconds: 30 })
        const id = str(older.body, "agent_id")
        expect(id).toMatch(/^agent_[0-9a-f]{16}$/)
        const updated = yield* send("PUT", `${url}/${id}`, {
          headers: auth,
          json: { webhook_url: "https://example.com/h" }
        })
        expect(at(updated.body, "webhook_url")).toBe("https://example.com/h")
        const other = yield* send("GET", `${url}/${fixtures.otherAccountAgentId}`, { headers: auth })
        expect([other.status, errorCode(other.body)]).toEqual([404, "agent_not_found"])
        const list = yield* send("GET", url, { headers: auth })
        expect(at(list.body, "count")).toBe(4)
      })
    )
  )

  it.live("batches: create, launch and the documented campaign errors", () =>
    withSimulator({}, (sim) =>
      Effect.gen(function* () {
        const url = `${sim.baseUrl("nixflex")}/v1/calls/batch`
        const recipients = [{ phone: "+447000000001" }, { phone: "0700" }, { phone: "+447000000002" }]
        const strict = yield* send("POST", url, {
          headers: auth,
          json: { agent_id: fixtures.agentId, prompt: "Hi", recipients }
        })
        expect([strict.status, errorCode(strict.body), at(strict.body, "error", "details", "index")]).toEqual([
          400,
          "invalid_phone_format",
          1
        ])
        const tooMany = yield* send("POST", url, {
          headers: auth,
          json: { agent_id: fixtures.agentId, prompt: "Hi", recipients: Array.from({ length: 10_001 }, () => ({})) }
        })
        expect(errorCode(tooMany.body)).toBe("too_many_recipients")
        const schedule = yield* send("POST", url, {
          headers: auth,
          json: { agent_id: fixtures.agentId, prompt: "Hi", recipients, skip_invalid: true, schedule_type: "schedule" }
        })
        expect(errorCode(schedule.body)).toBe("invalid_schedule")
        const created = yield* send("POST", url, {
          headers: auth,
          json: { agent_id: fixtures.agentId, prompt: "Hi", recipients, skip_invalid: true }
        })
        expect(created.status).toBe(201)
        expect(created.body).toMatchObject({ status: "running", recipients_count: 2 })
        const running = yield* send("POST", `${url}/${str(created.body, "campaign_id")}/launch`, { headers: auth })
        expect(running.body).toMatchObject({ status: "running", recipients_count: 2 })
        const launched = yield* send("POST", `${url}/${fixtures.scheduledCampaignId}/launch`, { headers: auth })
        expect(launched.body).toEqual({
          campaign_id: fixtures.scheduledCampaignId,
          status: "running",
          recipients_count: 3,
          queued_count: 3
        })
        const done = yield* send("POST", `${url}/${fixtures.completedCampaignId}/launch`, { headers: auth })
        expect([done.status, errorCode(done.body)]).toEqual([400, "campaign_already_completed"])
        const empty = yield* send("POST", `${url}/${fixtures.emptyCampaignId}/launch`, { headers: auth })
        expect(errorCode(empty.body)).toBe("campaign_no_recipients")
        const missing = yield* send("POST", `${url}/camp_nope/launch`, { headers: auth })
        expect([missing.status, errorCode(missing.body)]).toEqual([404, "campaign_not_found"])
      })
    )
  )

  it.live("an unknown route answers Nixflex's 404 envelope", () =>
    withSimulator({}, (sim) =>
      Effect.gen(function* () {
        const reply = yield* send("GET", `${sim.baseUrl("nixflex")}/v1/nothing`, { headers: auth })
        expect([reply.status, at(reply.body, "error", "type")]).toEqual([404, "not_found"])
        expect(reply.headers["x-ratelimit-limit"]).toBe("600")
      })
    )
  )
})
