/**
 * The bench's output: one figure per `<workload>.<client>.<figure>: value` line, and the same figures as a table
 * (plain text for the terminal, Markdown for docs/benchmarks.md).
 */
import type { LoadRun } from "./runner.js"
import { median } from "./runner.js"
import type { LoadClient, LoadName, WorkloadName } from "./workloads.js"

/** The figures, in the order of the table's columns. */
export const figureNames = [
  "wall_s",
  "requests",
  "attempts",
  "429s",
  "failed",
  "attempts_per_call",
  "recovery_s",
  "goodput_pct",
  "requests_during",
  "ns_per_body",
  "req_per_s",
  "peak_rss_mb",
  "idle_rss_mb"
] as const

/** A figure's name. */
export type FigureName = (typeof figureNames)[number]

/** One measured figure: the median over the runs. */
export interface Figure {
  /** A workload, or the outage part of scale (`scale_outage`). */
  readonly workload: WorkloadName | "scale_outage"
  readonly client: string
  readonly figure: FigureName
  readonly value: number
}

const headings: Readonly<Record<FigureName, string>> = {
  wall_s: "wall s",
  requests: "requests",
  goodput_pct: "goodput %",
  requests_during: "requests during outage",
  attempts: "attempts",
  "429s": "429s",
  failed: "failed",
  attempts_per_call: "attempts/call",
  recovery_s: "recovery s",
  ns_per_body: "ns/body",
  req_per_s: "req/s",
  peak_rss_mb: "peak RSS MB",
  idle_rss_mb: "idle RSS MB"
}

const decimals: Readonly<Record<FigureName, number>> = {
  wall_s: 2,
  requests: 0,
  goodput_pct: 1,
  requests_during: 0,
  attempts: 0,
  "429s": 0,
  failed: 0,
  attempts_per_call: 2,
  recovery_s: 2,
  ns_per_body: 0,
  req_per_s: 0,
  peak_rss_mb: 1,
  idle_rss_mb: 1
}

const counts: ReadonlySet<FigureName> = new Set(["requests", "attempts", "429s", "failed", "requests_during"])

/** A figure's value as printed: counts as integers (a median of an even number of runs may end in .5). */
export const format = (figure: Pick<Figure, "figure" | "value">): string =>
  counts.has(figure.figure) && !Number.isInteger(figure.value)
    ? figure.value.toFixed(1)
    : figure.value.toFixed(decimals[figure.figure])

/** The `name: value` line of a figure. */
export const line = (figure: Figure): string =>
  `${figure.workload}.${figure.client}.${figure.figure}: ${format(figure)}`

/** A load's figures for one client, each the median over its runs. */
export const loadFigures = (load: LoadName, client: LoadClient, runs: ReadonlyArray<LoadRun>): Array<Figure> => {
  const calls = runs[0]?.calls ?? 0
  const of = (figure: FigureName, values: ReadonlyArray<number | undefined>): Array<Figure> => {
    const value = median(values.filter((v): v is number => v !== undefined))
    return value === undefined ? [] : [{ workload: load, client, figure, value }]
  }
  const attempts = runs.map((run) => run.attempts)
  return [
    ...of(
      "wall_s",
      runs.map((run) => run.wallSeconds)
    ),
    ...of("attempts", attempts),
    ...of(
      "429s",
      runs.map((run) => run.tooManyRequests)
    ),
    ...of(
      "failed",
      runs.map((run) => run.failed)
    ),
    ...of("attempts_per_call", calls === 0 ? [] : attempts.map((n) => n / calls)),
    ...of(
      "recovery_s",
      runs.map((run) => run.recoverySeconds)
    )
  ]
}

interface Table {
  readonly columns: ReadonlyArray<FigureName>
  readonly rows: ReadonlyArray<{ readonly workload: string; readonly client: string; readonly cells: Array<string> }>
}

const tableOf = (figures: ReadonlyArray<Figure>): Table => {
  const columns = figureNames.filter((name) => figures.some((figure) => figure.figure === name))
  const rows: Array<{ workload: string; client: string; cells: Array<string> }> = []
  for (const figure of figures) {
    let row = rows.find((r) => r.workload === figure.workload && r.client === figure.client)
    if (row === undefined) {
      row = { workload: figure.workload, client: figure.client, cells: columns.map(() => "") }
      rows.push(row)
    }
    row.cells[columns.indexOf(figure.figure)] = format(figure)
  }
  return { columns, rows }
}

/** The figures as a plain-text table, one row per workload and client, the workload written once per group. */
export const textTable = (figures: ReadonlyArray<Figure>): string => {
  const { columns, rows } = tableOf(figures)
  const header = ["workload", "client", ...columns.map((name) => headings[name])]
  const body = rows.map((row, i) => [
    row.workload === rows[i - 1]?.workload ? "" : row.workload,
    row.client,
    ...row.cells
  ])
  const widths = header.map((heading, c) => Math.max(heading.length, ...body.map((cells) => cells[c]!.length)))
  const render = (cells: ReadonlyArray<string>) =>
    cells.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ")
  return [render(header), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(render)].join("\n")
}

/** The figures as a Markdown table. */
export const markdownTable = (figures: ReadonlyArray<Figure>): string => {
  const { columns, rows } = tableOf(figures)
  const header = `| workload | client | ${columns.map((name) => headings[name]).join(" | ")} |`
  const rule = `|---|---|${columns.map(() => "---:").join("|")}|`
  const body = rows.map((row, i) => {
    const workload = row.workload === rows[i - 1]?.workload ? "" : `**${row.workload}**`
    return `| ${workload} | ${row.client} | ${row.cells.join(" | ")} |`
  })
  return [header, rule, ...body].join("\n")
}

/** The figures as JSON: `{ "w1.faultline.wall_s": 9.31, … }`, rounded as printed. */
export const json = (figures: ReadonlyArray<Figure>): string =>
  `${JSON.stringify(
    Object.fromEntries(
      figures.map((figure) => [`${figure.workload}.${figure.client}.${figure.figure}`, Number(format(figure))])
    ),
    null,
    2
  )}\n`
