import { describe, expect, it } from "@effect/vitest"
import type { Pacing } from "@faultline/core"
import { Effect } from "effect"
import { R, type StoreClient, storeClient, T } from "./storeClient.js"

// Written against the survivors of `pnpm mutate` on internal/windowTurn.ts, which the memory store uses to send
// one request early, alone, before a reset announced in whole seconds. These tests play the client: `take` says
// how long a request waits (0: it goes), `settle` is its answer. T is when the quota was first seen spent; its
// reset R is announced at T + 800 ms and may really be anywhere in [T, R].

const spent = (resetAt: number, earliestResetAt: number | undefined, extra: Partial<Pacing.Quota> = {}) =>
  ({
    limit: 5,
    remaining: 0,
    resetAt,
    ...(earliestResetAt === undefined ? {} : { earliestResetAt }),
    ...extra
  }) satisfies Pacing.Quota

// The first response: the quota is spent until R, announced coarsely (the window may end from `earliest` on).
const spentAt = (c: StoreClient, earliest = T) =>
  Effect.gen(function* () {
    yield* c.take(T)
    yield* c.settle(T, spent(R, earliest))
  })

describe("within one window", () => {
  it.effect("the first early request goes in the middle of the second, and others wait while it is out", () =>
    Effect.gen(function* () {
      const c = storeClient({ mayGoEarly: true })
      yield* spentAt(c)
      expect(yield* c.take(T)).toBe(400)
      // A request that may not go early waits for the announced reset.
      expect(yield* c.take(T + 400, false)).toBe(400)
      expect(yield* c.take(T + 400)).toBe(0)
      expect(yield* c.take(T + 410)).toBe(5)
      expect(yield* c.take(T + 798)).toBe(2)
    })
  )

  it.effect("refused, the second goes in the middle of what is left, and there is no third", () =>
    Effect.gen(function* () {
      const c = storeClient({ mayGoEarly: true })
      yield* spentAt(c)
      expect(yield* c.take(T + 400)).toBe(0)
      yield* c.settle(T + 450, spent(R, T))
      expect(yield* c.take(T + 450)).toBe(150)
      expect(yield* c.take(T + 600)).toBe(0)
      yield* c.settle(T + 650, spent(R, T))
      expect(yield* c.take(T + 650)).toBe(150)
    })
  )

  it.effect("a refusal's own wait, if before the reset, is when the second goes; past it, it holds nothing", () =>
    Effect.gen(function* () {
      const before = storeClient({ mayGoEarly: true })
      yield* spentAt(before)
      yield* before.take(T + 400)
      yield* before.settle(T + 450, spent(R, T, { retryAt: T + 700 }))
      expect(yield* before.take(T + 450)).toBe(250)
      expect(yield* before.take(T + 700)).toBe(0)

      // "Retry-After: 1" rounded up past the reset: the host is not held until T + 1450.
      const after = storeClient({ mayGoEarly: true })
      yield* spentAt(after)
      yield* after.take(T + 400)
      yield* after.settle(T + 450, spent(R, T, { retryAt: T + 1450 }))
      expect(yield* after.take(T + 450)).toBe(150)
      expect(yield* after.take(T + 600)).toBe(0)
      // A wait said before the early request went bounds nothing.
      const stale = storeClient({ mayGoEarly: true })
      yield* spentAt(stale)
      yield* stale.take(T + 400)
      yield* stale.settle(T + 450, spent(R, T, { retryAt: T + 300 }))
      expect(yield* stale.take(T + 450)).toBe(150)
    })
  )

  it.effect("narrower than 50 ms, the early request goes at the likely turn", () =>
    Effect.gen(function* () {
      const narrow = storeClient({ mayGoEarly: true })
      yield* spentAt(narrow, R - 50)
      expect(yield* narrow.take(R - 50)).toBe(50)
      const wide = storeClient({ mayGoEarly: true })
      yield* spentAt(wide, R - 51)
      expect(yield* wide.take(R - 51)).toBe(25)
    })
  )

  it.effect("a second early request needs more than 100 ms left before the reset", () =>
    Effect.gen(function* () {
      const short = storeClient({ mayGoEarly: true })
      yield* spentAt(short, R - 200)
      expect(yield* short.take(R - 100)).toBe(0)
      yield* short.settle(R - 90, spent(R, R - 200))
      expect(yield* short.take(R - 90)).toBe(90)
      const enough = storeClient({ mayGoEarly: true })
      yield* spentAt(enough, R - 202)
      expect(yield* enough.take(R - 101)).toBe(0)
      yield* enough.settle(R - 90, spent(R, R - 202))
      expect(yield* enough.take(R - 90)).toBe(39)
    })
  )

  it.effect("an exact reset is waited for: nothing goes early", () =>
    Effect.gen(function* () {
      const c = storeClient({ mayGoEarly: true })
      yield* c.take(T)
      yield* c.settle(T, spent(R, undefined))
      expect(yield* c.take(T)).toBe(800)
      expect(yield* c.take(T + 400)).toBe(400)
    })
  )
})

