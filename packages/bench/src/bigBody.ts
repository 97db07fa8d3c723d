/**
 * The bigbody workload: a 50 MiB error body, each client in a child process of its own (`bigBodyChild.ts`) so that
 * its peak RSS is its own; the simulator that sends the body runs in this process.
 */
import { Faults, Simulator } from "@faultline/simulator"
import { Effect } from "effect"
import { type BigBodyClient, bigBodyClients, type ChildInput, type ChildResult, file } from "./bigBodyChild.js"
import * as Children from "./children.js"
import { median } from "./runner.js"

/** The size of the error body. */
export const bodyBytes = 50 * 1024 * 1024

/** What bigbody measured of one client. */
export interface BigBodyResult {
  /** Median time from sending to the typed failure. */
  readonly seconds: number
  /** The child's peak resident set over all its runs. */
  readonly peakRssMb: number
  /** Its resident set once its modules and client were loaded, before the first request. */
  readonly idleRssMb: number
}

/** The bigbody workload: every client, one child each, `runs` requests per child. */
export const run = (runs: number): Effect.Effect<Record<BigBodyClient, BigBodyResult>, Error> =>
  Effect.gen(function* () {
    const sim = yield* Simulator.start({
      rateLimits: { "nixflex.read": { limit: 100_000_000, window: "1 minute" } },
      // An unknown call is a 404 with Nixflex's error body, which this replaces with 50 MiB of JSON.
      faults: [Faults.matching(Faults.huge(1, bodyBytes), { vendor: "nixflex", method: "GET", path: "/v1/calls/" })]
    })
    // The children load side by side, then take their requests one at a time.
    const turns = Children.oneAtATime()
    const results = yield* Effect.forEach(
      bigBodyClients,
      (client) =>
        Effect.tap(
          Children.run<ChildResult>(
            file,
            { client, baseUrl: sim.baseUrl("nixflex"), runs } satisfies ChildInput,
            turns
          ),
          (result) => Effect.sync(() => process.stderr.write(`  bigbody ${client}: ${result.failure}\n`))
        ),
      { concurrency: "unbounded" }
    )
    return Object.fromEntries(
      results.map((result, i) => [
        bigBodyClients[i]!,
        {
          seconds: median(result.seconds)!,
          peakRssMb: result.peakRssKb / 1024,
          idleRssMb: result.idleRssKb / 1024
        }
      ])
    ) as Record<BigBodyClient, BigBodyResult>
  }).pipe(Effect.scoped)
