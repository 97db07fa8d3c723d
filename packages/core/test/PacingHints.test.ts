import { describe, expect, it } from "@effect/vitest"
import { ApiClient, Pacing, ProblemJson, RetryBudget } from "@faultline/core"
import { Effect, Exit, Option, TestClock } from "effect"
import { apiKey, baseUrl, epochSeconds, policy, runAll, start, vendor } from "./virtualVendor.js"

// What a 429's own wait hint tells the pacer, and what it must not.

describe("a 429's own wait", () => {
  it.effect("is what the call waits, even when the quota's reset is later; and other calls go then too", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(start)
      // DialNexa's 429: Retry-After 3 s, with the window's reset 30 s away and nothing remaining.
      const api = vendor((_, index) =>
        index === 0
          ? {
              status: 429,
              headers: {
                "retry-after": "3",
                "x-ratelimit-limit": "10",
                "x-ratelimit-remaining": "0",
                "x-ratelimit-reset": epochSeconds(30_000)
              }
            }
          : { status: 200 }
      )
      const client = ApiClient.make(ProblemJson.dialect, {
        baseUrl,
        apiKey,
        retry: policy("2 minutes"),
        retryBudget: RetryBudget.unlimited
      })(api.client)
      const first = client.get("/v1/a")
      // A second call starts 1 s later and meets the spent quota.
      const second = Effect.zipRight(Effect.sleep("1 second"), client.get("/v1/b"))
      const { exits } = yield* runAll([first, second])
      expect(exits.every(Exit.isSuccess)).toBe(true)
      expect(api.arrivals.map((a) => a.at)).toEqual([0, 3000, 3000])
      const traces = exits.map((exit) =>
        Exit.isSuccess(exit) ? Option.getOrThrow(ApiClient.traceOf(exit.value)) : undefined
      )
      expect(traces[0]?.retried.map((r) => [r.status, r.delayMillis, r.source])).toEqual([[429, 3000, "hint"]])
      // The second call says it was held 2 s by the quota, before its first attempt.
      expect(traces[1]?.holds.map((h) => [h.attempt, h.by, h.millis])).toEqual([[1, "quota", 2000]])
      expect(traces[1]?.heldMillis).toBe(2000)
    })
  )
})

describe("a 429 that is not about the quota", () => {
  it.effect("with requests remaining, its Retry-After holds only its own call, not the host", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(start)
      // DialNexa's concurrency 429 (calls in flight), with the quota's headers saying plenty remain.
      const api = vendor((_, index, request) =>
        index === 0 && request.url === "/v1/calls"
          ? {
              status: 429,
              headers: {
                "retry-after": "30",
                "x-ratelimit-limit": "100",
                "x-ratelimit-remaining": "97",
                "x-ratelimit-reset": epochSeconds(60_000)
              }
            }
          : { status: 200 }
      )
      const client = ApiClient.make(ProblemJson.dialect, { baseUrl, apiKey, retry: policy("2 minutes") })(api.client)
      const { exits } = yield* runAll([
        client.post("/v1/calls"),
        Effect.zipRight(Effect.sleep("1 second"), client.get("/v1/agents"))
      ])
      expect(exits.every(Exit.isSuccess)).toBe(true)
      expect(api.arrivals.map((a) => [a.at, a.url])).toEqual([
        [0, "/v1/calls"],
        [1000, "/v1/agents"],
        [30_000, "/v1/calls"]
      ])
    })
  )
})

