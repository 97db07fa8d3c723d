import { createHash } from "node:crypto"
import type * as Stats from "../Stats.js"
import type { Vendor } from "../Vendor.js"

/**
 * Mutable counters and the bounded request log behind `Stats`.
 *
 * @internal
 */
export class Recorder {
  private requests = 0
  private readonly responses = new Map<string, { -readonly [K in keyof Stats.RouteCount]: Stats.RouteCount[K] }>()
  private rateLimited = 0
  private tooManyRequests = 0
  private created = 0
  private readonly createdByKind = new Map<string, number>()
  private duplicates = 0
  private replays = 0
  private readonly faults = new Map<string, number>()
  private readonly log: Array<Stats.LogEntry> = []
  private seq = 0
  /** Logical requests that created something: account, method, path and key or body. */
  private readonly logicalRequests = new Set<string>()

  constructor(private readonly logLimit: number) {}

  nextSeq(): number {
    this.seq += 1
    this.requests += 1
    return this.seq
  }

  countRateLimited(): void {
    this.rateLimited += 1
  }

  countReplay(): void {
    this.replays += 1
  }

  countFault(kind: string): void {
    this.faults.set(kind, (this.faults.get(kind) ?? 0) + 1)
  }

  countCreated(vendor: Vendor, kind: string): void {
    this.created += 1
    const key = `${vendor}.${kind}`
    this.createdByKind.set(key, (this.createdByKind.get(key) ?? 0) + 1)
  }

  /** Remembers a logical request that created `count` resources; true (and counted) if it was seen before. */
  countLogical(identity: string, count: number): boolean {
    // A digest keeps the set small however large the bodies are.
    const digest = createHash("sha1").update(identity).digest("base64")
    if (this.logicalRequests.has(digest)) {
      this.duplicates += count
      return true
    }
    this.logicalRequests.add(digest)
    return false
  }

  record(entry: Stats.LogEntry): void {
    const key = `${entry.vendor} ${entry.method} ${entry.route} ${entry.status}`
    const row = this.responses.get(key)
    if (row === undefined) {
      this.responses.set(key, {
        vendor: entry.vendor,
        method: entry.method,
        route: entry.route,
        status: entry.status,
        count: 1
      })
    } else {
      row.count += 1
    }
    if (entry.status === 429) this.tooManyRequests += 1
    this.log.push(entry)
    if (this.log.length > this.logLimit) this.log.splice(0, this.log.length - this.logLimit)
  }

  snapshot(): Stats.Stats {
    return {
      requests: this.requests,
      responses: Array.from(this.responses.values(), (row) => ({ ...row })),
      rateLimited: this.rateLimited,
      tooManyRequests: this.tooManyRequests,
      created: this.created,
      createdByKind: Object.fromEntries(this.createdByKind),
      duplicates: this.duplicates,
      replays: this.replays,
      faults: Object.fromEntries(this.faults)
    }
  }

  entries(): ReadonlyArray<Stats.LogEntry> {
    return this.log.slice()
  }
}
