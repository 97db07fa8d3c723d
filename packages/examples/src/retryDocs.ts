/**
 * Renders `docs/retry.md`: how retry policies work, and each vendor's default table generated from the policy
 * values themselves (the delays are computed by stepping each rule's backoff schedule, with jitter at its
 * midpoint), and `docs/retry/<vendor>.svg`, a chart per vendor of each rule's waits: the midpoint, and the band
 * between the lowest and highest wait its jitter allows, found by stepping the schedule with `Random` pinned to its
 * extremes. `pnpm docs:retry` writes the files; a test fails when a committed one is out of date.
 */

import { Category, type Failure, type RetryPolicy } from "@faultline/core"
import { DialNexaError, DialNexaRetry } from "@faultline/dialnexa"
import { LevrageError, LevrageRetry } from "@faultline/levrage"
import { NixflexError, NixflexRetry } from "@faultline/nixflex"
import { Duration, Effect, Random, ScheduleDecision, ScheduleIntervals } from "effect"
import { type FailureClass, repoPath, tagOf, writeWhenRun } from "./docsKit.js"

const seconds = (millis: number) => {
  const value = millis / 1000
  return `${Number.isInteger(value) ? value : value.toFixed(1)} s`
}

// The waits a rule's backoff gives, retry after retry (at most `steps`), with `random` as the Random service: the
// jitter is `Random.next`, so a fixed value pins it (0.5 its midpoint, 0 and just under 1 its extremes).
const waitsOf = (rule: RetryPolicy.Rule, random: Random.Random, steps: number): ReadonlyArray<number> =>
  Effect.runSync(
    Effect.gen(function* () {
      const delays: Array<number> = []
      let state: unknown = rule.backoff.initial
      let now = 0
      for (let retry = 0; retry < steps; retry++) {
        const [next, , decision] = yield* rule.backoff.step(now, undefined, state)
        if (ScheduleDecision.isDone(decision)) break
        const delay = Math.max(0, ScheduleIntervals.start(decision.intervals) - now)
        delays.push(Math.max(delay, Duration.toMillis(rule.minimumDelay)))
        now += delay
        state = next
      }
      return delays
    }).pipe(Effect.withRandom(random))
  )

// `Random.next` is in [0, 1): the highest it gives is the largest double below 1.
const highestRandom = 1 - 2 ** -53

// The delays of a rule, with jitter at its midpoint.
const delaysOf = (rule: RetryPolicy.Rule): ReadonlyArray<number> => waitsOf(rule, Random.fixed([0.5]), rule.retries)

const hintOf = (hint: RetryPolicy.HintRule) =>
  hint === "honour"
    ? "honoured"
    : hint === "ignore"
      ? "ignored"
      : "clampTo" in hint
        ? `clamped to ${Duration.format(hint.clampTo)}`
        : `gives up above ${Duration.format(hint.giveUpAbove)}`

const describe = (decision: RetryPolicy.Decision | undefined) => {
  if (decision === undefined || decision._tag === "Never") return ["never", "", "", ""]
  const minimum = Duration.toMillis(decision.minimumDelay)
  return [
    `${decision.retries} retries`,
    delaysOf(decision).map(seconds).join(", ") + (minimum > 0 ? ` (at least ${seconds(minimum)})` : ""),
    hintOf(decision.hint),
    decision.timeoutGrowth === 1 ? "" : `× ${decision.timeoutGrowth} per retry`
  ]
}

const header = "| failure | retry | delays (no hint) | server hint | attempt timeout |\n|---|---|---|---|---|"

interface Row {
  /** The row's name: a tag, or "any other <category>". */
  readonly name: string
  readonly isTag: boolean
  readonly decision: RetryPolicy.Decision | undefined
}

// The policy's rows: each listed tag with a decision of its own, then each category.
const rowsOf = <E extends Failure.Failure>(
  policy: RetryPolicy.RetryPolicy<E>,
  tags: ReadonlyArray<string>
): ReadonlyArray<Row> => {
  const byTag: Readonly<Record<string, RetryPolicy.Decision | undefined>> = policy.tags
  const byCategory: Readonly<Record<string, RetryPolicy.Decision | undefined>> = policy.categories
  return [
    ...tags.filter((tag) => Object.hasOwn(byTag, tag)).map((tag) => ({ name: tag, isTag: true, decision: byTag[tag] })),
    ...Category.all.map((category) => ({
      name: `any other ${category}`,
      isTag: false,
      decision: byCategory[category]
    }))
  ]
}

/** A vendor's default policy, and the tags of its catalog in the order its table lists them. */
export interface Vendor {
  readonly name: string
  readonly slug: string
  readonly policyName: string
  readonly policy: RetryPolicy.RetryPolicy<Failure.Failure>
  readonly tags: ReadonlyArray<string>
}

