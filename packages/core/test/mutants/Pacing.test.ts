import { describe, expect, it } from "@effect/vitest"
import { Pacing, WaitHint } from "@faultline/core"
import { Effect } from "effect"
import { storeClient, T } from "./storeClient.js"

// Written against the survivors of `pnpm mutate` on internal/pacing.ts: how long the memory store tells a request
// to wait (0: go now), as responses describe the quota, and what a response's headers say of the quota. The
// client calls `take` before each request and `settle` after it; these tests play the client, on virtual time.

describe("the memory store", () => {
  it.effect("lets everything go to a host whose answers say nothing of a quota", () =>
    Effect.gen(function* () {
      const c = storeClient({ mayGoEarly: false })
      expect(yield* c.take(T)).toBe(0)
      yield* c.settle(T, undefined)
      expect(new Set(yield* c.takeMany(T, 50))).toEqual(new Set([0]))
    })
  )

  it.effect("holds what the server said is left, less what is in flight, until the announced reset", () =>
    Effect.gen(function* () {
      const c = storeClient({ mayGoEarly: false })
      yield* c.take(T)
      yield* c.settle(T, { limit: 10, remaining: 2, resetAt: T + 1000 })
      expect(yield* c.takeMany(T, 3)).toEqual([0, 0, 1000])
      expect(yield* c.take(T + 400)).toBe(600)
      // Past the reset, up to the limit may go at once, less the two still in flight.
      expect(yield* c.takeMany(T + 1000, 9)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 50])
    })
  )

  it.effect("a request that ends with no news of the quota frees its place", () =>
    Effect.gen(function* () {
      const c = storeClient({ mayGoEarly: false })
      yield* c.take(T)
      yield* c.settle(T, { limit: 10, remaining: 1, resetAt: T + 1000 })
      expect(yield* c.takeMany(T, 2)).toEqual([0, 1000])
      yield* c.settle(T, undefined)
      expect(yield* c.take(T)).toBe(0)
    })
  )

  it.effect("with no limit known, once the window is past everything goes", () =>
    Effect.gen(function* () {
      const c = storeClient({ mayGoEarly: false })
      yield* c.take(T)
      yield* c.settle(T, { limit: undefined, remaining: 0, resetAt: T + 1000 })
      expect(yield* c.take(T + 999)).toBe(1)
      expect(new Set(yield* c.takeMany(T + 1000, 30))).toEqual(new Set([0]))
    })
  )

  it.effect("a limit once learnt is kept when later responses do not say it", () =>
    Effect.gen(function* () {
      const c = storeClient({ mayGoEarly: false })
      yield* c.take(T)
      yield* c.settle(T, { limit: 2, remaining: 1, resetAt: T + 1000 })
      yield* c.take(T)
      yield* c.settle(T, { limit: undefined, remaining: 0, resetAt: T + 1000 })
      expect(yield* c.takeMany(T + 1000, 3)).toEqual([0, 0, 50])
    })
  )

  it.effect("within one window, the lowest count is the latest news, whatever order responses arrive in", () =>
    Effect.gen(function* () {
      const c = storeClient({ mayGoEarly: false })
      yield* c.take(T)
      yield* c.settle(T, { limit: 10, remaining: 8, resetAt: T + 1000 })
      expect(yield* c.takeMany(T, 3)).toEqual([0, 0, 0])
      yield* c.settle(T, { limit: 10, remaining: 5, resetAt: T + 1000 })
      yield* c.settle(T, { limit: 10, remaining: 7, resetAt: T + 1000 })
      yield* c.settle(T, { limit: 10, remaining: 6, resetAt: T + 1000 })
      expect(yield* c.takeMany(T, 6)).toEqual([0, 0, 0, 0, 0, 1000])
    })
  )

  it.effect("a response about a later window replaces the spent one; one about an earlier window is old news", () =>
    Effect.gen(function* () {
      const c = storeClient({ mayGoEarly: false })
      yield* c.take(T)
      yield* c.settle(T, { limit: 10, remaining: 3, resetAt: T + 1000 })
      expect(yield* c.takeMany(T, 3)).toEqual([0, 0, 0])
      yield* c.settle(T, { limit: 10, remaining: 0, resetAt: T + 1000 })
      expect(yield* c.take(T)).toBe(1000)
      yield* c.settle(T + 10, { limit: 10, remaining: 2, resetAt: T + 2000 })
      yield* c.settle(T + 20, { limit: 10, remaining: 0, resetAt: T + 1000 })
      expect(yield* c.takeMany(T + 20, 3)).toEqual([0, 0, 1980])
    })
  )
})

