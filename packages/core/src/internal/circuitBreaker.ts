import * as Cause from "effect/Cause"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import type { CircuitBreaker, Options, Outcome, Verdict } from "../CircuitBreaker.js"
import type * as Failure from "../Failure.js"
import { monotonicMillis } from "./time.js"

const go: Verdict = { _tag: "Go", probe: false }
const probing: Verdict = { _tag: "Go", probe: true }

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
  const maxDelay = Math.max(baseDelay, options.maxDelayMillis ?? 1000)
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

  const goAtOnce = Effect.succeed(go)
  const closed = (key: string) => {
    const state = hosts.get(key)
    return state === undefined || (state.openUntil === 0 && state.probe === undefined)
  }

  const ask = (key: string): Effect.Effect<Verdict> => Effect.suspend(() => (closed(key) ? goAtOnce : askOpen(key)))

  const askOpen = (key: string): Effect.Effect<Verdict> =>
    Effect.gen(function* () {
      const state = stateOf(key)
      if (state.openUntil === 0 && state.probe === undefined) return go
      if (state.probe !== undefined) return { _tag: "WaitForProbe", probeEnded: Deferred.await(state.probe) }
      const now = yield* monotonicMillis
      if (now < state.openUntil) return { _tag: "WaitUntil", millis: state.openUntil - now }
      // One step from here to the verdict: a caller that cannot be interrupted between asking and recording (the
      // client's gate) never leaves a probe behind.
      state.probe = yield* Deferred.make<void>()
      return probing
    })

  // Up on a closed breaker with no failures counted changes nothing: no state to touch, no clock to read.
  const record = (key: string, probe: boolean, outcome: Outcome): Effect.Effect<void> =>
    Effect.suspend(() =>
      !probe && outcome._tag === "Up" && closed(key) && (hosts.get(key)?.consecutiveFailures ?? 0) === 0
        ? Effect.void
        : recordOutcome(key, probe, outcome)
    )

  const recordOutcome = (key: string, probe: boolean, outcome: Outcome): Effect.Effect<void> =>
    Effect.gen(function* () {
      const state = stateOf(key)
      const now = yield* monotonicMillis
      switch (outcome._tag) {
        case "Up": {
          state.consecutiveFailures = 0
          state.openUntil = 0
          state.nextDelay = baseDelay
          if (probe) yield* endProbe(state)
          return
        }
        case "Down": {
          state.consecutiveFailures++
          // A 503 that says when to come back opens at once; the next probe goes then, or after the probe delay
          // when that is longer (a hint of 0 or 1 ms would have every waiting call probe at once, again and again).
          const hint = outcome.waitHintMillis
          const hinted = outcome.status === 503 && hint !== undefined && hint > 0
          if (probe || hinted || state.consecutiveFailures >= threshold) {
            const wait = Math.max(hint ?? 0, state.nextDelay)
            state.openUntil = Math.max(state.openUntil, now + wait)
            if (probe) state.nextDelay = Math.min(maxDelay, state.nextDelay * 2)
          }
          if (probe) yield* endProbe(state)
          return
        }
        case "Unknown": {
          // An interrupted probe told nothing: let the next caller probe now.
          if (probe) {
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

  return { ask, record, isOpen }
}

/** @internal */
export const disabled: CircuitBreaker = {
  ask: () => Effect.succeed(go),
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