const policyTable = (vendor: Vendor) => {
  const rows = rowsOf(vendor.policy, vendor.tags).map((row) => [
    row.isTag ? `\`${row.name}\`` : row.name,
    ...describe(row.decision)
  ])
  return [
    header,
    ...rows.map((row) => `| ${row.join(" | ")} |`),
    "",
    `At most ${vendor.policy.maxAttempts} attempts in all; no wait may end more than ${Duration.format(
      vendor.policy.deadline
    )} after the first attempt.`,
    "",
    `![${vendor.name}'s default retry waits](retry/${vendor.slug}.svg)`
  ].join("\n")
}

const tagsOf = (catalog: ReadonlyArray<{ readonly failure: FailureClass }>) =>
  catalog.map((entry) => tagOf(entry.failure))

// In the order of the page.
export const vendors: ReadonlyArray<Vendor> = [
  {
    name: "Levrage",
    slug: "levrage",
    policyName: "LevrageRetry.defaults",
    policy: LevrageRetry.defaults,
    tags: [...new Set(tagsOf([...LevrageError.codeCatalog, ...LevrageError.statusCatalog]))]
  },
  {
    name: "Nixflex",
    slug: "nixflex",
    policyName: "NixflexRetry.defaults",
    policy: NixflexRetry.defaults,
    tags: tagsOf(NixflexError.catalog)
  },
  {
    name: "DialNexa",
    slug: "dialnexa",
    policyName: "DialNexaRetry.defaults",
    policy: DialNexaRetry.defaults,
    tags: tagsOf(DialNexaError.catalog)
  }
]