describe("from one window to the next", () => {
  it.effect("the learnt length narrows the next turn: after the early request's answer, less the time it took", () =>
    Effect.gen(function* () {
      const c = storeClient({ mayGoEarly: true })
      yield* spentAt(c)
      expect(yield* c.take(T + 400)).toBe(0)
      // Answered by the new window (it turned in (T, T + 400]): windows are 1000 ms, so the next turns in
      // [T + 1000, T + 1450], and its early request goes in the middle.
      yield* c.settle(T + 450, spent(R + 1000, R, { remaining: 4 }))
      for (let i = 0; i < 4; i++) expect(yield* c.take(T + 450)).toBe(0)
      for (let i = 0; i < 4; i++) yield* c.settle(T + 500, spent(R + 1000, R))
      expect(yield* c.take(T + 500)).toBe(725)
      expect(yield* c.take(T + 1225)).toBe(0)
    })
  )

  it.effect("a refused early request bounds the turn from below, window after window", () =>
    Effect.gen(function* () {
      const c = storeClient({ mayGoEarly: true })
      yield* spentAt(c)
      yield* c.take(T + 400)
      yield* c.settle(T + 450, spent(R, T))
      // No second try: the next request goes at the reset, and meets the new window, spent.
      expect(yield* c.take(R, false)).toBe(0)
      yield* c.settle(R + 50, spent(R + 1000, R))
      // The turn was after T + 400: the next is in [T + 1400, T + 1800].
      expect(yield* c.take(R + 50)).toBe(750)
    })
  )

  it.effect("a first early request refused, a second answered by the new window: both bounds carry over", () =>
    Effect.gen(function* () {
      const c = storeClient({ mayGoEarly: true })
      yield* spentAt(c)
      expect(yield* c.take(T + 400)).toBe(0)
      yield* c.settle(T + 450, spent(R, T))
      expect(yield* c.take(T + 600)).toBe(0)
      yield* c.settle(T + 650, spent(R + 1000, R, { remaining: 4 }))
      for (let i = 0; i < 4; i++) expect(yield* c.take(T + 650)).toBe(0)
      for (let i = 0; i < 4; i++) yield* c.settle(T + 700, spent(R + 1000, R))
      // The turn came after T + 400 (refused) and by T + 650 (the new window's answer): windows are 1000 ms, so
      // the next is in [T + 1400, T + 1650]. An early request before T + 1400 would be refused for sure.
      expect(yield* c.take(T + 700)).toBe(825)
      expect(yield* c.take(T + 1525)).toBe(0)
    })
  )

  it.effect(
    "with nothing tried early, the learnt length moves only the lower bound; an exact reset is waited in full",
    () =>
      Effect.gen(function* () {
        const c = storeClient({ mayGoEarly: true })
        yield* spentAt(c)
        yield* c.take(R, false)
        yield* c.settle(R + 50, spent(R + 1000, R))
        // Nothing was tried early in the first window: the next turn is in [T + 1000, T + 1800], its middle T + 1400.
        expect(yield* c.take(R + 50)).toBe(550)
        yield* c.take(R + 1000, false)
        yield* c.settle(R + 1050, spent(R + 2000, undefined))
        expect(yield* c.take(R + 1050)).toBe(950)
      })
  )

  it.effect("the length kept is the shortest step between resets", () =>
    Effect.gen(function* () {
      const c = storeClient({ mayGoEarly: true })
      yield* spentAt(c)
      yield* c.take(R, false)
      yield* c.settle(R + 50, spent(R + 1000, R))
      // A window skipped: the next reset is 2000 ms on, but the windows are still 1000 ms long.
      yield* c.take(R + 2000, false)
      yield* c.settle(R + 2050, spent(R + 3000, R + 2000))
      // Bounds: [R + 2000 (announced, less a second), R + 2050 + 1000 capped at R + 3000] → middle at R + 2500.
      expect(yield* c.take(R + 2050)).toBe(450)
    })
  )

  it.effect("refused inside a learnt turn, the second goes at the likely turn; a stale wait does not move it", () =>
    Effect.gen(function* () {
      for (const retryAt of [undefined, T + 1225]) {
        const c = storeClient({ mayGoEarly: true })
        yield* spentAt(c)
        yield* c.take(T + 400)
        yield* c.settle(T + 450, spent(R + 1000, R, { remaining: 4 }))
        for (let i = 0; i < 4; i++) yield* c.take(T + 450)
        for (let i = 0; i < 4; i++) yield* c.settle(T + 500, spent(R + 1000, R))
        // The turn is in [T + 1000, T + 1450]; the first early request goes at T + 1225 and is refused.
        expect(yield* c.take(T + 1225)).toBe(0)
        yield* c.settle(T + 1275, spent(R + 1000, R, retryAt === undefined ? {} : { retryAt }))
        expect([retryAt, yield* c.take(T + 1275)]).toEqual([retryAt, 175])
      }
    })
  )

  it.effect("bounds that cross (the windows got longer than learnt) give way to the announced ones", () =>
    Effect.gen(function* () {
      // Windows of 100 ms are learnt, then the next reset is a second on; its answer, at R + 110, would put the
      // likely turn at R + 210, at or before the announced earliest.
      const crossing = (earliest: number) =>
        Effect.gen(function* () {
          const c = storeClient({ mayGoEarly: true })
          yield* spentAt(c)
          yield* c.take(R, false)
          yield* c.settle(R + 10, spent(R + 100, R + 50))
          yield* c.take(R + 100, false)
          yield* c.settle(R + 110, spent(R + 1100, earliest))
          return yield* c.take(R + 110)
        })
      // [R + 1099, R + 1100] is narrow: the early request goes at the announced reset.
      expect(yield* crossing(R + 1099)).toBe(990)
      // [R + 210, R + 1100]: in its middle, R + 655.
      expect(yield* crossing(R + 210)).toBe(545)
    })
  )

  it.effect(
    "a narrow learnt turn: the early request goes at the likely turn and, refused there, goes no second time",
    () =>
      Effect.gen(function* () {
        const c = storeClient({ mayGoEarly: true })
        // The quota is first seen spent 80 ms before the reset, so the window turns in [R - 80, R] (a reset in
        // whole seconds, read as the headers say, is never earlier than now). The early request goes at R - 40 and
        // meets the new window, 4 left: windows are 1000 ms, and the next turns in [R + 920, R + 965], 45 ms wide.
        yield* c.take(R - 80)
        yield* c.settle(R - 80, spent(R, R - 80))
        expect(yield* c.take(R - 80)).toBe(40)
        expect(yield* c.take(R - 40)).toBe(0)
        yield* c.settle(R - 35, spent(R + 1000, R, { remaining: 4 }))
        for (let i = 0; i < 4; i++) expect(yield* c.take(R - 35)).toBe(0)
        for (let i = 0; i < 4; i++) yield* c.settle(R - 30, spent(R + 1000, R))
        // Narrow: the early request goes at the likely turn itself, not in the middle.
        expect(yield* c.take(R - 30)).toBe(995)
        expect(yield* c.take(R + 965)).toBe(0)
        // Refused: the likely turn is behind it, and 35 ms before the reset are not worth a second request.
        yield* c.settle(R + 970, spent(R + 1000, R))
        expect(yield* c.take(R + 970)).toBe(30)
      })
  )

  it.effect(
    "on a clock that starts at the epoch, the first reset is no step from the start: it teaches no length",
    () =>
      Effect.gen(function* () {
        // TestClock's default start, 0: windows of 1000 ms, the first announced to reset at 800.
        const c = storeClient({ mayGoEarly: true })
        yield* c.take(0)
        yield* c.settle(0, spent(800, 0))
        expect(yield* c.take(800, false)).toBe(0)
        yield* c.settle(850, spent(1800, 800))
        // The length learnt is 1000 (800 to 1800), not 800 (0 to 800): the next turn is in [1000, 1800], its
        // early request in the middle, at 1400.
        expect(yield* c.take(850)).toBe(550)
        expect(yield* c.take(1400)).toBe(0)
      })
  )
})
