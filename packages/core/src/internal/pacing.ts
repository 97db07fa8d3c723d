import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import type { PacingStore, Quota } from "../Pacing.js"
import * as WaitHint from "../WaitHint.js"
import * as RateLimitFields from "./rateLimitFields.js"
import * as WindowTurn from "./windowTurn.js"

interface HostQuota {
  limit: number | undefined
  /** What the server last said was left, `undefined` before the first response. */
  remaining: number | undefined
  resetAt: number
  /** Requests sent and not yet answered: the server's `remaining` does not count them yet. */
  inFlight: number
  /** When the known window really turns, as far as the answers tell (before `resetAt` when announced coarsely). */
  turn: WindowTurn.Turn
  /** The windows' length, learnt from the announced resets. */
  windowMillis: number | undefined
  /** Until when a 429's own hint said to wait (0 when none). */
  retryAt: number
  /**
   * The latest window a 429's own hint overrode: what any response says of it, or of an earlier one, is older
   * news than the hint (it was sent before, and arrived after).
   */
  overriddenUntil: number
  /** Whether any request to the host has been answered (settled), with a quota or without. */
  answered: boolean
  /** When the first request went, alone, to learn the quota (0 before it). */
  scoutAt: number
}

// How often requests held behind a window's early probe (or the host's first request) ask again while it is out.
const probePoll = 5
// The longest the host's first request holds the others when it does not answer.
const scoutMillis = 1000

/** @internal */
export const memoryStore = (): PacingStore => {
  const hosts = new Map<string, HostQuota>()
  const stateOf = (key: string) => {
    let state = hosts.get(key)
    if (state === undefined) {
      state = {
        limit: undefined,
        remaining: undefined,
        resetAt: 0,
        turn: WindowTurn.announced(0, undefined),
        windowMillis: undefined,
        inFlight: 0,
        retryAt: 0,
        overriddenUntil: 0,
        answered: false,
        scoutAt: 0
      }
      hosts.set(key, state)
    }
    return state
  }
  return {
    take: (key, now, options) =>
      Effect.sync(() => {
        const state = stateOf(key)
        if (now < state.retryAt) return state.retryAt - now
        // Nothing known of the host yet: its first request goes alone, and its answer tells the quota (or that the
        // responses describe none) before the others go, instead of a burst the quota turns back. It holds them for
        // a second at most.
        if (!state.answered && state.limit === undefined && state.remaining === undefined) {
          if (state.inFlight === 0) {
            state.inFlight++
            state.scoutAt = now
            return 0
          }
          if (now < state.scoutAt + scoutMillis) return Math.min(probePoll, state.scoutAt + scoutMillis - now)
        }
        // Within a known window, the budget is what the server said is left, less what is on its way. After the
        // window (or once a 429's own hint has run out), until a response describes the new one, allow up to the
        // limit at once.
        const known = state.remaining !== undefined && now < state.resetAt && state.resetAt > state.overriddenUntil
        const budget = known
          ? state.remaining! - state.inFlight
          : state.limit === undefined
            ? Number.POSITIVE_INFINITY
            : state.limit - state.inFlight
        if (budget > 0) {
          state.inFlight++
          return 0
        }
        if (!known) return 50
        // Spent (or about to be, by the requests in flight), and the reset announced in whole seconds: the window
        // really turns somewhere in the second before it. A request goes early, alone (two at most a window, see
        // WindowTurn): when its answer shows the window has turned, every other request goes at once (they ask
        // again every few milliseconds while it is out); otherwise they wait for the announced reset.
        const tryAt = WindowTurn.nextTryAt(state.turn)
        if (state.remaining === 0 && tryAt !== undefined && now >= tryAt && options?.mayGoEarly === true) {
          state.turn = WindowTurn.tried(state.turn, now)
          state.inFlight++
          return 0
        }
        if (state.turn.tries > 0 && state.inFlight > 0 && state.remaining === 0) {
          return Math.min(probePoll, state.resetAt - now)
        }
        if (tryAt !== undefined && now < tryAt) return Math.min(tryAt, state.resetAt) - now
        // The last of the quota is in flight: its answers will say whether the window is spent.
        if (tryAt !== undefined && state.remaining! > 0) return Math.min(probePoll, state.resetAt - now)
        return state.resetAt - now
      }),
    settle: (key, quota) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) =>
        Effect.sync(() => {
          const state = stateOf(key)
          const alone = state.inFlight === 1
          state.inFlight = Math.max(0, state.inFlight - 1)
          state.answered = true
          if (quota === undefined) return
          if (quota.limit !== undefined) state.limit = quota.limit
          // The early request, alone in flight, answered by the old window: the window turns after it went. Its
          // 429's own wait says when to try again, as a bound on the turn: it does not hold the host (the request
          // that met it waits it in its own retry), or a hint in whole seconds would undo the early try.
          if (alone && state.turn.tries > 0 && quota.resetAt <= state.resetAt) {
            if (quota.remaining === 0 || quota.retryAt !== undefined) {
              state.turn = WindowTurn.refused(state.turn, quota.retryAt)
              if (quota.retryAt !== undefined) return
            }
          }
          if (quota.retryAt !== undefined) {
            // The server said when to come back: that is when the quota is next worth trying, whatever the
            // window's reset says.
            state.retryAt = Math.max(state.retryAt, quota.retryAt)
            state.overriddenUntil = Math.max(state.overriddenUntil, quota.resetAt)
            return
          }
          if (quota.resetAt <= state.overriddenUntil) return
          if (quota.resetAt > state.resetAt || state.remaining === undefined) {
            const upcoming = WindowTurn.announced(quota.resetAt, quota.earliestResetAt)
            state.windowMillis = WindowTurn.learnLength(state.windowMillis, state.resetAt, quota.resetAt)
            state.turn =
              state.remaining === undefined ? upcoming : WindowTurn.next(state.turn, now, upcoming, state.windowMillis)
            state.remaining = quota.remaining
            state.resetAt = quota.resetAt
          } else if (quota.resetAt === state.resetAt) {
            // Responses arrive out of order: within one window, the lowest count is the latest news.
            state.remaining = Math.min(state.remaining, quota.remaining)
          }
        })
      )
  }
}

