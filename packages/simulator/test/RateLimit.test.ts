import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as fc from "effect/FastCheck"
import { NixflexApi } from "../src/index.js"
import { parseArgs } from "../src/internal/cli.js"
import { alignedWindowStart, FixedWindows } from "../src/internal/rateLimit.js"
import { bearer, send, withSimulator } from "./support.js"

describe("fixed windows", () => {
  it("without a phase, a window opens with the key's first request", () => {
    const windows = new FixedWindows()
    const rule = { limit: 2, windowMs: 1000 }
    expect(windows.take("k", rule, 10_500)).toEqual({ limited: false, limit: 2, remaining: 1, resetAt: 11_500 })
    expect(windows.take("k", rule, 10_900).remaining).toBe(0)
    expect(windows.take("k", rule, 11_499).limited).toBe(true)
    expect(windows.take("k", rule, 11_500)).toEqual({ limited: false, limit: 2, remaining: 1, resetAt: 12_500 })
  })

  it("with a phase, windows are fixed on the clock: phase after each whole multiple of the window", () => {
    const windows = new FixedWindows()
    const rule = { limit: 2, windowMs: 1000, phaseMs: 5 }
    // The first request comes mid-window: its window is still the clock's, [10.005 s, 11.005 s).
    expect(windows.take("k", rule, 10_500)).toEqual({ limited: false, limit: 2, remaining: 1, resetAt: 11_005 })
    expect(windows.take("k", rule, 10_600).remaining).toBe(0)
    expect(windows.take("k", rule, 11_004)).toEqual({ limited: true, limit: 2, remaining: 0, resetAt: 11_005 })
    expect(windows.take("k", rule, 11_005)).toEqual({ limited: false, limit: 2, remaining: 1, resetAt: 12_005 })
    // After an idle stretch, the window that holds the request, not one opened by it.
    expect(windows.take("k", rule, 15_300).resetAt).toBe(16_005)
    // Just before a whole second is still the window that started 5 ms after the previous one.
    expect(windows.take("k", rule, 17_003).resetAt).toBe(17_005)
    // Keys have windows of their own, on the same clock.
    expect(windows.take("other", rule, 17_003)).toEqual({ limited: false, limit: 2, remaining: 1, resetAt: 17_005 })
  })

  it.prop(
    "the aligned window holds the request and starts phase after a whole multiple of the window",
    [fc.integer({ min: 0, max: 4_000_000_000_000 }), fc.integer({ min: 1, max: 3_600_000 }), fc.nat(7_200_000)],
    ([now, windowMs, phaseMs]) => {
      const start = alignedWindowStart(now, windowMs, phaseMs)
      return start <= now && now < start + windowMs && (((start - phaseMs) % windowMs) + windowMs) % windowMs === 0
    },
    { fastCheck: { numRuns: 500 } }
  )

  it("the command line takes a phase after @", () => {
    const parsed = parseArgs(["--rate-limit", "nixflex.write=20/1s@5ms,levrage=3/1s"])
    expect(Either.map(parsed, (command) => command.options.rateLimits)).toEqual(
      Either.right({ "nixflex.write": { limit: 20, window: 1000, phase: 5 }, levrage: { limit: 3, window: 1000 } })
    )
    expect(parseArgs(["--rate-limit", "nixflex.write=20/1s@soon"])).toEqual(
      Either.left('--rate-limit: "20/1s@soon" is not <limit>/<window>[@<phase>]')
    )
  })

  it.live("the server announces the clock-fixed window's reset", () =>
    withSimulator({ rateLimits: { "nixflex.read": { limit: 1, window: "1 hour", phase: "5 millis" } } }, (sim) =>
      Effect.gen(function* () {
        const hour = 3_600_000
        const expectedReset = (now: number) => Math.ceil((alignedWindowStart(now, hour, 5) + hour) / 1000)
        const nixflexCalls = send("GET", `${sim.baseUrl("nixflex")}/v1/calls`, {
          headers: bearer(NixflexApi.demoKey)
        })
        const first = yield* nixflexCalls
        const second = yield* nixflexCalls
        // The window is the clock's hour (from 5 ms past it), not the hour from the first request.
        const reset = String(expectedReset(Date.now()))
        expect([first.status, first.headers["x-ratelimit-reset"]]).toEqual([200, reset])
        expect([second.status, second.headers["x-ratelimit-reset"]]).toEqual([429, reset])
      })
    )
  )
})
