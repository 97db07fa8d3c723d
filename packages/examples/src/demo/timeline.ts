/**
 * The SVG timeline of a run, one panel per vendor: the requests the simulator received each half second (as
 * requests per second, coloured by how they were answered) against the vendor's quota, the maintenance window,
 * and when faultline's client retried (its attempt spans, recorded by a tracer).
 */
import type { Stats } from "@faultline/simulator"
import { Effect, Layer, type Tracer } from "effect"
import type { Vendor } from "./contacts.js"
import { limits } from "./scenario.js"

/** The attempt spans a run made, as a tracer records them. */
export interface Attempts {
  readonly spans: Array<Tracer.Span>
}

/** A tracer that keeps every span it makes (after the platform's own), so that a run's attempts can be drawn. */
export const recordingTracer = (attempts: Attempts) =>
  Layer.unwrapEffect(
    Effect.map(Effect.tracer, (native) =>
      Layer.setTracer({
        ...native,
        span: (name, parent, context, links, startTime, kind, options) => {
          const span = native.span(name, parent, context, links, startTime, kind, options)
          if (name.endsWith(".attempt")) attempts.spans.push(span)
          return span
        }
      })
    )
  )

/** When each retry (an attempt after the first) was made, in epoch milliseconds, per vendor. */
export const retriesOf = (attempts: Attempts): ReadonlyArray<{ readonly vendor: string; readonly at: number }> =>
  attempts.spans.flatMap((span) => {
    const attempt = span.attributes.get("faultline.attempt")
    const vendor = span.attributes.get("faultline.vendor")
    return typeof attempt === "number" && attempt > 1 && typeof vendor === "string"
      ? [{ vendor, at: Number(span.status.startTime / 1_000_000n) }]
      : []
  })

const width = 960
const panelHeight = 170
const panelGap = 48
const margin = { left: 56, right: 200, top: 52 }
const bucketMillis = 500

const colour = { ok: "#2e7d32", rateLimited: "#ef6c00", fault: "#c62828", other: "#9e9e9e", retry: "#1565c0" }

const kindOf = (entry: Stats.LogEntry): keyof typeof colour =>
  entry.status === 429
    ? "rateLimited"
    : entry.status === 0 || entry.status >= 500 || entry.fault !== undefined
      ? "fault"
      : entry.status < 400
        ? "ok"
        : "other"

const escapeXml = (text: string) => text.replaceAll("&", "&amp;").replaceAll("<", "&lt;")

