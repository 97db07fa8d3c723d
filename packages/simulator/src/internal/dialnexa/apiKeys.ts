// DialNexa API keys: which organisation a bearer key belongs to, and `POST /v1/api-keys`, which rotates the caller's.
import * as Effect from "effect/Effect"
import { type Auth, type Exchange, json, keyLabel, reject } from "../exchange.js"
import { isNonEmptyString } from "../validation.js"
import type { AuthenticatedHandler } from "../vendorDialect.js"
import { nest } from "./envelope.js"
import { bodyOf } from "./request.js"
import type { Store } from "./store.js"

/** A configured or created key that has not expired; anything else is the NestJS 401. @internal */
export const authenticate =
  (store: Store) =>
  (exchange: Exchange): Auth => {
    const key = exchange.bearerToken()
    const entry = key === undefined ? undefined : store.keys.get(key)
    if (
      key === undefined ||
      entry === undefined ||
      (entry.expiresAt !== undefined && entry.expiresAt <= exchange.now)
    ) {
      return { _tag: "Rejected", response: nest(401, "Unauthorized") }
    }
    return { _tag: "Authenticated", principal: { key, account: entry.account, label: keyLabel(key) } }
  }

/** `POST /v1/api-keys`: a `<id>:<secret>` key; the caller's expires now with `expire_now`, else in 24 h. @internal */
export const createApiKey =
  (store: Store): AuthenticatedHandler =>
  (exchange, principal) =>
    Effect.gen(function* () {
      const body = yield* bodyOf(exchange)
      const issues: Array<string> = []
      if (!isNonEmptyString(body.name)) issues.push("name should not be empty")
      if (body.expire_now !== undefined && typeof body.expire_now !== "boolean") {
        issues.push("expire_now must be a boolean value")
      }
      if (issues.length > 0) return yield* reject(nest(400, issues))
      const keyId = Array.from({ length: 14 }, () => "abcdefghijklmnopqrstuvwxyz"[store.ids.int(0, 26)]).join("")
      const secret = store.ids.hex(14)
      store.keys.set(`${keyId}:${secret}`, { account: principal.account, expiresAt: undefined })
      const caller = store.keys.get(principal.key)
      if (caller !== undefined) {
        caller.expiresAt = body.expire_now === true ? exchange.now : exchange.now + 86_400_000
      }
      exchange.create("api_key", keyId)
      return json(201, { id: keyId, name: body.name, secret, created_at: exchange.timestamp })
    })
