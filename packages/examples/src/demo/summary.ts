/**
 * What a campaign run comes to: outcomes from the service, retries and waits from faultline's metrics, and what
 * the simulator itself saw (requests, 429s, calls created, duplicates). Rendered as a table, one column per run.
 */
import type { Stats } from "@faultline/simulator"
import { Effect, Metric, type MetricKey, type MetricState } from "effect"
import type { Outcome } from "./campaign.js"
import { type Contact, toE164, type Vendor, vendors } from "./contacts.js"

export interface Summary {
  readonly label: string
  readonly contacts: number
  readonly outcomes: Readonly<Record<Outcome["_tag"], number>>
  readonly byVendor: Readonly<Record<Vendor, Readonly<Record<Outcome["_tag"], number>>>>
  /** Why contacts were skipped, failed or left unknown. */
  readonly reasons: Readonly<Record<string, number>>
  /** Contacts that could have been called (our agent, a number that is one) and were not. */
  readonly lost: number
  /** faultline's counters over the run: retries by the failure they answered, milliseconds waited by cause. */
  readonly retries: Readonly<Record<string, number>> | undefined
  readonly waited: Readonly<Record<string, number>> | undefined
  /** The 429s the client met, by its own count. */
  readonly rateLimited: number | undefined
  /** What the simulator counted; `undefined` against the real APIs. */
  readonly server:
    | {
        readonly requests: number
        readonly tooManyRequests: number
        readonly callsCreated: number
        readonly duplicates: number
      }
    | undefined
  readonly wallMillis: number
  readonly bestMillis: number
}

const tagsOf = (key: MetricKey.MetricKey.Untyped) =>
  Object.fromEntries(key.tags.map((tag) => [tag.key, tag.value])) as Readonly<Record<string, string>>

/** faultline's counters, summed by the tags that matter: take two and subtract to get one run's. */
export const countersNow = Effect.map(Metric.snapshot, (pairs) => {
  const retries: Record<string, number> = {}
  const waited: Record<string, number> = {}
  const rateLimited: Record<string, number> = {}
  for (const pair of pairs) {
    const state = pair.metricState as MetricState.MetricState.Counter<number>
    if (typeof state.count !== "number") continue
    const tags = tagsOf(pair.metricKey)
    if (pair.metricKey.name === "faultline_retries_total" && tags.reason !== undefined) {
      retries[tags.reason] = (retries[tags.reason] ?? 0) + state.count
    }
    if (pair.metricKey.name === "faultline_rate_limited_total" && tags.vendor !== undefined) {
      rateLimited[tags.vendor] = (rateLimited[tags.vendor] ?? 0) + state.count
    }
    if (pair.metricKey.name === "faultline_waited_millis_total" && tags.kind !== undefined) {
      const cause = `${tags.kind} (${tags.source})`
      waited[cause] = (waited[cause] ?? 0) + state.count
    }
  }
  return { retries, waited, rateLimited }
})

export type Counters = Effect.Effect.Success<typeof countersNow>

const minus = (after: Readonly<Record<string, number>>, before: Readonly<Record<string, number>>, least = 1) =>
  Object.fromEntries(
    Object.entries(after)
      .map(([key, value]) => [key, value - (before[key] ?? 0)] as const)
      .filter(([, value]) => value >= least)
  )

const reachable = (contact: Contact) => contact.agent === "ours" && toE164(contact.phone, contact.country) !== undefined

const zero = (): Record<Outcome["_tag"], number> => ({ Placed: 0, Reconciled: 0, Skipped: 0, Unknown: 0, Failed: 0 })

export const summarize = (options: {
  readonly label: string
  readonly outcomes: ReadonlyArray<Outcome>
  readonly counters?: { readonly before: Counters; readonly after: Counters } | undefined
  readonly stats: Stats.Stats | undefined
  readonly wallMillis: number
  readonly bestMillis: number
}): Summary => {
  const outcomes = zero()
  const byVendor = Object.fromEntries(vendors.map((vendor) => [vendor, zero()])) as Record<
    Vendor,
    Record<Outcome["_tag"], number>
  >
  const reasons: Record<string, number> = {}
  let lost = 0
  for (const outcome of options.outcomes) {
    outcomes[outcome._tag]++
    byVendor[outcome.contact.vendor][outcome._tag]++
    const reason =
      outcome._tag === "Failed"
        ? outcome.failure
        : outcome._tag === "Skipped" || outcome._tag === "Unknown"
          ? outcome.reason
          : undefined
    if (reason !== undefined) reasons[reason] = (reasons[reason] ?? 0) + 1
    if (reachable(outcome.contact) && (outcome._tag === "Failed" || outcome._tag === "Skipped")) lost++
  }
  const stats = options.stats
  return {
    label: options.label,
    contacts: options.outcomes.length,
    outcomes,
    byVendor,
    reasons,
    lost,
    retries: options.counters && minus(options.counters.after.retries, options.counters.before.retries),
    // Waits under a tenth of a second are noise in a summary.
    waited: options.counters && minus(options.counters.after.waited, options.counters.before.waited, 100),
    rateLimited:
      options.counters &&
      Object.values(minus(options.counters.after.rateLimited, options.counters.before.rateLimited)).reduce(
        (sum, n) => sum + n,
        0
      ),
    server:
      stats === undefined
        ? undefined
        : {
            requests: stats.requests,
            tooManyRequests: stats.tooManyRequests,
            callsCreated: Object.entries(stats.createdByKind)
              .filter(([kind]) => kind.endsWith(".call"))
              .reduce((sum, [, count]) => sum + count, 0),
            duplicates: stats.duplicates
          },
    wallMillis: options.wallMillis,
    bestMillis: options.bestMillis
  }
}

