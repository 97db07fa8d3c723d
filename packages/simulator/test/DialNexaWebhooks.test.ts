import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { DialNexaApi } from "../src/index.js"
import type * as Simulator from "../src/Simulator.js"
import { at, bearer, send, str, withSimulator } from "./support.js"

const { fixtures } = DialNexaApi
const auth = bearer(DialNexaApi.demoKey)

const webhook = (overrides: Record<string, unknown> = {}) => ({
  url: "https://hooks.example.com/dialnexa",
  events: ["call.completed", "campaign.paused"],
  secret: "whsec_0123456789",
  is_active: true,
  ...overrides
})

const url = (sim: Simulator.Running) => `${sim.baseUrl("dialnexa")}/v1/user-webhooks`
const register = (sim: Simulator.Running, body: unknown) => send("POST", url(sim), { headers: auth, json: body })

const vocabulary =
  "call.completed, call.failed, call.no_answer, campaign.completed, campaign.paused, workflow.lead.completed"

describe("DialNexa webhooks", () => {
  it.live("registering answers 201 without the secret, and the organisation's list shows it", () =>
    withSimulator({}, (sim) =>
      Effect.gen(function* () {
        const created = yield* register(sim, webhook())
        expect(created.status).toBe(201)
        const id = str(created.body, "id")
        expect(id).toMatch(/^wh_[0-9a-f]{12}$/)
        expect(created.body).toEqual({
          id,
          url: "https://hooks.example.com/dialnexa",
          events: ["call.completed", "campaign.paused"],
          is_active: true,
          created_at: expect.any(String)
        })
        expect(created.text).not.toContain("whsec_")
        const inactive = yield* register(sim, webhook({ is_active: false, secret: undefined }))
        expect(at(inactive.body, "is_active")).toBe(false)
        const defaulted = yield* register(sim, {
          url: "https://hooks.example.com/2",
          events: ["workflow.lead.completed"]
        })
        expect(at(defaulted.body, "is_active")).toBe(true)
        const list = yield* send("GET", url(sim), { headers: auth })
        expect(list.status).toBe(200)
        expect(at(list.body, "meta")).toEqual({ page: 1, limit: 20, total: 3, totalPages: 1 })
        expect(at(list.body, "data", 0)).toEqual(created.body)
        const page = yield* send("GET", `${url(sim)}?page=2&limit=2`, { headers: auth })
        expect(at(page.body, "data")).toEqual([defaulted.body])
        const tooBig = yield* send("GET", `${url(sim)}?limit=101`, { headers: auth })
        expect(tooBig.body).toEqual({
          statusCode: 400,
          message: "Validation failed: limit must not be greater than 100",
          error: "Bad Request"
        })
        expect((yield* sim.stats).createdByKind).toEqual({ "dialnexa.webhook": 3 })
        expect((yield* sim.log)[0]).toMatchObject({ route: "/v1/user-webhooks", status: 201, created: [id] })
      })
    )
  )

  it.live("answers NestJS validation messages: https only, 150 characters, the register vocabulary, events", () =>
    withSimulator({}, (sim) =>
      Effect.gen(function* () {
        const cases: ReadonlyArray<readonly [Record<string, unknown>, string | ReadonlyArray<string>]> = [
          [webhook({ url: "http://hooks.example.com/dialnexa" }), "Validation failed: url must use https"],
          [
            webhook({ url: `https://hooks.example.com/${"x".repeat(125)}` }),
            "Validation failed: url must be shorter than or equal to 150 characters"
          ],
          [
            webhook({ events: ["call.completed", "call_ended"] }),
            `Validation failed: each value in events must be one of the following values: ${vocabulary}`
          ],
          [webhook({ events: [] }), "Validation failed: events should not be empty"],
          [webhook({ events: "call.completed" }), "Validation failed: events must be an array"],
          [webhook({ url: "not a url" }), "Validation failed: url must be a URL address"],
          [webhook({ is_active: "yes" }), "Validation failed: is_active must be a boolean value"],
          [webhook({ secret: 42 }), "Validation failed: secret must be a string"],
          [
            { url: `http://hooks.example.com/${"x".repeat(130)}`, events: [] },
            ["url must use https", "url must be shorter than or equal to 150 characters", "events should not be empty"]
          ]
        ]
        for (const [body, message] of cases) {
          const reply = yield* register(sim, body)
          expect([body, reply.body]).toEqual([body, { statusCode: 400, message, error: "Bad Request" }])
        }
        // 150 characters exactly is allowed.
        const longest = yield* register(sim, webhook({ url: `https://hooks.example.com/${"x".repeat(124)}` }))
        expect([longest.status, str(longest.body, "url").length]).toEqual([201, 150])
        const broken = yield* send("POST", url(sim), { headers: auth, text: "{", contentType: "application/json" })
        expect([broken.status, at(broken.body, "error")]).toEqual([400, "Bad Request"])
        expect((yield* sim.stats).created).toBe(1)
      })
    )
  )

  it.live("another organisation's webhook is never listed; a key of the same organisation sees its own", () =>
    withSimulator({}, (sim) =>
      Effect.gen(function* () {
        const empty = yield* send("GET", url(sim), { headers: auth })
        expect(empty.body).toEqual({ data: [], meta: { page: 1, limit: 20, total: 0, totalPages: 0 } })
        expect(empty.text).not.toContain(fixtures.otherOrganizationWebhookId)
        const created = yield* register(sim, webhook())
        const key = yield* send("POST", `${sim.baseUrl("dialnexa")}/v1/api-keys`, {
          headers: auth,
          json: { name: "ci" }
        })
        const sameOrganisation = bearer(`${str(key.body, "id")}:${str(key.body, "secret")}`)
        const seen = yield* send("GET", url(sim), { headers: sameOrganisation })
        expect(at(seen.body, "data")).toEqual([created.body])
        const anonymous = yield* send("GET", url(sim))
        expect(anonymous.body).toEqual({ statusCode: 401, message: "Unauthorized", error: "Unauthorized" })
      })
    )
  )
})
