/**
 * What the simulator saw and did: counters for tests and benchmarks, and a bounded log of requests. Both are plain
 * JSON, served as they are by `GET /_control/stats` and `GET /_control/log`.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { Vendor } from "./Vendor.js"

/**
 * How many responses one route answered with one status. `route` is the route's pattern (`/v1/calls/:id`), or
 * `*` for a request no route matched (or that a fault answered before routing).
 *
 * @since 0.1.0
 * @category models
 */
export const RouteCount = Schema.Struct({
  vendor: Vendor,
  method: Schema.String,
  route: Schema.String,
  /** 0 when the connection was reset or the request hung. */
  status: Schema.Number,
  count: Schema.Number
})

/**
 * One row of `Stats.responses`: a vendor, method, route and status, and how many responses had them.
 *
 * @since 0.1.0
 * @category models
 */
export type RouteCount = typeof RouteCount.Type

/**
 * The counters since the start (or the last reset).
 *
 * @since 0.1.0
 * @category models
 */
export const Stats = Schema.Struct({
  /** Vendor requests received (the control API is not counted). */
  requests: Schema.Number,
  /** Responses per vendor, method, route and status. */
  responses: Schema.Array(RouteCount),
  /** 429s sent by the rate limiter. */
  rateLimited: Schema.Number,
  /** Every 429 sent: rate limits, concurrency limits and `error` faults with status 429. */
  tooManyRequests: Schema.Number,
  /** Resources created (calls, agents, campaigns, numbers, messages, keys, …). */
  created: Schema.Number,
  /** Resources created per `vendor.kind` ("nixflex.call"). */
  createdByKind: Schema.Record({ key: Schema.String, value: Schema.Number }),
  /**
   * Resources created by a request that repeated an earlier logical request: the same account, method, path and
   * idempotency key, or, without a key, the same account, method, path and body.
   */
  duplicates: Schema.Number,
  /** Responses replayed for a repeated Nixflex `Idempotency-Key`. */
  replays: Schema.Number,
  /** How often each kind of fault fired. */
  faults: Schema.Record({ key: Schema.String, value: Schema.Number })
})

/**
 * The simulator's counters, as `Instance.stats` and `GET /_control/stats` give them.
 *
 * @since 0.1.0
 * @category models
 */
export type Stats = typeof Stats.Type

/**
 * One request, as the log keeps it. The `Authorization` header never appears: `principal` names the caller by a
 * non-secret label (a key's first characters, or `ip:…` for a caller without a valid key).
 *
 * @since 0.1.0
 * @category models
 */
export const LogEntry = Schema.Struct({
  /** 1, 2, 3, … in arrival order. */
  seq: Schema.Number,
  /** Epoch milliseconds at arrival. */
  at: Schema.Number,
  vendor: Vendor,
  method: Schema.String,
  /** The vendor's own path with the query string (`/v1/calls?limit=5`). */
  path: Schema.String,
  route: Schema.String,
  /** 0 when the connection was reset or the request hung. */
  status: Schema.Number,
  durationMs: Schema.Number,
  principal: Schema.String,
  /** The fault that answered or spoiled the response, if one did ("latency" is not listed here). */
  fault: Schema.optional(Schema.String),
  idempotencyKey: Schema.optional(Schema.String),
  /** Ids of the resources the request created. */
  created: Schema.Array(Schema.String),
  duplicate: Schema.Boolean,
  replayed: Schema.Boolean,
  /** The request headers, `authorization` removed. */
  headers: Schema.Record({ key: Schema.String, value: Schema.String }),
  /** The request body, cut to 2,000 characters. */
  body: Schema.String
})

/**
 * One request of the simulator's log, as `Instance.log` and `GET /_control/log` give it.
 *
 * @since 0.1.0
 * @category models
 */
export type LogEntry = typeof LogEntry.Type

/**
 * Counts the responses that match: `Stats.count(stats, { vendor: "nixflex", status: 429 })`.
 *
 * @since 0.1.0
 * @category getters
 */
export const count = (
  stats: Stats,
  filter: {
    readonly vendor?: Vendor | undefined
    readonly method?: string | undefined
    readonly route?: string | undefined
    readonly status?: number | undefined
  }
): number =>
  stats.responses
    .filter(
      (row) =>
        (filter.vendor === undefined || row.vendor === filter.vendor) &&
        (filter.method === undefined || row.method === filter.method.toUpperCase()) &&
        (filter.route === undefined || row.route === filter.route) &&
        (filter.status === undefined || row.status === filter.status)
    )
    .reduce((sum, row) => sum + row.count, 0)
