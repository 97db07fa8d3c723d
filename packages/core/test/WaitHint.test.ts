import { describe, expect, it } from "@effect/vitest"
import { WaitHint } from "@faultline/core"
import { FastCheck as fc } from "effect"

const now = Date.UTC(2026, 10, 22, 12, 0, 0)

const rfc850 = (date: Date) => {
  const days = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
  const [, day, month, year, time] = /^\w{3}, (\d{2}) (\w{3}) (\d{4}) (\S+) GMT$/.exec(date.toUTCString())!
  return `${days[date.getUTCDay()]}, ${day}-${month}-${year!.slice(2)} ${time} GMT`
}

const asctime = (date: Date) => {
  const [, month] = /^\w{3}, \d{2} (\w{3})/.exec(date.toUTCString())!
  const weekday = date.toUTCString().slice(0, 3)
  return `${weekday} ${month} ${String(date.getUTCDate()).padStart(2, " ")} ${date.toISOString().slice(11, 19)} ${date.getUTCFullYear()}`
}

describe("WaitHint", () => {
  it("reads Retry-After as seconds and as each HTTP-date form", () => {
    expect(WaitHint.parseRetryAfter("120", now)).toBe(120_000)
    expect(WaitHint.parseRetryAfter("Sun, 22 Nov 2026 12:00:30 GMT", now)).toBe(30_000)
    expect(WaitHint.parseRetryAfter("Sunday, 22-Nov-26 12:00:30 GMT", now)).toBe(30_000)
    expect(WaitHint.parseRetryAfter("Sun Nov 22 12:00:30 2026", now)).toBe(30_000)
  })

  it("treats a date in the past as no wait, and garbage, negatives and absurd values as no hint", () => {
    expect(WaitHint.parseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", now)).toBe(0)
    for (const value of ["-5", "soon", "", "1e3", "0x20", "99999999999", "Sun, 31 Feb 2026 10:00:00 GMT"]) {
      expect([value, WaitHint.parseRetryAfter(value, now)]).toEqual([value, undefined])
    }
  })

  it("reads X-RateLimit-Reset as epoch seconds, epoch milliseconds, or a small delta", () => {
    expect(WaitHint.parseRateLimitReset(String(now / 1000 + 42), now)).toBe(42_000)
    expect(WaitHint.parseRateLimitReset(String(now + 1500), now)).toBe(1500)
    expect(WaitHint.parseRateLimitReset("60", now)).toBe(60_000)
    expect(WaitHint.parseRateLimitReset(String(now / 1000 - 100), now)).toBe(0)
  })

  it("counts quota headers only when the quota is spent", () => {
    const headers = { "x-ratelimit-remaining": "12", "x-ratelimit-reset": String(now / 1000 + 30) }
    expect(WaitHint.fromResponse({ status: 500, headers, now })).toBeUndefined()
    // A 429 with requests left is not about the quota (Nixflex's concurrent_call_limit): its reset is no hint.
    expect(WaitHint.fromResponse({ status: 429, headers, now })).toBeUndefined()
    const { "x-ratelimit-remaining": _, ...withoutRemaining } = headers
    expect(WaitHint.fromResponse({ status: 429, headers: withoutRemaining, now })).toEqual(
      new WaitHint.WaitHint({ millis: 30_000, source: "x-ratelimit-reset" })
    )
    expect(
      WaitHint.fromResponse({ status: 200, headers: { ...headers, "x-ratelimit-remaining": "0" }, now })?.millis
    ).toBe(30_000)
  })

  it("prefers the body hint, then retry-after-ms, Retry-After, IETF RateLimit, X-RateLimit-Reset", () => {
    const headers = {
      "retry-after-ms": "1500",
      "retry-after": "3",
      ratelimit: "limit=10, remaining=0, reset=4",
      "x-ratelimit-reset": "5"
    }
    expect(WaitHint.fromResponse({ status: 429, headers, now, bodySeconds: 7 })?.source).toBe("body")
    expect(WaitHint.fromResponse({ status: 429, headers, now })?.source).toBe("retry-after-ms")
    const { "retry-after-ms": _, ...withoutMs } = headers
    expect(WaitHint.fromResponse({ status: 429, headers: withoutMs, now })?.millis).toBe(3000)
    const { "retry-after": __, ...ietf } = withoutMs
    expect(WaitHint.fromResponse({ status: 429, headers: ietf, now })).toEqual(
      new WaitHint.WaitHint({ millis: 4000, source: "ratelimit" })
    )
    expect(WaitHint.fromResponse({ status: 429, headers: { ratelimit: `"default";r=0;t=9` }, now })?.millis).toBe(9000)
  })

  it("reads the IETF RateLimit field as Structured Fields: the wait is until the last spent policy resets", () => {
    const wait = (field: string, status = 429) =>
      WaitHint.fromResponse({ status, headers: { ratelimit: field }, now })?.millis
    // A policy with requests left says nothing of the wait, wherever its parameters are.
    expect(wait(`"burst";r=5;t=3, "daily";r=0;t=86000`)).toBe(86_000_000)
    expect(wait(`"a";r=0;t=3, "b";r=0;t=10`)).toBe(10_000)
    expect(wait(`"a";t=3;r=0, "b";r=2;t=10`)).toBe(3000)
    expect(wait(`default;r=0;t=5`)).toBe(5000)
    // Nothing spent: no wait, even on a 429 (what it is about is not this quota).
    expect(wait(`"burst";r=5;t=3, "daily";r=1;t=86000`)).toBeUndefined()
    // Draft 7's dictionary, and a field that is not a Structured Field at all.
    expect(wait("limit=10, remaining=0, reset=4", 200)).toBe(4000)
    expect(wait("limit=10, remaining=3, reset=4", 200)).toBeUndefined()
    expect(wait(`"a";r=0;t=3,, "b"`)).toBeUndefined()
    expect(wait(`"a";r=0;t=-3`)).toBeUndefined()
    // Draft 6's separate fields, as Structured Field Items.
    expect(
      WaitHint.fromResponse({ status: 200, headers: { "ratelimit-remaining": "0", "ratelimit-reset": "7" }, now })
        ?.millis
    ).toBe(7000)
  })

  const date = fc
    .date({ min: new Date("1970-01-02T00:00:00Z"), max: new Date("2099-12-31T00:00:00Z"), noInvalidDate: true })
    .map((d) => new Date(Math.floor(d.getTime() / 1000) * 1000))

  it.prop(
    "every HTTP-date form round-trips to the same instant",
    [date],
    ([d]) => {
      const recent = Math.abs(d.getUTCFullYear() - new Date(now).getUTCFullYear()) < 50
      return (
        WaitHint.parseHttpDate(d.toUTCString(), now) === d.getTime() &&
        WaitHint.parseHttpDate(asctime(d), now) === d.getTime() &&
        (!recent || WaitHint.parseHttpDate(rfc850(d), now) === d.getTime())
      )
    },
    { fastCheck: { numRuns: 3000 } }
  )

  it.prop(
    "delay-seconds are read exactly",
    [fc.integer({ min: 0, max: 7 * 24 * 3600 })],
    ([seconds]) => WaitHint.parseRetryAfter(String(seconds), now) === seconds * 1000,
    { fastCheck: { numRuns: 2000 } }
  )

  it.prop(
    "epoch/delta boundary: 10-digit values are instants, shorter ones are seconds to wait",
    [
      fc.oneof(
        fc.integer({ min: 0, max: 3_000_000_000 }),
        fc.integer({ min: now / 1000 - 86_400, max: now / 1000 + 8 * 86_400 })
      )
    ],
    ([value]) => {
      const millis = WaitHint.parseRateLimitReset(String(value), now)
      if (value >= 1_000_000_000) {
        const expected = Math.max(0, value * 1000 - now)
        // An instant up to 7 days ahead is a wait; further is not a hint at all.
        return expected <= WaitHint.maximumMillis ? millis === expected : millis === undefined
      }
      return millis === (value * 1000 <= WaitHint.maximumMillis ? value * 1000 : undefined)
    },
    { fastCheck: { numRuns: 3000 } }
  )

  it.prop(
    "no string ever yields a negative, non-finite or over-long wait",
    [
      fc.record({
        name: fc.constantFrom("retry-after", "retry-after-ms", "x-ratelimit-reset", "ratelimit", "ratelimit-reset"),
        value: fc.string()
      }),
      fc.integer({ min: 100, max: 599 }),
      fc.anything()
    ],
    ([header, status, bodySeconds]) => {
      const hint = WaitHint.fromResponse({
        status,
        headers: { [header.name]: header.value, "x-ratelimit-remaining": "0", "ratelimit-remaining": "0" },
        now,
        bodySeconds
      })
      return (
        hint === undefined ||
        (Number.isFinite(hint.millis) && hint.millis >= 0 && hint.millis <= WaitHint.maximumMillis)
      )
    },
    { fastCheck: { numRuns: 5000 } }
  )
})
