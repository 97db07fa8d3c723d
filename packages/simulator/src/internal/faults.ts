import * as Duration from "effect/Duration"
import * as Either from "effect/Either"
import type * as Faults from "../Faults.js"
import * as Vendor from "../Vendor.js"
import type { Prng } from "./prng.js"

/** @internal */
export const defaultHugeBytes = 8 * 1024 * 1024

/** @internal */
export const outage = (
  duration: Duration.DurationInput,
  after: Duration.DurationInput | undefined,
  retryAfter?: boolean | undefined
): Faults.Outage => ({
  kind: "outage",
  durationMs: Duration.toMillis(duration),
  ...(after === undefined ? {} : { afterMs: Duration.toMillis(after) }),
  ...(retryAfter === false ? { retryAfter: false } : {})
})

/** @internal */
export const latency = (delay: Duration.DurationInput, jitter: Duration.DurationInput | undefined): Faults.Latency =>
  jitter === undefined
    ? { kind: "latency", ms: Duration.toMillis(delay) }
    : { kind: "latency", ms: Duration.toMillis(delay), jitterMs: Duration.toMillis(jitter) }

/** @internal */
export const hostileHeaders = (
  rate: number,
  headers: {
    readonly status?: number | undefined
    readonly retryAfter?: string | readonly [string, ...Array<string>] | undefined
    readonly remaining?: string | undefined
    readonly resetInMillis?: number | undefined
  }
): Faults.HostileHeaders => ({
  kind: "headers",
  rate,
  ...(headers.status === undefined ? {} : { status: headers.status }),
  ...(headers.retryAfter === undefined ? {} : { retryAfter: headers.retryAfter }),
  ...(headers.remaining === undefined ? {} : { remaining: headers.remaining }),
  ...(headers.resetInMillis === undefined ? {} : { resetInMillis: headers.resetInMillis })
})

// --- the spec string ----------------------------------------------------------------------------------------------

const parseRate = (text: string): number | undefined => {
  const percent = text.endsWith("%")
  const value = Number(percent ? text.slice(0, -1) : text)
  if (text.length === 0 || !Number.isFinite(value)) return undefined
  const rate = percent ? value / 100 : value
  return rate >= 0 && rate <= 1 ? rate : undefined
}

const durationUnits: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }

/** @internal */
export const parseDuration = (text: string): number | undefined => {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim())
  if (match === null) return undefined
  return Number(match[1]) * durationUnits[match[2] ?? "ms"]!
}

const sizeUnits: Record<string, number> = { b: 1, kb: 1024, mb: 1024 * 1024, gb: 1024 * 1024 * 1024 }

/** @internal */
export const parseSize = (text: string): number | undefined => {
  const match = /^(\d+)(b|kb|mb|gb)?$/i.exec(text.trim())
  if (match === null) return undefined
  const bytes = Number(match[1]) * sizeUnits[(match[2] ?? "b").toLowerCase()]!
  return bytes > 0 ? bytes : undefined
}

const parseStatus = (text: string): number | undefined => {
  const status = Number(text)
  return /^\d{3}$/.test(text) && status >= 400 && status <= 599 ? status : undefined
}

