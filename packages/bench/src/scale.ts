/**
 * The scale workload (issue 13): 4 processes × 16 workers share one Nixflex API key against one simulator, in this
 * process, that allows 20 writes per second, 400 create calls in all: once paced through one Redis (`RedisPacing`,
 * every process one quota), once with each process's own pacing from memory (the default). Then a 10-second outage
 * (503 without `Retry-After`) met by 4 processes × 16 workers, 100 calls in all, in both pacing modes; the circuit
 * breaker is shared through Redis too in the first mode, each process's own in the second. The counts come from the simulator's stats. Needs `redis-server` on PATH.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process"
import * as Net from "node:net"
import { Simulator } from "@faultline/simulator"
import { Effect } from "effect"
import * as Children from "./children.js"
import type { Figure } from "./output.js"
import { type ChildInput, type ChildResult, file } from "./scaleChild.js"
import { outageFault } from "./workloads.js"

const processes = 4
const workers = 16
const limit = 20
const outageMillis = 10_000
const noCallLimit = { nixflex: 1_000_000 }

/** The pacing modes, as the figures name them. */
const modes = ["redis", "local"] as const
type Mode = (typeof modes)[number]

const progress = (text: string) => Effect.sync(() => process.stderr.write(`${text}\n`))

const freePort = Effect.async<number>((resume) => {
  const server = Net.createServer()
  server.listen(0, "127.0.0.1", () => {
    const address = server.address()
    const port = typeof address === "object" && address !== null ? address.port : 0
    server.close(() => resume(Effect.succeed(port)))
  })
})

/** A redis-server on a free port of 127.0.0.1, nothing persisted, killed with the scope; its URL. */
const redisServer = Effect.gen(function* () {
  const probe = spawnSync("redis-server", ["--version"], { encoding: "utf8" })
  if (probe.error !== undefined || probe.status !== 0) {
    return yield* Effect.fail(new Error("redis-server is not on PATH (Debian, Ubuntu: apt-get install redis-server)"))
  }
  const port = yield* freePort
  yield* Effect.acquireRelease(
    Effect.async<ChildProcess, Error>((resume) => {
      const child = spawn(
        "redis-server",
        ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        { stdio: ["ignore", "pipe", "pipe"] }
      )
      let output = ""
      const timer = setTimeout(() => {
        child.kill("SIGKILL")
        resume(Effect.fail(new Error(`redis-server did not start on port ${port}:\n${output}`)))
      }, 10_000)
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString()
        if (output.includes("Ready to accept connections")) {
          clearTimeout(timer)
          resume(Effect.succeed(child))
        }
      })
      child.on("exit", (code) => {
        clearTimeout(timer)
        resume(Effect.fail(new Error(`redis-server exited (${code}) on port ${port}:\n${output}`)))
      })
    }),
    (child) =>
      Effect.async<void>((resume) => {
        if (child.exitCode !== null || child.signalCode !== null) return resume(Effect.void)
        child.once("exit", () => resume(Effect.void))
        child.kill("SIGKILL")
      })
  )
  return `redis://127.0.0.1:${port}`
})

/** Like `Children.barrier`, with `onRelease` run (to open the outage) before the children go on. */
const barrierThen = (parties: number, onRelease: () => Promise<void>): Children.Barrier => {
  let remaining = parties
  let released = false
  const waiting: Array<Parameters<Children.Barrier["arrive"]>[0]> = []
  const release = () => {
    if (released || waiting.length < remaining) return
    released = true
    void onRelease().then(() => {
      for (const child of waiting.splice(0)) child.stdin.write("go\n")
    })
  }
  return {
    arrive: (child) => {
      waiting.push(child)
      release()
    },
    leave: (arrived) => {
      if (arrived) return
      remaining -= 1
      release()
    }
  }
}

interface RunResult {
  readonly wallSeconds: number
  readonly requests: number
  readonly tooManyRequests: number
  readonly created: number
  /** Requests answered 503 by the outage. */
  readonly during: number
  readonly failed: number
  readonly firstFailure: string | undefined
}

