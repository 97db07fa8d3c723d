import { NodeHttpClient } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import type { Failure } from "@faultline/core"
import { DialNexa, DialNexaRetry } from "@faultline/dialnexa"
import { Levrage, LevrageRetry } from "@faultline/levrage"
import { Nixflex, NixflexRetry } from "@faultline/nixflex"
import { DialNexaApi, Faults, LevrageApi, NixflexApi, Simulator } from "@faultline/simulator"
import { Cause, Duration, Effect, Exit, Layer, Option, Redacted, Supervisor } from "effect"
import { fast } from "./fastPolicy.js"

// Chaos under load: a thousand logical calls at once through the three typed clients while the simulator breaks
// answers in every way it knows, before and after the vendor acted, and sends wait headers no server should. Every
// call must end exactly once, in a value or one typed failure, within its deadline; none may die; none may create a
// call twice; and once the clients are closed, nothing of them may be left running or connected.

const faults: ReadonlyArray<Faults.Fault> = [
  Faults.latency("0 millis", "30 millis"),
  Faults.matching(Faults.outage("1500 millis", { after: "500 millis" }), { vendor: "nixflex" }),
  Faults.reset(0.03),
  Faults.reset(0.03, { afterHandling: true }),
  Faults.truncate(0.03),
  Faults.huge(0.005, 2 * 1024 * 1024),
  // 50 MB, far over the clients' body limit (4 MiB): rare, so memory stays bounded however the draws fall.
  Faults.huge(0.002, 50 * 1024 * 1024),
  Faults.empty(0.01),
  Faults.invalidUtf8(0.01),
  Faults.html(0.03),
  Faults.hang(0.01),
  Faults.error(429, 0.03),
  Faults.error(503, 0.03),
  Faults.error(500, 0.02),
  // Wait hints no parser should trust: each must leave the wait to the policy, never become a defect, a wait
  // without end or a wait past the deadline.
  Faults.hostileHeaders(0.01, { status: 429, retryAfter: "-5" }),
  Faults.hostileHeaders(0.01, { status: 503, retryAfter: "abc" }),
  Faults.hostileHeaders(0.01, { status: 429, retryAfter: "1e309" }),
  Faults.hostileHeaders(0.01, { status: 503, retryAfter: "Fri, 31 Dec 9999 23:59:59 GMT" }),
  Faults.hostileHeaders(0.01, { status: 429, retryAfter: ["1", "3600"] }),
  // A reset in epoch milliseconds (13 digits) is 1.5 s away; read as epoch seconds it would be 50,000 years, and
  // calls held past their deadline. Remaining below zero is no count at all.
  Faults.hostileHeaders(0.01, { status: 429, remaining: "0", resetInMillis: 1500 }),
  Faults.hostileHeaders(0.01, { status: 429, remaining: "-3", resetInMillis: 1500 }),
  Faults.hostileHeaders(0.01, { remaining: "0", resetInMillis: 1000 }),
  Faults.hostileHeaders(0.01, { remaining: "-3", resetInMillis: 1000 })
]

const calls = 1000

describe("chaos under load", () => {
  it.live(
    "a thousand concurrent calls under every fault each end once, in a value or a typed failure; none twice; nothing left",
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

        // Every fiber the calls and the clients start, to count those still running once the clients are closed.
        const supervisor = yield* Supervisor.track
        let peakRss = 0
        const sampler = setInterval(() => {
          peakRss = Math.max(peakRss, process.memoryUsage().rss)
        }, 50)
        const ends = new Map<number, number>()
        const durations = new Map<number, number>()
        const exits = yield* Effect.forEach(
          Array.from({ length: calls }, (_, i) => i),
          (i) =>
            Effect.exit(call(i)).pipe(
              Effect.timed,
              Effect.map(([took, exit]) => {
                durations.set(i, Duration.toMillis(took))
                ends.set(i, (ends.get(i) ?? 0) + 1)
                return exit
              })
            ),
          { concurrency: "unbounded" }
        ).pipe(
          Effect.provide(clients),
          Effect.supervised(supervisor),
          Effect.ensuring(Effect.sync(() => clearInterval(sampler)))
        )
        const stats = yield* sim.stats
        // The clients are closed (their layer's scope ended with the calls): no fiber of theirs or of the calls may
        // be left, and no socket once the server has heard the last FINs.
        const fibersLeft = (yield* supervisor.value).length
        const socketsLeft = yield* connectionsOnceAt(sim, 0)
        // None past its deadline (20 s) by more than one attempt's timeout (5 s).
        const pastDeadline = [...durations.values()].filter((took) => took > 25_000).length
        const failures = exits.flatMap((exit) =>
          Exit.isFailure(exit) ? Option.toArray(Cause.failureOption(exit.cause)) : []
        )
        console.log(`chaos.peak_rss_mb: ${(peakRss / 1024 / 1024).toFixed(0)}`)
        console.log(`chaos.failures: ${JSON.stringify(countBy(failures.map((failure) => failure._tag)))}`)
        console.log(`chaos.faults: ${JSON.stringify(stats.faults)}`)
        const longestMs = Math.max(...durations.values())
        console.log(`chaos.left: ${JSON.stringify({ fibersLeft, socketsLeft, pastDeadline, longestMs })}`)

        expect({ fibersLeft, socketsLeft, pastDeadline }).toEqual({ fibersLeft: 0, socketsLeft: 0, pastDeadline: 0 })
        // Each call ended exactly once.
        expect(ends.size).toBe(calls)
        expect([...ends.values()].every((n) => n === 1)).toBe(true)
        // No defect, no interruption: a failure is one of the typed failures.
        const died = exits.filter((exit) => Exit.isFailure(exit) && Option.isNone(Cause.failureOption(exit.cause)))
        expect(died.map((exit) => (Exit.isFailure(exit) ? Cause.pretty(exit.cause) : ""))).toEqual([])
        expect(failures.every((failure) => typeof failure._tag === "string" && "category" in failure)).toBe(true)
        // The faults did fire, the new ones included, and most calls still got through.
        expect(Object.keys(stats.faults).length).toBeGreaterThanOrEqual(11)
        expect([stats.faults.headers, stats.faults.empty, stats.faults["invalid-utf8"]].every((n) => n! > 0)).toBe(true)
        expect(exits.filter(Exit.isSuccess).length).toBeGreaterThan(calls / 2)
        // No call created twice, by the simulator's count per idempotency key or per body.
        expect(stats.duplicates).toBe(0)
      }).pipe(Effect.scoped),
    { timeout: 120_000 }
  )
})

const countBy = (values: ReadonlyArray<string>) => {
  const counts: Record<string, number> = {}
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1
  return counts
}

// The server hears of a closed connection when its FIN arrives: poll the count for up to 2 s until it is `n`, and
// return the last count. Not longer: undici closes an idle socket after 4 s by itself, so a longer wait would hide
// a client that left its pool open.
const connectionsOnceAt = (sim: Simulator.Running, n: number) =>
  Effect.gen(function* () {
    for (let poll = 0; poll < 200; poll++) {
      const count = yield* sim.connections
      if (count === n) return count
      yield* Effect.sleep("10 millis")
    }
    return yield* sim.connections
  })
