import { expect, layer } from "@effect/vitest"
import { DialNexaApi, Faults, LevrageApi, NixflexApi, Simulator } from "@faultline/simulator"
import { Chunk, ConfigProvider, Effect, pipe } from "effect"
import * as DialNexaExample from "../src/clients/dialnexa.js"
import * as LevrageExample from "../src/clients/levrage.js"
import * as NixflexExample from "../src/clients/nixflex.js"

// The examples of docs/vendors, run as a user would: their own layers (undici, configuration from the
// environment), here pointed at the simulator.
const environment = (sim: Simulator.Running) =>
  ConfigProvider.fromMap(
    new Map([
      ["NIXFLEX_API_KEY", NixflexApi.demoKey],
      ["NIXFLEX_BASE_URL", sim.baseUrl("nixflex")],
      ["DIALNEXA_API_KEY", DialNexaApi.demoKey],
      ["DIALNEXA_BASE_URL", sim.baseUrl("dialnexa")],
      ["LEVRAGE_API_KEY", LevrageApi.demoKey],
      ["LEVRAGE_BASE_URL", sim.baseUrl("levrage")]
    ])
  )

layer(Simulator.layer(), { excludeTestServices: true })("the vendor docs' examples", (it) => {
  it.effect("Nixflex: a call is placed; a number outside E.164 is not sent", () =>
    Effect.gen(function* () {
      const sim = yield* Simulator.Simulator
      const run = (to: string) =>
        NixflexExample.placeCall(to).pipe(
          Effect.provide(NixflexExample.NixflexLive),
          Effect.withConfigProvider(environment(sim))
        )
      expect(yield* run("+447386172392")).toMatch(/^placed CA/)
      expect(yield* run("07386 172392")).toBe("not sent: to_number")
      yield* sim.setFaults([pipe(Faults.error(500), Faults.matching({ vendor: "nixflex" }))])
      const failed = yield* run("+447386172392")
      yield* sim.setFaults([])
      expect(failed).toMatch(/^NixflexUnknownError \(server\), idempotency key [0-9a-f-]{36}$/)
    })
  )

  it.effect("DialNexa: a call is placed; one whose answer is cut off is reported as maybe placed", () =>
    Effect.gen(function* () {
      const sim = yield* Simulator.Simulator
      const run = (to: string) =>
        DialNexaExample.placeCall(to).pipe(
          Effect.provide(DialNexaExample.DialNexaLive),
          Effect.withConfigProvider(environment(sim))
        )
      expect(yield* run("+447386172392")).toMatch(/^placed /)
      yield* sim.setFaults([pipe(Faults.truncate(), Faults.matching({ vendor: "dialnexa", path: "/v1/calls" }))])
      const cut = yield* run("+447386172392")
      yield* sim.setFaults([])
      expect(cut).toMatch(/^maybe placed \(sent at .+\): UnexpectedBody$/)
    })
  )

  it.effect("Levrage: a call is placed and the outbound calls listed; no credits left is said so", () =>
    Effect.gen(function* () {
      const sim = yield* Simulator.Simulator
      const provide = <A, E>(effect: Effect.Effect<A, E, import("@faultline/levrage").Levrage.Levrage>) =>
        effect.pipe(Effect.provide(LevrageExample.LevrageLive), Effect.withConfigProvider(environment(sim)))
      expect(yield* provide(LevrageExample.placeCall("+447386172392"))).toMatch(/^placed /)
      const calls = yield* provide(LevrageExample.recentOutboundCalls)
      expect(Chunk.size(calls)).toBeGreaterThan(0)
      yield* sim.setFaults([pipe(Faults.error(402), Faults.matching({ vendor: "levrage", path: "/v1/call" }))])
      const broke = yield* provide(LevrageExample.placeCall("+447386172392"))
      yield* sim.setFaults([])
      expect(broke).toBe("out of credits")
    })
  )
})
