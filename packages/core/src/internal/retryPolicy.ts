import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { dual } from "effect/Function"
import * as Option from "effect/Option"
import { pipeArguments } from "effect/Pipeable"
import * as ScheduleDecision from "effect/ScheduleDecision"
import * as Intervals from "effect/ScheduleIntervals"
import * as Backoff from "../Backoff.js"
import type * as Category from "../Category.js"
import * as Failure from "../Failure.js"
import type { Decision, HintRule, Never, RetryContext, RetryPolicy, Rule } from "../RetryPolicy.js"
import * as RetryTrace from "../RetryTrace.js"

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

/** @internal */
export const decisionFor = <E extends Failure.Failure>(policy: RetryPolicy<E>, failure: E): Decision => {
  const tags: Readonly<Record<string, Decision | undefined>> = policy.tags
  const categories: Readonly<Record<string, Decision | undefined>> = policy.categories
  return (
    (Object.hasOwn(tags, failure._tag) ? tags[failure._tag] : undefined) ??
    (Object.hasOwn(categories, failure.category) ? categories[failure.category] : undefined) ??
    never
  )
}

const idempotentMethods = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"])

/** @internal */
export const isSafeToRepeat = (method: string, hasIdempotencyKey: boolean): boolean =>
  hasIdempotencyKey || idempotentMethods.has(method.toUpperCase())

const statusOf = (failure: Failure.Failure): number | undefined =>
  "status" in failure && typeof failure.status === "number" ? failure.status : undefined

const waitHintOf = (failure: Failure.Failure): number | undefined =>
  "waitHint" in failure &&
  typeof failure.waitHint === "object" &&
  failure.waitHint !== null &&
  "millis" in failure.waitHint &&
  typeof failure.waitHint.millis === "number"
    ? failure.waitHint.millis
    : undefined

// A failure that proves the server did not act on the request: no connection was made, or the server rejected
// it with 429 before doing anything.
const provesNotProcessed = (failure: Failure.Failure): boolean =>
  (failure instanceof Failure.TransportError && !failure.mayHaveReachedServer) || statusOf(failure) === 429

type Wait =
  | { readonly _tag: "Wait"; readonly millis: number; readonly source: RetryTrace.DelaySource }
  | { readonly _tag: "HintAboveBound" }

const waitFor = (decision: Rule, backoffMillis: number, hintMillis: number | undefined): Wait => {
  const hint = decision.hint
  let wait: Wait = { _tag: "Wait", millis: backoffMillis, source: "backoff" }
  // A hint of 0 (a reset or date already past) no longer asks for a wait: the backoff decides, so that a server
  // repeating a stale reset cannot make the client spend its retries in the same instant.
  if (hintMillis !== undefined && hintMillis > 0 && hint !== "ignore") {
    if (hint === "honour") wait = { _tag: "Wait", millis: hintMillis, source: "hint" }
    else if ("clampTo" in hint) {
      const bound = Duration.toMillis(hint.clampTo)
      wait =
        hintMillis > bound
          ? { _tag: "Wait", millis: bound, source: "clamp" }
          : { _tag: "Wait", millis: hintMillis, source: "hint" }
    } else {
      if (hintMillis > Duration.toMillis(hint.giveUpAbove)) return { _tag: "HintAboveBound" }
      wait = { _tag: "Wait", millis: hintMillis, source: "hint" }
    }
  }
  const minimum = Duration.toMillis(decision.minimumDelay)
  return wait.millis < minimum ? { _tag: "Wait", millis: minimum, source: "minimum" } : wait
}

// Failures are immutable: the trace goes on a copy of the final failure, of the same class.
const withTrace = <E extends Failure.Failure>(failure: E, trace: RetryTrace.RetryTrace): E => {
  const FailureClass = failure.constructor as new (props: object, options: typeof Failure.checked) => E
  return new FailureClass({ ...failure, retry: trace }, Failure.checked)
}

