/**
 * Renders `docs/retry.md`: how retry policies work, and each vendor's default table generated from the policy
 * values themselves (the delays are computed by stepping each rule's backoff schedule, with jitter at its
 * midpoint), and `docs/retry/<vendor>.svg`, a chart per vendor (retryChart.ts). `pnpm docs:retry` writes the
 * files; a test fails when a committed one is out of date.
 */

import type { RetryPolicy } from "@faultline/core"
import { Duration } from "effect"
import { repoPath, writeWhenRun } from "./docsKit.js"
import { chartPath, renderChart } from "./retryChart.js"
import { delaysOf, rowsOf, seconds, type Vendor, vendors } from "./retryRules.js"

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

export const docsPath = repoPath("docs/retry.md")

/** Every file `pnpm docs:retry` writes: the page, and a chart per vendor. */
export const pages = (): ReadonlyArray<readonly [path: string, text: string]> => [
  [docsPath, render()],
  ...vendors.map((vendor) => [chartPath(vendor), renderChart(vendor)] as const)
]

writeWhenRun(import.meta.url, pages)
