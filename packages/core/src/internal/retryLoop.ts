import * as Cause from "effect/Cause"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as ScheduleDecision from "effect/ScheduleDecision"
import * as Intervals from "effect/ScheduleIntervals"
import * as Failure from "../Failure.js"
import type { RetryContext, RetryPolicy, Rule } from "../RetryPolicy.js"
import * as RetryTrace from "../RetryTrace.js"
import { rowFor } from "./retryPolicy.js"
import { withoutStackTrace } from "./stackTrace.js"
import { monotonicMillis, sleepMillis } from "./time.js"

/**
 * What one attempt of a call gets from the loop.
 *
 * @internal
 */
export interface AttemptInput {
  /** 1 for the first attempt. */
  readonly number: number
  /** The factor by which to scale the attempt timeout. */
  readonly timeoutScale: number
  /** When the call's deadline falls, in monotonic milliseconds: a hold before sending must end by then. */
  readonly deadlineAt: number
  /** To call as the request goes out: until then, a retry's budget token goes back to the budget on any exit. */
  readonly sending: () => void
}

/**
 * The loop's view of the outside: `RetryContext`, plus where the attempts' holds are recorded.
 *
 * @internal
 */
export interface LoopContext extends RetryContext {
  readonly holds?: (() => ReadonlyArray<RetryTrace.Hold>) | undefined
  /** Runs as each retry is decided, before its wait (to count it). */
  readonly onRetry?: ((retried: RetryTrace.RetriedAttempt) => Effect.Effect<void>) | undefined
  /**
   * Receives the trace of a call that succeeded, to make when it is asked for: most successes' traces are never
   * read, and making one costs more than the rest of the loop.
   */
  readonly onSucceeded?: ((trace: () => RetryTrace.RetryTrace) => void) | undefined
}

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
  return withoutStackTrace(() => new FailureClass({ ...failure, retry: trace }, Failure.checked))
}

// The trace of a call: `attempts` counts the attempts that were sent.
const traceOf = (
  context: LoopContext,
  times: { readonly started: number; readonly now: number },
  attempts: number,
  retried: ReadonlyArray<RetryTrace.RetriedAttempt>,
  stoppedBecause: RetryTrace.StopReason,
  budgetLeft = context.budget === undefined ? undefined : context.budget.budget.remaining(context.budget.key)
) => {
  const holds = context.holds?.() ?? []
  return new RetryTrace.RetryTrace(
    {
      attempts,
      retried,
      stoppedBecause,
      elapsedMillis: Math.max(0, times.now - times.started),
      ...(context.holds === undefined ? {} : { heldMillis: holds.reduce((sum, hold) => sum + hold.millis, 0) }),
      holds,
      ...(budgetLeft === undefined || !Number.isFinite(budgetLeft) ? {} : { budgetLeft: Math.max(0, budgetLeft) })
    },
    Failure.checked
  )
}

// A success: the budget earns its refill, and whoever asked gets the trace.
const succeeded = (
  context: LoopContext,
  times: { readonly started: number; readonly now: number },
  attempts: number,
  retried: ReadonlyArray<RetryTrace.RetriedAttempt>
) => {
  const budget = context.budget
  budget?.budget.deposit(budget.key)
  context.onSuccess?.(traceOf(context, times, attempts, retried, "Succeeded"))
  if (context.onSucceeded !== undefined) {
    // The call is over (no more attempts, holds or retries), but the budget is shared: read it now.
    const budgetLeft = budget === undefined ? undefined : budget.budget.remaining(budget.key)
    context.onSucceeded(() => traceOf(context, times, attempts, retried, "Succeeded", budgetLeft))
  }
}

const noRetries: ReadonlyArray<RetryTrace.RetriedAttempt> = []

const sentFirst = () => {}

/**
 * The retry loop: runs attempts until one succeeds or the policy stops the call, and puts the trace on the final
 * failure. Every wait is on the `Clock`; durations and the deadline are on its monotonic time, so a wall clock set
 * back or forward changes neither. The first attempt runs on its own: most calls end with it, and need none of the
 * loop's state.
 *
 * @internal
 */
