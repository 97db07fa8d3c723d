import { NodeHttpClient } from "@effect/platform-node"
import { assert, expect, layer } from "@effect/vitest"
import { Failure } from "@faultline/core"
import { Levrage, LevrageError } from "@faultline/levrage"
import { Faults, LevrageApi, Simulator } from "@faultline/simulator"
import { Chunk, Effect, Layer, pipe, Redacted, Stream } from "effect"

// The Levrage client against the simulator on 127.0.0.1: every method's success and a documented failure,
// pagination across pages, contacts checked before sending, and a create whose outcome cannot be known.

const fixtures = LevrageApi.fixtures

const client = (sim: Simulator.Running) =>
  Levrage.make({
    baseUrl: sim.baseUrl("levrage"),
    apiKey: Redacted.make(LevrageApi.demoKey),
    retry: false,
    pacing: false,
    circuitBreaker: false
  })

const call = { agent_id: fixtures.agentId, source_number: fixtures.sourceNumber, phone_number: "+919812345678" }

layer(Layer.merge(Simulator.layer(), NodeHttpClient.layerUndici), { excludeTestServices: true })(
  "Levrage client",
  (it) => {
    it.effect("makeCall places a call and answers with its data; an unknown agent is NotFound", () =>
      Effect.gen(function* () {
        const sim = yield* Simulator.Simulator
        const levrage = yield* client(sim)
        const placed = yield* levrage.makeCall(call)
        expect(placed.status).toBe("queued")
        const missing = yield* Effect.flip(
          levrage.makeCall({ ...call, agent_id: "00000000-0000-4000-8000-000000000000" })
        )
        assert(missing instanceof LevrageError.NotFound, missing._tag)
      })
    )

    it.effect("a call whose answer never comes is OutcomeUnknown: Levrage takes no idempotency key", () =>
      Effect.gen(function* () {
        const sim = yield* Simulator.Simulator
        const levrage = yield* client(sim)
        yield* sim.setFaults([
          pipe(Faults.reset(1), Faults.times(1), Faults.matching({ vendor: "levrage", path: "/v1/call" }))
        ])
        const failure = yield* Effect.flip(levrage.makeCall(call))
        assert(failure instanceof Failure.OutcomeUnknown, failure._tag)
        expect([failure.vendor, failure.cause.tag, failure.category]).toEqual([
          "levrage",
          "TransportError",
          "transport"
        ])
      })
    )

    it.effect("agents: create, get and list across pages; a name in use is ValidationError", () =>
      Effect.gen(function* () {
        const sim = yield* Simulator.Simulator
        const levrage = yield* client(sim)
        for (const name of ["One", "Two", "Three"]) {
          yield* levrage.createAgent({ name, start_flow: "Hello", end_flow: "Goodbye" })
        }
        const agents = Chunk.toReadonlyArray(yield* Stream.runCollect(levrage.listAgents({}, { pageSize: 2 })))
        expect(agents.map((agent) => agent.name)).toEqual(
          expect.arrayContaining(["One", "Two", "Three", fixtures.agentName])
        )
        const pages = (yield* sim.log).filter(
          (entry) => entry.vendor === "levrage" && entry.path.split("?")[0] === "/v1/agents" && entry.method === "GET"
        )
        expect(pages.length).toBe(Math.ceil(agents.length / 2))
        const again = yield* levrage.getAgent({ agent_id: fixtures.agentId })
        expect(again.name).toBe(fixtures.agentName)
        const taken = yield* Effect.flip(levrage.createAgent({ name: "One", start_flow: "Hi", end_flow: "Bye" }))
        assert(taken instanceof LevrageError.ValidationError, taken._tag)
      })
    )

    it.effect("campaigns: create one and list them; a contact's phone outside E.164 is refused before sending", () =>
      Effect.gen(function* () {
        const sim = yield* Simulator.Simulator
        const levrage = yield* client(sim)
        const created = yield* levrage.createCampaign({
          name: "Renewals",
          agent_id: fixtures.agentId,
          phone_number: fixtures.sourceNumber,
          contacts: [{ phone: "+919812345678", name: "Asha" }]
        })
        const campaigns = yield* Stream.runCollect(levrage.listCampaigns())
        expect(Chunk.toReadonlyArray(campaigns).map((campaign) => campaign.id)).toContain(created.id)
        const bad = yield* Effect.flip(
          levrage.createCampaign({
            name: "Bad",
            agent_id: fixtures.agentId,
            phone_number: fixtures.sourceNumber,
            contacts: [{ mobile: "98123 45678" }],
            phone_column: "mobile"
          })
        )
        assert(bad instanceof Failure.InvalidInput, bad._tag)
        expect(bad.issues.map((issue) => [issue.path, issue.rule])).toEqual([["contacts.0.mobile", "E.164"]])
      })
    )

    it.effect(
      "listCalls streams the calls; a page size Levrage refuses never leaves (the stream asks for valid ones)",
      () =>
        Effect.gen(function* () {
          const sim = yield* Simulator.Simulator
          const levrage = yield* client(sim)
          yield* levrage.makeCall(call)
          const calls = yield* Stream.runCollect(levrage.listCalls({ direction: "outbound" }))
          expect(Chunk.size(calls)).toBeGreaterThanOrEqual(1)
          const huge = yield* Stream.runCollect(levrage.listCalls({}, { pageSize: 1000 }))
          expect(Chunk.size(huge)).toBe(Chunk.size(yield* Stream.runCollect(levrage.listCalls())))
        })
    )
  }
)
