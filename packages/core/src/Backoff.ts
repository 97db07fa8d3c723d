/**
 * Delay shapes for retry rules, as Effect `Schedule`s. Jitter is applied before the cap, so a capped delay never
 * exceeds the cap (`Schedule.jittered` alone can go 20 % above it).
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Random from "effect/Random"
import * as Schedule from "effect/Schedule"

/**
 * `base`, `base × factor`, `base × factor²`, … each multiplied by a random factor in [0.8, 1.2] (unless `jitter`
 * is false), then capped at `max`.
 *
 * @example
 * ```ts
 * import { Backoff } from "@faultline/core"
 *
 * Backoff.exponential({ base: "500 millis", max: "30 seconds" })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const exponential = (options: {
  readonly base: Duration.DurationInput
  readonly max: Duration.DurationInput
  readonly factor?: number | undefined
  readonly jitter?: boolean | undefined
}): Schedule.Schedule<Duration.Duration> => {
  const max = Duration.decode(options.max)
  const shape = Schedule.exponential(options.base, options.factor ?? 2)
  return (options.jitter === false ? shape : Schedule.jittered(shape)).pipe(
    // `modifyDelay` passes the schedule's output first: the jittered delay is the second argument.
    Schedule.modifyDelay((_, delay) => Duration.min(delay, max))
  )
}

/**
 * A delay drawn uniformly from [`min`, `max`] before every retry ("retry after 1–2 seconds").
 *
 * @since 0.1.0
 * @category constructors
 */
export const between = (min: Duration.DurationInput, max: Duration.DurationInput): Schedule.Schedule<number> => {
  const low = Duration.toMillis(min)
  const high = Math.max(low, Duration.toMillis(max))
  // Drawn from [low, high] directly: a jitter factor over `low` is nothing when `low` is 0.
  return Schedule.forever.pipe(
    Schedule.addDelayEffect(() => Effect.map(Random.next, (u) => Duration.millis(low + u * (high - low))))
  )
}

/**
 * The same delay before every retry.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fixed = (delay: Duration.DurationInput): Schedule.Schedule<number> => Schedule.spaced(delay)