describe("a 429's own wait", () => {
  it.effect("holds the host until then, and only until then, whatever the window's reset says", () =>
    Effect.gen(function* () {
      const c = storeClient({ mayGoEarly: false })
      yield* c.take(T)
      yield* c.settle(T, { limit: 10, remaining: 0, resetAt: T + 5000, retryAt: T + 2000 })
      expect(yield* c.take(T)).toBe(2000)
      expect(yield* c.take(T + 1500)).toBe(500)
      expect(yield* c.take(T + 2000)).toBe(0)
      // News of the overridden window, sent before the 429 and arriving after, does not hold the host again.
      yield* c.settle(T + 2010, { limit: 10, remaining: 0, resetAt: T + 5000 })
      expect(yield* c.take(T + 2010)).toBe(0)
    })
  )

  it.effect("the request that goes when it runs out counts as in flight", () =>
    Effect.gen(function* () {
      const c = storeClient({ mayGoEarly: false })
      yield* c.take(T)
      yield* c.settle(T, { limit: 1, remaining: 0, resetAt: T + 5000, retryAt: T + 2000 })
      expect(yield* c.takeMany(T + 2000, 2)).toEqual([0, 50])
    })
  )

  it.effect("a shorter wait after a longer one does not shorten it", () =>
    Effect.gen(function* () {
      const c = storeClient({ mayGoEarly: false })
      yield* c.take(T)
      yield* c.settle(T, { limit: 10, remaining: 2, resetAt: T + 5000 })
      expect(yield* c.takeMany(T, 2)).toEqual([0, 0])
      yield* c.settle(T, { limit: 10, remaining: 0, resetAt: T + 5000, retryAt: T + 3000 })
      yield* c.settle(T, { limit: 10, remaining: 0, resetAt: T + 5000, retryAt: T + 1000 })
      expect(yield* c.take(T + 1000)).toBe(2000)
    })
  )
})

describe("a 429's own wait for a request that did not go early", () => {
  const quota = (remaining: number, resetAt: number, extra: Partial<Pacing.Quota> = {}): Pacing.Quota => ({
    limit: 5,
    remaining,
    resetAt,
    ...extra
  })

  it.effect("holds the host, even when the request was alone in flight", () =>
    Effect.gen(function* () {
      const c = storeClient({ mayGoEarly: false })
      yield* c.take(T)
      yield* c.settle(T, quota(1, T + 5000))
      expect(yield* c.take(T)).toBe(0)
      yield* c.settle(T + 100, quota(0, T + 5000, { retryAt: T + 2000 }))
      expect(yield* c.take(T + 100)).toBe(1900)
      expect(yield* c.take(T + 2000)).toBe(0)
    })
  )

  it.effect("ends the spent window it overrode: then up to the limit go at once", () =>
    Effect.gen(function* () {
      const c = storeClient({ mayGoEarly: false })
      yield* c.take(T)
      yield* c.settle(T, quota(2, T + 5000, { limit: 3 }))
      expect(yield* c.takeMany(T, 2)).toEqual([0, 0])
      // One answer spends the window; the other is a 429 that says to come back in 2 s.
      yield* c.settle(T + 10, quota(0, T + 5000, { limit: 3 }))
      yield* c.settle(T + 20, quota(0, T + 5000, { limit: 3, retryAt: T + 2000 }))
      expect(yield* c.take(T + 1000)).toBe(1000)
      expect(yield* c.takeMany(T + 2000, 4)).toEqual([0, 0, 0, 50])
    })
  )

  it.effect("makes what any response says of the window it overrode old news, which teaches nothing", () =>
    Effect.gen(function* () {
      const c = storeClient({ mayGoEarly: false })
      // Windows of a second, announced in whole seconds: the first ends at T + 1000.
      yield* c.take(T)
      yield* c.settle(T, quota(0, T + 1000, { earliestResetAt: T }))
      expect(yield* c.takeMany(T + 1000, 2)).toEqual([0, 0])
      // Both meet the window that ends at T + 2000, spent: the first a 429 that says to come back at T + 1500,
      // the second, sent before it and answered after, says so too. The store keeps the 429's word only, so it
      // learns no window from T + 1000 to T + 2000.
      yield* c.settle(T + 1010, quota(0, T + 2000, { earliestResetAt: T + 1000, retryAt: T + 1500 }))
      yield* c.settle(T + 1020, quota(0, T + 2000, { earliestResetAt: T + 1000 }))
      expect(yield* c.take(T + 1020)).toBe(480)
      expect(yield* c.take(T + 1500)).toBe(0)
      // Answered by the window after, 4 left: the length it learns is from T + 1000 to T + 3000, so the window
      // after turns in [T + 2000, T + 3000], and the early request goes in its middle.
      yield* c.settle(T + 1510, quota(4, T + 3000, { earliestResetAt: T + 2000 }))
      expect(yield* c.takeMany(T + 1510, 4)).toEqual([0, 0, 0, 0])
      for (let i = 0; i < 4; i++) yield* c.settle(T + 1520, quota(0, T + 3000, { earliestResetAt: T + 2000 }))
      expect(yield* c.take(T + 1520, true)).toBe(980)
      expect(yield* c.take(T + 2500, true)).toBe(0)
    })
  )
})