const parseItem = (item: string): Either.Either<Faults.Fault, string> => {
  const eq = item.indexOf("=")
  if (eq <= 0) return Either.left(`"${item}": expected name=value`)
  let name = item.slice(0, eq).trim()
  const value = item.slice(eq + 1).trim()
  let match: Faults.Match | undefined
  const dot = name.indexOf(".")
  if (dot > 0) {
    const vendor = name.slice(0, dot)
    if (!Vendor.isVendor(vendor)) return Either.left(`"${item}": unknown vendor "${vendor}"`)
    match = { vendor }
    name = name.slice(dot + 1)
  }
  const scoped = <F extends Faults.Fault>(fault: F): Either.Either<Faults.Fault, string> =>
    Either.right(match === undefined ? fault : { ...fault, match })
  const rateOf = (text: string, then: (rate: number) => Either.Either<Faults.Fault, string>) => {
    const rate = parseRate(text)
    return rate === undefined ? Either.left(`"${item}": "${text}" is not a rate in [0, 1] (0.1 or 10%)`) : then(rate)
  }

  if (name === "outage") {
    const ms = parseDuration(value)
    return ms === undefined ? Either.left(`"${item}": "${value}" is not a duration`) : scoped(outage(ms, undefined))
  }
  if (name === "latency") {
    const [from, to] = value.split("..")
    const low = parseDuration(from ?? "")
    const high = to === undefined ? low : parseDuration(to)
    if (low === undefined || high === undefined || high < low) {
      return Either.left(`"${item}": expected a duration or a range like 100ms..300ms`)
    }
    return scoped(high > low ? latency(low, high - low) : latency(low, undefined))
  }
  if (name === "reset" || name === "hang" || name === "truncate" || name === "empty") {
    return rateOf(value, (rate) => scoped({ kind: name, rate }))
  }
  if (name === "invalidutf8") {
    return rateOf(value, (rate) => scoped({ kind: "invalid-utf8", rate }))
  }
  const headerMatch = /^(retryafter|remaining|resetms)(\d{3})?$/.exec(name)
  if (headerMatch !== null) {
    const status = headerMatch[2] === undefined ? undefined : parseStatus(headerMatch[2])
    if (headerMatch[2] !== undefined && status === undefined) {
      return Either.left(`"${item}": expected a status 400–599, as in retryafter429=0.01:-5`)
    }
    const colon = value.indexOf(":")
    const rateText = colon < 0 ? value : value.slice(0, colon)
    const header = colon < 0 ? undefined : value.slice(colon + 1).trim()
    return rateOf(rateText, (rate) => {
      if (headerMatch[1] === "resetms") {
        const ms = header === undefined ? 1000 : parseDuration(header)
        return ms === undefined
          ? Either.left(`"${item}": "${header}" is not a duration`)
          : scoped(hostileHeaders(rate, { status, resetInMillis: ms }))
      }
      if (header === undefined || header.length === 0) {
        return Either.left(`"${item}": expected a header value after the rate, as in ${headerMatch[1]}=0.01:-5`)
      }
      if (headerMatch[1] === "remaining") return scoped(hostileHeaders(rate, { status, remaining: header }))
      const [first, ...more] = header.split("|").map((part) => part.trim())
      return scoped(hostileHeaders(rate, { status, retryAfter: more.length === 0 ? first! : [first!, ...more] }))
    })
  }
  if (name === "resetafter") {
    return rateOf(value, (rate) => scoped({ kind: "reset", rate, afterHandling: true }))
  }
  if (name === "huge") {
    const [rateText, sizeText] = value.split(":")
    return rateOf(rateText ?? "", (rate) => {
      if (sizeText === undefined) return scoped({ kind: "huge", rate })
      const bytes = parseSize(sizeText)
      return bytes === undefined
        ? Either.left(`"${item}": "${sizeText}" is not a size`)
        : scoped({ kind: "huge", rate, bytes })
    })
  }
  const statusMatch = /^(rate|error|html)(\d{3})?$/.exec(name)
  if (statusMatch !== null) {
    const kind = statusMatch[1] === "html" ? "html" : "error"
    const statusText = statusMatch[2] ?? (kind === "html" ? "502" : undefined)
    const status = statusText === undefined ? undefined : parseStatus(statusText)
    if (status === undefined) return Either.left(`"${item}": expected a status 400–599, as in rate503=0.1`)
    return rateOf(value, (rate) => scoped({ kind, status, rate }))
  }
  return Either.left(`"${item}": unknown fault "${name}"`)
}

/** @internal */
export const parse = (spec: string): Either.Either<ReadonlyArray<Faults.Fault>, string> => {
  const faults: Array<Faults.Fault> = []
  // A comma followed by a day, a month and a year belongs to an HTTP date ("Fri, 31 Dec 9999 …", or RFC 850's
  // "Friday, 31-Dec-99 …"), as a Retry-After value may be one.
  for (const item of spec.split(/,(?!\s*\d{1,2}[ -][A-Za-z]{3}[ -]\d{2})/)) {
    if (item.trim().length === 0) continue
    const parsed = parseItem(item.trim())
    if (Either.isLeft(parsed)) return Either.left(parsed.left)
    faults.push(parsed.right)
  }
  return Either.right(faults)
}

// --- deciding per request -----------------------------------------------------------------------------------------

/** @internal */
export interface RequestFacts {
  readonly vendor: Vendor.Vendor
  readonly method: string
  readonly path: string
}

/** @internal */
export type Action =
  | { readonly kind: "outage"; readonly retryAfterSeconds: number | undefined }
  | { readonly kind: "reset"; readonly afterHandling: boolean }
  | { readonly kind: "hang" }
  | { readonly kind: "html"; readonly status: number }
  | { readonly kind: "error"; readonly status: number }
  | { readonly kind: "truncate" }
  | { readonly kind: "huge"; readonly bytes: number }
  | { readonly kind: "empty" }
  | { readonly kind: "invalid-utf8" }
  | ({ readonly kind: "headers" } & HostileHeaderValues)

