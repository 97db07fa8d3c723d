import * as Effect from "effect/Effect"
import { json, type Rejection, reject } from "../exchange.js"
import { isE164 } from "../validation.js"
import type { AuthenticatedHandler } from "../vendorDialect.js"
import { usableAgent } from "./agents.js"
import { invalidPhone, invalidRequest, nx } from "./envelope.js"
import { fixtures } from "./fixtures.js"
import { fromNumberFor } from "./numbers.js"
import { bodyOf } from "./request.js"
import type { Store } from "./store.js"

/** The hard cap on one SMS (600 recommended). @internal */
export const maxSmsLength = 1600

/** 400 `message_too_long` above 1,600 characters. @internal */
export const checkSmsLength = (text: string): Effect.Effect<void, Rejection> =>
  text.length > maxSmsLength
    ? reject(
        nx(400, "invalid_request", "message_too_long", `Message is longer than ${maxSmsLength} characters`, {
          details: { length: text.length, max: maxSmsLength }
        })
      )
    : Effect.void

/** `POST /v1/sms`: the old body (`to_number`, `body`) or the new one (`to`, `message`), each answered in its shape. @internal */
export const sendSms =
  (store: Store): AuthenticatedHandler =>
  (exchange, principal) =>
    Effect.gen(function* () {
      const body = yield* bodyOf(exchange)
      const newer = body.to !== undefined || body.message !== undefined
      const toField = newer ? "to" : "to_number"
      const textField = newer ? "message" : "body"
      for (const name of ["agent_id", toField, "from_number", textField]) {
        if (body[name] === undefined || body[name] === "") return yield* invalidRequest(`${name} is required`, name)
      }
      if (!isE164(body[toField])) return yield* invalidPhone(toField)
      const text = body[textField]
      if (typeof text !== "string") return yield* invalidRequest(`${textField} must be a string`, textField)
      yield* checkSmsLength(text)
      const agent = yield* usableAgent(store, principal, body.agent_id)
      const from = yield* fromNumberFor(store, principal, agent, body.from_number)
      const to = body[toField] as string
      if (to === fixtures.unsubscribedNumber) {
        return yield* reject(nx(400, "invalid_request", "recipient_unsubscribed", "The recipient has opted out (STOP)"))
      }
      const id = `SM${store.ids.hex(32)}`
      exchange.create("sms", id)
      if (newer) return json(201, { status: "sent", to, from })
      return json(201, {
        message_id: id,
        status: "queued",
        to_number: to,
        from_number: from,
        created_at: exchange.timestamp
      })
    })
