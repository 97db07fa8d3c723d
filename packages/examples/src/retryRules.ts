/**
 * What the retry page and its charts are drawn from: each vendor's default policy with the tags of its catalog, its
 * rows, and the waits of a rule, found by stepping its backoff schedule with `Random` pinned (a schedule is
 * opaque: stepping it is the only way to know what it waits).
 */

import { Category, type Failure, type RetryPolicy } from "@faultline/core"
import { DialNexaError, DialNexaRetry } from "@faultline/dialnexa"
import { LevrageError, LevrageRetry } from "@faultline/levrage"
import { NixflexError, NixflexRetry } from "@faultline/nixflex"
import { Duration, Effect, Random, ScheduleDecision, ScheduleIntervals } from "effect"
import { type FailureClass, tagOf } from "./docsKit.js"

export const seconds = (millis: number) => {
  const value = millis / 1000
  return `${Number.isInteger(value) ? value : value.toFixed(1)} s`
}

// The waits a rule's backoff gives, retry after retry (at most `steps`), with `random` as the Random service: the
// jitter is `Random.next`, so a fixed value pins it (0.5 its midpoint, 0 and just under 1 its extremes).
export const waitsOf = (rule: RetryPolicy.Rule, random: Random.Random, steps: number): ReadonlyArray<number> =>
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
export const highestRandom = 1 - 2 ** -53

// The delays of a rule, with jitter at its midpoint.
export const delaysOf = (rule: RetryPolicy.Rule): ReadonlyArray<number> =>
  waitsOf(rule, Random.fixed([0.5]), rule.retries)

export interface Row {
  /** The row's name: a tag, or "any other <category>". */
  readonly name: string
  readonly isTag: boolean
  readonly decision: RetryPolicy.Decision | undefined
}

// The policy's rows: each listed tag with a decision of its own, then each category.
export const rowsOf = <E extends Failure.Failure>(
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
