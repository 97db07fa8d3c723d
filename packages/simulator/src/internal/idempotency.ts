// Nixflex's `Idempotency-Key`: the first 2xx answer to a key is stored and replayed; a different request with the
// same key, or one while the first still runs, gets the vendor's 409.
import type * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Effect from "effect/Effect"
import type { Exchange } from "./exchange.js"
import type { Recorder } from "./stats.js"
import type { VendorDialect } from "./vendorDialect.js"

interface Entry {
  readonly fingerprint: string
  readonly expiresAt: number
  response: HttpServerResponse.HttpServerResponse | undefined
}

/** Above this many keys, expired ones are swept before a new one is stored. */
const sweepAbove = 10_000

/** The keys remembered since the start or the last reset. @internal */
export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>()

  constructor(private readonly ttlMs: number) {}

  /** Runs `run`, or replays or refuses it, as the request's key says. */
  guard(
    dialect: VendorDialect,
    exchange: Exchange,
    recorder: Recorder,
    run: Effect.Effect<HttpServerResponse.HttpServerResponse>
  ): Effect.Effect<HttpServerResponse.HttpServerResponse> {
    const idempotency = dialect.idempotency
    const key = idempotency === undefined ? undefined : exchange.header(idempotency.header)
    const auth = exchange.auth
    // Keys are kept per API key; an unauthenticated endpoint (Nixflex `POST /v1/keys`) keeps them per client IP,
    // and a request that will be refused with 401 keeps nothing.
    const publicRoute = dialect.rateGroup(exchange).byIp
    if (
      idempotency === undefined ||
      key === undefined ||
      ["GET", "HEAD", "OPTIONS"].includes(exchange.method) ||
      auth === undefined ||
      (auth._tag === "Rejected" && !publicRoute)
    ) {
      return run
    }
    const scope = auth._tag === "Authenticated" ? auth.principal.key : `ip:${exchange.clientIp}`
    const storeKey = `${dialect.vendor}\u0000${scope}\u0000${key}`
    const fingerprint = `${exchange.method} ${exchange.path}?${exchange.query.toString()} ${exchange.canonicalBody}`
    const entry = this.entries.get(storeKey)
    if (entry !== undefined && entry.expiresAt > exchange.now) {
      if (entry.fingerprint !== fingerprint) return Effect.succeed(idempotency.conflict("reused", exchange))
      if (entry.response === undefined) return Effect.succeed(idempotency.conflict("in_progress", exchange))
      exchange.replayed = true
      recorder.countReplay()
      return Effect.succeed(entry.response)
    }
    const fresh: Entry = { fingerprint, expiresAt: exchange.now + this.ttlMs, response: undefined }
    if (this.entries.size >= sweepAbove) {
      for (const [stored, candidate] of this.entries) {
        if (candidate.expiresAt <= exchange.now) this.entries.delete(stored)
      }
    }
    this.entries.set(storeKey, fresh)
    const forget = Effect.sync(() => {
      if (this.entries.get(storeKey) === fresh) this.entries.delete(storeKey)
    })
    return run.pipe(
      Effect.tap((response) =>
        response.status >= 200 && response.status < 300
          ? Effect.sync(() => {
              fresh.response = response
            })
          : forget
      ),
      Effect.onInterrupt(() => forget)
    )
  }
}
