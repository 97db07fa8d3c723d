import * as Duration from "effect/Duration"
import type * as Faults from "../Faults.js"
import type * as Simulator from "../Simulator.js"
import type { Vendor } from "../Vendor.js"
import type { WindowRule } from "./rateLimit.js"

/** Every option with its default filled in, durations in milliseconds. @internal */
export interface Resolved {
  readonly port: number
  readonly host: string
  readonly vendor: Vendor | undefined
  readonly seed: number
  readonly faults: ReadonlyArray<Faults.Fault>
  readonly keys: Readonly<Record<Vendor, ReadonlyArray<string>>>
  readonly rateLimits: Readonly<Record<Simulator.RateLimitGroup, WindowRule>>
  readonly concurrency: { readonly dialnexa: number; readonly nixflex: number }
  readonly dialnexaConcurrencyStatus: 409 | 429
  readonly nixflexRetryAfterHeader: boolean
  readonly callDurationMs: number
  readonly smsIntervalMs: number
  readonly idempotencyTtlMs: number
  readonly levrageCredits: number | undefined
  readonly logLimit: number
  readonly blockedPrefixes: ReadonlyArray<string>
  readonly callLogCount: number
}

/** @internal */
export const defaultRateLimits: Readonly<Record<Simulator.RateLimitGroup, WindowRule>> = {
  dialnexa: { limit: 100, windowMs: 60_000 },
  levrage: { limit: 60, windowMs: 60_000 },
  "nixflex.read": { limit: 600, windowMs: 60_000 },
  "nixflex.write": { limit: 120, windowMs: 60_000 },
  "nixflex.keys": { limit: 10, windowMs: 3_600_000 }
}

/** @internal */
export const defaultSeed = 42

/** @internal */
export const resolve = (options: Simulator.Options, demoKeys: Readonly<Record<Vendor, string>>): Resolved => {
  const rateLimits = { ...defaultRateLimits }
  for (const [group, limit] of Object.entries(options.rateLimits ?? {}) as Array<
    [Simulator.RateLimitGroup, Simulator.RateLimit | undefined]
  >) {
    if (limit === undefined) continue
    const windowMs = Duration.toMillis(limit.window)
    rateLimits[group] =
      limit.phase === undefined
        ? { limit: limit.limit, windowMs }
        : { limit: limit.limit, windowMs, phaseMs: Duration.toMillis(limit.phase) }
  }
  const keys = options.keys ?? {}
  return {
    port: options.port ?? 0,
    host: options.host ?? "127.0.0.1",
    vendor: options.vendor,
    seed: options.seed ?? defaultSeed,
    faults: options.faults ?? [],
    keys: {
      dialnexa: keys.dialnexa ?? [demoKeys.dialnexa],
      levrage: keys.levrage ?? [demoKeys.levrage],
      nixflex: keys.nixflex ?? [demoKeys.nixflex]
    },
    rateLimits,
    concurrency: {
      dialnexa: options.concurrency?.dialnexa ?? 5,
      nixflex: options.concurrency?.nixflex ?? 10
    },
    dialnexaConcurrencyStatus: options.dialnexaConcurrencyStatus ?? 409,
    nixflexRetryAfterHeader: options.nixflexRetryAfterHeader ?? false,
    callDurationMs: Duration.toMillis(options.callDuration ?? "30 seconds"),
    smsIntervalMs: Duration.toMillis(options.smsInterval ?? "1 second"),
    idempotencyTtlMs: Duration.toMillis(options.idempotencyTtl ?? "24 hours"),
    levrageCredits: options.levrageCredits,
    logLimit: options.logLimit ?? 10_000,
    blockedPrefixes: options.blockedPrefixes ?? ["+1900", "+882"],
    callLogCount: options.callLogCount ?? 45
  }
}
