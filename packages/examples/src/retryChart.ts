/**
 * The chart of a vendor's default retry waits, `docs/retry/<vendor>.svg`: for each rule that retries, the wait
 * before each retry with jitter at its midpoint (a line), the band between the lowest and highest wait its jitter
 * allows, and the rule's cap. Everything drawn is found by stepping the rule's schedule.
 */

import type { RetryPolicy } from "@faultline/core"
import { Duration, Random } from "effect"
import { repoPath } from "./docsKit.js"
import { delaysOf, highestRandom, rowsOf, seconds, type Vendor, waitsOf } from "./retryRules.js"

/** One rule of a vendor's policy, and the rows it stands in. */
export interface ChartSeries {
  readonly rows: ReadonlyArray<string>
  readonly retries: number
  /** The wait before each retry, in milliseconds: with jitter at its midpoint, and at its lowest and highest. */
  readonly mid: ReadonlyArray<number>
  readonly low: ReadonlyArray<number>
  readonly high: ReadonlyArray<number>
  readonly cap: number | undefined
  readonly minimum: number
}

// The wait a rule's delays grow to and then keep, stepping it well past its retries with jitter at its highest
// (an exponential backoff's `max`); a rule whose delays never grow (fixed, `between`) has none.
const capOf = (rule: RetryPolicy.Rule): number | undefined => {
  const waits = waitsOf(rule, Random.fixed([highestRandom]), 200)
  const settled = waits.slice(-3)
  const last = settled[settled.length - 1]
  if (last === undefined || settled.length < 3 || settled.some((wait) => wait !== last)) return undefined
  return waits[0]! < last ? last : undefined
}

/** The rules of a vendor's default policy that retry, in the order of its table, each with the rows it stands in. */
export const chartSeries = (vendor: Vendor): ReadonlyArray<ChartSeries> => {
  const byRule = new Map<RetryPolicy.Rule, Array<string>>()
  for (const row of rowsOf(vendor.policy, vendor.tags)) {
    if (row.decision === undefined || row.decision._tag === "Never") continue
    const rows = byRule.get(row.decision) ?? []
    rows.push(row.name)
    byRule.set(row.decision, rows)
  }
  return [...byRule].map(([rule, rows]) => {
    const lowest = waitsOf(rule, Random.fixed([0]), rule.retries)
    const highest = waitsOf(rule, Random.fixed([highestRandom]), rule.retries)
    return {
      rows,
      retries: rule.retries,
      mid: delaysOf(rule),
      low: lowest.map((wait, i) => Math.min(wait, highest[i]!)),
      high: lowest.map((wait, i) => Math.max(wait, highest[i]!)),
      cap: capOf(rule),
      minimum: Duration.toMillis(rule.minimumDelay)
    }
  })
}

// Okabe–Ito: told apart with any colour vision.
const palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]

const width = 720
const height = 360
const plot = { left: 64, right: 424, top: 64, bottom: 308 }

/** A coordinate as the SVG writes it: at most two decimals (a hundredth of a second at 64 s), no `-0`. */
const decimal = (value: number) => {
  const text = value.toFixed(2).replace(/\.?0+$/, "")
  return text === "-0" ? "0" : text
}

const escapeXml = (text: string) => text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;")

const text = (x: number, y: number, content: string, attributes = "") =>
  `<text x="${decimal(x)}" y="${decimal(y)}"${attributes}>${escapeXml(content)}</text>`

// What a legend says a rule stands in: its tags, then the other failures of its categories, in one phrase
// ("BadGateway, any other upstream or timeout").
const legendLabel = (rows: ReadonlyArray<string>) => {
  const tags = rows.filter((row) => !row.startsWith("any other "))
  const categories = rows.filter((row) => row.startsWith("any other ")).map((row) => row.slice("any other ".length))
  const others =
    categories.length === 0
      ? []
      : [
          `any other ${categories.length === 1 ? categories[0] : `${categories.slice(0, -1).join(", ")} or ${categories.at(-1)}`}`
        ]
  return [...tags, ...others].join(", ")
}

