import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import { Redis } from "ioredis"

/**
 * A connection of a layer's own to `url`, closed with its scope (a polite QUIT when connected, bounded to a second).
 *
 * @internal
 */
export const scoped = (url: Redacted.Redacted<string> | string): Effect.Effect<Redis, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.sync(() => {
      const redis = new Redis(typeof url === "string" ? url : Redacted.value(url))
      // The stores report Redis being away (once, without the URL); ioredis would print every failed reconnect.
      redis.on("error", () => undefined)
      return redis
    }),
    (redis) =>
      redis.status === "ready"
        ? Effect.promise(() => redis.quit()).pipe(
            Effect.timeout("1 second"),
            Effect.ignore,
            Effect.ensuring(Effect.sync(() => redis.disconnect()))
          )
        : Effect.sync(() => redis.disconnect())
  )

/**
 * A layer's options from `Config`, the URL (a `Redacted`: it may hold a password) from `FAULTLINE_REDIS_URL` unless
 * given.
 *
 * @internal
 */
export const resolveUrl = <O extends { readonly url: Redacted.Redacted<string> | string }>(
  options: Config.Config.Wrap<Partial<O>>
): Effect.Effect<Partial<O> & { readonly url: Redacted.Redacted<string> | string }, ConfigError.ConfigError> =>
  Effect.gen(function* () {
    const resolved = (yield* Config.unwrap(options)) as Partial<O>
    const url = resolved.url ?? (yield* Config.redacted("FAULTLINE_REDIS_URL"))
    return { ...resolved, url }
  })
