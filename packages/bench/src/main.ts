/**
 * `pnpm bench`: faultline next to the clients a user would pick instead, against the simulator, every workload in
 * one run (see docs/benchmarks.md). Prints one `<workload>.<client>.<figure>: value` line per figure, then a table;
 * `--markdown` rewrites docs/benchmarks.md and its charts, `--json` writes the figures as JSON.
 */
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import { Command, HelpDoc, Options, ValidationError } from "@effect/cli"
import { FileSystem } from "@effect/platform"
import { NodeContext, NodeRuntime } from "@effect/platform-node"
import { Console, Effect, Option, Schema } from "effect"
import * as BigBody from "./bigBody.js"
import * as Children from "./children.js"
import * as Decode from "./decode.js"
import * as DocPage from "./docPage.js"
import * as Lane from "./lane.js"
import * as Output from "./output.js"
import * as Overhead from "./overhead.js"
import * as Scale from "./scale.js"
import * as Targets from "./targets.js"
import {
  defaultWorkloads,
  type LoadName,
  laneGroups,
  loadClients,
  loadNames,
  loads,
  type WorkloadName,
  workloadNames
} from "./workloads.js"

interface BenchOptions {
  readonly only: ReadonlyArray<WorkloadName>
  readonly runs: number
  readonly lanes: number
}

const progress = (text: string) => Effect.sync(() => process.stderr.write(`${text}\n`))

/** What failed in a run, said on stderr; the figures of the rest are still printed. */
interface Failures {
  readonly list: Array<string>
}

/** `part`'s figures, or none (and the failure noted) when it fails. */
const orNote = (failures: Failures, name: string, part: Effect.Effect<ReadonlyArray<Output.Figure>, unknown>) =>
  Effect.catchAll(part, (error) =>
    Effect.as(
      Effect.sync(() => {
        const text = `${name} failed: ${error instanceof Error ? error.message : String(error)}`
        failures.list.push(text)
        process.stderr.write(`${text}\n`)
      }),
      []
    )
  )

/** The rate-limit and outage workloads: one lane (a child process) per client and group of loads, `lanes` at once. */
const loadFigures = (selected: ReadonlyArray<LoadName>, options: BenchOptions, failures: Failures) =>
  Effect.gen(function* () {
    const lanes = loadClients
      .flatMap((client) =>
        laneGroups.map(
          (group): Lane.LaneInput => ({
            client,
            loads: group.filter((name) => selected.includes(name) && loads[name].clients.includes(client)),
            runs: options.runs
          })
        )
      )
      .filter((lane) => lane.loads.length > 0)
    if (lanes.length === 0) return []
    yield* progress(`${selected.join(", ")}: ${lanes.length} processes side by side, ${options.runs} runs each`)
    // When every lane runs at once, none starts measuring before all have loaded their modules and warmed up.
    const together = options.lanes >= lanes.length ? Children.barrier(lanes.length) : undefined
    const perLane = yield* Effect.forEach(
      lanes,
      (lane) =>
        orNote(
          failures,
          `${lane.loads.join(", ")} through ${lane.client}`,
          Effect.map(Children.run<Lane.LaneResult>(Lane.file, lane, together), (results) =>
            results.flatMap((result) => Output.loadFigures(result.load, lane.client, result.runs))
          )
        ),
      { concurrency: options.lanes }
    )
    // Workload by workload, each in the order of the clients.
    return selected.flatMap((name) => perLane.flatMap((figures) => figures.filter((f) => f.workload === name)))
  })

const figure = (workload: WorkloadName, client: string, name: Output.FigureName, value: number): Output.Figure => ({
  workload,
  client,
  figure: name,
  value
})

const decodeFigures = (runs: number) =>
  Effect.map(Decode.run(runs), (decode) =>
    Decode.decodeClients.map((client) => figure("decode", client, "ns_per_body", decode[client]))
  )

const overheadFigures = (runs: number) =>
  Effect.map(Overhead.run(runs), (overhead) =>
    Overhead.overheadClients.map((client) => figure("overhead", client, "req_per_s", overhead[client]))
  )

const bigBodyFigures = (runs: number) =>
  Effect.map(BigBody.run(runs), (bigBody) =>
    Object.entries(bigBody).flatMap(([client, result]) => [
      figure("bigbody", client, "wall_s", result.seconds),
      figure("bigbody", client, "peak_rss_mb", result.peakRssMb),
      figure("bigbody", client, "idle_rss_mb", result.idleRssMb)
    ])
  )