/** @internal */
export const retry =
  <E extends Failure.Failure>(policy: RetryPolicy<E>, context: RetryContext) =>
  <A, R>(attempt: (attempt: number, timeoutScale: number) => Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Effect.gen(function* () {
      const started = yield* Clock.currentTimeMillis
      const deadline = Duration.toMillis(policy.deadline)
      const spent = new Map<Rule, { readonly state: unknown; readonly retries: number }>()
      const retried: Array<RetryTrace.RetriedAttempt> = []
      let timeoutScale = 1

      for (let number = 1; ; number++) {
        const exit = yield* Effect.exit(attempt(number, timeoutScale))
        if (exit._tag === "Success") {
          context.budget?.budget.deposit(context.budget.key)
          if (context.onSuccess !== undefined) {
            const now = yield* Clock.currentTimeMillis
            context.onSuccess(
              new RetryTrace.RetryTrace({
                attempts: number,
                retried,
                stoppedBecause: "Succeeded",
                elapsedMillis: now - started,
                ...(context.heldMillis === undefined ? {} : { heldMillis: context.heldMillis() }),
                ...(context.budget === undefined
                  ? {}
                  : { budgetLeft: context.budget.budget.remaining(context.budget.key) })
              })
            )
          }
          return exit.value
        }
        const failed = Cause.failureOption(exit.cause)
        // Defects and interruptions are not failures to retry.
        if (Option.isNone(failed)) return yield* exit
        const failure = failed.value
        const now = yield* Clock.currentTimeMillis
        const stop = (stoppedBecause: RetryTrace.StopReason) =>
          Effect.fail(
            withTrace(
              failure,
              new RetryTrace.RetryTrace({
                attempts: number,
                retried,
                stoppedBecause,
                elapsedMillis: now - started,
                ...(context.heldMillis === undefined ? {} : { heldMillis: context.heldMillis() }),
                ...(context.budget === undefined
                  ? {}
                  : { budgetLeft: context.budget.budget.remaining(context.budget.key) })
              })
            )
          )

        const decision = decisionFor(policy, failure)
        if (decision._tag === "Never") return yield* stop("NotRetryable")
        if (!context.safe && !provesNotProcessed(failure)) return yield* stop("Unsafe")
        const used = spent.get(decision) ?? { state: decision.backoff.initial, retries: 0 }
        if (number >= policy.maxAttempts || used.retries >= decision.retries) return yield* stop("Attempts")
        const [state, , step] = yield* decision.backoff.step(now, failure, used.state)
        if (ScheduleDecision.isDone(step)) return yield* stop("Attempts")
        // In an outage the retry waits at the circuit breaker, behind the probe, rather than in its own backoff;
        // a rule's minimum delay (the vendor's own "wait 30 s or more") still holds.
        const minimum = Duration.toMillis(decision.minimumDelay)
        const wait: Wait =
          context.inOutage?.() === true
            ? { _tag: "Wait", millis: minimum, source: minimum > 0 ? "minimum" : "outage" }
            : waitFor(decision, Math.max(0, Intervals.start(step.intervals) - now), waitHintOf(failure))
        if (wait._tag === "HintAboveBound") return yield* stop("HintAboveBound")
        if (now + wait.millis - started > deadline) return yield* stop("Deadline")
        if (context.budget !== undefined && !context.budget.budget.withdraw(context.budget.key)) {
          return yield* stop("Budget")
        }

        spent.set(decision, { state, retries: used.retries + 1 })
        const status = statusOf(failure)
        retried.push(
          new RetryTrace.RetriedAttempt({
            attempt: number,
            tag: failure._tag,
            delayMillis: wait.millis,
            source: wait.source,
            ...(status === undefined ? {} : { status })
          })
        )
        timeoutScale *= decision.timeoutGrowth
        yield* Effect.sleep(Duration.millis(wait.millis))
      }
    })

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
