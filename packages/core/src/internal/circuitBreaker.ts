import * as Clock from "effect/Clock"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type { Admission, CircuitBreaker, Options, Outcome } from "../CircuitBreaker.js"

interface HostState {
  consecutiveFailures: number
  /** 0 while closed; otherwise when the next probe may go. */
  openUntil: number
  /** Set while a probe is in flight; completed when it ends. */
  probe: Deferred.Deferred<void> | undefined
  nextDelay: number
}

const normal: Admission = { probe: false, waitedMillis: 0 }

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

  const admit = (key: string): Effect.Effect<Admission> =>
    Effect.gen(function* () {
      const state = stateOf(key)
      const started = yield* Clock.currentTimeMillis
      for (;;) {
        if (state.openUntil === 0) {
          const now = yield* Clock.currentTimeMillis
          return now === started ? normal : { probe: false, waitedMillis: now - started }
        }
        if (state.probe !== undefined) {
          yield* Deferred.await(state.probe)
          continue
        }
        const now = yield* Clock.currentTimeMillis
        if (now < state.openUntil) {
          yield* Effect.sleep(Duration.millis(state.openUntil - now))
          continue
        }
        state.probe = yield* Deferred.make<void>()
        return { probe: true, waitedMillis: now - started }
      }
    })

  const record = (key: string, admission: Admission, outcome: Outcome): Effect.Effect<void> =>
    Effect.gen(function* () {
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
  admit: () => Effect.succeed(normal),
  record: () => Effect.void,
  isOpen: () => false
}
