/**
 * Local validation: checking a request's input before it is sent, so that a malformed phone number or Twilio
 * SID fails at once with `InvalidInput` (field paths and messages) instead of costing a round trip, a rate-limit
 * token and a vendor error. Validators are Schemas, so request types carry the check (`E164` is a branded string).
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import type * as Failure from "./Failure.js"
import * as internal from "./internal/input.js"

/**
 * A phone number in E.164: `+`, a country code that does not start with 0, and at most 15 digits in all, with no
 * spaces or dashes (`+447446466847`, not `07446 466847`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const E164 = Schema.String.pipe(
  Schema.pattern(/^\+[1-9]\d{6,14}$/, {
    message: () => "must be an E.164 phone number: + and 7 to 15 digits, no spaces (e.g. +447446466847)"
  }),
  Schema.brand("@faultline/core/E164")
)

/**
 * A string the `E164` schema has checked: an E.164 phone number, branded so that request types can require one.
 *
 * @since 0.1.0
 * @category models
 */
export type E164 = typeof E164.Type

/**
 * A Twilio account SID: `AC` and 32 lowercase hex characters (as Nixflex checks it, `^AC[a-f0-9]{32}$`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const TwilioAccountSid = Schema.String.pipe(
  Schema.pattern(/^AC[a-f0-9]{32}$/, {
    message: () => "must be a Twilio account SID: AC and 32 lowercase hex characters"
  }),
  Schema.brand("@faultline/core/TwilioAccountSid")
)

/**
 * A string the `TwilioAccountSid` schema has checked: a Twilio account SID, branded so that request types can require
 * one.
 *
 * @since 0.1.0
 * @category models
 */
export type TwilioAccountSid = typeof TwilioAccountSid.Type

/**
 * A string of at most `max` characters, with a message that says so.
 *
 * @since 0.1.0
 * @category schemas
 */
export const maxLength = (max: number) =>
  Schema.String.pipe(Schema.maxLength(max, { message: () => `must be at most ${max} characters` }))

/**
 * Translates a schema's parse error into `InvalidInput`, one issue per problem, each with its dotted path.
 *
 * @since 0.1.0
 * @category errors
 */
export const fromParseError: (operation: string, error: ParseResult.ParseError) => Failure.InvalidInput =
  internal.fromParseError

/**
 * Validates an operation's input with a schema before sending: the decoded value, or `InvalidInput`.
 *
 * @example
 * ```ts
 * import { Input } from "@faultline/core"
 * import { Schema } from "effect"
 *
 * const CreateCall = Schema.Struct({ agent_id: Schema.String, to_number: Input.E164 })
 * const validated = Input.validate("createOutboundCall", CreateCall)({ agent_id: "a", to_number: "07386 172392" })
 * // fails with InvalidInput: createOutboundCall: to_number: must be an E.164 phone number: …
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const validate: <A, I, R>(
  operation: string,
  schema: Schema.Schema<A, I, R>
) => (input: unknown) => Effect.Effect<A, Failure.InvalidInput, R> = internal.validate
