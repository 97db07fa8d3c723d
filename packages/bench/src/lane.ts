/**
 * A lane: one client's runs of a group of loads (the rate-limit ones, or the outage ones), one after the other, in a
 * process of its own (the runs' simulators live in it too), so that the lanes can run side by side. Prints a line
 * per run on stderr and hands back the runs.
 */
import { Effect } from "effect"
import * as Children from "./children.js"
import { type LoadRun, runOnce, warmUp } from "./runner.js"
import { type LoadClient, type LoadName, loads } from "./workloads.js"

/** What a lane is asked to run. */
export interface LaneInput {
  readonly client: LoadClient
  readonly loads: ReadonlyArray<LoadName>
  readonly runs: number
}

/** What a lane hands back: each load's runs. */
export type LaneResult = ReadonlyArray<{ readonly load: LoadName; readonly runs: ReadonlyArray<LoadRun> }>

/** This file, for `Children.run`. */
export const file = new URL(import.meta.url)

const describe = (run: LoadRun) =>
  [
    `${run.wallSeconds.toFixed(2)} s`,
    `${run.attempts} attempts`,
    `${run.tooManyRequests} × 429`,
    `${run.failed} failed`,
    ...(run.recoverySeconds === undefined ? [] : [`recovery ${run.recoverySeconds.toFixed(2)} s`]),
    ...(run.firstFailure === undefined ? [] : [`first failure ${run.firstFailure}`])
  ].join(", ")

const measured = (input: LaneInput) =>
  Effect.forEach(input.loads, (name) =>
    Effect.map(
      Effect.forEach(
        Array.from({ length: input.runs }, (_, run) => run + 1),
        (run) =>
          Effect.tap(runOnce(loads[name], input.client), (result) =>
            Effect.sync(() =>
              process.stderr.write(`  ${name} ${input.client} ${run}/${input.runs}: ${describe(result)}\n`)
            )
          )
      ),
      (runs) => ({ load: name, runs })
    )
  )

const lane = (input: LaneInput) =>
  Effect.zipRight(
    // Once per vendor the lane calls.
    Effect.forEach(
      [...new Map(input.loads.map((name) => [loads[name].vendor, loads[name]])).values()],
      (load) => warmUp(load, input.client),
      { discard: true }
    ),
    // The lanes started together measure together, once every one of them has loaded and warmed up.
    Effect.zipRight(Children.ready, measured(input))
  )

if (Children.isMain(import.meta.url)) Children.main(lane(Children.input<LaneInput>()))
