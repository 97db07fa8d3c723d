import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import type * as CircuitBreaker from "../CircuitBreaker.js"
import type * as Pacing from "../Pacing.js"
import type * as RetryTrace from "../RetryTrace.js"
import { monotonicMillis, sleepMillis } from "./time.js"

/**
 * How a wait before sending ended: the request may go (it holds what it was given until it ends), or the hold
 * would outlast the call's deadline (nothing was taken; `remainingMillis`, when known, is how long it had to run).
 *
 * @internal
 */
export type Admission<A> =
  | { readonly _tag: "Admitted"; readonly value: A; readonly waitedMillis: number }
  | { readonly _tag: "Expired"; readonly waitedMillis: number; readonly remainingMillis: number | undefined }

/**
 * Restores the interruptibility of the caller of the gate: waits are interruptible exactly when the call is.
 *
 * @internal
 */
export type Restore = <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>

/**
 * Waits at the circuit breaker until the host may be sent to (maybe as the probe), never past `deadlineAt`
 * (monotonic milliseconds). Run it where it cannot be interrupted: asking is atomic, only the waits are
 * interruptible (through `restore`), so a probe handed out is always the caller's to record.
 *
 * @internal
 */
export const outage = (
  breaker: CircuitBreaker.CircuitBreaker,
  key: string,
  deadlineAt: number,
  restore: Restore
): Effect.Effect<Admission<{ readonly probe: boolean }>> =>
  Effect.flatMap(breaker.ask(key), (first) =>
    // Go at once, the common case: no clock to read, nothing to time.
    first._tag === "Go"
      ? Effect.succeed(goAtOnce(first.probe))
      : waitAtBreaker(breaker, key, deadlineAt, restore, first)
  )

const goNow: Admission<{ readonly probe: boolean }> = { _tag: "Admitted", value: { probe: false }, waitedMillis: 0 }
const goAtOnce = (probe: boolean): Admission<{ readonly probe: boolean }> =>
  probe ? { _tag: "Admitted", value: { probe }, waitedMillis: 0 } : goNow

const waitAtBreaker = (
  breaker: CircuitBreaker.CircuitBreaker,
  key: string,
  deadlineAt: number,
  restore: Restore,
  first: CircuitBreaker.Verdict
): Effect.Effect<Admission<{ readonly probe: boolean }>> =>
  Effect.gen(function* () {
    const started = yield* monotonicMillis
    let verdict = first
    for (;;) {
      const now = yield* monotonicMillis
      const waitedMillis = Math.max(0, now - started)
      switch (verdict._tag) {
        case "Go":
          return { _tag: "Admitted", value: { probe: verdict.probe }, waitedMillis }
        case "WaitUntil": {
          if (now + verdict.millis > deadlineAt) {
            return { _tag: "Expired", waitedMillis, remainingMillis: verdict.millis }
          }
          yield* restore(sleepMillis(verdict.millis))
          break
        }
        case "WaitForProbe": {
          const ended = yield* restore(
            Effect.raceFirst(Effect.as(verdict.probeEnded, true), Effect.as(sleepMillis(deadlineAt - now), false))
          )
          if (!ended) {
            return { _tag: "Expired", waitedMillis: Math.max(0, deadlineAt - started), remainingMillis: undefined }
          }
          break
        }
      }
      verdict = yield* breaker.ask(key)
    }
  })

/**
 * Waits for the quota of `key` until one more request may go, and takes it; never past `deadlineAt`. Run it where
 * it cannot be interrupted, as `outage`; a request taken must be settled on every exit.
 *
 * @internal
 */
export const quota = (
  store: Pacing.PacingStore,
  key: string,
  deadlineAt: number,
  restore: Restore,
  options?: Pacing.TakeOptions
): Effect.Effect<Admission<void>> =>
  Effect.flatMap(Clock.currentTimeMillis, (at) =>
    Effect.flatMap(store.take(key, at, options), (first) =>
      // Admitted at once, the common case: no clock to read, nothing to time.
      first <= 0
        ? admittedAtOnce
        : Effect.gen(function* () {
            const started = yield* monotonicMillis
            let wait = first
            for (;;) {
              const now = yield* monotonicMillis
              const waitedMillis = Math.max(0, now - started)
              if (wait <= 0) return { _tag: "Admitted", value: undefined, waitedMillis }
              if (now + wait > deadlineAt) return { _tag: "Expired", waitedMillis, remainingMillis: wait }
              yield* restore(sleepMillis(wait))
              wait = yield* store.take(key, yield* Clock.currentTimeMillis, options)
            }
          })
    )
  )

const admittedAtOnce: Effect.Effect<Admission<void>> = Effect.succeed({
  _tag: "Admitted",
  value: undefined,
  waitedMillis: 0
})

/**
 * The trace's record of one wait, when it says anything: time spent, or a hold given up at the deadline.
 *
 * @internal
 */
export const holdOf = (
  attempt: number,
  by: RetryTrace.HoldReason,
  admission: Admission<unknown>
): ConstructorParameters<typeof RetryTrace.Hold>[0] | undefined => {
  if (admission._tag === "Admitted") {
    return admission.waitedMillis > 0 ? { attempt, by, millis: admission.waitedMillis } : undefined
  }
  return {
    attempt,
    by,
    millis: admission.waitedMillis,
    expired: true,
    ...(admission.remainingMillis === undefined ? {} : { remainingMillis: admission.remainingMillis })
  }
}