describe("the host's first request", () => {
  it.effect("holds the others a second at most; those that go then count as in flight", () =>
    Effect.gen(function* () {
      const c = storeClient({ mayGoEarly: false })
      expect(yield* c.take(T)).toBe(0)
      // It has not answered: the others ask again every 5 ms, less near the second's end.
      expect(yield* c.take(T + 500)).toBe(5)
      expect(yield* c.take(T + 998)).toBe(2)
      expect(yield* c.take(T + 1000)).toBe(0)
      expect(yield* c.take(T + 1001)).toBe(0)
      // Its answer, 2 left, does not count the two that went after it: nothing more goes until the reset.
      yield* c.settle(T + 1100, { limit: 5, remaining: 2, resetAt: T + 5000 })
      expect(yield* c.take(T + 1100)).toBe(3900)
    })
  )
})

describe("what a response says of the quota", () => {
  const now = T

  it("X-RateLimit-* in epoch seconds: the window may end up to a second before the reset", () => {
    const headers = {
      "x-ratelimit-limit": "10",
      "x-ratelimit-remaining": "3",
      "x-ratelimit-reset": String(now / 1000 + 5)
    }
    expect(Pacing.quotaFromHeaders(headers, now)).toEqual({
      limit: 10,
      remaining: 3,
      resetAt: now + 5000,
      earliestResetAt: now + 4000
    })
    // Seconds from now, padded: the same, and never earlier than now.
    expect(Pacing.quotaFromHeaders({ "x-ratelimit-remaining": " 0 ", "x-ratelimit-reset": " 1 " }, now)).toEqual({
      limit: undefined,
      remaining: 0,
      resetAt: now + 1000,
      earliestResetAt: now
    })
    expect(Pacing.quotaFromHeaders({ "x-ratelimit-remaining": "0", "x-ratelimit-reset": "0" }, now)).toEqual({
      limit: undefined,
      remaining: 0,
      resetAt: now,
      earliestResetAt: now
    })
  })

  it("an exact reset (epoch milliseconds, or fractional seconds) has no earlier end", () => {
    for (const reset of [String(now + 1500), "1.5", `000${now + 1500}`]) {
      const quota = Pacing.quotaFromHeaders({ "x-ratelimit-remaining": "2", "x-ratelimit-reset": reset }, now)
      expect([reset, quota?.resetAt, quota?.earliestResetAt]).toEqual([reset, now + 1500, undefined])
    }
  })

  it("epoch seconds padded or led by zeros are still whole seconds", () => {
    for (const reset of [`0000${now / 1000 + 5}`, `   ${now / 1000 + 5}   `]) {
      const quota = Pacing.quotaFromHeaders({ "x-ratelimit-remaining": "2", "x-ratelimit-reset": reset }, now)
      expect([reset, quota?.resetAt, quota?.earliestResetAt]).toEqual([reset, now + 5000, now + 4000])
    }
  })

  it("X-RateLimit-Reset without X-RateLimit-Remaining leaves the quota to the IETF fields", () => {
    const headers = { "x-ratelimit-reset": "30", ratelimit: `"a";r=3;t=7` }
    expect(Pacing.quotaFromHeaders(headers, now)).toEqual({ limit: undefined, remaining: 3, resetAt: now + 7000 })
  })

  it("counts that are not counts say nothing", () => {
    expect(Pacing.quotaFromHeaders({ "x-ratelimit-remaining": "-1", "x-ratelimit-reset": "5" }, now)).toBeUndefined()
    expect(Pacing.quotaFromHeaders({ "x-ratelimit-remaining": "2.5", "x-ratelimit-reset": "5" }, now)).toBeUndefined()
    expect(Pacing.quotaFromHeaders({ "x-ratelimit-remaining": "2", "x-ratelimit-reset": "soon" }, now)).toBeUndefined()
    const badLimit = { "x-ratelimit-limit": "many", "x-ratelimit-remaining": "2", "x-ratelimit-reset": "5" }
    expect(Pacing.quotaFromHeaders(badLimit, now)?.limit).toBeUndefined()
    expect(Pacing.quotaFromHeaders({ "x-ratelimit-limit": "10", "x-ratelimit-remaining": "2" }, now)).toBeUndefined()
  })

  it("IETF RateLimit: the most constraining policy, the later reset on a tie, none without both values", () => {
    const quota = (field: string) => Pacing.quotaFromHeaders({ ratelimit: field }, now)
    expect(quota(`"a";r=5;t=3, "b";r=2;t=10`)).toEqual({ limit: undefined, remaining: 2, resetAt: now + 10_000 })
    expect(quota(`"a";r=2;t=3, "b";r=2;t=10, "c";r=2;t=4`)).toEqual({
      limit: undefined,
      remaining: 2,
      resetAt: now + 10_000
    })
    expect(quota(`"a";r=2;t=10, "b";r=2;t=3`)).toEqual({ limit: undefined, remaining: 2, resetAt: now + 10_000 })
    expect(quota(`"a";r=1;t=10, "b";r=3;t=30`)).toEqual({ limit: undefined, remaining: 1, resetAt: now + 10_000 })
    expect(quota(`"a";r=0.5;t=1.001`)).toEqual({ limit: undefined, remaining: 0.5, resetAt: now + 1001 })
    expect(quota(`"a";r=1, "b";t=5`)).toBeUndefined()
    expect(quota(`"a";r=1, "b";r=4;t=5`)).toEqual({ limit: undefined, remaining: 4, resetAt: now + 5000 })
  })

  const explicit = (millis: number) => new WaitHint.WaitHint({ millis, source: "retry-after" })

  it("a 429 with its own wait: the quota is spent until then", () => {
    const headers = { "x-ratelimit-limit": "10", "x-ratelimit-remaining": "0", "x-ratelimit-reset": "30" }
    expect(Pacing.quotaFromResponse({ status: 429, headers, now, waitHint: explicit(2000) })).toEqual({
      limit: 10,
      remaining: 0,
      resetAt: now + 30_000,
      retryAt: now + 2000
    })
    expect(Pacing.quotaFromResponse({ status: 429, headers: {}, now, waitHint: explicit(2000) })).toEqual({
      limit: undefined,
      remaining: 0,
      resetAt: 0,
      retryAt: now + 2000
    })
  })

  it("no retryAt: not a 429, no hint, a hint of 0, a quota's own reset, or requests still left", () => {
    const headers = { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "30" }
    const quota = Pacing.quotaFromHeaders(headers, now)
    const of = (status: number, waitHint: WaitHint.WaitHint | undefined, h: Record<string, string> = headers) =>
      Pacing.quotaFromResponse({ status, headers: h, now, waitHint })
    expect(of(503, explicit(2000))).toEqual(quota)
    expect(of(429, undefined)).toEqual(quota)
    expect(of(429, explicit(0))).toEqual(quota)
    expect(of(429, new WaitHint.WaitHint({ millis: 30_000, source: "x-ratelimit-reset" }))).toEqual(quota)
    const left = { ...headers, "x-ratelimit-remaining": "3" }
    expect(of(429, explicit(2000), left)).toEqual(Pacing.quotaFromHeaders(left, now))
    expect(of(429, explicit(2000), { "x-ratelimit-remaining": "3" })).toBeUndefined()
    // A remaining count that is not a count does not say requests remain: the 429's wait holds the host.
    expect(of(429, explicit(2000), { "x-ratelimit-remaining": "3.5" })).toEqual({
      limit: undefined,
      remaining: 0,
      resetAt: 0,
      retryAt: now + 2000
    })
  })
})