/** What a `headers` fault sends. @internal */
export interface HostileHeaderValues {
  readonly status: number | undefined
  readonly retryAfter: ReadonlyArray<string> | undefined
  readonly remaining: string | undefined
  readonly resetInMillis: number | undefined
}

/** @internal */
export interface Decision {
  readonly latencyMs: number
  readonly action: Action | undefined
}

interface ActiveFault {
  readonly fault: Faults.Fault
  readonly setAt: number
  fired: number
}

const matches = (match: Faults.Match | undefined, request: RequestFacts): boolean =>
  match === undefined ||
  ((match.vendor === undefined || match.vendor === request.vendor) &&
    (match.method === undefined || match.method.toUpperCase() === request.method) &&
    (match.path === undefined || request.path.startsWith(match.path)))

const actionOf = (fault: Faults.Fault): Action | undefined => {
  switch (fault.kind) {
    case "reset":
      return { kind: "reset", afterHandling: fault.afterHandling === true }
    case "hang":
    case "truncate":
    case "empty":
    case "invalid-utf8":
      return { kind: fault.kind }
    case "headers":
      return {
        kind: "headers",
        status: fault.status,
        retryAfter:
          fault.retryAfter === undefined
            ? undefined
            : typeof fault.retryAfter === "string"
              ? [fault.retryAfter]
              : fault.retryAfter,
        remaining: fault.remaining,
        resetInMillis: fault.resetInMillis
      }
    case "html":
      return { kind: "html", status: fault.status ?? 502 }
    case "error":
      return { kind: "error", status: fault.status }
    case "huge":
      return { kind: "huge", bytes: fault.bytes ?? defaultHugeBytes }
    case "outage":
    case "latency":
      return undefined
  }
}

const rateOf = (fault: Faults.Fault): number => ("rate" in fault && fault.rate !== undefined ? fault.rate : 1)

/**
 * The faults in force, with when each was set and how often it fired. Draws come from one seeded generator, in
 * request order, and only when a matching fault needs one: the same requests and seed give the same faults.
 *
 * @internal
 */
export class FaultState {
  private active: Array<ActiveFault> = []

  constructor(private readonly random: Prng) {}

  set(faults: ReadonlyArray<Faults.Fault>, now: number): void {
    this.active = faults.map((fault) => ({ fault, setAt: now, fired: 0 }))
  }

  list(): ReadonlyArray<Faults.Fault> {
    return this.active.map((active) => active.fault)
  }

  decide(request: RequestFacts, now: number): Decision {
    const candidates = this.active.filter((active) => matches(active.fault.match, request))
    let latencyMs = 0
    for (const active of candidates) {
      const fault = active.fault
      if (fault.kind !== "latency") continue
      if (fault.rate !== undefined && fault.rate < 1 && this.random.next() >= fault.rate) continue
      const jitter = fault.jitterMs !== undefined && fault.jitterMs > 0 ? this.random.next() * fault.jitterMs : 0
      latencyMs += fault.ms + jitter
      this.fire(active)
    }
    const action = this.pickAction(candidates, now)
    return { latencyMs: Math.round(latencyMs), action }
  }

  private pickAction(candidates: ReadonlyArray<ActiveFault>, now: number): Action | undefined {
    for (const active of candidates) {
      const fault = active.fault
      if (fault.kind !== "outage") continue
      const opens = active.setAt + (fault.afterMs ?? 0)
      const closes = opens + fault.durationMs
      if (now >= opens && now < closes) {
        this.fire(active)
        const retryAfterSeconds = fault.retryAfter === false ? undefined : Math.max(1, Math.ceil((closes - now) / 1000))
        return { kind: "outage", retryAfterSeconds }
      }
    }
    const drawn = candidates.filter((active) => actionOf(active.fault) !== undefined)
    if (drawn.length === 0) return undefined
    const u = this.random.next()
    let cumulative = 0
    for (const active of drawn) {
      cumulative += rateOf(active.fault)
      if (u < cumulative) {
        this.fire(active)
        return actionOf(active.fault)
      }
    }
    return undefined
  }

  private fire(active: ActiveFault): void {
    active.fired += 1
    if (active.fault.times !== undefined && active.fired >= active.fault.times) {
      this.active = this.active.filter((other) => other !== active)
    }
  }
}

// --- bodies no vendor sends -----------------------------------------------------------------------------------------

const reasons: Record<number, string> = {
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Temporarily Unavailable",
  504: "Gateway Time-out"
}

/**
 * The error page nginx serves when it fronts an upstream that failed.
 *
 * @internal
 */
export const htmlPage = (status: number): string => {
  const title = `${status} ${reasons[status] ?? "Error"}`
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`
}
