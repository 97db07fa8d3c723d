/**
 * `pnpm demo`: an outbound-call campaign over DialNexa, Levrage and Nixflex, run against the simulator in this
 * process (no network, no keys) under rate limits, a maintenance window, proxy error pages and lost answers; then
 * what happened, with faultline's own counters and the simulator's. `--compare` runs the same campaign first over
 * a plain `@effect/platform` client with `retryTransient`. `--live` calls the real APIs (see docs/demo.md).
 */
import * as Os from "node:os"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import { Command, Options, ValidationError } from "@effect/cli"
import { FileSystem, type Error as PlatformError } from "@effect/platform"
import { NodeContext, NodeHttpClient, NodeRuntime } from "@effect/platform-node"
import { DialNexa } from "@faultline/dialnexa"
import { Levrage } from "@faultline/levrage"
import { Nixflex } from "@faultline/nixflex"
import { DialNexaApi, LevrageApi, NixflexApi, Simulator } from "@faultline/simulator"
import { ConfigError, Console, Effect, Layer, Option, Redacted, Schema } from "effect"
import * as Campaign from "./campaign.js"
import { type Contact, generate, type Vendor, vendors } from "./contacts.js"
import * as Live from "./live.js"
import * as Plain from "./plain.js"
import * as Progress from "./progress.js"
import {
  bestPossibleMillis,
  callDurationMillis,
  type FaultLevel,
  faultsOf,
  limits,
  outage,
  simulatorAgents,
  simulatorOptions
} from "./scenario.js"
import * as Summary from "./summary.js"
import * as Timeline from "./timeline.js"

const vendorNames: Record<Vendor, string> = { nixflex: "Nixflex", dialnexa: "DialNexa", levrage: "Levrage" }

/** Calls in flight at once per vendor: as many as the vendor allows (Levrage sets no limit). */
const concurrency = { nixflex: limits.nixflex.concurrency, dialnexa: limits.dialnexa.concurrency, levrage: 8 }

export interface RunOptions {
  readonly calls: number
  readonly vendor: Vendor | undefined
  readonly faults: FaultLevel
  readonly seed: number
  readonly compare: boolean
  readonly svg: string
}

const perVendor = (contacts: ReadonlyArray<Contact>) =>
  Object.fromEntries(vendors.map((vendor) => [vendor, contacts.filter((c) => c.vendor === vendor).length])) as Record<
    Vendor,
    number
  >

// The three typed clients over undici, against the simulator, with their vendors' defaults.
const clients = (sim: Simulator.Running) =>
  Layer.mergeAll(
    Nixflex.layer({
      baseUrl: sim.baseUrl("nixflex"),
      apiKey: Redacted.make(NixflexApi.demoKey),
      retry: Campaign.retryPolicies.nixflex
    }),
    DialNexa.layer({ baseUrl: sim.baseUrl("dialnexa"), apiKey: Redacted.make(DialNexaApi.demoKey) }),
    Levrage.layer({ baseUrl: sim.baseUrl("levrage"), apiKey: Redacted.make(LevrageApi.demoKey) })
  ).pipe(Layer.provide(NodeHttpClient.layerUndici))

