/**
 * The world the demo's campaign runs in: the simulator's limits, scaled down so that a few hundred calls take
 * seconds rather than minutes, and the faults of each level. The limits are the vendors' own kinds (fixed windows
 * per key, calls in flight per account), only shorter.
 */
import { DialNexaApi, Faults, LevrageApi, NixflexApi, type Simulator } from "@faultline/simulator"
import type { Agents } from "./campaign.js"
import type { Vendor } from "./contacts.js"

export type FaultLevel = "none" | "light" | "heavy"

/** The request windows and call limits the demo's simulator enforces, per vendor. */
export const limits = {
  nixflex: { requests: 50, windowMillis: 5000, concurrency: 10 },
  dialnexa: { requests: 60, windowMillis: 5000, concurrency: 5 },
  levrage: { requests: 40, windowMillis: 5000, concurrency: Number.POSITIVE_INFINITY }
} as const satisfies Record<Vendor, { requests: number; windowMillis: number; concurrency: number }>

/** How long a simulated call stays in flight. */
export const callDurationMillis = 500

/** The maintenance window (503 with Retry-After) of the light and heavy levels, on Nixflex. */
export const outage = { vendor: "nixflex" as Vendor, afterMillis: 3000, durationMillis: 2500 }

/** The faults of a level; set them as a run starts, so that the maintenance window opens `afterMillis` into it. */
export const faultsOf = (level: FaultLevel): ReadonlyArray<Faults.Fault> => {
  if (level === "none") return []
  const scale = level === "light" ? 1 : 3
  return [
    Faults.matching(Faults.outage(`${outage.durationMillis} millis`, { after: `${outage.afterMillis} millis` }), {
      vendor: outage.vendor
    }),
    // A proxy in front of every vendor sometimes answers with its own HTML page.
    Faults.html(0.02 * scale),
    // Some answers are lost on the way back, after the vendor acted.
    Faults.reset(0.015 * scale, { afterHandling: true }),
    // And a few connections drop before the request arrives.
    Faults.reset(0.01 * scale)
  ]
}

/** The simulator's options for the demo; the faults are set as each run starts (`faultsOf`). */
export const simulatorOptions = (seed: number): Simulator.Options => ({
  seed,
  rateLimits: {
    "nixflex.write": { limit: limits.nixflex.requests, window: `${limits.nixflex.windowMillis} millis` },
    "nixflex.read": { limit: 10 * limits.nixflex.requests, window: `${limits.nixflex.windowMillis} millis` },
    dialnexa: { limit: limits.dialnexa.requests, window: `${limits.dialnexa.windowMillis} millis` },
    levrage: { limit: limits.levrage.requests, window: `${limits.levrage.windowMillis} millis` }
  },
  concurrency: { nixflex: limits.nixflex.concurrency, dialnexa: limits.dialnexa.concurrency },
  callDuration: `${callDurationMillis} millis`
})

/** The simulator's agents and numbers, and one agent per vendor that no account of the demo owns. */
export const simulatorAgents: Agents = {
  nixflex: {
    ours: NixflexApi.fixtures.agentId,
    theirs: NixflexApi.fixtures.otherAccountAgentId,
    fromNumber: NixflexApi.fixtures.fromNumber
  },
  dialnexa: { ours: DialNexaApi.fixtures.agentId, theirs: "agt_someone_else" },
  levrage: {
    ours: LevrageApi.fixtures.agentId,
    theirs: "00000000-0000-4000-8000-000000000000",
    sourceNumber: LevrageApi.fixtures.sourceNumber
  }
}

/**
 * The least wall time `calls` per vendor can take at these limits, faults aside: the request windows a vendor's
 * calls need (the first window starts at once), the time its calls occupy its concurrency, and, for the vendor
 * in maintenance, the window itself when its calls outlast its start.
 */
export const bestPossibleMillis = (calls: Readonly<Record<Vendor, number>>, level: FaultLevel): number =>
  Math.max(
    0,
    ...(Object.keys(limits) as Array<Vendor>).map((vendor) => {
      const n = calls[vendor]
      if (n === 0) return 0
      const limit = limits[vendor]
      const windows = (Math.ceil(n / limit.requests) - 1) * limit.windowMillis
      const slots = (Math.ceil(n / limit.concurrency) - 1) * callDurationMillis
      const base = Math.max(windows, slots)
      return level !== "none" && vendor === outage.vendor && base > outage.afterMillis
        ? base + outage.durationMillis
        : base
    })
  )