export const retryWith =
  <E extends Failure.Failure>(policy: RetryPolicy<E>, context: LoopContext) =>
  <A, R>(attempt: (input: AttemptInput) => Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Effect.flatMap(monotonicMillis, (started) => {
      const deadlineAt = started + Duration.toMillis(policy.deadline)
      return Effect.flatMap(
        Effect.exit(attempt({ number: 1, timeoutScale: 1, deadlineAt, sending: sentFirst })),
        (first): Effect.Effect<A, E, R> =>
          first._tag === "Success"
            ? Effect.map(monotonicMillis, (now) => {
                succeeded(context, { started, now }, 1, noRetries)
                return first.value
              })
            : retryAfter(policy, context, attempt, started, deadlineAt, first)
      )
    })

// The loop, from the first attempt's failure on.
const retryAfter = <E extends Failure.Failure, A, R>(
  policy: RetryPolicy<E>,
  context: LoopContext,
  attempt: (input: AttemptInput) => Effect.Effect<A, E, R>,
  started: number,
  deadlineAt: number,
  first: Exit.Exit<A, E>
): Effect.Effect<A, E, R> =>
  Effect.suspend(() => {
    const budget = context.budget
    // A retry's token, taken and not yet spent on a request that went out.
    let unspent = false
    const refund = () => {
      if (unspent && budget !== undefined) budget.budget.refund(budget.key)
      unspent = false
    }
    return Effect.gen(function* () {
      const spent = new Map<string, { readonly state: unknown; readonly retries: number }>()
      const retried: Array<RetryTrace.RetriedAttempt> = []
      let timeoutScale = 1
      let previous: E | undefined
      // The attempts that count against `maxAttempts`: the first, and each retry decided outside an outage.
      let counted = 1

      for (let number = 1; ; number++) {
        const exit =
          number === 1
            ? first
            : yield* Effect.exit(
                attempt({
                  number,
                  timeoutScale,
                  deadlineAt,
                  sending: () => {
                    unspent = false
                  }
                })
              )
        refund()
        const now = yield* monotonicMillis
        if (exit._tag === "Success") {
          succeeded(context, { started, now }, number, retried)
          return exit.value
        }
        const failed = Cause.failureOption(exit.cause)
        // Defects and interruptions are not failures to retry.
        if (Option.isNone(failed)) return yield* exit
        const stop = (failure: E, stoppedBecause: RetryTrace.StopReason, attempts = number) =>
          Effect.fail(withTrace(failure, traceOf(context, { started, now }, attempts, retried, stoppedBecause)))

        // Held past the deadline before it was sent: the call ends with what the last attempt that was sent said.
        if (failed.value instanceof Failure.HeldPastDeadline) {
          return yield* stop(previous ?? failed.value, "Deadline", number - 1)
        }
        const failure = failed.value
        previous = failure

        const { decision, row } = rowFor(policy, failure)
        if (decision._tag === "Never") return yield* stop(failure, "NotRetryable")
        if (!context.safe && !provesNotProcessed(failure)) return yield* stop(failure, "Unsafe")
        // In an outage the retry waits at the circuit breaker, behind the probe, rather than in its own backoff
        // (a rule's minimum delay, the vendor's own "wait 30 s or more", still holds). It costs nothing: no
        // budget, none of the rule's retries, no attempt of `maxAttempts`, since it sends nothing until the vendor
        // is back (or it goes as the probe, on everyone's behalf). Only the deadline bounds it.
        const inOutage = context.inOutage?.() === true
        const used = spent.get(row) ?? { state: decision.backoff.initial, retries: 0 }
        let wait: { readonly millis: number; readonly source: RetryTrace.DelaySource }
        if (inOutage) {
          const minimum = Duration.toMillis(decision.minimumDelay)
          wait = { millis: minimum, source: minimum > 0 ? "minimum" : "outage" }
          if (now + wait.millis > deadlineAt) return yield* stop(failure, "Deadline")
        } else {
          if (counted >= policy.maxAttempts || used.retries >= decision.retries) return yield* stop(failure, "Attempts")
          const [state, , step] = yield* decision.backoff.step(now, failure, used.state)
          if (ScheduleDecision.isDone(step)) return yield* stop(failure, "Attempts")
          const chosen = waitFor(decision, Math.max(0, Intervals.start(step.intervals) - now), waitHintOf(failure))
          if (chosen._tag === "HintAboveBound") return yield* stop(failure, "HintAboveBound")
          wait = chosen
          if (now + wait.millis > deadlineAt) return yield* stop(failure, "Deadline")
          if (budget !== undefined) {
            if (!budget.budget.withdraw(budget.key)) return yield* stop(failure, "Budget")
            unspent = true
          }
          spent.set(row, { state, retries: used.retries + 1 })
          counted++
        }

        const status = statusOf(failure)
        const entry = new RetryTrace.RetriedAttempt(
          {
            attempt: number,
            tag: failure._tag,
            delayMillis: wait.millis,
            source: wait.source,
            ...(status === undefined ? {} : { status })
          },
          Failure.checked
        )
        retried.push(entry)
        if (context.onRetry !== undefined) yield* context.onRetry(entry)
        timeoutScale *= decision.timeoutGrowth
        yield* sleepMillis(wait.millis)
      }
    }).pipe(Effect.onExit(() => Effect.sync(refund)))
  })

/**
 * `RetryPolicy.retry`: the loop over an attempt that knows nothing of holds or sending.
 *
 * @internal
 */
export const retry =
  <E extends Failure.Failure>(policy: RetryPolicy<E>, context: RetryContext) =>
  <A, R>(attempt: (attempt: number, timeoutScale: number) => Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    retryWith(
      policy,
      context
    )((input) => {
      input.sending()
      return attempt(input.number, input.timeoutScale)
    })
