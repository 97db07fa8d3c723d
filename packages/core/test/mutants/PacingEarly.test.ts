import { describe, expect, it } from "@effect/vitest"
import type { Pacing } from "@faultline/core"
import { Effect } from "effect"
import { R, type StoreClient, storeClient, T } from "./storeClient.js"

// Written against the survivors of `pnpm mutate` on internal/pacing.ts in `take`'s early-request branches and
// `settle`'s refusal branch: when a request goes (`take` says 0) and how long the others are told to wait, as the
// answers describe the quota. These tests play the client on virtual time. T is when the quota is first seen; R,
// at T + 800 ms, is a reset announced in whole seconds, so the window may really turn anywhere in [T, R].

const quota = (remaining: number, resetAt: number, extra: Partial<Pacing.Quota> = {}): Pacing.Quota => ({
  limit: 5,
  remaining,
  resetAt,
  ...extra
})

// The window ending at R, announced in whole seconds: it may turn from T on.
const coarse = (remaining: number, extra: Partial<Pacing.Quota> = {}) =>
  quota(remaining, R, { earliestResetAt: T, ...extra })

// The host's first request, answered at T with `first`.
const seen = (c: StoreClient, first: Pacing.Quota) => Effect.zipRight(c.take(T), c.settle(T, first))

describe("the early request", () => {
  it.effect("does not go while the last of the quota is in flight: the others ask again until its answer", () =>
    Effect.gen(function* () {
      const c = storeClient({ mayGoEarly: true })
      yield* seen(c, coarse(1))
      expect(yield* c.take(T)).toBe(0)
      // The try would be due at T + 400, but one request is still on its way: its answer says whether the window
      // is spent. Until then, the others ask every 5 ms (less near the reset).
      expect(yield* c.take(T + 100)).toBe(300)
      expect(yield* c.take(T + 400)).toBe(5)
      expect(yield* c.take(R - 3)).toBe(3)
      // Its answer: spent. Now the early request goes.
      yield* c.settle(T + 410, coarse(0))
      expect(yield* c.take(T + 410)).toBe(0)
    })
  )

  it.effect("goes only for a request that may go early: one that says nothing waits for the reset", () =>
    Effect.gen(function* () {
      const c = storeClient({ mayGoEarly: true })
      yield* seen(c, coarse(0))
      expect(yield* c.takeBare(T + 400)).toBe(400)
      expect(yield* c.take(T + 400, false)).toBe(400)
      expect(yield* c.take(T + 400)).toBe(0)
    })
  )

  it.effect("answered by the old window with requests left, it was not refused: no second goes early", () =>
    Effect.gen(function* () {
      const c = storeClient({ mayGoEarly: true })
      yield* seen(c, coarse(0))
      expect(yield* c.take(T + 400)).toBe(0)
      // Within one window the lowest count stands, and only a refusal earns a second early request.
      yield* c.settle(T + 450, coarse(2))
      expect(yield* c.take(T + 450)).toBe(350)
      expect(yield* c.take(T + 600)).toBe(200)
    })
  )

  it.effect("meets the next window, spent too, and its 429 says when to come back: the host waits until then", () =>
    Effect.gen(function* () {
      const c = storeClient({ mayGoEarly: true })
      yield* seen(c, coarse(0))
      expect(yield* c.take(T + 400)).toBe(0)
      // "Retry-After: 1" from the window that ends at R + 1000: a refusal by the old window it is not.
      yield* c.settle(T + 450, quota(0, R + 1000, { earliestResetAt: R, retryAt: T + 1450 }))
      expect(yield* c.take(T + 450)).toBe(1000)
      expect(yield* c.take(T + 600)).toBe(850)
      expect(yield* c.take(T + 1450)).toBe(0)
    })
  )

  it.effect("out, while an older request's 429 says when to come back: the host waits for that 429", () =>
    Effect.gen(function* () {
      const c = storeClient({ mayGoEarly: true })
      yield* seen(c, coarse(2))
      expect(yield* c.take(T)).toBe(0)
      expect(yield* c.take(T)).toBe(0)
      yield* c.settle(T + 10, coarse(0))
      // The early request goes with the other request still on its way.
      expect(yield* c.take(T + 400)).toBe(0)
      // The other is answered first, 429 with "retry-after-ms: 300": its wait is not the early request's refusal,
      // it holds the host.
      yield* c.settle(T + 420, coarse(0, { retryAt: T + 720 }))
      expect(yield* c.take(T + 430)).toBe(290)
      expect(yield* c.take(T + 720)).toBe(0)
    })
  )
})
