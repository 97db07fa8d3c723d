// Connections to the tests' redis-server, and key prefixes that keep each test's keys apart.
import { randomUUID } from "node:crypto"
import * as Effect from "effect/Effect"
import { Redis } from "ioredis"

/** A connection to the server on `port` of 127.0.0.1, closed with the scope. */
export const connect = (port: number) =>
  Effect.acquireRelease(
    Effect.sync(() => {
      const redis = new Redis({ port, host: "127.0.0.1" })
      // Some tests take Redis away on purpose: the stores report it, ioredis need not.
      redis.on("error", () => undefined)
      return redis
    }),
    (redis) => Effect.sync(() => redis.disconnect())
  )

/** A key prefix no other test uses. */
export const freshPrefix = () => `test:${randomUUID().slice(0, 8)}:`
