/**
 * `pnpm soak`: ten minutes (or `--minutes`, `--seconds`) of mixed traffic through the three typed clients against
 * the simulator in this process, with seeded faults; a line of counts and memory every minute (every 5 s in a run of
 * two minutes or less), then memory at start, middle and end and whether it grew. Exits 1 if a call was lost, died
 * or created a duplicate, or if the closed clients left a fiber or a socket behind.
 */
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import { Command, Options, ValidationError } from "@effect/cli"
import { NodeContext, NodeRuntime } from "@effect/platform-node"
import { Console, Effect, Option, Schema } from "effect"
import * as Soak from "./soak.js"

const positive = (flag: string) =>
  Schema.Number.pipe(Schema.positive({ message: () => `--${flag} takes a number above 0` }))

const command = Command.make(
  "soak",
  {
    minutes: Options.float("minutes").pipe(
      Options.withSchema(positive("minutes")),
      Options.withDefault(10),
      Options.withDescription("how long to run, in minutes (default 10)")
    ),
    seconds: Options.float("seconds").pipe(
      Options.withSchema(positive("seconds")),
      Options.optional,
      Options.withDescription("how long to run, in seconds (instead of --minutes)")
    ),
    seed: Options.integer("seed").pipe(
      Options.withDefault(1),
      Options.withDescription("the seed of the faults and of the traffic (default 1)")
    )
  },
  (flags) =>
    Effect.gen(function* () {
      const durationMillis = Math.round(
        Option.match(flags.seconds, { onNone: () => flags.minutes * 60_000, onSome: (seconds) => seconds * 1000 })
      )
      const reportEveryMillis = durationMillis <= 120_000 ? 5000 : 60_000
      yield* Console.log(
        `soak: ${(durationMillis / 1000).toFixed(0)} s of mixed traffic through Nixflex, DialNexa and Levrage against the simulator in this process, seed ${flags.seed}, a report every ${reportEveryMillis / 1000} s`
      )
      const result = yield* Soak.run({ durationMillis, reportEveryMillis, seed: flags.seed }, (report) =>
        Console.log(Soak.formatReport(report))
      )
      yield* Console.log(`\n${Soak.formatResult(result)}`)
      if (!result.ok) {
        yield* Effect.sync(() => {
          process.exitCode = 1
        })
      }
    })
)

const cli = Command.run(command, { name: "faultline soak", version: "0.1.0" })

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
