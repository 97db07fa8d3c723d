/**
 * One process of the scale workload: the Nixflex typed client with 16 workers placing its share of the create calls,
 * paced and kept out of outages through Redis (every process one quota and one breaker) or from its own memory (the
 * defaults). Hands back when it started,
 * when its last call ended, and how its calls went; the simulator's stats, read by the parent, give the rest.
 */
import { NodeHttpClient } from "@effect/platform-node"
import { Nixflex } from "@faultline/nixflex"
import { RedisBreaker, RedisPacing } from "@faultline/redis"
import { NixflexApi } from "@faultline/simulator"
import { Context, Effect, Exit, Layer, Redacted } from "effect"
import { Redis } from "ioredis"
import * as Children from "./children.js"
import { nixflexCreate } from "./workloads.js"

/** What a child is asked to do. */
export interface ChildInput {
  readonly baseUrl: string
  /** The Redis to share pacing and outages through, with the key prefix of this run; absent: each process's own. */
  readonly redis: { readonly url: string; readonly prefix: string } | undefined
  /** The calls' numbers. */
  readonly indices: ReadonlyArray<number>
  readonly workers: number
}

/** What a child hands back. */
export interface ChildResult {
  readonly started: number
  readonly lastEnded: number
  readonly succeeded: number
  readonly failed: number
  readonly firstFailure: string | undefined
}

/** This file, for `Children.run`. */
export const file = new URL(import.meta.url)

const connect = (url: string) =>
  Effect.acquireRelease(
    Effect.async<Redis, Error>((resume) => {
      const redis = new Redis(url)
      redis.once("ready", () => resume(Effect.succeed(redis)))
      redis.once("error", (error) => resume(Effect.fail(error)))
    }),
    (redis) => Effect.sync(() => redis.disconnect())
  )

const child = (input: ChildInput) =>
  Effect.gen(function* () {
    const apiKey = Redacted.make(NixflexApi.demoKey)
    // One connection for the quota and the outages, as a service would share it.
    const redis = input.redis === undefined ? undefined : yield* connect(input.redis.url)
    const prefix = input.redis?.prefix
    const shared =
      redis === undefined
        ? {}
        : {
            pacing: RedisPacing.make({ redis, apiKey, prefix: `${prefix}pacing:` }),
            circuitBreaker: RedisBreaker.make({ redis, apiKey, prefix: `${prefix}breaker:` })
          }
    const context = yield* Layer.build(
      Nixflex.layer({ baseUrl: input.baseUrl, apiKey, ...shared }).pipe(Layer.provide(NodeHttpClient.layerUndici))
    )
    const nixflex = Context.get(context, Nixflex.Nixflex)
    yield* Children.ready
    const started = Date.now()
    let lastEnded = started
    let succeeded = 0
    let failed = 0
    let firstFailure: string | undefined
    yield* Effect.forEach(
      input.indices,
      (index) =>
        Effect.map(Effect.exit(nixflex.createOutboundCall(nixflexCreate(index))), (exit) => {
          lastEnded = Math.max(lastEnded, Date.now())
          if (Exit.isSuccess(exit)) {
            succeeded += 1
          } else {
            failed += 1
            firstFailure ??= String(exit.cause).slice(0, 200)
          }
        }),
      { concurrency: input.workers, discard: true }
    )
    return { started, lastEnded, succeeded, failed, firstFailure } satisfies ChildResult
  }).pipe(Effect.scoped)

if (Children.isMain(import.meta.url)) Children.main(child(Children.input<ChildInput>()))