/** Every selected workload's figures, one workload after the other once the loads are done. */
const measure = (options: BenchOptions, failures: Failures) =>
  Effect.gen(function* () {
    const figures: Array<Output.Figure> = [
      ...(yield* loadFigures(
        loadNames.filter((name) => options.only.includes(name)),
        options,
        failures
      ))
    ]
    const micro = [
      ["decode", decodeFigures],
      ["overhead", overheadFigures],
      ["bigbody", bigBodyFigures]
    ] as const
    for (const [name, measureOne] of micro) {
      if (!options.only.includes(name)) continue
      yield* progress(name)
      figures.push(...(yield* orNote(failures, name, measureOne(options.runs))))
    }
    if (options.only.includes("scale")) {
      yield* progress("scale: 4 processes × 16 workers, Redis pacing then per-process pacing, once each")
      figures.push(...(yield* orNote(failures, "scale", Scale.run)))
    }
    return figures
  })

const writeFile = (path: string, text: string) =>
  Effect.flatMap(FileSystem.FileSystem, (fs) =>
    Effect.zipRight(fs.makeDirectory(Path.dirname(path), { recursive: true }), fs.writeFileString(path, text))
  )

const onlyOption = Options.text("only").pipe(
  Options.withDescription(
    `the workloads to run, comma-separated: ${workloadNames.join(", ")} (default: all but scale)`
  ),
  Options.mapEffect((text) => {
    const names = text.split(",").map((name) => name.trim())
    const unknown = names.filter((name) => !(workloadNames as ReadonlyArray<string>).includes(name))
    return unknown.length === 0
      ? Effect.succeed(workloadNames.filter((name) => names.includes(name)))
      : Effect.fail(
          ValidationError.invalidValue(
            HelpDoc.p(`--only: unknown workload ${unknown.join(", ")} (one of ${workloadNames.join(", ")})`)
          )
        )
  }),
  Options.optional
)

const command = Command.make(
  "bench",
  {
    only: onlyOption,
    runs: Options.integer("runs").pipe(
      Options.withSchema(Schema.Int.pipe(Schema.between(1, 50))),
      Options.withDefault(3),
      Options.withDescription("runs per client per workload; each figure is the median (default 3)")
    ),
    lanes: Options.integer("lanes").pipe(
      Options.withSchema(Schema.Int.pipe(Schema.between(1, 64))),
      Options.withDefault(64),
      Options.withDescription(
        "how many processes (one per client and group of workloads) run the rate-limit and outage workloads at once (default: all)"
      )
    ),
    json: Options.text("json").pipe(Options.optional, Options.withDescription("also write the figures as JSON here")),
    markdown: Options.text("markdown").pipe(
      Options.optional,
      Options.withDescription("also write docs/benchmarks.md here, and its charts under images/ next to it")
    )
  },
  (flags) =>
    Effect.gen(function* () {
      const started = Date.now()
      const options: BenchOptions = {
        only: Option.getOrElse(flags.only, () => defaultWorkloads),
        runs: flags.runs,
        lanes: flags.lanes
      }
      const failures: Failures = { list: [] }
      const figures = yield* measure(options, failures)
      const seconds = (Date.now() - started) / 1000
      yield* Console.log(figures.map(Output.line).join("\n"))
      yield* Console.log(`\n${Output.textTable(figures)}\n`)
      const checks = Targets.check(figures)
      if (checks.length > 0) yield* Console.log(`faultline's targets (issue 11):\n${Targets.text(checks)}\n`)
      yield* progress(`bench took ${seconds.toFixed(0)} s`)
      if (Option.isSome(flags.json)) yield* writeFile(flags.json.value, Output.json(figures))
      if (Option.isSome(flags.markdown)) {
        const path = flags.markdown.value
        const args = process.argv.slice(2).join(" ")
        const page = DocPage.render({
          figures,
          command: `npx -y pnpm@10.34.9 bench${args === "" ? "" : ` ${args}`}`,
          runs: options.runs,
          seconds,
          date: new Date(started)
        })
        yield* writeFile(path, page)
        for (const [name, svg] of Object.entries(DocPage.charts(figures))) {
          yield* writeFile(Path.join(Path.dirname(path), "images", name), svg)
        }
        yield* progress(`wrote ${path} and its charts`)
      }
      if (failures.list.length > 0) {
        yield* progress(`${failures.list.length} part(s) failed:\n  ${failures.list.join("\n  ")}`)
        process.exitCode = 1
      }
    })
)

const cli = Command.run(command, { name: "faultline bench", version: "0.1.0" })

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
