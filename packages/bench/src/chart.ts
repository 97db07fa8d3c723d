/**
 * The charts of docs/benchmarks.md, drawn from the figures as SVG text: the rate-limit workloads' wall time per client,
 * and the outage workloads' lost calls and recovery per client.
 */
import { type Figure, type FigureName, format } from "./output.js"
import { loadClients, type WorkloadName } from "./workloads.js"

const colours: Readonly<Record<string, string>> = {
  faultline: "#1565c0",
  retryTransient: "#6a1b9a",
  ky: "#2e7d32",
  got: "#ef6c00",
  resetSleeper: "#c62828",
  ideal: "#757575"
}

const escapeXml = (text: string) => text.replaceAll("&", "&amp;").replaceAll("<", "&lt;")

const figureOf = (figures: ReadonlyArray<Figure>, workload: WorkloadName, client: string, figure: FigureName) =>
  figures.find((f) => f.workload === workload && f.client === client && f.figure === figure)

interface Bar {
  readonly label: string
  readonly client: string
  readonly figure: Figure | undefined
}

interface Panel {
  readonly title: string
  readonly groups: ReadonlyArray<{ readonly title: string; readonly bars: ReadonlyArray<Bar> }>
}

const barHeight = 16
const barGap = 4
const groupGap = 14
const labelWidth = 150
const valueWidth = 56
const columnGap = 36
const top = 60

interface Layout {
  /** Panels per row. */
  readonly columns: number
  readonly barsWidth: number
  /** One scale for all panels (the same figure in each), or one per panel. */
  readonly sharedScale: boolean
}

const panelHeight = (panel: Panel) =>
  20 +
  panel.groups.reduce(
    (height, group) => height + (group.title === "" ? 0 : 18) + group.bars.length * (barHeight + barGap) + groupGap,
    0
  )

const largest = (panel: Panel) =>
  Math.max(1e-9, ...panel.groups.flatMap((g) => g.bars.map((bar) => bar.figure?.value ?? 0)))

/** Panels in a grid, each bar as long as its value against the largest in its panel (or in all of them). */
const render = (title: string, subtitle: string, panels: ReadonlyArray<Panel>, layout: Layout): string => {
  const panelWidth = labelWidth + layout.barsWidth + valueWidth
  const columns = Math.min(layout.columns, panels.length)
  const rows = Math.ceil(panels.length / columns)
  const rowHeights = Array.from({ length: rows }, (_, row) =>
    Math.max(...panels.slice(row * columns, (row + 1) * columns).map(panelHeight))
  )
  const width = columns * panelWidth + (columns - 1) * columnGap + 40
  const height = top + rowHeights.reduce((sum, h) => sum + h, 0) + 10
  const shared = Math.max(...panels.map(largest))
  const parts: Array<string> = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="title" font-family="system-ui, sans-serif" font-size="12">`,
    `<title id="title">${escapeXml(`${title}: ${subtitle}`)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="20" y="24" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
    `<text x="20" y="42" fill="#555555">${escapeXml(subtitle)}</text>`
  ]
  panels.forEach((panel, p) => {
    const left = 20 + (p % columns) * (panelWidth + columnGap)
    const row = Math.floor(p / columns)
    const max = layout.sharedScale ? shared : largest(panel)
    let y = top + rowHeights.slice(0, row).reduce((sum, h) => sum + h, 0)
    parts.push(`<text x="${left}" y="${y + 12}" font-weight="bold">${escapeXml(panel.title)}</text>`)
    y += 20
    for (const group of panel.groups) {
      if (group.title !== "") {
        parts.push(`<text x="${left}" y="${y + 12}" fill="#333333">${escapeXml(group.title)}</text>`)
        y += 18
      }
      for (const bar of group.bars) {
        const value = bar.figure?.value
        const length = value === undefined ? 0 : Math.max(1, (value / max) * layout.barsWidth)
        parts.push(
          `<text x="${left + labelWidth - 6}" y="${y + barHeight - 4}" text-anchor="end">${escapeXml(bar.label)}</text>`,
          `<rect x="${left + labelWidth}" y="${y}" width="${length.toFixed(1)}" height="${barHeight}" fill="${colours[bar.client] ?? "#9e9e9e"}"/>`,
          `<text x="${left + labelWidth + length + 4}" y="${y + barHeight - 4}">${
            bar.figure === undefined ? "n/a" : escapeXml(format(bar.figure))
          }</text>`
        )
        y += barHeight + barGap
      }
      y += groupGap
    }
  })
  parts.push("</svg>")
  return `${parts.join("\n")}\n`
}

const rateLimitWorkloads: ReadonlyArray<{ readonly workload: WorkloadName; readonly title: string }> = [
  { workload: "w1", title: "w1: Nixflex, windows opened by a first request" },
  { workload: "w1d", title: "w1d: DialNexa (Retry-After), windows opened by a first request" },
  { workload: "w1p", title: "w1p: Nixflex, windows 5 ms after each whole second" },
  { workload: "w1dp", title: "w1dp: DialNexa, windows 5 ms after each whole second" }
]

/** Wall time of the rate-limit workloads, per client: one panel per workload, on one scale. */
export const rateLimits = (figures: ReadonlyArray<Figure>): string =>
  render(
    "Rate limit: 200 create-call POSTs, 16 workers, 20 requests per 1-second window",
    "wall time in seconds, median of the runs, one scale for all four (shorter is better; ideal knows the limit in advance)",
    rateLimitWorkloads.map(({ title, workload }) => ({
      title,
      groups: [
        {
          title: "",
          bars: loadClients.map((client) => ({
            label: client,
            client,
            figure: figureOf(figures, workload, client, "wall_s")
          }))
        }
      ]
    })),
    { columns: 2, barsWidth: 300, sharedScale: true }
  )

/** Lost calls and recovery of the outage workloads, per client (w2 with defaults, w2post with POST retries on). */
export const outage = (figures: ReadonlyArray<Figure>): string => {
  const rows: ReadonlyArray<{ readonly workload: WorkloadName; readonly client: string; readonly label: string }> = [
    ...loadClients
      .filter((client) => figureOf(figures, "w2", client, "failed") !== undefined)
      .map((client) => ({ workload: "w2" as const, client, label: client })),
    ...loadClients
      .filter((client) => figureOf(figures, "w2post", client, "failed") !== undefined)
      .map((client) => ({ workload: "w2post" as const, client, label: `${client} (POST retries)` }))
  ]
  const panel = (title: string, figure: FigureName): Panel => ({
    title,
    groups: [
      {
        title: "",
        bars: rows.map((row) => ({
          label: row.label,
          client: row.client,
          figure: figureOf(figures, row.workload, row.client, figure)
        }))
      }
    ]
  })
  return render(
    "Outage: 503 without Retry-After for 10 s, 100 create-call POSTs, 16 workers",
    "median of the runs; recovery is from the end of the outage to the last call done (n/a: every call failed)",
    [
      panel("calls lost (of 100)", "failed"),
      panel("recovery s", "recovery_s"),
      panel("attempts per call", "attempts_per_call")
    ],
    { columns: 3, barsWidth: 180, sharedScale: false }
  )
}
