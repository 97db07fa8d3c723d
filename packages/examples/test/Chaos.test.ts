import { NodeHttpClient } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import type { Failure } from "@faultline/core"
import { DialNexa, DialNexaRetry } from "@faultline/dialnexa"
import { Levrage, LevrageRetry } from "@faultline/levrage"
import { Nixflex, NixflexRetry } from "@faultline/nixflex"
import { DialNexaApi, Faults, LevrageApi, NixflexApi, Simulator } from "@faultline/simulator"
import { Cause, Duration, Effect, Exit, Layer, Option, Redacted } from "effect"
import { fast } from "./fastPolicy.js"

// Chaos under load: a thousand logical calls at once through the three typed clients while the simulator breaks
// answers in every way it knows, before and after the vendor acted. Every call must end exactly once, in a value or
// one typed failure; none may die; none may create a call twice.

const faults: ReadonlyArray<Faults.Fault> = [
  Faults.latency("0 millis", "30 millis"),
  Faults.matching(Faults.outage("1500 millis", { after: "500 millis" }), { vendor: "nixflex" }),
  Faults.reset(0.03),
  Faults.reset(0.03, { afterHandling: true }),
  Faults.truncate(0.03),
  Faults.huge(0.005, 2 * 1024 * 1024),
  Faults.html(0.03),
  Faults.hang(0.01),
  Faults.error(429, 0.03),
  Faults.error(503, 0.03),
  Faults.error(500, 0.02)
]

const calls = 1000

describe("chaos under load", () => {
  it.live(
    "a thousand concurrent calls under every fault each end once, in a value or a typed failure; none twice",
    () =>
      Effect.gen(function* () {
        // The vendors' own limits are lifted: the 429s here are the faults'.
        const unlimited = { limit: 1_000_000, window: "1 minute" } as const
        const sim = yield* Simulator.start({
          seed: 3,
          levrageCredits: 1_000_000,
          rateLimits: {
            "nixflex.write": unlimited,
            "nixflex.read": unlimited,
            dialnexa: unlimited,
            levrage: unlimited
          },
          concurrency: { nixflex: 1_000_000, dialnexa: 1_000_000 },
          faults
        })
        const clients = Layer.mergeAll(
          Nixflex.layer({
            baseUrl: sim.baseUrl("nixflex"),
            apiKey: Redacted.make(NixflexApi.demoKey),
            retry: fast(NixflexRetry.defaults, { deadline: "20 seconds" }),
            timeout: "5 seconds"
          }),
          DialNexa.layer({
            baseUrl: sim.baseUrl("dialnexa"),
            apiKey: Redacted.make(DialNexaApi.demoKey),
            retry: fast(DialNexaRetry.defaults, { deadline: "20 seconds" }),
            timeout: "5 seconds"
          }),
          Levrage.layer({
            baseUrl: sim.baseUrl("levrage"),
            apiKey: Redacted.make(LevrageApi.demoKey),
            retry: fast(LevrageRetry.defaults, { deadline: "20 seconds" }),
            timeout: "5 seconds"
          })
        ).pipe(Layer.provide(NodeHttpClient.layerUndici))

        // One logical call: a create with its own number, so that two creates of it would be a duplicate.
        const call = (
          i: number
        ): Effect.Effect<unknown, Failure.Failure, Nixflex.Nixflex | DialNexa.DialNexa | Levrage.Levrage> => {
          const number = `+4473861${String(10_000 + i).slice(1)}`
          switch (i % 3) {
            case 0:
              return Effect.flatMap(Nixflex.Nixflex, (nixflex) =>
                nixflex.createOutboundCall({
                  agent_id: NixflexApi.fixtures.agentId,
                  from_number: NixflexApi.fixtures.fromNumber,
                  to_number: number,
                  prompt: "chaos"
                })
              )
            case 1:
              return Effect.flatMap(DialNexa.DialNexa, (dialnexa) =>
                dialnexa.createCall({ agent_id: DialNexaApi.fixtures.agentId, to_phone_number: number })
              )
            default:
              return Effect.flatMap(Levrage.Levrage, (levrage) =>
                levrage.makeCall({
                  agent_id: LevrageApi.fixtures.agentId,
                  source_number: LevrageApi.fixtures.sourceNumber,
                  phone_number: number
                })
              )
          }
        }

        let peakRss = 0
        const sampler = setInterval(() => {
          peakRss = Math.max(peakRss, process.memoryUsage().rss)
        }, 50)
        const ends = new Map<number, number>()
        let longest = 0
        const exits = yield* Effect.forEach(
          Array.from({ length: calls }, (_, i) => i),
          (i) =>
            Effect.exit(call(i)).pipe(
              Effect.timed,
              Effect.map(([took, exit]) => {
                longest = Math.max(longest, Duration.toMillis(took))
                ends.set(i, (ends.get(i) ?? 0) + 1)
                return exit
              })
            ),
          { concurrency: "unbounded" }
        ).pipe(Effect.provide(clients), Effect.ensuring(Effect.sync(() => clearInterval(sampler))))
        const stats = yield* sim.stats

        // Exactly once each, and none past its deadline (20 s) by more than one attempt's timeout.
        expect(longest).toBeLessThanOrEqual(25_000)
        expect(ends.size).toBe(calls)
        expect([...ends.values()].every((n) => n === 1)).toBe(true)
        // No defect, no interruption: a failure is one of the typed failures.
        const died = exits.filter((exit) => Exit.isFailure(exit) && Option.isNone(Cause.failureOption(exit.cause)))
        expect(died.map((exit) => (Exit.isFailure(exit) ? Cause.pretty(exit.cause) : ""))).toEqual([])
        const failures = exits.flatMap((exit) =>
          Exit.isFailure(exit) ? Option.toArray(Cause.failureOption(exit.cause)) : []
        )
        expect(failures.every((failure) => typeof failure._tag === "string" && "category" in failure)).toBe(true)
        // The faults did fire, and most calls still got through.
        expect(Object.keys(stats.faults).length).toBeGreaterThanOrEqual(8)
        expect(exits.filter(Exit.isSuccess).length).toBeGreaterThan(calls / 2)
        // No call created twice, by the simulator's count per idempotency key or per body.
        expect(stats.duplicates).toBe(0)
        console.log(`chaos.peak_rss_mb: ${(peakRss / 1024 / 1024).toFixed(0)}`)
        console.log(`chaos.failures: ${JSON.stringify(countBy(failures.map((failure) => failure._tag)))}`)
      }).pipe(Effect.scoped),
    { timeout: 120_000 }
  )
})

const countBy = (values: ReadonlyArray<string>) => {
  const counts: Record<string, number> = {}
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1
  return counts
}