/** The whole demo against the simulator; the summaries, for a test to check. */
export const demo = (options: RunOptions) =>
  Effect.gen(function* () {
    const sim = yield* Simulator.Simulator
    const contacts = generate(options.calls, options.seed, options.vendor)
    const best = bestPossibleMillis(perVendor(contacts), options.faults)
    const summaries: Array<Summary.Summary> = []
    yield* Console.log(
      `${contacts.length} calls over ${options.vendor === undefined ? "DialNexa, Levrage and Nixflex" : vendorNames[options.vendor]}, faults ${options.faults}, seed ${options.seed}; the simulator runs in this process.\n`
    )

    if (options.compare) {
      yield* sim.setFaults(faultsOf(options.faults))
      const plain = yield* Progress.track("plain HttpClient", contacts.length, (onOutcome) =>
        Plain.run(sim, contacts, {
          agents: simulatorAgents,
          concurrency,
          callMillis: callDurationMillis,
          onOutcome
        }).pipe(Effect.provide(NodeHttpClient.layerUndici))
      )
      summaries.push(
        Summary.summarize({
          label: "HttpClient + retryTransient",
          outcomes: plain.outcomes,
          stats: yield* sim.stats,
          wallMillis: plain.end - plain.start,
          bestMillis: best
        })
      )
      yield* sim.reset({ seed: options.seed })
    }

    yield* sim.setFaults(faultsOf(options.faults))
    const attempts: Timeline.Attempts = { spans: [] }
    const before = yield* Summary.countersNow
    const run = yield* Progress.track("faultline", contacts.length, (onOutcome) =>
      Campaign.run(contacts, { agents: simulatorAgents, concurrency, callMillis: callDurationMillis, onOutcome }).pipe(
        Effect.provide(clients(sim)),
        Effect.provide(Timeline.recordingTracer(attempts))
      )
    )
    const faultline = Summary.summarize({
      label: "faultline",
      outcomes: run.outcomes,
      counters: { before, after: yield* Summary.countersNow },
      stats: yield* sim.stats,
      wallMillis: run.end - run.start,
      bestMillis: best
    })
    summaries.push(faultline)

    const fs = yield* FileSystem.FileSystem
    yield* fs.writeFileString(
      options.svg,
      Timeline.render({
        title: `faultline demo: ${contacts.length} calls, faults ${options.faults}, seed ${options.seed}`,
        log: yield* sim.log,
        retries: Timeline.retriesOf(attempts),
        start: run.start,
        end: run.end,
        vendors: options.vendor === undefined ? vendors : [options.vendor],
        outage:
          options.faults === "none"
            ? undefined
            : {
                vendor: outage.vendor,
                from: run.start + outage.afterMillis,
                to: run.start + outage.afterMillis + outage.durationMillis
              }
      })
    )
    yield* Console.log(`\n${Summary.render(summaries)}\n\ntimeline: ${options.svg}`)
    return summaries
  })

const command = Command.make(
  "demo",
  {
    calls: Options.integer("calls").pipe(
      Options.withSchema(Schema.Int.pipe(Schema.between(1, 5000, { message: () => "--calls takes 1 to 5000" }))),
      Options.withDefault(240),
      Options.withDescription("how many contacts to call, 1 to 5000 (default 240)")
    ),
    vendor: Options.choice("vendor", vendors).pipe(
      Options.optional,
      Options.withDescription("call through one vendor only (default: all three)")
    ),
    faults: Options.choice("faults", ["none", "light", "heavy"] as const).pipe(
      Options.withDefault("light" as const),
      Options.withDescription("the faults the simulator injects besides its limits (default light)")
    ),
    seed: Options.integer("seed").pipe(
      Options.withDefault(7),
      Options.withDescription("the seed of the contact list and of the faults (default 7)")
    ),
    compare: Options.boolean("compare").pipe(
      Options.withDescription("run the campaign over a plain HttpClient with retryTransient first, and compare")
    ),
    live: Options.boolean("live").pipe(Options.withDescription("call the real APIs, with keys from the environment")),
    svg: Options.text("svg").pipe(
      Options.withDefault(Path.join(Os.tmpdir(), "faultline-demo-timeline.svg")),
      Options.withDescription("where to write the SVG timeline")
    )
  },
  (
    flags
  ): Effect.Effect<void, Error | ConfigError.ConfigError | PlatformError.PlatformError, FileSystem.FileSystem> => {
    const options: RunOptions = { ...flags, vendor: Option.getOrUndefined(flags.vendor) }
    if (flags.live) {
      return Live.run(options).pipe(
        // A variable missing or malformed: say which, and exit 2 as for a flag.
        Effect.catchIf(ConfigError.isConfigError, (error) =>
          Effect.zipRight(
            Console.error(`--live needs its environment (see docs/demo.md): ${error}`),
            Effect.sync(() => {
              process.exitCode = 2
            })
          )
        )
      )
    }
    return demo(options).pipe(
      Effect.flatMap((summaries) => {
        const faultline = summaries.at(-1)!
        // A duplicate call is a bug faultline exists to prevent: the one outcome that fails the demo.
        return faultline.server !== undefined && faultline.server.duplicates > 0
          ? Effect.fail(new Error(`faultline created ${faultline.server.duplicates} duplicate calls`))
          : Effect.void
      }),
      Effect.provide(Simulator.layer(simulatorOptions(flags.seed)))
    )
  }
)

const cli = Command.run(command, { name: "faultline demo", version: "0.1.0" })

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === Path.resolve(process.argv[1])) {
  cli(process.argv).pipe(
    // @effect/cli has printed what was wrong with the flags: exit 2 without a second report.
    Effect.catchIf(ValidationError.isValidationError, () =>
      Effect.sync(() => {
        process.exitCode = 2
      })
    ),
    Effect.provide(NodeContext.layer),
    NodeRuntime.runMain
  )
}
