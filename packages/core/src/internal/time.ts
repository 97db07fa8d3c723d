import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"

// Node's timers hold at most 2^31 - 1 ms (about 24.8 days), and Effect's live clock never schedules a longer sleep:
// the fiber would wait forever with no timer to keep the process alive. Longer waits are slept in pieces.
const longestTimer = 2 ** 31 - 1

/**
 * Sleeps `millis` milliseconds on the `Clock` (so `TestClock` controls it), however long.
 *
 * @internal
 */
export const sleepMillis = (millis: number): Effect.Effect<void> => {
  if (!(millis > 0)) return Effect.void
  // Whole milliseconds, rounded up: a jittered delay is fractional, and a clock moved to a fractional instant
  // (TestClock's) cannot give its time in nanoseconds (a BigInt) afterwards.
  if (!Number.isInteger(millis) && Number.isFinite(millis)) return sleepMillis(Math.ceil(millis))
  if (millis <= longestTimer) return Effect.sleep(Duration.millis(millis))
  return Effect.zipRight(
    Effect.sleep(Duration.millis(longestTimer)),
    Effect.suspend(() => sleepMillis(millis - longestTimer))
  )
}

/**
 * Milliseconds on the `Clock`'s monotonic time, for durations and deadlines: unlike the wall clock
 * (`currentTimeMillis`, for dates in headers), it does not step back or jump when the system time is set.
 *
 * @internal
 */
export const monotonicMillis: Effect.Effect<number> = Effect.map(
  Clock.currentTimeNanos,
  // Whole milliseconds, rounded: nanoseconds since 1970 are past the integers a double holds exactly (and
  // TestClock's come from a double).
  (nanos) => Number((nanos + 500_000n) / 1_000_000n)
)
