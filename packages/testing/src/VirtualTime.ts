/**
 * Helpers that make `TestClock`-driven tests short: run an effect to completion in virtual time, jumping the
 * clock from one pending sleep to the next (so every sleep, backoff and timeout ends exactly when it would), and
 * get back its exit, how much virtual time it took, and when each scripted request arrived.
 *
 * @example
 * ```ts
 * import { it } from "@effect/vitest"
 * import { ScriptedHttpClient, Step, VirtualTime } from "@faultline/testing"
 * import { Effect, Exit } from "effect"
 * import { HttpClient } from "@effect/platform"
 *
 * it.effect("waits 5 seconds for the answer", () =>
 *   Effect.gen(function*() {
 *     const timeline = yield* VirtualTime.run(HttpClient.get("https://api.example.test/v1/calls"))
 *     // timeline.elapsed === 5000, timeline.arrivals === [0]
 *     return Exit.isSuccess(timeline.exit)
 *   }).pipe(
 *     Effect.provide(ScriptedHttpClient.layer({ "GET /v1/calls": [Step.delay("5 seconds", Step.json(200, []))] }))
 *   )
 * )
 * ```
 *
 * @since 0.1.0
 */
import type * as Duration from "effect/Duration"
import type * as Effect from "effect/Effect"
import type * as Exit from "effect/Exit"
import * as internal from "./internal/virtualTime.js"
import type { RecordedRequest } from "./Script.js"

/**
 * What happened during a run.
 *
 * @since 0.1.0
 * @category models
 */
export interface Timeline<A, E> {
  readonly exit: Exit.Exit<A, E>
  /** Virtual milliseconds from the start of the run to its end. */
  readonly elapsed: number
  /** The requests the recorder saw during the run, in order. */
  readonly requests: ReadonlyArray<RecordedRequest>
  /** When each of those requests arrived, in virtual milliseconds since the start of the run. */
  readonly arrivals: ReadonlyArray<number>
  /** The virtual milliseconds between one request and the next: the waits a retry policy chose. */
  readonly gaps: ReadonlyArray<number>
}

/**
 * Where a run reads the requests from: a `ScriptedHttpClient` service, a `FakeApiClient`, anything with
 * `requests`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Recorder {
  readonly requests: Effect.Effect<ReadonlyArray<RecordedRequest>>
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /**
   * The most virtual time the run may take (default one day). An effect still running past it is interrupted and
   * the run dies with a message saying so: a retry loop that never ends fails the test instead of hanging it.
   */
  readonly limit?: Duration.DurationInput | undefined
  /** Where the requests come from; by default the `ScriptedHttpClient` in context, if there is one. */
  readonly recorder?: Recorder | undefined
}

/**
 * Runs an effect under `TestClock` to its end: forks it, then repeatedly moves the clock to the next pending
 * sleep until the effect completes. Needs the `TestClock` (`it.effect`, or `TestContext`). Dies when the effect
 * waits on something other than the clock (it would never finish), or runs past the limit.
 *
 * @since 0.1.0
 * @category combinators
 */
export const run: {
  (options?: Options): <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<Timeline<A, E>, never, R>
  <A, E, R>(effect: Effect.Effect<A, E, R>, options?: Options): Effect.Effect<Timeline<A, E>, never, R>
} = internal.run
