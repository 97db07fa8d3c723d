/**
 * faultline's pacing and outages shared across processes through Redis: one API key's quota and one circuit breaker
 * for the fleet, kept by atomic scripts on ioredis, with a bounded wait for Redis and a fallback to each process's
 * own state when it is away.
 *
 * @since 0.1.0
 */

/**
 * A `CircuitBreaker.CircuitBreaker` kept in Redis, and its layers.
 *
 * @since 0.1.0
 */
export * as RedisBreaker from "./RedisBreaker.js"
/**
 * A `Pacing.PacingStore` kept in Redis, and its layers.
 *
 * @since 0.1.0
 */
export * as RedisPacing from "./RedisPacing.js"
