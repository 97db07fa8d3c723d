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
  if (name === "reset" || name === "hang" || name === "truncate") {
    return rateOf(value, (rate) => scoped({ kind: name, rate }))
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
  for (const item of spec.split(",")) {
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
      return { kind: fault.kind }
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
