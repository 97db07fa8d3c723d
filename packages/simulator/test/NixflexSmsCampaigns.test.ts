import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { NixflexApi } from "../src/index.js"
import { parseArgs } from "../src/internal/cli.js"
import type * as Simulator from "../src/Simulator.js"
import { at, bearer, send, str, withSimulator } from "./support.js"

const { fixtures } = NixflexApi
const auth = bearer(NixflexApi.demoKey)
const errorCode = (body: unknown) => at(body, "error", "code")
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString()

const older = (overrides: Record<string, unknown> = {}) => ({
  body: "Your appointment is on Tuesday.",
  recipients: [{ phone_number: "+447446466847" }, { phone_number: "+447446466848" }],
  context_prompt: "You are the clinic's receptionist.",
  schedule_type: "now",
  ...overrides
})

const newer = (overrides: Record<string, unknown> = {}) => ({
  message_template: "Hi {{name}}, see you {{day}} at {{time}}.",
  recipients: [
    { phone: "+447446466847", variables: { name: "Ada", day: "Tuesday" } },
    { phone: fixtures.unsubscribedNumber, variables: { name: "Bob", day: "Friday" } }
  ],
  ...overrides
})

const campaigns = (sim: Simulator.Running) => `${sim.baseUrl("nixflex")}/v1/sms/campaigns`
const create = (sim: Simulator.Running, body: unknown, headers = auth) =>
  send("POST", campaigns(sim), { headers, json: body })

