import * as Effect from "effect/Effect"
import { json, type Principal, type Rejection, reject } from "../exchange.js"
import { isE164, isNonEmptyString } from "../validation.js"
import type { AuthenticatedHandler } from "../vendorDialect.js"
import { usableAgent } from "./agents.js"
import { invalidPhone, nx } from "./envelope.js"
import { fixtures } from "./fixtures.js"
import { bodyOf } from "./request.js"
import type { Agent, PhoneNumber, Store } from "./store.js"

/** The numbers an agent calls out from, in import order. @internal */
export const outboundNumbersOf = (store: Store, agentId: string): ReadonlyArray<string> =>
  Array.from(store.numbers.values())
    .filter((number) => number.agentId === agentId)
    .map((number) => number.number)

/** A number the body names: E.164 (`invalid_phone_format`) and in the caller's account (`from_number_not_owned`). @internal */
export const ownedNumber = (
  store: Store,
  principal: Principal,
  given: unknown,
  field = "from_number"
): Effect.Effect<string, Rejection> => {
  if (!isE164(given)) return invalidPhone(field)
  const number = store.numbers.get(given)
  if (number === undefined || number.account !== principal.account) {
    return reject(nx(403, "permission_error", "from_number_not_owned", "from_number is not in your account"))
  }
  return Effect.succeed(given)
}

/** The number to call from: the one given (it must be the caller's), or the agent's first outbound number. @internal */
export const fromNumberFor = (
  store: Store,
  principal: Principal,
  agent: Agent,
  given: unknown
): Effect.Effect<string, Rejection> => {
  if (given !== undefined) return ownedNumber(store, principal, given)
  const own = outboundNumbersOf(store, agent.id)
  if (own.length === 0) return reject(nx(400, "invalid_request", "agent_no_phone", "Agent has no phone number"))
  return Effect.succeed(own[0]!)
}

/** `POST /v1/phone-numbers`: snake_case fields or their camelCase aliases. @internal */
export const importNumber =
  (store: Store): AuthenticatedHandler =>
  (exchange, principal) =>
    Effect.gen(function* () {
      const body = yield* bodyOf(exchange)
      const field = (snake: string, camel: string) => body[snake] ?? body[camel]
      const phone = field("phone_number", "phoneNumber")
      const sid = field("twilio_sid", "twilioSid")
      const token = field("twilio_token", "twilioToken")
      const agentId = field("agent_id", "agentId")
      for (const [name, value] of [
        ["phone_number", phone],
        ["twilio_sid", sid],
        ["twilio_token", token],
        ["agent_id", agentId]
      ] as const) {
        if (!isNonEmptyString(value)) {
          return yield* reject(
            nx(400, "invalid_request", "missing_field", `Missing required field: ${name}`, { details: { field: name } })
          )
        }
      }
      if (!isE164(phone)) return yield* invalidPhone("phone_number")
      if (typeof sid !== "string" || !/^AC[a-f0-9]{32}$/.test(sid)) {
        return yield* reject(
          nx(400, "invalid_request", "invalid_twilio_sid", "twilio_sid must match ^AC[a-f0-9]{32}$", {
            details: { field: "twilio_sid" }
          })
        )
      }
      const agent = yield* usableAgent(store, principal, agentId)
      if (token === fixtures.twilioRejectedToken) {
        return yield* reject(nx(401, "authentication_error", "twilio_auth_failed", "Twilio returned error code 20003"))
      }
      if (typeof token !== "string" || !/^[a-f0-9]{32}$/.test(token)) {
        return yield* reject(
          nx(
            401,
            "authentication_error",
            "twilio_invalid_credentials",
            "Twilio rejected the Account SID and Auth Token"
          )
        )
      }
      if (phone === fixtures.numberNotInTwilio) {
        return yield* reject(
          nx(404, "not_found", "number_not_in_twilio", "This number was not found in the given Twilio account")
        )
      }
      const existing = store.numbers.get(phone)
      if (existing !== undefined && (existing.account !== principal.account || existing.agentId !== agent.id)) {
        return yield* reject(nx(409, "conflict", "number_already_imported", "Number is already on a different agent"))
      }
      const number: PhoneNumber = existing ?? {
        number: phone,
        account: principal.account,
        agentId: agent.id,
        sid: `PN${store.ids.hex(32)}`
      }
      store.numbers.set(phone, number)
      if (existing === undefined) exchange.create("phone_number", phone)
      return json(201, {
        phone_number: {
          phone_number: phone,
          agent_id: agent.id,
          twilio_number_sid: number.sid,
          inbound_enabled: true,
          outbound_enabled: true
        }
      })
    })
