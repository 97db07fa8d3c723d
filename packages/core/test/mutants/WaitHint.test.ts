import { describe, expect, it } from "@effect/vitest"
import { WaitHint } from "@faultline/core"

// Written against the survivors of `pnpm mutate` on internal/waitHint.ts: each test pins down what a caller reads
// out of a header or a body, at the edges the other WaitHint tests leave open.

const now = Date.UTC(2026, 10, 22, 12, 0, 0)

const hintOf = (input: { status?: number; headers?: Record<string, string>; bodySeconds?: unknown }) => {
  const hint = WaitHint.fromResponse({ status: input.status ?? 429, headers: input.headers ?? {}, now, ...input })
  return hint === undefined ? undefined : { millis: hint.millis, source: hint.source }
}

describe("HTTP-dates a server may send", () => {
  it("a minute or a second out of range is no date, even where the clock would roll it into a valid one", () => {
    // 12:60 would roll into 13:00 of the same day, and second 61 would be clamped: neither is a date.
    expect(WaitHint.parseHttpDate("Sun, 22 Nov 2026 12:60:00 GMT", now)).toBeUndefined()
    expect(WaitHint.parseHttpDate("Sun, 22 Nov 2026 12:00:61 GMT", now)).toBeUndefined()
    expect(WaitHint.parseHttpDate("Sunday, 22-Nov-26 12:60:00 GMT", now)).toBeUndefined()
    expect(WaitHint.parseHttpDate("Sun Nov 22 12:00:61 2026", now)).toBeUndefined()
  })

  it("a leap second is the last second of its minute", () => {
    expect(WaitHint.parseHttpDate("Sun, 22 Nov 2026 12:00:60 GMT", now)).toBe(now + 59_000)
    expect(WaitHint.parseRetryAfter("Sun, 22 Nov 2026 12:00:60 GMT", now)).toBe(59_000)
  })

  it("surrounding whitespace is not part of the date", () => {
    expect(WaitHint.parseHttpDate("  Sun, 22 Nov 2026 12:00:30 GMT \t", now)).toBe(now + 30_000)
  })

  it("a two-digit year exactly 50 years ahead is still in this century; 51 years ahead is the last", () => {
    // RFC 9110: only a year *more* than 50 years in the future is taken as the past century's.
    expect(WaitHint.parseHttpDate("Sunday, 22-Nov-76 12:00:00 GMT", now)).toBe(Date.UTC(2076, 10, 22, 12))
    expect(WaitHint.parseHttpDate("Sunday, 22-Nov-77 12:00:00 GMT", now)).toBe(Date.UTC(1977, 10, 22, 12))
  })
})

describe("Retry-After and retry-after-ms", () => {
  it("padded values are read as the number they hold", () => {
    expect(WaitHint.parseRetryAfter(" 120 ", now)).toBe(120_000)
    expect(hintOf({ headers: { "retry-after-ms": " 1500 " } })).toEqual({ millis: 1500, source: "retry-after-ms" })
  })

  it("one millisecond is a wait of one millisecond; less than one is none", () => {
    expect(hintOf({ headers: { "retry-after-ms": "1" } })).toEqual({ millis: 1, source: "retry-after-ms" })
    expect(hintOf({ headers: { "retry-after-ms": "1.5" } })).toEqual({ millis: 2, source: "retry-after-ms" })
    expect(hintOf({ headers: { "retry-after-ms": "0.5" } })).toEqual({ millis: 0, source: "retry-after-ms" })
  })

  it("a wait of exactly the maximum is kept, a millisecond more is dropped for the next header", () => {
    const max = String(WaitHint.maximumMillis)
    expect(hintOf({ headers: { "retry-after-ms": max } })?.millis).toBe(WaitHint.maximumMillis)
    expect(hintOf({ headers: { "retry-after-ms": `${max}1`, "retry-after": "3" } })).toEqual({
      millis: 3000,
      source: "retry-after"
    })
  })
})

describe("X-RateLimit-Reset", () => {
  it("padding and leading zeros change neither the value nor whether it is an instant or a delta", () => {
    expect(WaitHint.parseRateLimitReset(" 60 ", now)).toBe(60_000)
    // Twelve characters, but two digits: 30 seconds from now, not an epoch instant in 1970.
    expect(WaitHint.parseRateLimitReset("000000000030", now)).toBe(30_000)
    expect(WaitHint.parseRateLimitReset(`000${now / 1000 + 42}`, now)).toBe(42_000)
  })

  it("only plain decimals are read: exponents and hex are no reset", () => {
    for (const value of ["1e3", "0x10", "-5", "5s"]) {
      expect([value, WaitHint.parseRateLimitReset(value, now)]).toEqual([value, undefined])
    }
  })

  it("counts only on a 429 when the response does not say what is left", () => {
    const headers = { "x-ratelimit-reset": "30" }
    expect(hintOf({ status: 429, headers })).toEqual({ millis: 30_000, source: "x-ratelimit-reset" })
    expect(hintOf({ status: 503, headers })).toBeUndefined()
    expect(hintOf({ status: 200, headers })).toBeUndefined()
  })

  it("a remaining count of 0 padded with spaces is a spent quota", () => {
    const headers = { "x-ratelimit-reset": "30", "x-ratelimit-remaining": " 0 " }
    expect(hintOf({ status: 200, headers })).toEqual({ millis: 30_000, source: "x-ratelimit-reset" })
  })
})

describe("a body's retry_after", () => {
  it("is seconds, as a number or a decimal string, padded or not", () => {
    expect(hintOf({ bodySeconds: 5 })).toEqual({ millis: 5000, source: "body" })
    expect(hintOf({ bodySeconds: 0.25 })).toEqual({ millis: 250, source: "body" })
    expect(hintOf({ bodySeconds: "5" })).toEqual({ millis: 5000, source: "body" })
    expect(hintOf({ bodySeconds: " 2.5 " })).toEqual({ millis: 2500, source: "body" })
  })

  it("of 0 is the body's answer (no wait), and wins over the headers", () => {
    expect(hintOf({ bodySeconds: 0, headers: { "retry-after": "9" } })).toEqual({ millis: 0, source: "body" })
  })

  it("that is not seconds leaves the wait to the headers", () => {
    const headers = { "retry-after": "9" }
    for (const bodySeconds of [null, true, "1e3", "", "soon", -1, Number.NaN, [5], { seconds: 5 }]) {
      expect([bodySeconds, hintOf({ bodySeconds, headers })]).toEqual([
        bodySeconds,
        { millis: 9000, source: "retry-after" }
      ])
    }
    expect(hintOf({ bodySeconds: null })).toBeUndefined()
  })
})