const seconds = (millis: number) => `${(millis / 1000).toFixed(1)} s`

const list = (record: Readonly<Record<string, number>> | undefined, format: (n: number) => string = String) =>
  record === undefined
    ? ["(not measured)"]
    : Object.keys(record).length === 0
      ? ["none"]
      : Object.entries(record)
          .sort(([, a], [, b]) => b - a)
          .map(([key, value]) => `${key}: ${format(value)}`)

const server = (summary: Summary, field: keyof NonNullable<Summary["server"]>) =>
  summary.server === undefined ? "(not known against the real APIs)" : String(summary.server[field])

// Unknown outcomes, and how many of them the simulator says were placed: calls created less those known placed.
const unknown = (summary: Summary) => {
  const known = summary.outcomes.Placed + summary.outcomes.Reconciled
  return summary.server === undefined || summary.outcomes.Unknown === 0
    ? String(summary.outcomes.Unknown)
    : `${summary.outcomes.Unknown} (the simulator placed ${summary.server.callsCreated - known} of them)`
}

/** The rows of a summary, as label and lines of text. */
const rows = (summary: Summary): ReadonlyArray<readonly [string, ReadonlyArray<string>]> => [
  ["contacts", [String(summary.contacts)]],
  [
    "calls placed",
    [`${summary.outcomes.Placed + summary.outcomes.Reconciled} (${summary.outcomes.Reconciled} found on reconciling)`]
  ],
  ["skipped", [String(summary.outcomes.Skipped)]],
  ["outcome unknown", [unknown(summary)]],
  ["failed", [String(summary.outcomes.Failed)]],
  ["calls lost", [String(summary.lost)]],
  [
    "by vendor",
    vendors.flatMap((vendor) => {
      const counts = summary.byVendor[vendor]
      if (Object.values(counts).every((n) => n === 0)) return []
      return `${vendor}: ${counts.Placed + counts.Reconciled} placed, ${counts.Skipped} skipped, ${counts.Unknown} unknown, ${counts.Failed} failed`
    })
  ],
  ["why not placed", list(summary.reasons)],
  ["retries by reason", list(summary.retries)],
  ["time waiting (all calls)", list(summary.waited, seconds)],
  [
    "429s met (quota, calls in flight)",
    [summary.rateLimited === undefined ? server(summary, "tooManyRequests") : String(summary.rateLimited)]
  ],
  ["requests sent", [server(summary, "requests")]],
  ["calls created", [server(summary, "callsCreated")]],
  ["duplicates created", [server(summary, "duplicates")]],
  ["wall time", [`${seconds(summary.wallMillis)} (best possible at these limits ${seconds(summary.bestMillis)})`]]
]

/** One or more summaries side by side, as text. */
export const render = (summaries: ReadonlyArray<Summary>): string => {
  const tables = summaries.map(rows)
  const labelWidth = Math.max(...tables[0]!.map(([label]) => label.length))
  const columnWidth = summaries.map((summary, i) =>
    Math.max(summary.label.length, ...tables[i]!.flatMap(([, lines]) => lines.map((line) => line.length)))
  )
  const line = (label: string, cells: ReadonlyArray<string>) =>
    `${label.padEnd(labelWidth)}  ${cells.map((cell, i) => cell.padEnd(columnWidth[i]!)).join("  ")}`.trimEnd()
  const out = [
    line(
      "",
      summaries.map((summary) => summary.label)
    )
  ]
  tables[0]!.forEach(([label], row) => {
    const height = Math.max(...tables.map((table) => table[row]![1].length))
    for (let k = 0; k < height; k++) {
      out.push(
        line(
          k === 0 ? label : "",
          tables.map((table) => table[row]![1][k] ?? "")
        )
      )
    }
  })
  return out.join("\n")
}
