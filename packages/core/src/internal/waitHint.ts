import type { Source } from "../WaitHint.js"
import * as RateLimitFields from "./rateLimitFields.js"

/** @internal */
export interface Hint {
  readonly millis: number
  readonly source: Source
}

/** @internal */
export const maximumMillis = 7 * 24 * 60 * 60 * 1000

const months: Record<string, number> = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  may: 4,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  oct: 9,
  nov: 10,
  dec: 11
}

const imfFixdate = /^[A-Za-z]{3}, (\d{2}) ([A-Za-z]{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/
const rfc850Date = /^[A-Za-z]{6,9}, (\d{2})-([A-Za-z]{3})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/
const asctimeDate = /^[A-Za-z]{3} ([A-Za-z]{3}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/

const utc = (year: number, month: string, day: number, hour: number, minute: number, second: number) => {
  const monthIndex = Object.hasOwn(months, month.toLowerCase()) ? months[month.toLowerCase()] : undefined
  if (monthIndex === undefined || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined
  const millis = Date.UTC(year, monthIndex, day, hour, minute, Math.min(second, 59))
  // Date.UTC rolls 31 Feb over into March: such a date is not a date.
  return new Date(millis).getUTCDate() === day ? millis : undefined
}

/** @internal */
export const parseHttpDate = (text: string, now: number): number | undefined => {
  const value = text.trim()
  let match = imfFixdate.exec(value)
  if (match !== null) {
    const [, day, month, year, hour, minute, second] = match
    return utc(Number(year), month!, Number(day), Number(hour), Number(minute), Number(second))
  }
  match = rfc850Date.exec(value)
  if (match !== null) {
    const [, day, month, shortYear, hour, minute, second] = match
    // RFC 9110 §5.6.7: a two-digit year more than 50 years in the future is in the past century.
    const currentYear = new Date(now).getUTCFullYear()
    let year = Math.floor(currentYear / 100) * 100 + Number(shortYear)
    if (year > currentYear + 50) year -= 100
    return utc(year, month!, Number(day), Number(hour), Number(minute), Number(second))
  }
  match = asctimeDate.exec(value)
  if (match !== null) {
    const [, month, day, hour, minute, second, year] = match
    return utc(Number(year), month!, Number(day!.trim()), Number(hour), Number(minute), Number(second))
  }
  return undefined
}

const decimal = /^\d+(\.\d+)?$/

// Whole milliseconds, never early (rounded up), except that less than one is none: a hint of 1e-9 s is a hint of
// 0, which leaves the wait to the backoff, not a retry 1 ms later.
const boundedMillis = (millis: number): number | undefined =>
  Number.isFinite(millis) && millis >= 0 && millis <= maximumMillis ? (millis < 1 ? 0 : Math.ceil(millis)) : undefined

/** @internal */
export const parseRetryAfter = (value: string, now: number): number | undefined => {
  const trimmed = value.trim()
  if (decimal.test(trimmed)) return boundedMillis(Number(trimmed) * 1000)
  const date = parseHttpDate(trimmed, now)
  return date === undefined ? undefined : boundedMillis(Math.max(0, date - now))
}

/** @internal */
export const parseRateLimitReset = (value: string, now: number): number | undefined => {
  const trimmed = value.trim()
  if (!decimal.test(trimmed)) return undefined
  const reset = Number(trimmed)
  const integerDigits = trimmed.split(".")[0]!.replace(/^0+/, "").length
  if (integerDigits >= 13) return boundedMillis(Math.max(0, reset - now))
  if (integerDigits >= 10) return boundedMillis(Math.max(0, reset * 1000 - now))
  return boundedMillis(reset * 1000)
}

const parseMillis = (value: string): number | undefined => {
  const trimmed = value.trim()
  return decimal.test(trimmed) ? boundedMillis(Number(trimmed)) : undefined
}

// A quota's reset is a wait hint only when the quota is spent: remaining 0, or a 429 that does not say what is
// left. A 429 that says requests remain is about something else (Nixflex's calls in flight), and the quota's reset
// says nothing of when that ends.
const quotaSpent = (status: number, remaining: string | undefined): boolean =>
  remaining === undefined ? status === 429 : remaining.trim() === "0"

// The IETF RateLimit fields, read as Structured Fields: with several policies, the wait is until the last of the
// spent ones resets.
const ietfWait = (headers: Readonly<Record<string, string>>, status: number): number | undefined => {
  const seconds = RateLimitFields.spentResetSeconds(RateLimitFields.policies(headers), status)
  return seconds === undefined ? undefined : boundedMillis(seconds * 1000)
}

const bodyWait = (seconds: unknown): number | undefined => {
  if (typeof seconds === "number") return seconds >= 0 ? boundedMillis(seconds * 1000) : undefined
  if (typeof seconds === "string" && decimal.test(seconds.trim())) return boundedMillis(Number(seconds.trim()) * 1000)
  return undefined
}

/** @internal */
export const fromResponse = (input: {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly now: number
  readonly bodySeconds?: unknown
}): Hint | undefined => {
  const { headers, now, status } = input
  const hint = (millis: number | undefined, source: Source): Hint | undefined =>
    millis === undefined ? undefined : { millis, source }

  const fromBody = hint(bodyWait(input.bodySeconds), "body")
  if (fromBody) return fromBody
  const retryAfterMs = headers["retry-after-ms"]
  const fromRetryAfterMs = retryAfterMs === undefined ? undefined : hint(parseMillis(retryAfterMs), "retry-after-ms")
  if (fromRetryAfterMs) return fromRetryAfterMs
  const retryAfter = headers["retry-after"]
  const fromRetryAfter = retryAfter === undefined ? undefined : hint(parseRetryAfter(retryAfter, now), "retry-after")
  if (fromRetryAfter) return fromRetryAfter
  const fromIetf = hint(ietfWait(headers, status), "ratelimit")
  if (fromIetf) return fromIetf
  const reset = headers["x-ratelimit-reset"]
  const spent = quotaSpent(status, headers["x-ratelimit-remaining"])
  return reset === undefined || !spent ? undefined : hint(parseRateLimitReset(reset, now), "x-ratelimit-reset")
}
