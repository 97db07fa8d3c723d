import { HttpClient, HttpClientResponse } from "@effect/platform"
import { Backoff, type ProblemJson, RetryPolicy } from "@faultline/core"
import { Chunk, Clock, Effect, Exit, Fiber, Redacted, TestClock } from "effect"

// A vendor on virtual time for the client's tests: an HttpClient answering from a rule of (time since `start`,
// request index, request) → response, recording when each request arrived; and a runner that drives forked calls
// to their end on the test clock.

export const start = 1_706_140_800_000
export const apiKey = Redacted.make("virtual-vendor-key-0123456789")
export const baseUrl = "https://vendor.test"

export interface Answer {
  readonly status: number
  readonly headers?: Record<string, string>
  readonly delayMillis?: number
}

export const vendor = (
  answer: (
    at: number,
    index: number,
    request: { readonly url: string; readonly headers: Record<string, string> }
  ) => Answer
) => {
  const arrivals: Array<{ at: number; status: number; url: string; headers: Record<string, string> }> = []
  const client = HttpClient.make((request, url) =>
    Effect.flatMap(Clock.currentTimeMillis, (now) => {
      const seen = { url: url.pathname, headers: { ...request.headers } }
      const reply = answer(now - start, arrivals.length, seen)
      arrivals.push({ at: now - start, status: reply.status, ...seen })
      const response = HttpClientResponse.fromWeb(
        request,
        new Response(reply.status === 200 ? "{}" : `{"title":"HTTP ${reply.status}"}`, {
          status: reply.status,
          headers: reply.headers ?? {}
        })
      )
      return reply.delayMillis === undefined
        ? Effect.succeed(response)
        : Effect.as(Effect.sleep(reply.delayMillis), response)
    })
  )
  return { client, arrivals }
}

/** An `X-RateLimit-Reset` value `millisFromStart` after `start`, in epoch seconds. */
export const epochSeconds = (millisFromStart: number) => String((start + millisFromStart) / 1000)

/**
 * The same in epoch milliseconds: an exact reset, which the pacer holds to (a reset in whole seconds lets one early
 * request test the second before it).
 */
export const epochMillis = (millisFromStart: number) => String(start + millisFromStart)

const rateLimited = RetryPolicy.rule({ backoff: Backoff.fixed("1 second"), retries: 10 })
const unavailable = RetryPolicy.rule({ backoff: Backoff.fixed("1 second"), retries: 50 })

/** Rate limits and server-side failures retried every second, under `deadline`. */
export const policy = (deadline: string) =>
  RetryPolicy.make<ProblemJson.Problem>({
    categories: { rate_limited: rateLimited, unavailable, server: unavailable },
    maxAttempts: 60,
    deadline: deadline as "1 minute"
  })

// The next instant a sleep is due on the test clock (Infinity when none is).
const nextWakeup = TestClock.testClockWith((clock) =>
  Effect.map(clock.sleeps, (sleeps) => Math.min(...Chunk.toReadonlyArray(sleeps)))
)

/**
 * Runs the effects, forked, on virtual time until they are all done, jumping from one pending sleep to the next
 * (for at most 10 virtual minutes); returns their exits and when each ended (ms since `start`).
 */
export const runAll = <A, E>(effects: ReadonlyArray<Effect.Effect<A, E>>) =>
  Effect.gen(function* () {
    const ended: Array<number> = []
    const fibers = yield* Effect.forEach(effects, (effect) =>
      Effect.fork(
        Effect.tap(Effect.exit(effect), () => Effect.map(Clock.currentTimeMillis, (t) => ended.push(t - start)))
      )
    )
    const limit = (yield* Clock.currentTimeMillis) + 600_000
    yield* TestClock.adjust(0)
    while (fibers.some((fiber) => fiber.unsafePoll() === null)) {
      const [now, next] = [yield* Clock.currentTimeMillis, yield* nextWakeup]
      if (!Number.isFinite(next) || next > limit) break
      yield* TestClock.adjust(Math.max(0, next - now))
    }
    return { exits: yield* Effect.forEach(fibers, Fiber.join), ended }
  })

export const failureOf = <A, E>(exit: Exit.Exit<A, E>): E | undefined =>
  Exit.isFailure(exit) && exit.cause._tag === "Fail" ? exit.cause.error : undefined