/** One run: a fresh simulator, `processes` children with `calls` calls between them. */
const runOnce = (options: {
  readonly mode: Mode
  readonly redisUrl: string
  readonly run: string
  readonly calls: number
  readonly simulator: Simulator.Options
  readonly outage: boolean
}) =>
  Effect.gen(function* () {
    const sim = yield* Simulator.start(options.simulator)
    const at = barrierThen(processes, () =>
      options.outage ? Effect.runPromise(sim.setFaults([outageFault(outageMillis)])) : Promise.resolve()
    )
    const results = yield* Effect.forEach(
      Array.from({ length: processes }, (_, p) => p),
      (p) =>
        Children.run<ChildResult>(
          file,
          {
            baseUrl: sim.baseUrl("nixflex"),
            redis: options.mode === "redis" ? { url: options.redisUrl, prefix: `bench:${options.run}:` } : undefined,
            indices: Array.from({ length: options.calls / processes }, (_, i) => p * (options.calls / processes) + i),
            workers
          } satisfies ChildInput,
          at
        ),
      { concurrency: "unbounded" }
    )
    const stats = yield* sim.stats
    return {
      wallSeconds: (Math.max(...results.map((r) => r.lastEnded)) - Math.min(...results.map((r) => r.started))) / 1000,
      requests: stats.requests,
      tooManyRequests: stats.tooManyRequests,
      created: stats.createdByKind["nixflex.call"] ?? stats.created,
      during: stats.responses.filter((r) => r.status === 503).reduce((sum, r) => sum + r.count, 0),
      failed: results.reduce((sum, r) => sum + r.failed, 0),
      firstFailure: results.find((r) => r.firstFailure !== undefined)?.firstFailure
    } satisfies RunResult
  }).pipe(
    Effect.timeoutFail({ duration: "150 seconds", onTimeout: () => new Error(`${options.run} took over 150 s`) }),
    Effect.scoped
  )

const describe = (run: RunResult) =>
  [
    `${run.wallSeconds.toFixed(2)} s`,
    `${run.requests} requests`,
    `${run.tooManyRequests} × 429`,
    `${run.during} × 503`,
    `${run.created} created`,
    `${run.failed} failed`,
    ...(run.firstFailure === undefined ? [] : [`first failure ${run.firstFailure}`])
  ].join(", ")

/** The scale figures: `scale.<mode>.*` and `scale_outage.<mode>.*`, each run once. */
export const run: Effect.Effect<ReadonlyArray<Figure>, Error> = Effect.gen(function* () {
  const redisUrl = yield* redisServer
  const figures: Array<Figure> = []
  for (const mode of modes) {
    const result = yield* runOnce({
      mode,
      redisUrl,
      run: `scale-${mode}`,
      calls: 400,
      simulator: {
        concurrency: noCallLimit,
        rateLimits: { "nixflex.write": { limit, window: "1 second" } }
      },
      outage: false
    })
    yield* progress(`  scale ${mode}: ${describe(result)}`)
    figures.push(
      { workload: "scale", client: mode, figure: "wall_s", value: result.wallSeconds },
      { workload: "scale", client: mode, figure: "requests", value: result.requests },
      { workload: "scale", client: mode, figure: "429s", value: result.tooManyRequests },
      { workload: "scale", client: mode, figure: "failed", value: result.failed },
      {
        workload: "scale",
        client: mode,
        figure: "goodput_pct",
        value: (100 * result.created) / result.wallSeconds / limit
      }
    )
  }
  for (const mode of modes) {
    const result = yield* runOnce({
      mode,
      redisUrl,
      run: `outage-${mode}`,
      calls: 100,
      simulator: {
        concurrency: noCallLimit,
        rateLimits: { "nixflex.write": { limit: 1_000_000, window: "1 minute" } }
      },
      outage: true
    })
    yield* progress(`  scale_outage ${mode}: ${describe(result)}`)
    figures.push(
      { workload: "scale_outage", client: mode, figure: "wall_s", value: result.wallSeconds },
      { workload: "scale_outage", client: mode, figure: "requests", value: result.requests },
      { workload: "scale_outage", client: mode, figure: "requests_during", value: result.during },
      { workload: "scale_outage", client: mode, figure: "failed", value: result.failed }
    )
  }
  return figures
}).pipe(Effect.scoped)
