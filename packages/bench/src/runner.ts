/**
 * The runner of the rate-limit and outage workloads: one run is a fresh simulator, a fresh client, the start held to
 * the same point of a wall-clock second, then the workload's calls from its workers; the attempts and 429s come from
 * the simulator's own counters, not the client's. `median` reduces the runs to the figures.
 */
import { setTimeout as sleep } from "node:timers/promises"
import { Simulator } from "@faultline/simulator"
import { Cause, Effect, Exit } from "effect"
import * as Clients from "./clients.js"
import { type Load, type LoadClient, outageFault, startPhaseMillis } from "./workloads.js"

/** What one run of a load measured. */
export interface LoadRun {
  readonly calls: number
  /** From the start to the last call done, failed or not. */
  readonly wallSeconds: number
  /** Requests the simulator received. */
  readonly attempts: number
  /** 429s the simulator answered. */
  readonly tooManyRequests: number
  readonly failed: number
  /** From the end of the outage to the last call done; absent without an outage or when every call failed. */
  readonly recoverySeconds: number | undefined
  /** How the first failed call failed, to tell what went wrong. */
  readonly firstFailure: string | undefined
}

/** No run of a load takes this long unless a client hangs. */
const runTimeout = "150 seconds"

const untilPhase = (phaseMillis: number) =>
  Effect.promise(() => sleep((phaseMillis - (Date.now() % 1000) + 1000) % 1000))

const describeFailure = (cause: Cause.Cause<unknown>): string => {
  const failure = Cause.squash(cause)
  if (typeof failure === "object" && failure !== null) {
    const tag = "_tag" in failure && typeof failure._tag === "string" ? failure._tag : undefined
    const message = "message" in failure && typeof failure.message === "string" ? failure.message : undefined
    // Effect.tryPromise wraps the promise's rejection: what the peer threw is its cause.
    const inner = "error" in failure && failure.error instanceof Error ? failure.error.message : undefined
    return [tag, inner ?? message]
      .filter((part) => part !== undefined)
      .join(": ")
      .slice(0, 200)
  }
  return String(failure).slice(0, 200)
}

/** One run of `load` through `client`. */
export const runOnce = (load: Load, client: LoadClient) =>
  Effect.gen(function* () {
    const sim = yield* Simulator.start(load.simulator)
    const call = yield* Clients.make[client]({
      vendor: load.vendor,
      baseUrl: sim.baseUrl(load.vendor),
      postRetries: load.postRetries,
      limit: load.limit
    })
    yield* untilPhase(startPhaseMillis)
    if (load.outageMillis !== undefined) yield* sim.setFaults([outageFault(load.outageMillis)])
    const started = Date.now()
    const ended: Array<number> = []
    let failed = 0
    let firstFailure: string | undefined
    let succeeded = 0
    yield* Effect.forEach(
      Array.from({ length: load.calls }, (_, index) => index),
      (index) =>
        Effect.map(Effect.exit(call(index)), (exit) => {
          ended.push(Date.now())
          if (Exit.isSuccess(exit)) {
            succeeded += 1
          } else {
            failed += 1
            firstFailure ??= describeFailure(exit.cause)
          }
        }),
      { concurrency: load.workers, discard: true }
    )
    const stats = yield* sim.stats
    const last = Math.max(...ended)
    return {
      calls: load.calls,
      wallSeconds: (last - started) / 1000,
      attempts: stats.requests,
      tooManyRequests: stats.tooManyRequests,
      failed,
      recoverySeconds:
        load.outageMillis === undefined || succeeded === 0 ? undefined : (last - started - load.outageMillis) / 1000,
      firstFailure
    } satisfies LoadRun
  }).pipe(
    Effect.timeoutFail({
      duration: runTimeout,
      onTimeout: () => new Error(`${load.name} through ${client} took longer than ${runTimeout}`)
    }),
    Effect.scoped
  )

/**
 * A short run of `load`'s calls without its limit or outage, thrown away: the client's and the simulator's code
 * compiled by the JIT before the first measured run, as it is before every later one.
 */
export const warmUp = (load: Load, client: LoadClient) =>
  Effect.asVoid(
    runOnce(
      {
        ...load,
        calls: 48,
        limit: undefined,
        outageMillis: undefined,
        simulator: { concurrency: load.simulator.concurrency }
      },
      client
    )
  )

/** The median of some numbers (the mean of the middle two for an even count); `undefined` for none. */
export const median = (values: ReadonlyArray<number>): number | undefined => {
  if (values.length === 0) return undefined
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1]! + sorted[middle]!) / 2
}
