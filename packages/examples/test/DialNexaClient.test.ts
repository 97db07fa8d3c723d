import { NodeHttpClient } from "@effect/platform-node"
import { assert, expect, layer } from "@effect/vitest"
import { Failure } from "@faultline/core"
import { DialNexa, DialNexaError } from "@faultline/dialnexa"
import { DialNexaApi, Faults, Simulator } from "@faultline/simulator"
import { Chunk, Effect, Layer, pipe, Redacted, Stream } from "effect"

// The DialNexa client against the simulator on 127.0.0.1: every method's success and a documented failure, the
// call-log ETag cache, pagination, and a create whose outcome cannot be known.

const fixtures = DialNexaApi.fixtures

const client = (sim: Simulator.Running) =>
  DialNexa.make({
    baseUrl: sim.baseUrl("dialnexa"),
    apiKey: Redacted.make(DialNexaApi.demoKey),
    retry: false,
    pacing: false,
    circuitBreaker: false
  })

const dialNexaRequests = (sim: Simulator.Running, path: string) =>
  Effect.map(sim.log, (log) => log.filter((entry) => entry.vendor === "dialnexa" && entry.path.split("?")[0] === path))

layer(Layer.merge(Simulator.layer(), NodeHttpClient.layerUndici), { excludeTestServices: true })(
  "DialNexa client",
  (it) => {
    it.effect("createCall places a call; an unknown agent is NotFound", () =>
      Effect.gen(function* () {
        const sim = yield* Simulator.Simulator
        const dialnexa = yield* client(sim)
        const call = yield* dialnexa.createCall({ agent_id: fixtures.agentId, to_phone_number: "+14155550142" })
        expect(call.callId).toMatch(/^call_/)
        const failure = yield* Effect.flip(
          dialnexa.createCall({ agent_id: "agt_nobody", to_phone_number: "+14155550142" })
        )
        assert(failure instanceof DialNexaError.NotFound, failure._tag)
      })
    )

    it.effect("a create that fails after DialNexa may have acted is OutcomeUnknown, with what to look for", () =>
      Effect.gen(function* () {
        const sim = yield* Simulator.Simulator
        const dialnexa = yield* client(sim)
        // The answer is cut off: DialNexa placed the call, the client cannot know it.
        yield* sim.setFaults([
          pipe(Faults.truncate(1), Faults.times(1), Faults.matching({ vendor: "dialnexa", path: "/v1/calls" }))
        ])
        const failure = yield* Effect.flip(
          dialnexa.createCall({ agent_id: fixtures.agentId, to_phone_number: "+14155550143", metadata: { order: 7 } })
        )
        assert(failure instanceof Failure.OutcomeUnknown, failure._tag)
        expect([failure.operation, failure.cause.tag, failure.mayHaveReachedServer]).toEqual([
          "POST /v1/calls",
          "UnexpectedBody",
          true
        ])
        expect(failure.input).toMatchObject({ to_phone_number: "+14155550143", metadata: { order: 7 } })
        // A refusal before the server saw anything is not ambiguous: it is the refusal.
        yield* sim.setFaults([pipe(Faults.error(400), Faults.times(1), Faults.matching({ vendor: "dialnexa" }))])
        const refused = yield* Effect.flip(
          dialnexa.createCall({ agent_id: fixtures.agentId, to_phone_number: "+14155550144" })
        )
        assert(refused instanceof DialNexaError.BadRequest, refused._tag)
      })
    )

    it.effect("listCallLogs streams every page; a second read is answered from the ETag cache (304)", () =>
      Effect.gen(function* () {
        const sim = yield* Simulator.Simulator
        const dialnexa = yield* client(sim)
        const first = yield* Stream.runCollect(dialnexa.listCallLogs({}, { pageSize: 20 }))
        expect(Chunk.size(first)).toBeGreaterThanOrEqual(45)
        const before = (yield* dialNexaRequests(sim, "/v1/call-logs")).length
        const second = yield* Stream.runCollect(dialnexa.listCallLogs({}, { pageSize: 20 }))
        const requests = (yield* dialNexaRequests(sim, "/v1/call-logs")).slice(before)
        expect(Chunk.toReadonlyArray(second).map((log) => log.id)).toEqual(
          Chunk.toReadonlyArray(first).map((log) => log.id)
        )
        // Every page of the second read carried If-None-Match and was answered 304, with no body.
        expect(requests.map((entry) => entry.status)).toEqual(requests.map(() => 304))
        expect(requests.length).toBe(Math.ceil(Chunk.size(first) / 20))
        const invalid = yield* Effect.flip(Stream.runDrain(dialnexa.listCallLogs({ start_date: "2024-02-31x" })))
        assert(invalid instanceof Failure.InvalidInput, invalid._tag)
      })
    )

    it.effect("agents: get one and list them; an unknown one is NotFound", () =>
      Effect.gen(function* () {
        const sim = yield* Simulator.Simulator
        const dialnexa = yield* client(sim)
        const agent = yield* dialnexa.getAgent({ agent_id: fixtures.agentId })
        expect(agent.id).toBe(fixtures.agentId)
        const agents = yield* Stream.runCollect(dialnexa.listAgents())
        expect(Chunk.toReadonlyArray(agents).map((a) => a.id)).toContain(fixtures.agentId)
        const missing = yield* Effect.flip(dialnexa.getAgent({ agent_id: "agt_nobody" }))
        assert(missing instanceof DialNexaError.NotFound, missing._tag)
      })
    )

    it.effect("campaigns: create, get and update; resuming a cancelled one is Conflict", () =>
      Effect.gen(function* () {
        const sim = yield* Simulator.Simulator
        const dialnexa = yield* client(sim)
        const created = yield* dialnexa.createCampaign({
          name: "Reminders",
          agent_id: fixtures.agentId,
          from_phone_number: fixtures.fromPhoneNumber,
          max_concurrent_calls: 2,
          retry_config: { max_retries: 1, retry_interval_minutes: 30 }
        })
        const fetched = yield* dialnexa.getCampaign({ campaign_id: created.id })
        expect(fetched.name).toBe("Reminders")
        const renamed = yield* dialnexa.updateCampaign({ campaign_id: created.id, name: "Reminders (2)" })
        expect(renamed.name).toBe("Reminders (2)")
        const conflict = yield* Effect.flip(
          dialnexa.updateCampaign({ campaign_id: fixtures.cancelledCampaignId, status: "active" })
        )
        assert(conflict instanceof DialNexaError.Conflict, conflict._tag)
        const missing = yield* Effect.flip(dialnexa.getCampaign({ campaign_id: "cmp_nothing" }))
        assert(missing instanceof DialNexaError.NotFound, missing._tag)
      })
    )

    it.effect("workflows and leads: resume a paused workflow; remove a lead; a finished campaign's is Conflict", () =>
      Effect.gen(function* () {
        const sim = yield* Simulator.Simulator
        const dialnexa = yield* client(sim)
        const resumed = yield* dialnexa.resumeWorkflow({ workflow_id: fixtures.pausedWorkflowId })
        expect(resumed.status).toBe("active")
        const again = yield* Effect.flip(dialnexa.resumeWorkflow({ workflow_id: fixtures.pausedWorkflowId }))
        assert(again instanceof DialNexaError.Conflict, again._tag)
        const removed = yield* dialnexa.deleteCampaignLead({ lead_id: fixtures.runningCampaignLeadIds[0] })
        expect(removed.message).toBe("Lead removed from campaign.")
        const done = yield* Effect.flip(dialnexa.deleteCampaignLead({ lead_id: fixtures.completedCampaignLeadId }))
        assert(done instanceof DialNexaError.Conflict, done._tag)
      })
    )

    it.effect(
      "registerWebhook registers an https hook; a plain http URL is refused before sending, a hostless one by DialNexa",
      () =>
        Effect.gen(function* () {
          const sim = yield* Simulator.Simulator
          const dialnexa = yield* client(sim)
          const hook = yield* dialnexa.registerWebhook({
            url: "https://example.com/hooks/dialnexa",
            events: ["call.completed"],
            secret: "whsec_0123456789"
          })
          expect(hook.id).toMatch(/^wh_/)
          const plain = yield* Effect.flip(
            dialnexa.registerWebhook({ url: "http://example.com/hooks", events: ["call.completed"] })
          )
          assert(plain instanceof Failure.InvalidInput, plain._tag)
          expect(plain.issues.map((issue) => [issue.path, issue.rule])).toEqual([["url", "https URL"]])
          // An https URL with no host passes the local rule; DialNexa's own validation refuses it.
          const hostless = yield* Effect.flip(dialnexa.registerWebhook({ url: "https://", events: ["call.completed"] }))
          assert(hostless instanceof DialNexaError.BadRequest, hostless._tag)
          expect(hostless.messages.join(" ")).toContain("url")
        })
    )
  }
)
