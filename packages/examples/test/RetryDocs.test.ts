import * as Fs from "node:fs"
import { describe, expect, it } from "@effect/vitest"
import { chartPath, renderChart } from "../src/retryChart.js"
import { docsPath, render } from "../src/retryDocs.js"
import { type Vendor, vendors } from "../src/retryRules.js"

const vendorNamed = (name: string): Vendor => vendors.find((vendor) => vendor.name === name)!

// A vendor's table in the committed page: each row's name and its delays in seconds (`[]` for "never").
const tableOf = (page: string, name: string): ReadonlyMap<string, ReadonlyArray<number>> => {
  const section = page.split(/^### /m).find((part) => part.startsWith(`${name} `))!
  const rows = section
    .split("\n")
    .filter((line) => line.startsWith("| ") && !line.startsWith("| failure "))
    .map((line) => line.split(" | ").map((cell) => cell.replace(/^\| /, "").trim()))
  return new Map(
    rows.map(([failure = "", retry = "", delays = ""]) => [
      failure.replaceAll("`", ""),
      retry === "never"
        ? []
        : delays
            .replace(/ \(at least .*\)$/, "")
            .split(", ")
            .map((delay) => Number.parseFloat(delay))
    ])
  )
}

// A chart as drawn: its scale read back from the y-axis ticks (a log scale: each tick doubles the one below), each
// rule's rows, the seconds at its points and at its band's edges, and the caps' seconds.
const chartOf = (svg: string) => {
  const ticks = [
    ...svg.matchAll(/<g class="y-tick"><line [^>]*y1="([\d.]+)"[^>]*\/><text [^>]*>([\d.]+)<\/text>/g)
  ].map(([, y, seconds]) => ({ y: Number(y), seconds: Number(seconds) }))
  const [first, last] = [ticks[0]!, ticks[ticks.length - 1]!]
  const perPixel = (Math.log2(last.seconds) - Math.log2(first.seconds)) / (last.y - first.y)
  const secondsAt = (y: number) => 2 ** (Math.log2(first.seconds) + (y - first.y) * perPixel)
  const rules = [...svg.matchAll(/<g class="rule" data-rows="([^"]*)">([\s\S]*?)<\/g>/g)].map(
    ([, rows = "", body = ""]) => {
      const points = [...body.matchAll(/<circle cx="[\d.]+" cy="([\d.]+)"/g)].map(([, y]) => secondsAt(Number(y)))
      // The band's outline: the highest waits left to right, then the lowest right to left.
      const outline = /<polygon class="band" points="([^"]*)"/.exec(body)![1]!.split(" ")
      const edge = outline.map((point) => secondsAt(Number(point.split(",")[1])))
      return {
        rows: rows.split(", "),
        mid: points,
        high: edge.slice(0, points.length),
        low: edge.slice(points.length).reverse()
      }
    }
  )
  const caps = [...svg.matchAll(/<g class="cap"><line [^>]*y1="([\d.]+)"/g)].map(([, y]) => secondsAt(Number(y)))
  return { ticks, rules, caps }
}

const tenths = (values: ReadonlyArray<number>) => values.map((value) => Math.round(value * 10) / 10)

describe("docs/retry.md", () => {
  it("shows the default tables as the policies have them (run `pnpm docs:retry` after changing a policy)", () => {
    expect(Fs.readFileSync(docsPath, "utf8")).toBe(render())
  })

  it.each(vendors.map((vendor) => [vendor.name, vendor] as const))(
    "shows %s's chart, drawn from the policy as it is (run `pnpm docs:retry` after changing a policy)",
    (_, vendor) => {
      expect(Fs.readFileSync(chartPath(vendor), "utf8")).toBe(renderChart(vendor))
      expect(Fs.readFileSync(docsPath, "utf8")).toContain(
        `![${vendor.name}'s default retry waits](retry/${vendor.slug}.svg)`
      )
    }
  )

  it("plots, in Nixflex's chart, the delays its table gives for every row each rule stands in", () => {
    const table = tableOf(Fs.readFileSync(docsPath, "utf8"), "Nixflex")
    const chart = chartOf(Fs.readFileSync(chartPath(vendorNamed("Nixflex")), "utf8"))
    // The axis is what the test reads it as: powers of two, one per tick.
    expect(chart.ticks.map((tick) => tick.seconds)).toEqual([0.5, 1, 2, 4, 8, 16, 32, 64])
    // Every row that retries is drawn once, in one rule's points.
    const retried = [...table].filter(([, delays]) => delays.length > 0).map(([row]) => row)
    expect(chart.rules.flatMap((rule) => rule.rows).sort()).toEqual([...retried].sort())
    for (const rule of chart.rules) {
      for (const row of rule.rows) expect([row, tenths(rule.mid)]).toEqual([row, table.get(row)])
    }
  })

  it("bands Nixflex's waits over Backoff.exponential's jitter, 0.8 to 1.2 times each delay, and marks the caps", () => {
    const chart = chartOf(Fs.readFileSync(chartPath(vendorNamed("Nixflex")), "utf8"))
    const concurrentCallLimit = chart.rules.find((rule) => rule.rows.includes("ConcurrentCallLimit"))!
    // 2 s doubling, up to 60 s (NixflexRetry): 32 s × 1.2 is 38.4 s, still under the cap.
    expect(tenths(concurrentCallLimit.low)).toEqual([1.6, 3.2, 6.4, 12.8, 25.6])
    expect(tenths(concurrentCallLimit.high)).toEqual([2.4, 4.8, 9.6, 19.2, 38.4])
    const serverSide = chart.rules.find((rule) => rule.rows.includes("any other server"))!
    expect(tenths(serverSide.low)).toEqual([0.8, 1.6, 3.2])
    expect(tenths(serverSide.high)).toEqual([1.2, 2.4, 4.8])
    // The rate-limit rules' 60 s and the server-side rules' 30 s.
    expect(tenths(chart.caps)).toEqual([60, 30])
  })
})
