import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import { dual } from "effect/Function"
import * as Option from "effect/Option"
import * as Predicate from "effect/Predicate"
import * as TestClock from "effect/TestClock"
import * as TestServices from "effect/TestServices"
import { ScriptedHttpClient } from "../ScriptedHttpClient.js"
import { TrackedHttpClient } from "../TrackedHttpClient.js"
import type { Options, Recorder, Timeline } from "../VirtualTime.js"

const defaultLimit = Duration.days(1)
const defaultGrace = Duration.millis(50)
const defaultIoTimeout = Duration.seconds(3)
// How often a real-time wait looks again for progress.
const pollMillis = 1

const noRecorder: Recorder = { requests: Effect.succeed([]) }

const testClock = TestClock.testClockWith((clock) =>
  Predicate.hasProperty(clock, "adjust") && Predicate.hasProperty(clock, "sleeps")
    ? Effect.succeed(clock)
    : Effect.dieMessage("faultline VirtualTime.run needs the TestClock: run the test with it.effect")
)

// Real time, on the event loop, whatever the TestClock reads.
const realNow = TestServices.provideLive(Clock.currentTimeMillis)
const realSleep = (millis: number) => TestServices.provideLive(Effect.sleep(Duration.millis(millis)))

const epochMillis = (epoch: number | Date): number => (typeof epoch === "number" ? epoch : epoch.getTime())

const moveFromZero = (clock: TestClock.TestClock, epoch: number | Date | undefined) =>
  Effect.gen(function* () {
    if ((yield* clock.currentTimeMillis) !== 0 || Chunk.isNonEmpty(yield* clock.sleeps)) return
    // Down to the whole second, so that an epoch-second reset computed from the clock is exact.
    const target = epoch === undefined ? Math.floor((yield* realNow) / 1000) * 1000 : epochMillis(epoch)
    if (target > 0) yield* clock.setTime(target)
  })

/** @internal */
export const startAt = (epoch?: number | Date): Effect.Effect<void> =>
  Effect.flatMap(testClock, (clock) => moveFromZero(clock, epoch))

const recorderInContext: Effect.Effect<Recorder> = Effect.gen(function* () {
  const scripted = yield* Effect.serviceOption(ScriptedHttpClient)
  if (Option.isSome(scripted)) return scripted.value
  const tracked = yield* Effect.serviceOption(TrackedHttpClient)
  return Option.getOrElse(tracked, () => noRecorder)
})

const runToEnd = <A, E, R>(
  effect: Effect.Effect<A, E, R>,
  options?: Options
): Effect.Effect<Timeline<A, E>, never, R> =>
  Effect.gen(function* () {
    const clock = yield* testClock
    yield* moveFromZero(clock, options?.startAt)
    const limit = Duration.toMillis(Duration.decode(options?.limit ?? defaultLimit))
    const grace = Duration.toMillis(Duration.decode(options?.grace ?? defaultGrace))
    const ioTimeout = Duration.toMillis(Duration.decode(options?.ioTimeout ?? defaultIoTimeout))
    const serverOnRealTime = options?.serverTime === "real"
    const recorder = options?.recorder ?? (yield* recorderInContext)
    const inFlight = recorder.inFlight ?? Effect.succeed(0)
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
    // Everything a wait in real time can see change: the effect ending, a request sent or answered, a sleep begun
    // (by the effect, or by a server in the same process on the same clock), the clock itself.
    const progress = Effect.all([fiber.poll, recorder.requests, inFlight, clock.sleeps, clock.currentTimeMillis]).pipe(
      Effect.map(([exit, requests, wire, sleeps, now]) =>
        [Option.isSome(exit), requests.length, wire, Chunk.join(Chunk.map(sleeps, String), ","), now].join("|")
      )
    )
    // Lets real time pass, a little at a time, until something changes or `within` milliseconds pass without.
    const progressWithin = (within: number) =>
      Effect.gen(function* () {
        const seen = yield* progress
        const deadline = (yield* realNow) + within
        while ((yield* realNow) < deadline) {
          yield* realSleep(pollMillis)
          if ((yield* progress) !== seen) return true
        }
        return false
      })
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
      const onTheWire = yield* inFlight
      if (onTheWire > 0 || wakeups.length === 0) {
        // A request in flight is answered in real time: moving the clock first would end the sleeps pending
        // beside it (an attempt timeout, another fiber's backoff) before the answer. Wait while it makes progress;
        // once it makes none for `grace`, its server is taken to be waiting on this clock, which must then move.
        const quiet = onTheWire > 0 && (wakeups.length === 0 || serverOnRealTime) ? ioTimeout : grace
        if (yield* progressWithin(quiet)) {
          yield* clock.adjust(0)
          exit = yield* fiber.poll
          continue
        }
        if (wakeups.length === 0 || (onTheWire > 0 && serverOnRealTime)) {
          return yield* onTheWire > 0
            ? stop(
                `${onTheWire} request(s) in flight made no progress in ${Duration.format(Duration.millis(ioTimeout))} ` +
                  `of real time${serverOnRealTime ? "" : ", with nothing pending on the clock"}: the server never answered`,
                now
              )
            : stop(
                "the effect is waiting, but not on the clock nor on a request in flight, so it would never finish",
                now
              )
        }
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
