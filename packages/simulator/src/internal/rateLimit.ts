/**
 * A limit of `limit` requests per fixed window of `windowMs`; with `phaseMs`, the windows start `phaseMs` after each
 * whole multiple of `windowMs` since the epoch rather than at a key's first request.
 *
 * @internal
 */
export interface WindowRule {
  readonly limit: number
  readonly windowMs: number
  readonly phaseMs?: number | undefined
}

/** Where a request left its window. @internal */
export interface WindowDecision {
  readonly limited: boolean
  readonly limit: number
  readonly remaining: number
  /** Epoch milliseconds at which the window resets. */
  readonly resetAt: number
}

/**
 * The start of the clock-fixed window that holds `now`: the latest `phaseMs + k × windowMs` at or before it.
 *
 * @internal
 */
export const alignedWindowStart = (now: number, windowMs: number, phaseMs: number): number => {
  const into = (((now - phaseMs) % windowMs) + windowMs) % windowMs
  return now - into
}

/**
 * Fixed windows, one per key: a window opens with the key's first request and lasts `windowMs` (or, with `phaseMs`,
 * is the clock-fixed window that holds the request); a request over the limit is refused and does not count.
 *
 * @internal
 */
export class FixedWindows {
  private readonly windows = new Map<string, { start: number; count: number }>()

  take(key: string, rule: WindowRule, now: number): WindowDecision {
    let window = this.windows.get(key)
    if (window === undefined || now >= window.start + rule.windowMs) {
      const start = rule.phaseMs === undefined ? now : alignedWindowStart(now, rule.windowMs, rule.phaseMs)
      window = { start, count: 0 }
      this.windows.set(key, window)
    }
    const resetAt = window.start + rule.windowMs
    if (window.count >= rule.limit) return { limited: true, limit: rule.limit, remaining: 0, resetAt }
    window.count += 1
    return { limited: false, limit: rule.limit, remaining: rule.limit - window.count, resetAt }
  }
}

/** `X-RateLimit-*` headers; the reset is in epoch seconds, rounded up. @internal */
export const rateLimitHeaders = (decision: WindowDecision): Record<string, string> => ({
  "x-ratelimit-limit": String(decision.limit),
  "x-ratelimit-remaining": String(decision.remaining),
  "x-ratelimit-reset": String(Math.ceil(decision.resetAt / 1000))
})

/** Whole seconds until the window resets, at least 1. @internal */
export const secondsUntilReset = (decision: WindowDecision, now: number): number =>
  Math.max(1, Math.ceil((decision.resetAt - now) / 1000))