/** The timeline of a run as SVG text: `log` is the simulator's, `start` when the run began (epoch ms). */
export const render = (options: {
  readonly title: string
  readonly log: ReadonlyArray<Stats.LogEntry>
  readonly retries: ReadonlyArray<{ readonly vendor: string; readonly at: number }>
  readonly start: number
  readonly end: number
  readonly vendors: ReadonlyArray<Vendor>
  /** The maintenance window, when there was one. */
  readonly outage?: { readonly vendor: Vendor; readonly from: number; readonly to: number } | undefined
}): string => {
  const span = Math.max(1000, options.end - options.start)
  const plotWidth = width - margin.left - margin.right
  const x = (at: number) => margin.left + ((at - options.start) / span) * plotWidth
  const height = margin.top + options.vendors.length * (panelHeight + panelGap) + 20
  const parts: Array<string> = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="title" font-family="sans-serif" font-size="11">`,
    `<title id="title">${escapeXml(options.title)}: requests per half second by vendor, 429s, faults, the maintenance window and retries</title>`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${margin.left}" y="22" font-size="14" font-weight="bold">${escapeXml(options.title)}</text>`
  ]
  const legend: ReadonlyArray<readonly [string, string]> = [
    [colour.ok, "answered"],
    [colour.rateLimited, "429"],
    [colour.fault, "5xx, reset, proxy page"],
    [colour.other, "other 4xx (409: calls in flight)"],
    [colour.retry, "retry sent"],
    ["#000", "quota (dashed)"],
    ["#fdd835", "maintenance window"]
  ]
  legend.forEach(([fill, label], i) => {
    const y = margin.top + 10 + i * 16
    parts.push(`<rect x="${width - margin.right + 14}" y="${y - 9}" width="10" height="10" fill="${fill}"/>`)
    parts.push(`<text x="${width - margin.right + 30}" y="${y}">${label}</text>`)
  })

  options.vendors.forEach((vendor, panel) => {
    const top = margin.top + panel * (panelHeight + panelGap)
    const bottom = top + panelHeight
    const entries = options.log.filter((entry) => entry.vendor === vendor && entry.at >= options.start)
    const quotaPerSecond = (limits[vendor].requests * 1000) / limits[vendor].windowMillis
    const buckets = Math.ceil(span / bucketMillis)
    const counts = Array.from({ length: buckets }, () => ({ ok: 0, rateLimited: 0, fault: 0, other: 0 }))
    for (const entry of entries) {
      const bucket = Math.min(buckets - 1, Math.floor((entry.at - options.start) / bucketMillis))
      counts[bucket]![kindOf(entry) as keyof (typeof counts)[number]]++
    }
    const perSecond = (n: number) => (n * 1000) / bucketMillis
    const peak = Math.max(
      quotaPerSecond * 1.25,
      ...counts.map((c) => perSecond(c.ok + c.rateLimited + c.fault + c.other))
    )
    const y = (rate: number) => bottom - (rate / peak) * panelHeight
    parts.push(`<text x="${margin.left + 6}" y="${top - 10}" font-weight="bold" font-size="12">${vendor}</text>`)
    const outage = options.outage
    if (outage !== undefined && outage.vendor === vendor) {
      parts.push(
        `<rect x="${x(outage.from).toFixed(1)}" y="${top}" width="${(x(outage.to) - x(outage.from)).toFixed(1)}" height="${panelHeight}" fill="#fdd835" opacity="0.35"/>`
      )
    }
    counts.forEach((c, i) => {
      const left = x(options.start + i * bucketMillis)
      const barWidth = Math.max(1, (bucketMillis / span) * plotWidth - 1)
      let base = 0
      for (const kind of ["ok", "other", "rateLimited", "fault"] as const) {
        const rate = perSecond(c[kind])
        if (rate === 0) continue
        parts.push(
          `<rect x="${left.toFixed(1)}" y="${y(base + rate).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${(y(base) - y(base + rate)).toFixed(1)}" fill="${colour[kind]}"/>`
        )
        base += rate
      }
    })
    for (const retry of options.retries.filter((r) => r.vendor === vendor)) {
      parts.push(`<circle cx="${x(retry.at).toFixed(1)}" cy="${bottom + 7}" r="2.2" fill="${colour.retry}"/>`)
    }
    parts.push(
      `<line x1="${margin.left}" x2="${margin.left + plotWidth}" y1="${y(quotaPerSecond).toFixed(1)}" y2="${y(quotaPerSecond).toFixed(1)}" stroke="#000" stroke-dasharray="5 4"/>`,
      `<line x1="${margin.left}" x2="${margin.left + plotWidth}" y1="${bottom}" y2="${bottom}" stroke="#555"/>`,
      `<line x1="${margin.left}" x2="${margin.left}" y1="${top}" y2="${bottom}" stroke="#555"/>`,
      `<text x="${margin.left - 6}" y="${y(quotaPerSecond) + 4}" text-anchor="end">${quotaPerSecond}/s</text>`,
      `<text x="${margin.left - 6}" y="${top + 10}" text-anchor="end">${Math.round(peak)}/s</text>`
    )
    for (let second = 0; second <= span / 1000; second += span > 40_000 ? 10 : 5) {
      const at = x(options.start + second * 1000)
      parts.push(
        `<line x1="${at.toFixed(1)}" x2="${at.toFixed(1)}" y1="${bottom}" y2="${bottom + 3}" stroke="#555"/>`,
        `<text x="${at.toFixed(1)}" y="${bottom + 24}" text-anchor="middle">${second} s</text>`
      )
    }
  })
  parts.push("</svg>")
  return parts.join("\n")
}