describe("Nixflex SMS campaigns", () => {
  it.live("the older body answers in the older shape; GET adds the counts and the recipients", () =>
    withSimulator({ smsInterval: "1 hour" }, (sim) =>
      Effect.gen(function* () {
        const created = yield* create(sim, older())
        expect(created.status).toBe(201)
        const id = str(created.body, "campaign_id")
        expect(id).toMatch(/^smsc_[0-9a-f]{16}$/)
        expect(created.body).toEqual({ campaign_id: id, status: "running", recipients_count: 2, sent_count: 0 })
        const fetched = yield* send("GET", `${campaigns(sim)}/${id}`, { headers: auth })
        expect(fetched.status).toBe(200)
        expect(fetched.body).toEqual({
          campaign_id: id,
          status: "running",
          recipients_count: 2,
          sent_count: 0,
          delivered_count: 0,
          failed_count: 0,
          replied_count: 0,
          recipients: [
            { phone_number: "+447446466847", status: "pending", sent_at: null, error_code: null },
            { phone_number: "+447446466848", status: "pending", sent_at: null, error_code: null }
          ]
        })
        const stats = yield* sim.stats
        expect(stats.createdByKind).toEqual({ "nixflex.sms_campaign": 1 })
        expect(
          (yield* sim.log).map((entry) => [entry.method, entry.route, entry.status, entry.created.length])
        ).toEqual([
          ["POST", "/v1/sms/campaigns", 201, 1],
          ["GET", "/v1/sms/campaigns/:id", 200, 0]
        ])
      })
    )
  )

  it.live("the newer body renders {{var}} per recipient and runs to completed, one message per interval", () =>
    withSimulator({ smsInterval: "30 millis" }, (sim) =>
      Effect.gen(function* () {
        const created = yield* create(sim, newer())
        const id = str(created.body, "campaign_id")
        expect(created.body).toEqual({
          campaign_id: id,
          status: "running",
          total_count: 2,
          delivered_count: 0,
          failed_count: 0,
          pending_count: 2,
          source: "api"
        })
        yield* Effect.sleep("120 millis")
        const done = yield* send("GET", `${campaigns(sim)}/${id}`, { headers: auth })
        expect(done.body).toMatchObject({
          campaign_id: id,
          status: "completed",
          total_count: 2,
          delivered_count: 1,
          failed_count: 1,
          pending_count: 0,
          source: "api",
          replied_count: 0
        })
        expect(at(done.body, "recipients")).toEqual([
          {
            phone: "+447446466847",
            variables: { name: "Ada", day: "Tuesday" },
            // A placeholder without a variable stays as it is.
            message: "Hi Ada, see you Tuesday at {{time}}.",
            status: "delivered",
            sent_at: expect.any(String),
            error_code: null
          },
          {
            phone: fixtures.unsubscribedNumber,
            variables: { name: "Bob", day: "Friday" },
            message: "Hi Bob, see you Friday at {{time}}.",
            status: "failed",
            sent_at: expect.any(String),
            error_code: "recipient_unsubscribed"
          }
        ])
      })
    )
  )

  it.live("a future scheduled_at is scheduled and can be cancelled once; a past one runs at once", () =>
    withSimulator({ smsInterval: "1 hour" }, (sim) =>
      Effect.gen(function* () {
        const scheduled = yield* create(sim, older({ schedule_type: "schedule", scheduled_at: inAnHour() }))
        expect(scheduled.body).toMatchObject({ status: "scheduled", sent_count: 0 })
        const id = str(scheduled.body, "campaign_id")
        const cancelled = yield* send("DELETE", `${campaigns(sim)}/${id}`, { headers: auth })
        expect(cancelled.status).toBe(200)
        expect(cancelled.body).toMatchObject({ campaign_id: id, status: "cancelled", sent_count: 0 })
        expect(at(cancelled.body, "recipients", 0, "status")).toBe("cancelled")
        const fetched = yield* send("GET", `${campaigns(sim)}/${id}`, { headers: auth })
        expect(at(fetched.body, "status")).toBe("cancelled")
        const again = yield* send("DELETE", `${campaigns(sim)}/${id}`, { headers: auth })
        expect([again.status, at(again.body, "error", "type"), errorCode(again.body)]).toEqual([
          409,
          "conflict",
          "campaign_not_cancellable"
        ])
        expect(at(again.body, "error", "details")).toEqual({ status: "cancelled" })

        const past = yield* create(
          sim,
          newer({ schedule_type: "schedule", scheduled_at: new Date(Date.now() - 60_000).toISOString() })
        )
        expect(at(past.body, "status")).toBe("running")
        const running = yield* send("DELETE", `${campaigns(sim)}/${str(past.body, "campaign_id")}`, { headers: auth })
        expect([running.status, errorCode(running.body), at(running.body, "error", "details")]).toEqual([
          409,
          "campaign_not_cancellable",
          { status: "running" }
        ])
        const cancelledNewer = yield* create(sim, newer({ schedule_type: "schedule", scheduled_at: inAnHour() }))
        const cancelledNewerId = str(cancelledNewer.body, "campaign_id")
        const gone = yield* send("DELETE", `${campaigns(sim)}/${cancelledNewerId}`, { headers: auth })
        expect(gone.body).toMatchObject({ status: "cancelled", pending_count: 0, delivered_count: 0 })
        const unknown = yield* send("DELETE", `${campaigns(sim)}/smsc_nope`, { headers: auth })
        expect([unknown.status, errorCode(unknown.body)]).toEqual([404, "campaign_not_found"])
      })
    )
  )

  it.live("answers each documented error and creates nothing", () =>
    withSimulator({}, (sim) =>
      Effect.gen(function* () {
        const cases: ReadonlyArray<readonly [string, unknown, number, string]> = [
          ["long body", older({ body: "x".repeat(1601) }), 400, "message_too_long"],
          ["long template", newer({ message_template: "x".repeat(1601) }), 400, "message_too_long"],
          [
            "a bad phone",
            older({ recipients: [{ phone_number: "+447446466847" }, { phone_number: "07446" }] }),
            400,
            "invalid_phone_format"
          ],
          [
            "too many",
            newer({ recipients: Array.from({ length: 10_001 }, () => ({ phone: "+447446466847" })) }),
            400,
            "too_many_recipients"
          ],
          ["schedule without a time", older({ schedule_type: "schedule" }), 400, "invalid_schedule"],
          [
            "schedule with a bad time",
            older({ schedule_type: "schedule", scheduled_at: "soon" }),
            400,
            "invalid_schedule"
          ],
          ["no recipients", newer({ recipients: [] }), 400, "campaign_no_recipients"],
          ["another's number", older({ from_number: fixtures.otherAccountNumber }), 403, "from_number_not_owned"],
          ["a bad from_number", older({ from_number: "4155550123" }), 400, "invalid_phone_format"],
          ["another's agent", older({ agent_id: fixtures.otherAccountAgentId }), 403, "agent_not_owned"],
          ["an unknown agent", older({ agent_id: "agent_ffffffffffffffff" }), 404, "agent_not_found"],
          ["no text", { recipients: [{ phone_number: "+447446466847" }] }, 400, "invalid_request"],
          ["no recipients list", older({ recipients: undefined }), 400, "invalid_request"],
          ["a bad schedule_type", older({ schedule_type: "later" }), 400, "invalid_request"],
          [
            "variables not an object",
            newer({ recipients: [{ phone: "+447446466847", variables: 3 }] }),
            400,
            "invalid_request"
          ],
          ["context_prompt not a string", older({ context_prompt: 7 }), 400, "invalid_request"]
        ]
        for (const [name, body, status, code] of cases) {
          const reply = yield* create(sim, body)
          expect([name, reply.status, errorCode(reply.body)]).toEqual([name, status, code])
        }
        const badPhone = yield* create(
          sim,
          older({ recipients: [{ phone_number: "+447446466847" }, { phone_number: "07446" }] })
        )
        expect(at(badPhone.body, "error", "details")).toEqual({ field: "recipients[1]", index: 1 })
        const tooLong = yield* create(sim, older({ body: "x".repeat(1601) }))
        expect(at(tooLong.body, "error", "details")).toEqual({ length: 1601, max: 1600 })
        const plain = yield* send("POST", campaigns(sim), { headers: auth, text: JSON.stringify(older()) })
        expect([plain.status, errorCode(plain.body)]).toEqual([400, "invalid_request"])
        expect((yield* sim.stats).created).toBe(0)
        // Ten thousand recipients are allowed.
        const most = yield* create(
          sim,
          newer({ recipients: Array.from({ length: 10_000 }, () => ({ phone: "+447446466847" })) })
        )
        expect([most.status, at(most.body, "total_count")]).toEqual([201, 10_000])
      })
    )
  )

  it.live("another account sees none of them and may not use the demo account's agent", () =>
    withSimulator({}, (sim) =>
      Effect.gen(function* () {
        const created = yield* create(sim, older({ schedule_type: "schedule", scheduled_at: inAnHour() }))
        const id = str(created.body, "campaign_id")
        const key = yield* send("POST", `${sim.baseUrl("nixflex")}/v1/keys`, { json: {} })
        const other = bearer(`${str(key.body, "key_id")}:${str(key.body, "key_secret")}`)
        const read = yield* send("GET", `${campaigns(sim)}/${id}`, { headers: other })
        expect([read.status, errorCode(read.body)]).toEqual([404, "campaign_not_found"])
        const cancel = yield* send("DELETE", `${campaigns(sim)}/${id}`, { headers: other })
        expect([cancel.status, errorCode(cancel.body)]).toEqual([404, "campaign_not_found"])
        const agent = yield* create(sim, older({ agent_id: fixtures.agentId }), other)
        expect([agent.status, errorCode(agent.body)]).toEqual([403, "agent_not_owned"])
        // Its own campaign is its own; the owner still sees the first one, still scheduled.
        const own = yield* create(sim, newer(), other)
        expect(own.status).toBe(201)
        const mine = yield* send("GET", `${campaigns(sim)}/${str(own.body, "campaign_id")}`, { headers: auth })
        expect(mine.status).toBe(404)
        expect(at((yield* send("GET", `${campaigns(sim)}/${id}`, { headers: auth })).body, "status")).toBe("scheduled")
      })
    )
  )

  it.live("an Idempotency-Key replays the creation instead of making a second campaign", () =>
    withSimulator({}, (sim) =>
      Effect.gen(function* () {
        const headers = { ...auth, "idempotency-key": "sms-1" }
        const first = yield* create(sim, newer(), headers)
        const second = yield* create(sim, newer(), headers)
        expect(second.text).toBe(first.text)
        const stats = yield* sim.stats
        expect([stats.created, stats.replays]).toEqual([1, 1])
      })
    )
  )

  it("--sms-interval sets the interval from the command line", () => {
    expect(Either.map(parseArgs(["--sms-interval", "250ms"]), (command) => command.options.smsInterval)).toEqual(
      Either.right(250)
    )
    expect(Either.isLeft(parseArgs(["--sms-interval", "soon"]))).toBe(true)
  })
})
