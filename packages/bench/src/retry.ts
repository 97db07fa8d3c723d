/**
 * Retry benchmarks against the simulator on 127.0.0.1 (real time, real HTTP over undici), printing `name: value`
 * lines:
 *
 * 1. Pacing: 200 calls, 16 at a time, against Nixflex limited to 20 requests per second — wall time and 429s met,
 *    with and without pacing.
 * 2. Outage: 100 calls, 16 at a time, against 10 seconds of 503 — attempts per call, and the time from the
 *    outage's end to the last call done, with and without the circuit breaker.
 *
 * Run: `npx -y pnpm@10.34.9 bench`
 */
import { HttpClient } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { RetryBudget } from "@faultline/core"
import { NixflexHttpClient, NixflexRetry } from "@faultline/nixflex"
import { Faults, Simulator } from "@faultline/simulator"
import { Clock, Console, Effect, Redacted } from "effect"

const apiKey = Redacted.make(Simulator.demoKeys.nixflex)

const runCalls = (
  sim: Simulator.Running,
  options: {
    readonly calls: number
    readonly workers: number
    readonly pacing: boolean
    readonly breaker: boolean
  }
) =>
  Effect.gen(function* () {
    const client = NixflexHttpClient.make({
      baseUrl: sim.baseUrl("nixflex"),
      apiKey,
      retry: NixflexRetry.defaults,
      retryBudget: RetryBudget.unlimited,
      pacing: options.pacing ? undefined : false,
      circuitBreaker: options.breaker ? undefined : false
    })(yield* HttpClient.HttpClient)
    const started = yield* Clock.currentTimeMillis
    const ended: Array<number> = []
    let failed = 0
    yield* Effect.forEach(
      Array.from({ length: options.calls }),
      () =>
        client.get("/v1/calls").pipe(
          Effect.catchAll(() => Effect.sync(() => failed++)),
          Effect.zipRight(Effect.flatMap(Clock.currentTimeMillis, (now) => Effect.sync(() => ended.push(now))))
        ),
      { concurrency: options.workers, discard: true }
    )
    const stats = yield* sim.stats
    return { started, ended, failed, stats }
  })

const pacing = Effect.gen(function* () {
  for (const paced of [true, false]) {
    const sim = yield* Simulator.start({
      vendor: "nixflex",
      rateLimits: { "nixflex.read": { limit: 20, window: "1 second" } }
    })
    const run = yield* runCalls(sim, { calls: 200, workers: 16, pacing: paced, breaker: true })
    const label = paced ? "with_pacing" : "without_pacing"
    yield* Console.log(`pacing.${label}.wall_ms: ${Math.max(...run.ended) - run.started}`)
    yield* Console.log(`pacing.${label}.requests: ${run.stats.requests}`)
    yield* Console.log(`pacing.${label}.429s_met: ${run.stats.tooManyRequests}`)
    yield* Console.log(`pacing.${label}.calls_failed: ${run.failed}`)
  }
})

const outage = Effect.gen(function* () {
  for (const guarded of [true, false]) {
    const sim = yield* Simulator.start({
      vendor: "nixflex",
      rateLimits: { "nixflex.read": { limit: 100_000, window: "1 minute" } }
    })
    yield* sim.setFaults([Faults.outage("10 seconds")])
    const outageEnds = (yield* Clock.currentTimeMillis) + 10_000
    const run = yield* runCalls(sim, { calls: 100, workers: 16, pacing: true, breaker: guarded })
    const label = guarded ? "with_breaker" : "without_breaker"
    yield* Console.log(`outage.${label}.attempts_per_call: ${(run.stats.requests / 100).toFixed(2)}`)
    yield* Console.log(
      `outage.${label}.requests_during_outage: ${run.stats.responses.filter((r) => r.status === 503).reduce((n, r) => n + r.count, 0)}`
    )
    yield* Console.log(`outage.${label}.outage_end_to_last_call_ms: ${Math.max(...run.ended) - outageEnds}`)
    yield* Console.log(`outage.${label}.calls_failed: ${run.failed}`)
  }
})

Effect.runPromise(
  Effect.all([pacing, outage], { discard: true }).pipe(Effect.scoped, Effect.provide(NodeHttpClient.layerUndici))
).catch((error) => {
  console.error(error)
  process.exit(1)
})