describe("out-of-order answers", () => {
  it.effect("a response sent before the 429 but answered after it does not stretch the 429's own wait", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(start)
      // A first call that says 9 of 10 are left; then two requests at once: the first answered at once with 429 and
      // Retry-After 3, the second answered 500 ms later with a 200 that says the window (reset in 30 s) is spent.
      const window = (remaining: number) => ({
        "x-ratelimit-limit": "10",
        "x-ratelimit-remaining": String(remaining),
        "x-ratelimit-reset": epochSeconds(30_000)
      })
      const spent = window(0)
      const api = vendor((_, index) =>
        index === 0
          ? { status: 200, headers: window(9) }
          : index === 1
            ? { status: 429, headers: { ...spent, "retry-after": "3" } }
            : index === 2
              ? { status: 200, headers: spent, delayMillis: 500 }
              : { status: 200 }
      )
      const client = ApiClient.make(ProblemJson.dialect, {
        baseUrl,
        apiKey,
        retry: policy("2 minutes"),
        retryBudget: RetryBudget.unlimited
      })(api.client)
      yield* client.get("/v1/first")
      const { exits } = yield* runAll([client.get("/v1/a"), client.get("/v1/b")])
      expect(exits.every(Exit.isSuccess)).toBe(true)
      expect(api.arrivals.map((a) => a.at)).toEqual([0, 0, 0, 3000])
      const trace = Exit.isSuccess(exits[0]!) ? Option.getOrThrow(ApiClient.traceOf(exits[0].value)) : undefined
      expect(trace?.holds).toEqual([])
    })
  )
})

describe("the IETF RateLimit fields", () => {
  it("describe the quota when there is no X-RateLimit-*: the most constraining policy, read as Structured Fields", () => {
    const now = 1_706_140_800_000
    const quota = (ratelimit: string) => Pacing.quotaFromHeaders({ ratelimit }, now)
    expect(quota(`"burst";r=5;t=3, "daily";r=0;t=86000`)).toEqual({
      limit: undefined,
      remaining: 0,
      resetAt: now + 86_000_000
    })
    expect(quota(`"burst";r=5;t=3, "daily";r=40;t=86000`)).toEqual({
      limit: undefined,
      remaining: 5,
      resetAt: now + 3000
    })
    expect(quota("limit=10, remaining=2, reset=4")).toEqual({ limit: undefined, remaining: 2, resetAt: now + 4000 })
    expect(quota(`"burst";r=5;t=3,, broken`)).toBeUndefined()
    // X-RateLimit-* win where both are sent.
    expect(
      Pacing.quotaFromHeaders({ ratelimit: `"a";r=0;t=9`, "x-ratelimit-remaining": "3", "x-ratelimit-reset": "2" }, now)
        ?.remaining
    ).toBe(3)
  })
})

describe("a host the client has not heard from", () => {
  it.effect("its first request goes alone: a burst at start-up meets the quota that answer tells, not 429s", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(start)
      // Five requests a 10-second window that opens at the first; each answered 100 ms after it arrives.
      const api = vendor((at, index) => {
        const remaining = at < 10_000 ? 5 - (index + 1) : 10 - (index + 1)
        return {
          status: remaining < 0 ? 429 : 200,
          headers: {
            "x-ratelimit-limit": "5",
            "x-ratelimit-remaining": String(Math.max(0, remaining)),
            "x-ratelimit-reset": epochSeconds(at < 10_000 ? 10_000 : 20_000)
          },
          delayMillis: 100
        }
      })
      const client = ApiClient.make(ProblemJson.dialect, { baseUrl, apiKey, retry: policy("2 minutes") })(api.client)
      const { exits } = yield* runAll(Array.from({ length: 8 }, (_, i) => client.get(`/v1/calls/${i}`)))
      expect(exits.every(Exit.isSuccess)).toBe(true)
      // One, then (within the few milliseconds the others take to ask again) the four its answer says are left, all
      // accepted; the rest wait for the window's end.
      const [first, ...others] = api.arrivals
      expect(first).toMatchObject({ at: 0, status: 200 })
      expect(others.slice(0, 4).map((a) => a.status)).toEqual([200, 200, 200, 200])
      expect(others.slice(0, 4).every((a) => a.at >= 100 && a.at <= 110)).toBe(true)
      expect(others.slice(4).every((a) => a.at >= 9_000)).toBe(true)
    })
  )
})