export const render = (): string => `# Retry

A retry policy is a value (\`RetryPolicy\`): for each failure tag, or each category with per-tag overrides, a
rule or \`never\`. A rule is made of an Effect \`Schedule\` (the delays when the server gives no hint, from
\`Backoff\`: exponential with jitter and the cap applied after the jitter, fixed, or between two bounds), a number
of retries, what to do with a server's wait hint (honour it, clamp it, give up above a bound, or ignore it), a
minimum delay, and how the attempt timeout grows. The policy also bounds the whole call: a number of attempts
and a deadline. Give it to a client with the \`retry\` option:

\`\`\`ts
import { NixflexHttpClient, NixflexRetry } from "@faultline/nixflex"
import { RetryPolicy } from "@faultline/core"
import { Redacted } from "effect"

const apiKey = Redacted.make("nxf_…:nxfs_…")

NixflexHttpClient.layer({
  apiKey,
  timeout: "10 seconds",
  retry: NixflexRetry.defaults.pipe(RetryPolicy.overrideTag("ConcurrentCallLimit", RetryPolicy.never))
})
\`\`\`

\`overrideTag\` only accepts the tags of the policy's failures: a DialNexa tag in a Nixflex policy does not compile.

## How a call is retried

1. The failure's tag decides, else its category, else it is not retried (\`NotRetryable\`). Retries are counted per
   row of the policy: each tag with a rule, and each category without one, has its own retries and its own
   backoff, even where rows share a rule (so 500, reset, HTML 502, 500 is retried four times under Nixflex's
   table); the policy's \`maxAttempts\` bounds the call as a whole (retries that wait at the circuit breaker in an outage excepted, below).
2. A request that is not idempotent (POST, PATCH) and carries no idempotency key is retried only when the failure
   proves the server did not act on it: a connection that was never made (\`TransportError\` with
   \`mayHaveReachedServer: false\`) or a 429, which rejects the request (\`Unsafe\`). Mutating requests to a vendor
   with an idempotency header (Nixflex's \`Idempotency-Key\`) get a key that is the same on every attempt; a key
   the request already has wins.
3. The wait is the server's hint when the rule honours it (Retry-After, retry-after-ms, the IETF RateLimit
   fields, X-RateLimit-Reset when the quota is spent, Nixflex's \`details.retry_after\`), else (or when the hint is
   0, a reset already past, or less than a millisecond) the rule's backoff;
   never less than the rule's minimum. A 429's own hint (a body hint, Retry-After, retry-after-ms) is what the
   call waits even when the quota's reset is later, and it tells the pacer when the quota is next worth trying.
   A hint longer than a \`giveUpAbove\` bound stops the call (\`HintAboveBound\`); a wait that would end past the
   deadline stops it (\`Deadline\`); so do spent attempts (\`Attempts\`).
4. Before each attempt the call may be held: for the quota (pacing) or for an outage (the circuit breaker). A hold
   counts against the deadline like any wait: one that would end past it stops the call at once, with the last
   failure and \`Deadline\`, or with \`HeldPastDeadline\` (category \`rate_limited\` or \`unavailable\`, nothing sent)
   when no attempt was sent yet. Without a retry policy the deadline is the attempt timeout.
5. Each attempt has a timeout: 30 seconds unless the client's \`timeout\` says otherwise (\`false\` for none), grown
   by a rule's \`timeoutGrowth\` on each retry under it.
6. Every wait is an Effect sleep, so under \`TestClock\` a 30-second backoff takes no time; waits longer than a Node
   timer holds (24.8 days) are slept in pieces. Durations and the deadline are measured on the \`Clock\`'s monotonic
   time, so a wall clock set back or forward changes neither.
7. The final failure carries \`retry\`: a \`RetryTrace\` with the attempts, each wait and where it came from
   (\`hint\`, \`backoff\`, \`clamp\`, \`minimum\`, \`outage\`), each hold (\`holds\`: which attempt, by what, how long),
   and why the call stopped.

## Shared by a client's calls

- **Retry budget** (\`RetryBudget\`, option \`retryBudget\`): a token bucket per host. Each retry costs a token, each
  success puts a tenth of one back (defaults: 10 tokens; counted in millionths, so ten successes pay for exactly
  one retry). When a vendor fails for everyone the bucket empties and calls stop retrying (\`Budget\`) instead of
  multiplying the load on a service that is already down. A retry that waits at the circuit breaker costs no
  token (it sends nothing until the outage ends): during an outage the breaker, which lets one probe through at a
  time, is what bounds the load, and the calls it releases when the vendor is back are not a storm. A token taken
  for a retry that is interrupted before it is sent goes back.
- **Pacing** (\`Pacing\`, option \`pacing\`): every response's \`X-RateLimit-Remaining\` / \`-Reset\` (or, without
  them, the IETF \`RateLimit\` field, read as Structured Fields: its most constraining policy) tell the client what is
  left of the quota, and a 429's own wait hint when the quota is next worth trying; while it is spent, requests
  wait instead of meeting a 429. A reset announced in whole seconds may be up to a second late (a window that
  started just after a second is announced to end at the next whole one): a request then goes early, alone, and
  when its answer shows the window has turned the others go at once; otherwise they wait for the announced reset.
  From window to window the pacer learns when they turn (the windows' length from the announced resets, bounds
  from the answers), so the early request lands within tens of milliseconds of the turn; at most two go early a
  window. No window is lost to the rounding, whatever the windows' alignment. The counts
  live in a \`PacingStore\` (in memory by default; \`false\` turns pacing off). An interrupted call gives its place
  back.
- **Outages** (\`CircuitBreaker\`, option \`circuitBreaker\`): after 5 server-side failures, transport faults or
  timeouts in a row, or a 503 that says how long to wait, the host is in an outage (a 429 never opens it). Calls
  then wait; when the outage should be over, one call goes as a probe and the others wait behind it; when it
  succeeds they all go at once, when it fails the next probe goes a second later (\`baseDelayMillis\` and
  \`maxDelayMillis\`, both 1 s by default), or when the server's Retry-After says: the end of an outage is noticed
  within about a second, with one request a second sent into it. A retry in an outage skips its own backoff and
  waits at the breaker, so it resumes with the others (a rule's minimum delay still holds); it costs the call
  nothing, neither a budget token nor one of its rule's retries or the policy's \`maxAttempts\`, so an outage
  shorter than the call's deadline loses no call. A call waits behind the probe at most until its deadline, and an
  interrupted probe lets the next call probe at once.

## Seeing what happened

- The final failure's \`retry\` field and, for a success, \`ApiClient.traceOf(response)\`: attempts, each wait and
  its source, each hold and the time held in all (\`holds\`, \`heldMillis\`), budget left, why it stopped.
- Each attempt is a client span \`faultline.<vendor>.attempt\` (attempt number, method, redacted URL, host and path,
  response status; on failure its tag, category, code and request id). It stands in for the platform's own
  \`http.client\` span, which records URLs and response headers verbatim (a server may echo the key in them) and
  is turned off inside; the attempt span carries the trace context (\`traceparent\`) to the server instead.
- Metrics, tagged with \`vendor\`: \`faultline_retries_total\` (\`ApiClient.retriesTotal\`, also tagged with
  \`reason\`, the tag of the failure retried), \`faultline_rate_limited_total\` (\`ApiClient.rateLimitedTotal\`: 429s
  met), \`faultline_waited_millis_total\` (\`ApiClient.waitedMillisTotal\`: milliseconds waited, by \`kind\`,
  \`retry\` or \`hold\`, and \`source\`).

## Vendor defaults

Generated from the policy values by \`pnpm docs:retry\` (delays with jitter at its midpoint: each delay really
varies by ±20 %, \`between\` delays across their whole range). Under each table, a chart of the waits of each rule
(the rows that share one are drawn once): the midpoint as a line, the band from the lowest to the highest wait the
jitter allows, and the rule's cap.

${vendors.map((vendor) => `### ${vendor.name} (\`${vendor.policyName}\`)\n\n${policyTable(vendor)}\n`).join("\n")}`

// The charts. A rule's schedule is opaque (a `Schedule`): everything drawn is found by stepping it.

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

export const docsPath = repoPath("docs/retry.md")

/** Where a vendor's chart is written: `docs/retry/<vendor>.svg`. */
export const chartPath = (vendor: Vendor): string => repoPath("docs/retry", `${vendor.slug}.svg`)

/** Every file `pnpm docs:retry` writes: the page, and a chart per vendor. */
export const pages = (): ReadonlyArray<readonly [path: string, text: string]> => [
  [docsPath, render()],
  ...vendors.map((vendor) => [chartPath(vendor), renderChart(vendor)] as const)
]

writeWhenRun(import.meta.url, pages)