// A legend label in lines of at most `columns` characters, broken between words.
const wrap = (label: string, columns: number): ReadonlyArray<string> => {
  const lines: Array<string> = []
  let line = ""
  for (const word of label.split(" ")) {
    if (line !== "" && line.length + 1 + word.length > columns) {
      lines.push(line)
      line = word
    } else line = line === "" ? word : `${line} ${word}`
  }
  if (line !== "") lines.push(line)
  return lines
}

/** `docs/retry/<vendor>.svg`: the wait before each retry, per rule, with jitter at its midpoint and its band. */
export const renderChart = (vendor: Vendor): string => {
  const series = chartSeries(vendor)
  const retries = Math.max(1, ...series.map((rule) => rule.retries))
  const highest = Math.max(0, ...series.flatMap((rule) => rule.high)) / 1000
  const lowest = Math.min(1000, ...series.flatMap((rule) => rule.low.filter((wait) => wait > 0))) / 1000
  // A cap far above every wait would squash the waits: it is then only named in the legend.
  const drawnCaps = [...new Set(series.flatMap((rule) => (rule.cap === undefined ? [] : [rule.cap / 1000])))].filter(
    (cap) => cap <= 8 * highest
  )
  // Seconds on a log₂ scale, a gridline at each power of two: each doubling of a backoff is one step up, and a
  // ±20 % band is as tall at 1 s as at 30 s. A wait of 0 (none here) would sit on the bottom line.
  const bottomPower = Math.floor(Math.log2(lowest))
  const topPower = Math.max(bottomPower + 1, Math.ceil(Math.log2(Math.max(highest, ...drawnCaps))))
  const yOf = (seconds: number) =>
    plot.bottom -
    ((Math.log2(Math.max(seconds, 2 ** bottomPower)) - bottomPower) / (topPower - bottomPower)) *
      (plot.bottom - plot.top)
  const slot = (plot.right - plot.left) / retries
  const xOf = (retry: number) => plot.left + (retry - 0.5) * slot
  // Rules side by side within a retry's slot, so that equal waits do not hide one another.
  const spread = Math.min(8, (slot * 0.5) / Math.max(1, series.length))
  const offsetOf = (index: number) => (index - (series.length - 1) / 2) * spread

  const out: Array<string> = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="title desc" font-family="system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif" font-size="11" fill="#222222">`,
    `<title id="title">${escapeXml(`${vendor.name}'s default retry waits (${vendor.policyName})`)}</title>`,
    `<desc id="desc">${escapeXml(
      `For each rule of ${vendor.policyName} that retries, the wait before each retry when the server gives no hint: ` +
        "a line through the waits with jitter at its midpoint, a band from the lowest to the highest jittered wait, " +
        "and a dashed line at a rule's cap."
    )}</desc>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    text(
      16,
      24,
      `${vendor.name}: the wait before each retry when the server gives no hint`,
      ` font-size="14" font-weight="bold"`
    ),
    text(
      16,
      42,
      "Line: jitter at its midpoint. Band: the lowest to the highest jittered wait. Dashed: a cap.",
      ` fill="#555555"`
    )
  ]

  // Axes, ticks and grid.
  for (let power = bottomPower; power <= topPower; power++) {
    const y = yOf(2 ** power)
    // A power of two prints exactly (0.5, 0.25, 64).
    out.push(
      `<g class="y-tick"><line x1="${plot.left}" x2="${plot.right}" y1="${decimal(y)}" y2="${decimal(y)}" stroke="#e4e4e4"/>${text(plot.left - 6, y + 4, String(2 ** power), ` text-anchor="end"`)}</g>`
    )
  }
  for (let retry = 1; retry <= retries; retry++) {
    const x = xOf(retry)
    out.push(
      `<g class="x-tick"><line x1="${decimal(x)}" x2="${decimal(x)}" y1="${plot.bottom}" y2="${plot.bottom + 5}" stroke="#222222"/>${text(x, plot.bottom + 18, String(retry), ` text-anchor="middle"`)}</g>`
    )
  }
  out.push(
    `<line x1="${plot.left}" x2="${plot.left}" y1="${plot.top}" y2="${plot.bottom}" stroke="#222222"/>`,
    `<line x1="${plot.left}" x2="${plot.right}" y1="${plot.bottom}" y2="${plot.bottom}" stroke="#222222"/>`,
    text((plot.left + plot.right) / 2, plot.bottom + 38, "retry", ` text-anchor="middle"`),
    text(
      0,
      0,
      "wait (seconds, log scale)",
      ` text-anchor="middle" transform="translate(20 ${decimal((plot.top + plot.bottom) / 2)}) rotate(-90)"`
    )
  )
  for (const cap of drawnCaps) {
    const y = yOf(cap)
    out.push(
      `<g class="cap"><line x1="${plot.left}" x2="${plot.right}" y1="${decimal(y)}" y2="${decimal(y)}" stroke="#555555" stroke-dasharray="6 4"/>${text(plot.right + 6, y + 4, `cap ${seconds(cap * 1000)}`, ` fill="#555555"`)}</g>`
    )
  }

  // Each rule: its band, its line, its points (each with the numbers, as a tooltip).
  series.forEach((rule, index) => {
    const colour = palette[index % palette.length]!
    const xs = rule.mid.map((_, i) => xOf(i + 1) + offsetOf(index))
    const point = (x: number, millis: number) => `${decimal(x)},${decimal(yOf(millis / 1000))}`
    const band =
      xs.length === 1
        ? [
            point(xs[0]! - 4, rule.high[0]!),
            point(xs[0]! + 4, rule.high[0]!),
            point(xs[0]! + 4, rule.low[0]!),
            point(xs[0]! - 4, rule.low[0]!)
          ]
        : [...xs.map((x, i) => point(x, rule.high[i]!)), ...xs.map((x, i) => point(x, rule.low[i]!)).reverse()]
    out.push(
      `<g class="rule" data-rows="${escapeXml(rule.rows.join(", "))}">`,
      `<polygon class="band" points="${band.join(" ")}" fill="${colour}" fill-opacity="0.18" stroke="none"/>`,
      `<polyline points="${xs.map((x, i) => point(x, rule.mid[i]!)).join(" ")}" fill="none" stroke="${colour}" stroke-width="2"/>`,
      ...xs.map((x, i) => {
        const [x0, y0] = point(x, rule.mid[i]!).split(",")
        const range = `${seconds(rule.low[i]!)} to ${seconds(rule.high[i]!)}`
        return `<circle cx="${x0}" cy="${y0}" r="3.5" fill="${colour}"><title>${escapeXml(`retry ${i + 1}: ${seconds(rule.mid[i]!)} (${range})`)}</title></circle>`
      }),
      "</g>"
    )
  })

  // The legend: the rows each rule stands in, then what it is.
  let y = plot.top + 6
  series.forEach((rule, index) => {
    const colour = palette[index % palette.length]!
    const x = plot.right + 64
    out.push(
      `<rect x="${x}" y="${decimal(y - 9)}" width="16" height="12" fill="${colour}" fill-opacity="0.18"/>`,
      `<line x1="${x}" x2="${x + 16}" y1="${decimal(y - 3)}" y2="${decimal(y - 3)}" stroke="${colour}" stroke-width="2"/>`
    )
    for (const line of wrap(legendLabel(rule.rows), 34)) {
      out.push(text(x + 24, y, line))
      y += 14
    }
    const facts = [
      `${rule.retries} ${rule.retries === 1 ? "retry" : "retries"}`,
      ...(rule.cap === undefined ? [] : [`cap ${seconds(rule.cap)}`]),
      ...(rule.minimum > 0 ? [`at least ${seconds(rule.minimum)}`] : [])
    ]
    out.push(text(x + 24, y, facts.join(", "), ` fill="#555555"`))
    y += 22
  })
  out.push("</svg>", "")
  return out.join("\n")
}

/** Where a vendor's chart is written: `docs/retry/<vendor>.svg`. */
export const chartPath = (vendor: Vendor): string => repoPath("docs/retry", `${vendor.slug}.svg`)
