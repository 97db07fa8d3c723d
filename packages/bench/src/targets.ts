/**
 * faultline's targets (issue 11), checked against a run's figures: each says what it asks, what was measured, and
 * whether it was met. A target whose figures were not measured (a subset run) is left out.
 */
import type { Figure, FigureName } from "./output.js"
import type { WorkloadName } from "./workloads.js"

/** One target, checked. */
export interface Check {
  readonly target: string
  readonly measured: string
  readonly met: boolean
}

const peers = ["retryTransient", "ky", "got", "resetSleeper"] as const

const value = (figures: ReadonlyArray<Figure>, workload: WorkloadName, client: string, figure: FigureName) =>
  figures.find((f) => f.workload === workload && f.client === client && f.figure === figure)?.value

const rateLimitChecks = (figures: ReadonlyArray<Figure>, workload: WorkloadName): Array<Check> => {
  const wall = value(figures, workload, "faultline", "wall_s")
  const best = peers
    .map((peer) => ({ peer, wall: value(figures, workload, peer, "wall_s") }))
    .filter((entry): entry is { peer: (typeof peers)[number]; wall: number } => entry.wall !== undefined)
    .sort((a, b) => a.wall - b.wall)[0]
  const tooMany = value(figures, workload, "faultline", "429s")
  const failed = value(figures, workload, "faultline", "failed")
  if (wall === undefined || best === undefined || tooMany === undefined || failed === undefined) return []
  const ratio = wall / best.wall
  return [
    {
      target: `${workload}: wall within 3 % of the best peer's, ≤ 10 × 429, 0 failed`,
      measured: `${wall.toFixed(2)} s against ${best.peer}'s ${best.wall.toFixed(2)} s (${ratio.toFixed(2)}×), ${tooMany} × 429, ${failed} failed`,
      met: ratio <= 1.03 && tooMany <= 10 && failed === 0
    }
  ]
}

const outageChecks = (figures: ReadonlyArray<Figure>): Array<Check> => {
  const failed = value(figures, "w2", "faultline", "failed")
  const perCall = value(figures, "w2", "faultline", "attempts_per_call")
  const recovery = value(figures, "w2", "faultline", "recovery_s")
  if (failed === undefined || perCall === undefined) return []
  return [
    {
      target: "w2: 0 failed, ≤ 1.3 attempts per call, recovery ≤ 1.5 s",
      measured: `${failed} failed, ${perCall.toFixed(2)} attempts per call, recovery ${
        recovery === undefined ? "n/a" : `${recovery.toFixed(2)} s`
      }`,
      met: failed === 0 && perCall <= 1.3 && recovery !== undefined && recovery <= 1.5
    }
  ]
}

const ratioCheck = (
  target: string,
  measured: number | undefined,
  against: number | undefined,
  describe: (ratio: number) => string,
  met: (ratio: number) => boolean
): Array<Check> =>
  measured === undefined || against === undefined
    ? []
    : [{ target, measured: describe(measured / against), met: met(measured / against) }]

/** Every target whose figures the run has. */
export const check = (figures: ReadonlyArray<Figure>): ReadonlyArray<Check> => {
  const decode = value(figures, "decode", "faultline", "ns_per_body")
  const baseline = value(figures, "decode", "baseline", "ns_per_body")
  const overhead = value(figures, "overhead", "faultline", "req_per_s")
  const bare = value(figures, "overhead", "bare", "req_per_s")
  const peak = value(figures, "bigbody", "faultline", "peak_rss_mb")
  const idle = value(figures, "bigbody", "faultline", "idle_rss_mb")
  return [
    ...(["w1", "w1d", "w1p", "w1dp"] as const).flatMap((workload) => rateLimitChecks(figures, workload)),
    ...outageChecks(figures),
    ...ratioCheck(
      "decode: ≤ 2× the Stainless-style baseline",
      decode,
      baseline,
      (ratio) => `${decode?.toFixed(0)} ns against ${baseline?.toFixed(0)} ns per body (${ratio.toFixed(2)}×)`,
      (ratio) => ratio <= 2
    ),
    ...ratioCheck(
      "overhead: ≥ 0.9× the bare HttpClient's requests per second",
      overhead,
      bare,
      (ratio) => `${overhead?.toFixed(0)} against ${bare?.toFixed(0)} req/s (${ratio.toFixed(2)}×)`,
      (ratio) => ratio >= 0.9
    ),
    ...(peak === undefined || idle === undefined
      ? []
      : [
          {
            target: "bigbody: tens of MB for a 50 MiB body (peak over idle RSS)",
            measured: `${(peak - idle).toFixed(1)} MB over an idle ${idle.toFixed(1)} MB`,
            met: peak - idle < 100
          }
        ])
  ]
}

/** The checks as plain-text lines. */
export const text = (checks: ReadonlyArray<Check>): string =>
  checks.map((c) => `${c.met ? "met    " : "missed "} ${c.target}: ${c.measured}`).join("\n")

/** The checks as a Markdown table. */
export const markdown = (checks: ReadonlyArray<Check>): string =>
  [
    "| target | measured | met |",
    "|---|---|---|",
    ...checks.map((c) => `| ${c.target} | ${c.measured} | ${c.met ? "yes" : "**no**"} |`)
  ].join("\n")
