// Nixflex API keys: reading `Bearer KEY_ID:KEY_SECRET`, and `POST /v1/keys`, which makes a key for a new account.
import * as Effect from "effect/Effect"
import { type Auth, type Exchange, json } from "../exchange.js"
import type { PublicHandler } from "../vendorDialect.js"
import { invalidRequest, nx } from "./envelope.js"
import { bodyOf } from "./request.js"
import type { Store } from "./store.js"

/** `invalid_api_key` when the header is missing or the pair unknown, `key_secret_required` without the secret. @internal */
export const authenticate =
  (store: Store) =>
  (exchange: Exchange): Auth => {
    const unauthorized = (code: string, message: string) => ({
      _tag: "Rejected" as const,
      response: nx(401, "authentication_error", code, message, { docUrl: false })
    })
    const token = exchange.bearerToken()
    if (token === undefined) return unauthorized("invalid_api_key", "Invalid or missing API key")
    const colon = token.indexOf(":")
    if (colon < 0 || colon === token.length - 1) {
      return unauthorized(
        "key_secret_required",
        "Authorization header is missing the key_secret half (KEY_ID:KEY_SECRET)"
      )
    }
    const keyId = token.slice(0, colon)
    const entry = store.keys.get(keyId)
    if (entry === undefined || entry.secret !== token.slice(colon + 1)) {
      return unauthorized("invalid_api_key", "Invalid or missing API key")
    }
    return { _tag: "Authenticated", principal: { key: token, account: entry.account, label: keyId } }
  }

/** `POST /v1/keys` (no key needed): `{name?, email?}`. @internal */
export const createKey =
  (store: Store): PublicHandler =>
  (exchange) =>
    Effect.gen(function* () {
      const body = yield* bodyOf(exchange)
      if (body.name !== undefined && typeof body.name !== "string") {
        return yield* invalidRequest("name must be a string", "name")
      }
      if (body.email !== undefined && !(typeof body.email === "string" && /^[^@\s]+@[^@\s]+$/.test(body.email))) {
        return yield* invalidRequest("email must be a valid email address", "email")
      }
      const keyId = `nxf_${store.ids.hex(32)}`
      const keySecret = `nxfs_${store.ids.hex(59)}`
      store.keys.set(keyId, { secret: keySecret, account: `acct_${store.ids.hex(12)}` })
      exchange.create("api_key", keyId)
      return json(201, {
        message: "API key created. Save your key_secret — it will not be shown again.",
        key_id: keyId,
        key_secret: keySecret
      })
    })
