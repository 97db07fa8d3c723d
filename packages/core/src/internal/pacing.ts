import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type { PacingStore, Quota } from "../Pacing.js"
import * as WaitHint from "../WaitHint.js"

/** @internal */
export const memoryStore = (): PacingStore => {
  const quotas = new Map<string, Quota>()
  return {
    take: (key, now) =>
      Effect.sync(() => {
        const quota = quotas.get(key)
        if (quota === undefined || now >= quota.resetAt) return 0
        if (quota.remaining > 0) {
          quotas.set(key, { ...quota, remaining: quota.remaining - 1 })
          return 0
        }
        return quota.resetAt - now
      }),
    learn: (key, quota) =>
      Effect.sync(() => {
        const known = quotas.get(key)
        // Responses can arrive out of order: within one window, the lowest count is the latest news.
        if (known !== undefined && known.resetAt === quota.resetAt && known.remaining < quota.remaining) return
        quotas.set(key, quota)
      })
  }
}

const count = /^\s*\d+\s*$/

/** @internal */
export const quotaFromHeaders = (headers: Readonly<Record<string, string>>, now: number): Quota | undefined => {
  const remaining = headers["x-ratelimit-remaining"]
  const reset = headers["x-ratelimit-reset"]
  if (remaining === undefined || reset === undefined || !count.test(remaining)) return undefined
  const untilReset = WaitHint.parseRateLimitReset(reset, now)
  return untilReset === undefined ? undefined : { remaining: Number(remaining), resetAt: now + untilReset }
}

/** @internal */
export const admit = (store: PacingStore, key: string): Effect.Effect<number> =>
  Effect.gen(function* () {
    const started = yield* Clock.currentTimeMillis
    for (;;) {
      const now = yield* Clock.currentTimeMillis
      const wait = yield* store.take(key, now)
      if (wait <= 0) return now - started
      yield* Effect.sleep(Duration.millis(wait))
    }
  })