const count = /^\s*\d+\s*$/

// The IETF RateLimit fields' most constraining policy: a spent one (the last to reset), else the one with the
// fewest requests left.
const quotaFromIetf = (headers: Readonly<Record<string, string>>, now: number): Quota | undefined => {
  let chosen: { readonly remaining: number; readonly resetSeconds: number } | undefined
  for (const policy of RateLimitFields.policies(headers)) {
    const { remaining, resetSeconds } = policy
    if (remaining === undefined || resetSeconds === undefined) continue
    if (
      chosen === undefined ||
      remaining < chosen.remaining ||
      (remaining === chosen.remaining && resetSeconds > chosen.resetSeconds)
    ) {
      chosen = { remaining, resetSeconds }
    }
  }
  return chosen === undefined
    ? undefined
    : { limit: undefined, remaining: chosen.remaining, resetAt: now + Math.ceil(chosen.resetSeconds * 1000) }
}

/** @internal */
export const quotaFromHeaders = (headers: Readonly<Record<string, string>>, now: number): Quota | undefined => {
  const remaining = headers["x-ratelimit-remaining"]
  const reset = headers["x-ratelimit-reset"]
  if (remaining === undefined || reset === undefined) return quotaFromIetf(headers, now)
  if (!count.test(remaining)) return undefined
  const untilReset = WaitHint.parseRateLimitReset(reset, now)
  if (untilReset === undefined) return undefined
  const limit = headers["x-ratelimit-limit"]
  const resetAt = now + untilReset
  // Epoch seconds, or seconds from now: the window ends within the second before the reset (13 digits or more are
  // epoch milliseconds, exact).
  const digits = reset.trim().replace(/^0+/, "").length
  const wholeSeconds = /^\s*\d+\s*$/.test(reset) && digits < 13
  return {
    limit: limit !== undefined && count.test(limit) ? Number(limit) : undefined,
    remaining: Number(remaining),
    resetAt,
    ...(wholeSeconds ? { earliestResetAt: Math.max(now, resetAt - 1000) } : {})
  }
}

/** @internal */
export const quotaFromResponse = (response: {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly now: number
  readonly waitHint: WaitHint.WaitHint | undefined
}): Quota | undefined => {
  const quota = quotaFromHeaders(response.headers, response.now)
  const hint = response.waitHint
  if (response.status !== 429 || hint === undefined || !WaitHint.isExplicit(hint) || hint.millis <= 0) return quota
  // A 429 that says requests remain is about something else (calls in flight): its hint is the call's, not the
  // quota's.
  const remaining = response.headers["x-ratelimit-remaining"]
  if (remaining !== undefined && count.test(remaining) && Number(remaining) > 0) return quota
  const retryAt = response.now + hint.millis
  return { limit: quota?.limit, remaining: 0, resetAt: quota?.resetAt ?? 0, retryAt }
}
