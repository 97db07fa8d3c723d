import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import type { Admission, CircuitBreaker, Options, Outcome } from "../CircuitBreaker.js"
import type * as Failure from "../Failure.js"
import { monotonicMillis, sleepMillis } from "./time.js"

interface HostState {
  consecutiveFailures: number
  /** 0 while closed; otherwise when the next probe may go. */
  openUntil: number
  /** Set while a probe is in flight; completed when it ends. */
  probe: Deferred.Deferred<void> | undefined
  nextDelay: number
}

/** @internal */
export const make = (options: Options = {}): CircuitBreaker => {
  const threshold = options.failureThreshold ?? 5
  const baseDelay = options.baseDelayMillis ?? 1000
  const maxDelay = options.maxDelayMillis ?? 8_000
  const hosts = new Map<string, HostState>()
  const stateOf = (key: string) => {
    let state = hosts.get(key)
    if (state === undefined) {
      state = { consecutiveFailures: 0, openUntil: 0, probe: undefined, nextDelay: baseDelay }
      hosts.set(key, state)
    }
    return state
  }

  // The probe is over, whatever its outcome: wake everyone waiting behind it.
  const endProbe = (state: HostState) =>
    Effect.suspend(() => {
      const probe = state.probe
      state.probe = undefined
      return probe === undefined ? Effect.void : Deferred.succeed(probe, undefined)
    })

  const admit = (key: string, deadlineAt: number): Effect.Effect<Admission> =>
    Effect.gen(function* () {
      const state = stateOf(key)
      const started = yield* monotonicMillis
      for (;;) {
        if (state.openUntil === 0 && state.probe === undefined) {
          const waitedMillis = Math.max(0, (yield* monotonicMillis) - started)
          return { _tag: "Admitted", probe: false, waitedMillis }
        }
        const [now, mono] = [yield* Clock.currentTimeMillis, yield* monotonicMillis]
        const waitedMillis = Math.max(0, mono - started)
        const left = deadlineAt - mono
        if (state.probe !== undefined) {
          // Behind the probe: until it ends, or until the deadline.
          const ended = yield* Effect.interruptible(
            Effect.raceFirst(Effect.as(Deferred.await(state.probe), true), Effect.as(sleepMillis(left), false))
          )
          if (!ended)
            return { _tag: "Expired", waitedMillis: waitedMillis + Math.max(0, left), remainingMillis: undefined }
          continue
        }
        if (now < state.openUntil) {
          const wait = state.openUntil - now
          if (wait > left) return { _tag: "Expired", waitedMillis, remainingMillis: wait }
          yield* Effect.interruptible(sleepMillis(wait))
          continue
        }
        // The caller runs this where it cannot be interrupted (only the waits above can be), so a call that becomes
        // the probe always lives to record its outcome.
        state.probe = yield* Deferred.make<void>()
        return { _tag: "Admitted", probe: true, waitedMillis }
      }
    })

  const record = (key: string, admission: Admission, outcome: Outcome): Effect.Effect<void> =>
    Effect.gen(function* () {
      if (admission._tag !== "Admitted") return
      const state = stateOf(key)
      const now = yield* Clock.currentTimeMillis
      switch (outcome._tag) {
        case "Up": {
          state.consecutiveFailures = 0
          state.openUntil = 0
          state.nextDelay = baseDelay
          if (admission.probe) yield* endProbe(state)
          return
        }
        case "Down": {
          state.consecutiveFailures++
          const hinted = outcome.status === 503 && outcome.waitHintMillis !== undefined
          if (admission.probe || hinted || state.consecutiveFailures >= threshold) {
            const wait = outcome.waitHintMillis ?? state.nextDelay
            state.openUntil = Math.max(state.openUntil, now + wait)
            if (admission.probe) state.nextDelay = Math.min(maxDelay, state.nextDelay * 2)
          }
          if (admission.probe) yield* endProbe(state)
          return
        }
        case "Unknown": {
          // An interrupted probe told nothing: let the next caller probe now.
          if (admission.probe) {
            state.openUntil = Math.min(state.openUntil, now)
            yield* endProbe(state)
          }
          return
        }
      }
    })

  const isOpen = (key: string) => {
    const state = hosts.get(key)
    return state !== undefined && (state.openUntil !== 0 || state.probe !== undefined)
  }

  return { admit, record, isOpen }
}

/** @internal */
export const disabled: CircuitBreaker = {
  admit: () => Effect.succeed({ _tag: "Admitted", probe: false, waitedMillis: 0 }),
  record: () => Effect.void,
  isOpen: () => false
}

// What says the vendor is down: server-side failures, no response at all, or no response in time.
const downCategories: ReadonlySet<string> = new Set(["server", "upstream", "unavailable", "transport", "timeout"])

/** @internal */
export const outcomeOf = (exit: Exit.Exit<unknown, Failure.Failure>): Outcome => {
  if (Exit.isSuccess(exit)) return { _tag: "Up" }
  const failure = Cause.failureOption(exit.cause)
  if (Option.isNone(failure)) return { _tag: "Unknown" }
  if (!downCategories.has(failure.value.category)) return { _tag: "Up" }
  const value: Failure.Failure & { readonly status?: unknown; readonly waitHint?: { readonly millis: number } } =
    failure.value
  return {
    _tag: "Down",
    status: typeof value.status === "number" ? value.status : undefined,
    waitHintMillis: value.waitHint?.millis
  }
}
