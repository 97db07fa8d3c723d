import { Pacing } from "@faultline/core"
import { Effect, TestClock } from "effect"

// The client's side of a memory pacing store, on virtual time, for the tests written against the survivors of
// `pnpm mutate` on pacing.ts and windowTurn.ts: `take` before each request (how long it waits, 0: it goes) and
// `settle` with what its answer said of the quota, each at a given moment of the TestClock.

/** When the quota is first seen. */
export const T = Date.UTC(2026, 0, 1)

/** A reset announced in whole seconds, 800 ms after T: the window may really turn anywhere in [T, R]. */
export const R = T + 800

/** A store for host "h"; `mayGoEarly` is what `take` tells it unless a test says otherwise. */
export const storeClient = (options: { readonly mayGoEarly: boolean }) => {
  const store = Pacing.memoryStore()
  return {
    take: (at: number, mayGoEarly = options.mayGoEarly) =>
      Effect.zipRight(TestClock.setTime(at), store.take("h", at, { mayGoEarly })),
    /** A request taken with no options at all, as a store's caller may. */
    takeBare: (at: number) => Effect.zipRight(TestClock.setTime(at), store.take("h", at)),
    /** Takes `n` requests at `at`, with no options, and returns what each was told. */
    takeMany: (at: number, n: number) =>
      Effect.forEach(Array.from({ length: n }), () => Effect.zipRight(TestClock.setTime(at), store.take("h", at))),
    settle: (at: number, quota: Pacing.Quota | undefined) =>
      Effect.zipRight(TestClock.setTime(at), store.settle("h", quota))
  }
}

/** A client of `storeClient`. */
export type StoreClient = ReturnType<typeof storeClient>
