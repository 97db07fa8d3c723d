/**
 * When a spent rate-limit window really turns, as far as the answers tell. A reset announced in whole seconds
 * says the window ends up to a second before it; the pacer narrows that second, window after window:
 *
 * - the first answer that shows a new window arrived after the old one turned (an upper bound), and an early
 *   request still refused was sent before it turned (a lower bound);
 * - windows follow each other by the window's length, learnt as the shortest step between announced resets, so
 *   the bounds of one turn, moved by that length, bound the next (whether windows are fixed on the clock or open
 *   with the first request after the last one ended, the next turn is no earlier than the last plus the length,
 *   and no later than the first answer of the new window plus it).
 *
 * Requests are tried early one at a time, at most two a window: the first in the middle of what is not yet
 * known (or at the likely turn, once that is narrow), the second, if the first was refused, at the likely turn
 * (or in the middle of what is left). If
 * the learnt length is wrong the worst is those two 429s, then the announced reset, which is always safe.
 *
 * @internal
 */

/** What is known of the current window's turn, in epoch milliseconds. */
export interface Turn {
  /** The window does not turn before this. */
  readonly earliest: number
  /** It turns by this if the learnt length is right; never after `announced`. */
  readonly likely: number
  /** The reset the server announced: the window has turned by then. */
  readonly announced: number
  /** Early requests sent in this window, and when the last went. */
  readonly tries: number
  readonly lastTriedAt: number
  /** Whether the last early request was answered, still by the old window. */
  readonly lastRefused: boolean
}

// Narrower than this, the first early request goes at the likely turn rather than in the middle.
const narrowMillis = 50

/** A window as a response announces it: nothing learnt yet. @internal */
export const announced = (announcedAt: number, earliest: number | undefined): Turn => ({
  earliest: Math.min(announcedAt, earliest ?? announcedAt),
  likely: announcedAt,
  announced: announcedAt,
  tries: 0,
  lastTriedAt: 0,
  lastRefused: false
})

/**
 * The next window's turn, from the last one's and what the first answer of the new window said: its arrival
 * (`answeredAt`), and the new announced reset. `windowMillis` is the learnt length, if any.
 *
 * @internal
 */
export const next = (previous: Turn, answeredAt: number, upcoming: Turn, windowMillis: number | undefined): Turn => {
  if (windowMillis === undefined) return upcoming
  // Fixed windows turn a length after the last turn (before the answer); windows that open with a request turn a
  // length after it (before its answer): the answer plus the length bounds both. The last turn came after
  // `previous.earliest`, which every refused early request has raised. An exact reset (`earliest` at `announced`)
  // is kept as it is: no bound from below can be under it, nor one from above over it.
  const earliest = Math.max(upcoming.earliest, previous.earliest + windowMillis)
  const likely = Math.min(upcoming.announced, answeredAt + windowMillis)
  return earliest < likely ? { ...upcoming, earliest, likely } : upcoming
}

/**
 * When the next early request may go, or `undefined` when none should (one is out, two have gone, or the second
 * would not be earlier than the announced reset).
 *
 * @internal
 */
export const nextTryAt = (turn: Turn): number | undefined => {
  if (turn.earliest >= turn.announced) return undefined
  if (turn.tries === 0) {
    const open = turn.likely - turn.earliest
    return open > narrowMillis ? turn.earliest + Math.floor(open / 2) : turn.likely
  }
  if (turn.tries !== 1 || !turn.lastRefused) return undefined
  // The first was refused: the likely turn if it is known before the announced reset, else the middle of what is
  // left, when that is worth a request.
  if (turn.lastTriedAt < turn.likely && turn.likely < turn.announced) return turn.likely
  const left = turn.announced - turn.lastTriedAt
  return left > 2 * narrowMillis ? turn.lastTriedAt + Math.floor(left / 2) : undefined
}

/** An early request went at `now`. @internal */
export const tried = (turn: Turn, now: number): Turn => ({
  ...turn,
  tries: turn.tries + 1,
  lastTriedAt: now,
  lastRefused: false
})

/**
 * The early request was answered by the old window: the window turns after it went, whatever the next early request
 * meets. `retryAt`, when its 429 said when to come back, bounds the likely turn (a wait announced in whole seconds is
 * rounded up).
 *
 * @internal
 */
export const refused = (turn: Turn, retryAt?: number): Turn => ({
  ...turn,
  earliest: Math.max(turn.earliest, turn.lastTriedAt),
  lastRefused: true,
  likely: retryAt !== undefined && retryAt > turn.lastTriedAt ? Math.min(turn.likely, retryAt) : turn.likely
})

/**
 * The window's length learnt so far: the shortest step between two announced resets.
 *
 * @internal
 */
export const learnLength = (known: number | undefined, previousReset: number, nextReset: number) => {
  const step = nextReset - previousReset
  return step <= 0 || previousReset === 0 ? known : known === undefined ? step : Math.min(known, step)
}
