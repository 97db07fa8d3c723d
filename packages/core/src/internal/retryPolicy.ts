import * as Duration from "effect/Duration"
import { dual } from "effect/Function"
import { pipeArguments } from "effect/Pipeable"
import * as Backoff from "../Backoff.js"
import type * as Category from "../Category.js"
import type * as Failure from "../Failure.js"
import type { Decision, HintRule, Never, RetryPolicy, Rule } from "../RetryPolicy.js"

/** @internal */
export const never: Never = { _tag: "Never" }

/** @internal */
export const rule = (options: {
  readonly backoff: Rule["backoff"]
  readonly retries: number
  readonly hint?: HintRule | undefined
  readonly minimumDelay?: Duration.DurationInput | undefined
  readonly timeoutGrowth?: number | undefined
}): Rule => ({
  _tag: "Rule",
  backoff: options.backoff,
  retries: options.retries,
  hint: options.hint ?? "honour",
  minimumDelay: Duration.decode(options.minimumDelay ?? 0),
  timeoutGrowth: options.timeoutGrowth ?? 1
})

const RetryPolicyProto = {
  pipe() {
    // biome-ignore lint/complexity/noArguments: the Pipeable protocol passes its functions as arguments
    return pipeArguments(this, arguments)
  }
}

const fromFields = <E extends Failure.Failure>(fields: Omit<RetryPolicy<E>, "pipe">): RetryPolicy<E> =>
  Object.assign(Object.create(RetryPolicyProto), fields)

/** @internal */
export const make = <E extends Failure.Failure>(options: {
  readonly tags?: RetryPolicy<E>["tags"] | undefined
  readonly categories?: RetryPolicy<E>["categories"] | undefined
  readonly maxAttempts?: number | undefined
  readonly deadline?: Duration.DurationInput | undefined
}): RetryPolicy<E> =>
  fromFields({
    tags: options.tags ?? {},
    categories: options.categories ?? {},
    maxAttempts: options.maxAttempts ?? 6,
    deadline: Duration.decode(options.deadline ?? "2 minutes")
  })

const fieldsOf = <E extends Failure.Failure>(self: RetryPolicy<E>): Omit<RetryPolicy<E>, "pipe"> => ({
  tags: self.tags,
  categories: self.categories,
  maxAttempts: self.maxAttempts,
  deadline: self.deadline
})

/** @internal */
export const overrideTag = dual<
  <E extends Failure.Failure>(tag: E["_tag"], decision: Decision) => (self: RetryPolicy<E>) => RetryPolicy<E>,
  <E extends Failure.Failure>(self: RetryPolicy<E>, tag: E["_tag"], decision: Decision) => RetryPolicy<E>
>(3, (self, tag, decision) => fromFields({ ...fieldsOf(self), tags: { ...self.tags, [tag]: decision } }))

/** @internal */
export const overrideCategory = dual<
  (
    category: Category.Category,
    decision: Decision
  ) => <E extends Failure.Failure>(self: RetryPolicy<E>) => RetryPolicy<E>,
  <E extends Failure.Failure>(self: RetryPolicy<E>, category: Category.Category, decision: Decision) => RetryPolicy<E>
>(3, (self, category, decision) =>
  fromFields({ ...fieldsOf(self), categories: { ...self.categories, [category]: decision } })
)

/**
 * The decision for a failure and the row of the policy it comes from ("tag:X", "category:Y"): retries are counted,
 * and backoffs advanced, per row, so that rules shared by several rows still grant each row its own retries.
 *
 * @internal
 */
export const rowFor = <E extends Failure.Failure>(
  policy: RetryPolicy<E>,
  failure: E
): { readonly row: string; readonly decision: Decision } => {
  const tags: Readonly<Record<string, Decision | undefined>> = policy.tags
  const categories: Readonly<Record<string, Decision | undefined>> = policy.categories
  const byTag = Object.hasOwn(tags, failure._tag) ? tags[failure._tag] : undefined
  if (byTag !== undefined) return { row: `tag:${failure._tag}`, decision: byTag }
  const byCategory = Object.hasOwn(categories, failure.category) ? categories[failure.category] : undefined
  if (byCategory !== undefined) return { row: `category:${failure.category}`, decision: byCategory }
  return { row: "never", decision: never }
}

/** @internal */
export const decisionFor = <E extends Failure.Failure>(policy: RetryPolicy<E>, failure: E): Decision =>
  rowFor(policy, failure).decision

const idempotentMethods = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"])

/** @internal */
export const isSafeToRepeat = (method: string, hasIdempotencyKey: boolean): boolean =>
  hasIdempotencyKey || idempotentMethods.has(method.toUpperCase())

/** @internal */
export const defaults = <E extends Failure.Failure>(): RetryPolicy<E> => {
  const serverSide = rule({ backoff: Backoff.exponential({ base: "500 millis", max: "30 seconds" }), retries: 3 })
  return make<E>({
    categories: {
      rate_limited: rule({ backoff: Backoff.exponential({ base: "1 second", max: "60 seconds" }), retries: 4 }),
      server: serverSide,
      upstream: serverSide,
      unavailable: serverSide,
      transport: serverSide,
      timeout: rule({
        backoff: Backoff.exponential({ base: "500 millis", max: "30 seconds" }),
        retries: 2,
        timeoutGrowth: 2
      })
    },
    maxAttempts: 5,
    deadline: "2 minutes"
  })
}
