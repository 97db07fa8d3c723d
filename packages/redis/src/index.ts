/**
 * faultline's pacing shared across processes through Redis: one API key's quota, kept by atomic scripts on
 * ioredis, with a bounded wait for Redis and a fallback to local pacing when it is away.
 *
 * @since 0.1.0
 */

/**
 * A `Pacing.PacingStore` kept in Redis, and its layers.
 *
 * @since 0.1.0
 */
export * as RedisPacing from "./RedisPacing.js"
