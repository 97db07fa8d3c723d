/**
 * Outages shared through Redis: a `CircuitBreaker.CircuitBreaker` whose state lives in Redis, so that every process
 * using one API key learns of a vendor's outage together and sends one probe for the whole fleet (not one each),
 * and all resume when it succeeds. The decisions are `CircuitBreaker.make`'s (failures in a row open it, a 503's
 * Retry-After opens it at once, a probe a second), made by atomic Lua scripts on the Redis server's clock, per
 * vendor host and per API key (a SHA-256 hash of it: the key itself never reaches Redis), every key with a TTL. The
 * probe holds a lease, so a process that dies mid-probe holds the fleet for no longer than `probeLease`. Calls
 * waiting behind another process's probe learn that it ended by polling (every `probePoll`, one poll per process).
 *
 * Quota and outage stay apart: a 429 is an `Up` outcome (the vendor answered), which feeds the pacer
 * (`RedisPacing`), never the breaker.
 *
 * When Redis does not answer within `timeout` (100 ms by default), or its connection is down, each process keeps its
 * own outages (`CircuitBreaker.make`), logs a warning once, and asks Redis again every `recheck`.
 *
 * @since 0.1.0
 */
import type { CircuitBreaker } from "@faultline/core"
import type * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import type * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import type * as Layer from "effect/Layer"
import type * as Redacted from "effect/Redacted"
import type { Redis } from "ioredis"
import * as internal from "./internal/redisBreaker.js"

/**
 * A circuit breaker shared through Redis: hand it to a client's `circuitBreaker` option.
 *
 * @since 0.1.0
 * @category models
 */
export interface RedisBreaker extends CircuitBreaker.CircuitBreaker {}

/**
 * The service of a shared breaker, provided by `layer` or `layerConfig`.
 *
 * @since 0.1.0
 * @category tags
 */
export const RedisBreaker: Context.Tag<RedisBreaker, RedisBreaker> = internal.tag

/**
 * How a breaker keeps its state in Redis: `CircuitBreaker.Options`, and how long it waits for Redis.
 *
 * @since 0.1.0
 * @category models
 */
export interface BreakerOptions extends CircuitBreaker.Options {
  /** The API key whose outages these are: its SHA-256 hash names the Redis keys (the key itself is never written). */
  readonly apiKey?: Redacted.Redacted<string> | string | undefined
  /** What every key starts with (default `"faultline:breaker:"`). */
  readonly prefix?: string | undefined
  /** The longest an `ask` or `record` waits for Redis before using this process's memory (default 100 ms). */
  readonly timeout?: Duration.DurationInput | undefined
  /** While Redis is away, how often one call asks it again (default 1 second). */
  readonly recheck?: Duration.DurationInput | undefined
  /**
   * The longest a probe holds the fleet when its outcome is never recorded (its process died): default 1 minute.
   * Make it longer than the client's longest attempt.
   */
  readonly probeLease?: Duration.DurationInput | undefined
  /** How often the calls waiting behind a probe ask Redis whether it has ended (default 50 ms). */
  readonly probePoll?: Duration.DurationInput | undefined
  /** How long a host's state is kept after its outage, unused (default 10 minutes). */
  readonly keep?: Duration.DurationInput | undefined
}

/**
 * The options of `make`: a connected ioredis client (yours to close) and the breaker's options.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options extends BreakerOptions {
  readonly redis: Redis
}

/**
 * The options of `layer`: the Redis URL (`redis://[:password@]host:port[/db]`, `rediss://` for TLS) and the
 * breaker's options. The layer opens the connection and closes it with its scope.
 *
 * @since 0.1.0
 * @category models
 */
export interface LayerOptions extends BreakerOptions {
  readonly url: Redacted.Redacted<string> | string
}

/**
 * A breaker over an ioredis client, which may be the one a `RedisPacing` store uses.
 *
 * @example
 * ```ts
 * import { ApiClient, ProblemJson } from "@faultline/core"
 * import { RedisBreaker, RedisPacing } from "@faultline/redis"
 * import { Redacted } from "effect"
 * import type { Redis } from "ioredis"
 *
 * // One connection for both: the fleet shares the key's quota and its outages.
 * const exampleClient = (redis: Redis) => {
 *   const apiKey = Redacted.make("secret-key")
 *   return ApiClient.make(ProblemJson.dialect, {
 *     baseUrl: "https://api.example.com",
 *     apiKey,
 *     pacing: RedisPacing.make({ redis, apiKey }),
 *     circuitBreaker: RedisBreaker.make({ redis, apiKey })
 *   })
 * }
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: (options: Options) => RedisBreaker = internal.make

/**
 * The breaker as a service, over a connection of its own to `url`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: (options: LayerOptions) => Layer.Layer<RedisBreaker> = internal.layer

/**
 * The breaker as a service, its options read from `Config`: the URL (as a `Redacted`) from `FAULTLINE_REDIS_URL`
 * unless given, the other options as given.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig: (
  options?: Config.Config.Wrap<Partial<LayerOptions>>
) => Layer.Layer<RedisBreaker, ConfigError.ConfigError> = internal.layerConfig
