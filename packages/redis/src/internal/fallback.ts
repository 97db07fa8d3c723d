import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type { Redis } from "ioredis"

/**
 * How a store over Redis behaves when Redis does not answer: a command that fails, or outlasts `timeout`, makes the
 * store use this process's memory (with one warning), and every `recheck` one call (the probe) asks Redis again;
 * its answer makes the store shared again (with one info line). Calls go on either way, never failing for Redis.
 *
 * @internal
 */
export interface Fallback {
  /** Runs one command, bounded by the timeout: its answer, or why there is none (a code, never a message). */
  readonly ask: <A>(command: () => Promise<A>) => Effect.Effect<Either.Either<A, string>>
  /** Whether this call goes to Redis: always while it answers; while it does not, one call a `recheck`. */
  readonly route: Effect.Effect<"redis" | "probe" | "local">
  /** Redis answered a call for `key`. */
  readonly answered: (key: string) => Effect.Effect<void>
  /** Redis did not answer a call for `key`. */
  readonly failed: (key: string, reason: string) => Effect.Effect<void>
  /** Whether the store is using this process's memory now. */
  readonly isDown: () => boolean
}

// ioredis is not connected and will not be for a while: no point in waiting for it.
const offline = new Set(["reconnecting", "close", "end"])

const reasonOf = (cause: unknown): string => {
  // The error's code or class, never its message: a message may quote a command, and so a key or a value.
  if (typeof cause === "object" && cause !== null) {
    const code = (cause as { readonly code?: unknown }).code
    if (typeof code === "string") return code
    const name = (cause as { readonly name?: unknown }).name
    if (typeof name === "string") return name
  }
  return "error"
}

/**
 * `shared` names what is shared, in the log lines ("pacing", "the circuit breaker"); `annotation` prefixes their
 * annotations (`faultline.pacing`: `.key`, `.reason`, `.local_millis`).
 *
 * @internal
 */
export const make = (options: {
  readonly redis: Redis
  readonly timeout: Duration.DurationInput
  readonly recheck: Duration.DurationInput
  readonly shared: string
  readonly annotation: string
}): Fallback => {
  const { annotation, redis, shared } = options
  const timeout = Duration.decode(options.timeout)
  const recheckMillis = Duration.toMillis(options.recheck)
  let down: { readonly since: number; retryAt: number } | undefined
  let probing = false

  // The timeout ends with a look at the sockets first: a process too busy to run its timers on time (a loaded
  // machine, a long synchronous task) has not heard Redis either, and Node runs expired timers before it reads the
  // sockets. An answer that had arrived by then wins (`setImmediate` runs after the sockets are read).
  const noAnswer = Effect.zipRight(
    Effect.sleep(timeout),
    Effect.async<never, string>((resume) => {
      const immediate = setImmediate(() => resume(Effect.fail(`no answer within ${Duration.format(timeout)}`)))
      return Effect.sync(() => clearImmediate(immediate))
    })
  )

  const ask = <A>(command: () => Promise<A>): Effect.Effect<Either.Either<A, string>> =>
    offline.has(redis.status)
      ? Effect.succeed(Either.left(`connection ${redis.status}`))
      : Effect.raceFirst(Effect.tryPromise({ try: command, catch: reasonOf }), noAnswer).pipe(
          // Stores are called where the client cannot be interrupted: the command alone may be, so that the
          // timeout ends the wait (an answer that comes later is dropped).
          Effect.interruptible,
          Effect.either
        )

  const route = Effect.suspend(() => {
    if (down === undefined) return Effect.succeed("redis" as const)
    const retryAt = down.retryAt
    return Effect.map(Clock.currentTimeMillis, (now) => {
      if (probing || now < retryAt) return "local" as const
      probing = true
      return "probe" as const
    })
  })

  const answered = (key: string) =>
    Effect.suspend(() => {
      probing = false
      if (down === undefined) return Effect.void
      const since = down.since
      down = undefined
      return Effect.flatMap(Clock.currentTimeMillis, (now) =>
        Effect.logInfo(`faultline: Redis answers again, ${shared} is shared again`).pipe(
          Effect.annotateLogs({ [`${annotation}.key`]: key, [`${annotation}.local_millis`]: now - since })
        )
      )
    })

  const failed = (key: string, reason: string) =>
    Effect.flatMap(Clock.currentTimeMillis, (now) =>
      Effect.suspend(() => {
        probing = false
        if (down !== undefined) {
          down.retryAt = now + recheckMillis
          return Effect.void
        }
        down = { since: now, retryAt: now + recheckMillis }
        return Effect.logWarning(
          `faultline: Redis is unavailable, ${shared} falls back to this process's memory until it answers`
        ).pipe(Effect.annotateLogs({ [`${annotation}.key`]: key, [`${annotation}.reason`]: reason }))
      })
    )

  return { ask, route, answered, failed, isDown: () => down !== undefined }
}
