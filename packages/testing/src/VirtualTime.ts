/**
 * Helpers that make `TestClock`-driven tests short: run an effect to completion in virtual time, jumping the
 * clock from one pending sleep to the next (so every sleep, backoff and timeout ends exactly when it would), and
 * get back its exit, how much virtual time it took, and when each request arrived.
 *
 * Requests may go to a scripted `HttpClient` (`ScriptedHttpClient`, no I/O at all) or to a real server on
 * 127.0.0.1 through a `TrackedHttpClient`: while a request is on the wire the run lets real time pass, and moves
 * the clock only once the answer has come, or once the request has made no progress for a short grace period (its
 * server, run in-process under the same `TestClock` as the faultline simulator can be, is then waiting on the
 * clock itself: a slow or hanging response).
 *
 * A `TestClock` still at 0 (1970) is first moved to the real time, so that an epoch `X-RateLimit-Reset` or an
 * HTTP-date `Retry-After` in a test means what it says.
 *
 * @example
 * ```ts
 * import { HttpClient } from "@effect/platform"
 * import { ScriptedHttpClient, Step, VirtualTime } from "@faultline/testing"
 * import { Effect, Exit, TestContext } from "effect"
 *
 * // The answer comes after 5 seconds of virtual time, and almost no real time
 * const timeline = VirtualTime.run(HttpClient.get("https://api.example.test/v1/calls")).pipe(
 *   Effect.provide(ScriptedHttpClient.layer({ "GET /v1/calls": [Step.delay("5 seconds", Step.json(200, []))] })),
 *   // In a test, `it.effect` from @effect/vitest provides the `TestClock` itself
 *   Effect.provide(TestContext.TestContext)
 * )
 *
 * Effect.runPromise(timeline).then(({ arrivals, elapsed, exit }) => {
 *   console.log(Exit.isSuccess(exit), elapsed, arrivals) // true 5000 [ 0 ]
 * })
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
 * Where a run reads the requests from: a `ScriptedHttpClient` service, a `TrackedHttpClient` service, a
 * `FakeApiClient`, anything with `requests`. With `inFlight`, the run knows what is on the wire.
 *
 * @since 0.1.0
 * @category models
 */
export interface Recorder {
  readonly requests: Effect.Effect<ReadonlyArray<RecordedRequest>>
  /** How many requests are on the wire now (a `TrackedHttpClient`'s count). */
  readonly inFlight?: Effect.Effect<number> | undefined
}

/**
 * The options of `run`: a limit on the virtual time, where the requests are read from, where a clock at 0 starts, and
 * how long to wait on a server for an answer.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /**
   * The most virtual time the run may take (default one day). An effect still running past it is interrupted and
   * the run dies with a message saying so: a retry loop that never ends fails the test instead of hanging it.
   */
  readonly limit?: Duration.DurationInput | undefined
  /**
   * Where the requests come from; by default the `ScriptedHttpClient` in context if there is one, else the
   * `TrackedHttpClient` in context, if there is one.
   */
  readonly recorder?: Recorder | undefined
  /**
   * Where a `TestClock` still at 0 (1970-01-01) is moved before the run, in epoch milliseconds or as a date: by
   * default the real time now, down to the whole second. `0` leaves it at 0. A clock already moved, or with a
   * sleep pending (moving it would end the sleep), is left where it is.
   */
  readonly startAt?: number | Date | undefined
  /**
   * Real time (default 50 ms) with no progress (no request sent or answered, no sleep begun, the effect not done)
   * after which a request still in flight is taken to be waiting on the clock (its server, in the same process,
   * sleeping on the same `TestClock`), so the clock moves to the next sleep; and after which an effect waiting on
   * neither the clock nor a request in flight is taken never to finish. Raise it on a machine so loaded that a
   * server on 127.0.0.1 may take longer to answer.
   */
  readonly grace?: Duration.DurationInput | undefined
  /**
   * The most real time (default 3 seconds) a request in flight may make no progress while nothing is pending on
   * the clock: past it the server is taken never to answer, and the run dies saying so.
   */
  readonly ioTimeout?: Duration.DurationInput | undefined
  /**
   * Where the server's time comes from: `"virtual"` (the default) for a server in the same process on the same
   * `TestClock` (the simulator started in the test), whose answer may itself wait on the clock; `"real"` for a
   * server in another process, or one that reads real time: a request in flight then holds the clock until it is
   * answered (or `ioTimeout` passes with no progress), however long the answer takes.
   */
  readonly serverTime?: "virtual" | "real" | undefined
}

/**
 * Runs an effect under `TestClock` to its end: moves a clock still at 0 to a realistic epoch (`startAt`), forks
 * the effect, then repeatedly moves the clock to the next pending sleep until the effect completes. While a
 * request is in flight (as the recorder's `inFlight` says), it lets real time pass for the answer first, and moves
 * the clock only once the request has made no progress for `grace`. Needs the `TestClock` (`it.effect`, or
 * `TestContext`). Dies when the effect would never finish (no sleep pending, no request in flight, and no progress
 * for `grace`), when a request in flight makes no progress for `ioTimeout` with nothing pending on the clock, or
 * when it runs past the limit.
 *
 * @since 0.1.0
 * @category combinators
 */
export const run: {
  (options?: Options): <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<Timeline<A, E>, never, R>
  <A, E, R>(effect: Effect.Effect<A, E, R>, options?: Options): Effect.Effect<Timeline<A, E>, never, R>
} = internal.run

/**
 * Moves a `TestClock` still at 0 (1970-01-01) to `epoch` (epoch milliseconds or a date; by default the real time
 * now, down to the whole second), unless a sleep is pending. `run` does it itself; call it first when something
 * reads the clock before the run (a simulator started in the test, a fault window opened).
 *
 * @since 0.1.0
 * @category utils
 */
export const startAt: (epoch?: number | Date) => Effect.Effect<void> = internal.startAt
