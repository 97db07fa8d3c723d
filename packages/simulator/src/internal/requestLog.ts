// What the pipeline writes down for each vendor request: the counters it moves and its entry in the log.
import type * as Headers from "@effect/platform/Headers"
import type { Auth, Exchange } from "./exchange.js"
import type { Recorder } from "./stats.js"

/** How much of a body the log keeps. */
const bodyLimitInLog = 2000

const loggableHeaders = (headers: Headers.Headers): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (name === "authorization" || name === "cookie") continue
    out[name] = value
  }
  return out
}

const principalLabel = (auth: Auth | undefined, clientIp: string) =>
  auth?._tag === "Authenticated" ? auth.principal.label : `ip:${clientIp}`

const accountOf = (auth: Auth | undefined, clientIp: string) =>
  auth?._tag === "Authenticated" ? `account:${auth.principal.account}` : `ip:${clientIp}`

/** How one request ended: when, with which status (0 for no answer), and the fault that answered, if any. @internal */
export interface Outcome {
  readonly seq: number
  readonly started: number
  readonly finished: number
  readonly status: number
  readonly fault: string | undefined
}

/**
 * Counts what the request created (and whether it repeats an earlier logical request of the same account: the same
 * method, path and idempotency key, or without a key the same canonical body), the fault, and logs the request.
 *
 * @internal
 */
export const recordExchange = (recorder: Recorder, exchange: Exchange, outcome: Outcome): void => {
  const idempotencyKey = exchange.header("idempotency-key")
  let duplicate = false
  if (exchange.created.length > 0) {
    const identity = [
      exchange.vendor,
      accountOf(exchange.auth, exchange.clientIp),
      exchange.method,
      exchange.path,
      idempotencyKey === undefined ? `body:${exchange.canonicalBody}` : `key:${idempotencyKey}`
    ].join("\u0000")
    duplicate = recorder.countLogical(identity, exchange.created.length)
    for (const created of exchange.created) recorder.countCreated(exchange.vendor, created.kind)
  }
  if (outcome.fault !== undefined) recorder.countFault(outcome.fault)
  const search = exchange.query.toString()
  recorder.record({
    seq: outcome.seq,
    at: outcome.started,
    vendor: exchange.vendor,
    method: exchange.method,
    path: search.length > 0 ? `${exchange.path}?${search}` : exchange.path,
    route: exchange.route,
    status: outcome.status,
    durationMs: outcome.finished - outcome.started,
    principal: principalLabel(exchange.auth, exchange.clientIp),
    ...(outcome.fault === undefined ? {} : { fault: outcome.fault }),
    ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
    created: exchange.created.map((created) => created.id),
    duplicate,
    replayed: exchange.replayed,
    headers: loggableHeaders(exchange.headers as Headers.Headers),
    body: exchange.bodyText.slice(0, bodyLimitInLog)
  })
}
