/**
 * Pacing shared through Redis: a `Pacing.PacingStore` whose counts live in Redis, so that every process using one
 * API key paces against one quota instead of spending it once per process. What the responses say of the quota
 * (`X-RateLimit-*`, a 429's own `Retry-After`) and the requests in flight are kept per vendor host and per API key
 * (a SHA-256 hash of it: the key itself never reaches Redis), updated by atomic Lua scripts measured on the Redis
 * server's clock, every key with a TTL. Each request in flight is an entry that expires, so a process that dies
 * mid-request holds no part of the quota for longer than `inFlightTimeout`.
 *
 * When Redis does not answer within `timeout` (100 ms by default), or its connection is down, the store paces from
 * this process's memory (`Pacing.memoryStore()`), logs a warning once, and asks Redis again every `recheck`; calls
 * go on either way, never failing for Redis.
 *
 * @since 0.1.0
 */
import type { Pacing } from "@faultline/core"
import type * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import type * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import type * as Layer from "effect/Layer"
import type * as Redacted from "effect/Redacted"
import type { Redis } from "ioredis"
import * as internal from "./internal/redisPacing.js"

/**
 * A pacing store shared through Redis: hand it to a client's `pacing` option.
 *
 * @since 0.1.0
 * @category models
 */
export interface RedisPacing extends Pacing.PacingStore {}

/**
 * The service of a shared pacing store, provided by `layer` or `layerConfig`.
 *
 * @since 0.1.0
 * @category tags
 */
export const RedisPacing: Context.Tag<RedisPacing, RedisPacing> = internal.tag

/**
 * How a store keeps its quotas in Redis, and how long it waits for Redis.
 *
 * @since 0.1.0
 * @category models
 */
export interface StoreOptions {
  /**
   * The API key whose quota this is: its SHA-256 hash names the Redis keys, so that accounts sharing a vendor host
   * are paced apart (the key itself is never written). Without it, the quota is the host's alone.
   */
  readonly apiKey?: Redacted.Redacted<string> | string | undefined
  /** What every key starts with (default `"faultline:pacing:"`). */
  readonly prefix?: string | undefined
  /** The longest a `take` or `settle` waits for Redis before pacing from memory (default 100 ms). */
  readonly timeout?: Duration.DurationInput | undefined
  /** While Redis is away, how often one call asks it again (default 1 second). */
  readonly recheck?: Duration.DurationInput | undefined
  /**
   * How long a request taken counts as in flight when it is never settled (its process died, its settle could
   * not reach Redis): default 1 minute. Make it longer than the client's longest attempt.
   */
  readonly inFlightTimeout?: Duration.DurationInput | undefined
  /** How long a quota is kept after its window's reset (or a 429's retry time), unused (default 10 minutes). */
  readonly keep?: Duration.DurationInput | undefined
}

/**
 * The options of `make`: a connected ioredis client (yours to close) and the store's options.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options extends StoreOptions {
  readonly redis: Redis
}

/**
 * The options of `layer`: the Redis URL (`redis://[:password@]host:port[/db]`, `rediss://` for TLS) and the store's
 * options. The layer opens the connection and closes it with its scope.
 *
 * @since 0.1.0
 * @category models
 */
export interface LayerOptions extends StoreOptions {
  readonly url: Redacted.Redacted<string> | string
}

/**
 * A store over an ioredis client. It defines its two scripts on the client (`defineCommand`: EVALSHA, and EVAL
 * when Redis does not know them yet).
 *
 * @example
 * ```ts
 * import { ApiClient, ProblemJson } from "@faultline/core"
 * import { RedisPacing } from "@faultline/redis"
 * import { Redacted } from "effect"
 * import type { Redis } from "ioredis"
 *
 * // Your connection (`new Redis("redis://127.0.0.1:6379")`), shared with the rest of the program.
 * const exampleClient = (redis: Redis) => {
 *   const apiKey = Redacted.make("secret-key")
 *   return ApiClient.make(ProblemJson.dialect, {
 *     baseUrl: "https://api.example.com",
 *     apiKey,
 *     pacing: RedisPacing.make({ redis, apiKey })
 *   })
 * }
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: (options: Options) => RedisPacing = internal.make

/**
 * The store as a service, over a connection of its own to `url`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: (options: LayerOptions) => Layer.Layer<RedisPacing> = internal.layer

/**
 * The store as a service, its options read from `Config`: the URL (as a `Redacted`, it may hold a password) from
 * `FAULTLINE_REDIS_URL` unless given, the other options as given.
 *
 * @example
 * ```ts
 * import { HttpClient } from "@effect/platform"
 * import { NodeHttpClient } from "@effect/platform-node"
 * import { ApiClient, ProblemJson } from "@faultline/core"
 * import { RedisPacing } from "@faultline/redis"
 * import { Config, Context, Effect, Layer } from "effect"
 *
 * class Example extends Context.Tag("example/Example")<Example, ApiClient.ApiClient<ProblemJson.Problem>>() {}
 *
 * // Every process running this shares one pacer for the key: the Redis at FAULTLINE_REDIS_URL holds its quota.
 * const ExampleLive = Layer.effect(
 *   Example,
 *   Effect.gen(function*() {
 *     const apiKey = yield* Config.redacted("EXAMPLE_API_KEY")
 *     const pacing = yield* RedisPacing.RedisPacing
 *     return ApiClient.make(ProblemJson.dialect, { baseUrl: "https://api.example.com", apiKey, pacing })(
 *       yield* HttpClient.HttpClient
 *     )
 *   })
 * ).pipe(
 *   Layer.provide(RedisPacing.layerConfig({ apiKey: Config.redacted("EXAMPLE_API_KEY") })),
 *   Layer.provide(NodeHttpClient.layerUndici)
 * )
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig: (
  options?: Config.Config.Wrap<Partial<LayerOptions>>
) => Layer.Layer<RedisPacing, ConfigError.ConfigError> = internal.layerConfig
