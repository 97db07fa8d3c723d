/**
 * docs/benchmarks.md, written from a run: the command, the machine, the table, the charts, and what each workload
 * and client is. `--markdown PATH` writes it, and the charts next to it under `images/`.
 */
import * as Os from "node:os"
import * as Chart from "./chart.js"
import { type Figure, markdownTable } from "./output.js"
import * as Targets from "./targets.js"
import { loads, microDescriptions, startPhaseMillis, workloadNames } from "./workloads.js"

/** The machine a run was on, in one line. */
export const machine = (): string => {
  const cpus = Os.cpus()
  const model = cpus[0]?.model.trim().replace(/\s+/g, " ") ?? "unknown CPU"
  return `Node ${process.version}, ${cpus.length} cores (${model}), ${Os.platform()} ${Os.release()}, ${Math.round(
    Os.totalmem() / 2 ** 30
  )} GiB`
}

/** What a run was: how it was started and what it measured. */
export interface Run {
  readonly figures: ReadonlyArray<Figure>
  readonly command: string
  readonly runs: number
  readonly seconds: number
  readonly date: Date
}

/** The charts' file names, under `images/` next to the page. */
export const chartFiles = { rateLimits: "bench-rate-limits.svg", outage: "bench-outage.svg" } as const

/** The charts, by file name. */
export const charts = (figures: ReadonlyArray<Figure>): Record<string, string> => ({
  [chartFiles.rateLimits]: Chart.rateLimits(figures),
  [chartFiles.outage]: Chart.outage(figures)
})

const workloadList = () =>
  workloadNames
    .map((name) => {
      const text =
        name in loads
          ? loads[name as keyof typeof loads].description
          : microDescriptions[name as keyof typeof microDescriptions]
      return `- **${name}**: ${text}`
    })
    .join("\n")

/** The page's Markdown. */
export const render = (run: Run): string => `# Benchmarks

faultline next to what an Effect or TypeScript user would pick instead, in one run, against the same simulator
(\`@faultline/simulator\`, in process, on 127.0.0.1). \`packages/bench\` is private and not part of the tests: this page
is written by its last run.

\`\`\`sh
npx -y pnpm@10.34.9 bench                                # every workload, 3 runs each, about 5 minutes
npx -y pnpm@10.34.9 bench --only w1,w1p,decode --runs 5  # a subset
npx -y pnpm@10.34.9 bench --markdown docs/benchmarks.md  # and rewrite this page and its charts
\`\`\`

| flag | meaning | default |
|---|---|---|
| \`--only <w,…>\` | the workloads to run: ${workloadNames.map((name) => `\`${name}\``).join(", ")} | all |
| \`--runs <n>\` | runs per client per workload; each figure is the median | 3 |
| \`--lanes <n>\` | how many processes (one per client for the rate-limit workloads, one per client for the outage ones) run at once | all (11) |
| \`--json <path>\` | also write the figures as JSON (\`{"w1.faultline.wall_s": 9.31, …}\`) | none |
| \`--markdown <path>\` | also write this page there, and its charts under \`images/\` next to it | none |

It prints one \`<workload>.<client>.<figure>: value\` line per figure, then the same figures as a table.

## The last run

\`${run.command}\` on ${run.date.toISOString().slice(0, 10)}: ${machine()}. ${run.runs} run${run.runs === 1 ? "" : "s"} per client per workload;
the whole run took ${Math.round(run.seconds)} s. Each figure is the median of the runs.

${markdownTable(run.figures)}

faultline's targets (issue 11), against this run:

${Targets.markdown(Targets.check(run.figures))}

![Wall time of the rate-limit workloads per client](images/${chartFiles.rateLimits})

![Lost calls, recovery and attempts per call in the outage per client](images/${chartFiles.outage})

Figures: \`wall_s\` from the start to the last call done; \`attempts\` the requests the simulator received and \`429s\`
the 429s it answered (its own counters, \`sim.stats\`, not the clients'); \`failed\` the calls that ended in an error;
\`attempts_per_call\` attempts over calls; \`recovery_s\` from the end of the outage to the last call done (absent
when every call failed); \`ns_per_body\` decoding time per error body; \`req_per_s\` sequential requests per second;
\`peak_rss_mb\` the child process's peak resident set and \`idle_rss_mb\` its resident set once loaded, before the
first request.

## The workloads

${workloadList()}

## The clients

- **faultline**: the vendor's typed client, \`Nixflex.layer({ baseUrl, apiKey })\` or \`DialNexa.layer(…)\` over
  \`NodeHttpClient.layerUndici\`, with its defaults: the vendor's documented retry table, the retry budget, pacing
  from the rate-limit headers and the outage breaker; calls through \`createOutboundCall\` / \`createCall\` /
  \`getCall\`.
- **retryTransient**: \`@effect/platform\`'s HttpClient over undici with \`filterStatusOk\` and
  \`HttpClient.retryTransient({ schedule: Schedule.exponential("250 millis").pipe(Schedule.jittered), times: 6 })\`,
  as the demo's \`--compare\` writes it. It ignores \`Retry-After\` and retries any method.
- **ky** 1.14 and **got** 14: their defaults in w2 (neither retries POST); in the rate-limit workloads and w2post,
  POST added to \`retry.methods\` and \`retry.limit: 10\`, as their docs show. Both honour \`Retry-After\` on 429 and
  503; ky also reads \`X-RateLimit-Reset\` when there is no \`Retry-After\`; got backs off exponentially from 1 s.
- **resetSleeper**: a \`fetch\` loop that on a 429 sleeps until \`X-RateLimit-Reset\` and tries again (up to 10
  attempts); any other error fails the call.
- **ideal**: a \`fetch\` loop behind a pacer that knows the limit in advance (20 per window, and whether windows are
  fixed on the clock or opened by a first request): the practical ceiling. A window opened by a first request is
  known to be over one window length after that request's answer came back.
- **bare** and **undici** (overhead): the bare \`@effect/platform\` HttpClient over \`NodeHttpClient.layerUndici\`
  reading the JSON, and undici 7's \`Pool.request\` reading the JSON. **baseline** (decode): the Stainless-style
  decoder.

## How it is measured

- Each run of a rate-limit or outage workload has its own simulator and its own client, and starts
  ${startPhaseMillis} ms after a whole wall-clock second, so that every client meets the same phase: with windows
  opened by the first request, their reset is announced (in whole seconds, rounded up) about half a second late; with
  the clock-fixed windows of w1p and w1dp, 995 ms late. Before its first run, each client places 48 calls without a
  limit, thrown away, so that the JIT has compiled its code and the simulator's.
- The rate-limit workloads run each client in a process of its own, and the outage workloads each client in another,
  all side by side (\`--lanes\`), to keep the whole bench within about five minutes: a client's runs share the
  machine's cores with the other processes (each mostly waiting for a window or the outage's end; \`--lanes 1\` runs
  them one at a time, in about 15 minutes). They start measuring together, once every process has loaded its
  modules and warmed up.
- decode and overhead run in the bench's own process once the others are done; bigbody runs each client in a child
  process of its own, against a simulator in the bench's process.
`
