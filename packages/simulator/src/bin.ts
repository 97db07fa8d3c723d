#!/usr/bin/env node
/**
 * The simulator's command line: `pnpm simulator --port 4010 [--vendor …] [--faults …] [--seed …]`. Prints where it
 * listens and runs until interrupted. `--help` lists every option; docs/simulator.md has examples.
 *
 * @since 0.1.0
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { banner, parseArgs, usage } from "./internal/cli.js"
import * as Simulator from "./Simulator.js"

const command = parseArgs(process.argv.slice(2))

if (Either.isLeft(command)) {
  process.stderr.write(`${command.left}\n`)
  process.exit(2)
} else if (command.right.help) {
  process.stdout.write(usage)
} else {
  const { options } = command.right
  NodeRuntime.runMain(
    Effect.gen(function* () {
      const running = yield* Simulator.start(options)
      yield* Console.log(banner(running, options, Simulator.demoKeys))
      return yield* Effect.never
    }).pipe(Effect.scoped)
  )
}
