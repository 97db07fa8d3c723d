/**
 * Delay shapes for retry rules, as Effect `Schedule`s. Jitter is applied before the cap, so a capped delay never
 * exceeds the cap (`Schedule.jittered` alone can go 20 % above it).
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
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
    Schedule.modifyDelay((delay) => Duration.min(delay, max))
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
  const high = Duration.toMillis(max)
  return Schedule.spaced(min).pipe(Schedule.jitteredWith({ min: 1, max: low === 0 ? 1 : high / low }))
}

/**
 * The same delay before every retry.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fixed = (delay: Duration.DurationInput): Schedule.Schedule<number> => Schedule.spaced(delay)
