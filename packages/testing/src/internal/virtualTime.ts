import * as Chunk from "effect/Chunk"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import { dual } from "effect/Function"
import * as Option from "effect/Option"
import * as Predicate from "effect/Predicate"
import * as TestClock from "effect/TestClock"
import { ScriptedHttpClient } from "../ScriptedHttpClient.js"
import type { Options, Recorder, Timeline } from "../VirtualTime.js"

const defaultLimit = Duration.days(1)

const noRecorder: Recorder = { requests: Effect.succeed([]) }

const testClock = TestClock.testClockWith((clock) =>
  Predicate.hasProperty(clock, "adjust") && Predicate.hasProperty(clock, "sleeps")
    ? Effect.succeed(clock)
    : Effect.dieMessage("faultline VirtualTime.run needs the TestClock: run the test with it.effect")
)

const runToEnd = <A, E, R>(
  effect: Effect.Effect<A, E, R>,
  options?: Options
): Effect.Effect<Timeline<A, E>, never, R> =>
  Effect.gen(function* () {
    const clock = yield* testClock
    const limit = Duration.toMillis(Duration.decode(options?.limit ?? defaultLimit))
    const recorder =
      options?.recorder ?? Option.getOrElse(yield* Effect.serviceOption(ScriptedHttpClient), () => noRecorder)
    const before = (yield* recorder.requests).length
    const start = yield* clock.currentTimeMillis
    const fiber = yield* Effect.fork(effect)
    const stop = (why: string, now: number) =>
      Effect.flatMap(Fiber.interrupt(fiber), () =>
        Effect.flatMap(recorder.requests, (requests) =>
          Effect.dieMessage(
            `faultline VirtualTime.run: ${why} ` +
              `(${requests.length - before} request(s), ${now - start} ms of virtual time)`
          )
        )
      )
    // An effect that never waits on the clock (a script without delays) is done after a few turns; otherwise let
    // every fiber settle, so that the pending sleeps read below are all there are.
    let exit = yield* fiber.poll
    for (let turn = 0; turn < 3 && Option.isNone(exit); turn++) {
      yield* Effect.yieldNow()
      exit = yield* fiber.poll
    }
    if (Option.isNone(exit)) {
      yield* clock.adjust(0)
      exit = yield* fiber.poll
    }
    while (Option.isNone(exit)) {
      const now = yield* clock.currentTimeMillis
      const wakeups = Chunk.toReadonlyArray(yield* clock.sleeps).filter((instant) => instant > now)
      if (wakeups.length === 0) {
        return yield* stop("the effect is waiting, but not on the clock, so it would never finish", now)
      }
      const next = Math.min(...wakeups)
      if (next - start > limit) {
        return yield* stop(`the effect was still running after ${Duration.format(Duration.millis(limit))}`, now)
      }
      yield* clock.adjust(next - now)
      exit = yield* fiber.poll
    }
    const end = yield* clock.currentTimeMillis
    const requests = (yield* recorder.requests).slice(before)
    const arrivals = requests.map((request) => request.at - start)
    return {
      exit: exit.value,
      elapsed: end - start,
      requests,
      arrivals,
      gaps: arrivals.slice(1).map((arrival, index) => arrival - arrivals[index]!)
    }
  })

/** @internal */
export const run = dual(
  (args) => Effect.isEffect(args[0]),
  <A, E, R>(effect: Effect.Effect<A, E, R>, options?: Options): Effect.Effect<Timeline<A, E>, never, R> =>
    runToEnd(effect, options)
) as {
  (options?: Options): <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<Timeline<A, E>, never, R>
  <A, E, R>(effect: Effect.Effect<A, E, R>, options?: Options): Effect.Effect<Timeline<A, E>, never, R>
}
