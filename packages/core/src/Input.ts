/**
 * Local validation: checking a request's input before it is sent, so that a malformed phone number fails at once
 * with `InvalidInput` (each issue's field, rule and message) instead of costing a round trip, a rate-limit token
 * and a vendor error. Validators are Schemas, so request types carry the check (`E164` is a branded string); the
 * rules particular to one vendor (a Twilio account SID for Nixflex) live in that vendor's package.
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import type * as Failure from "./Failure.js"
import * as internal from "./internal/input.js"

/**
 * Names the rule a schema checks, for the `rule` of the `InputIssue` it reports ("E.164", "at most 1600
 * characters"). Without it, an issue names the schema's identifier or what it expected.
 *
 * @since 0.1.0
 * @category combinators
 */
export const rule =
  (name: string) =>
  <S extends Schema.Annotable.All>(self: S): Schema.Annotable.Self<S> =>
    self.annotations({ [internal.RuleId]: name })

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
  rule("E.164"),
  Schema.brand("@faultline/core/E164")
)

/**
 * A string the `E164` schema has checked: a phone number in E.164, branded so that request types can require one.
 *
 * @since 0.1.0
 * @category models
 */
export type E164 = typeof E164.Type

/**
 * A string of at most `max` characters, with a message and a rule that say so.
 *
 * @since 0.1.0
 * @category schemas
 */
export const maxLength = (max: number) =>
  Schema.String.pipe(
    Schema.maxLength(max, { message: () => `must be at most ${max} characters` }),
    rule(`at most ${max} characters`)
  )

/**
 * A non-empty string (not only white space), with a message and a rule that say so.
 *
 * @since 0.1.0
 * @category schemas
 */
export const nonEmpty = Schema.String.pipe(
  Schema.filter((text) => text.trim().length > 0, { message: () => "must not be empty" }),
  rule("not empty")
)

/**
 * A non-empty string (not only white space) of at most `max` characters: a prompt, a message, a name. Each rule
 * is reported on its own ("not empty", "at most 1600 characters").
 *
 * @example
 * ```ts
 * import { Input } from "@faultline/core"
 * import { Schema } from "effect"
 *
 * const SmsBody = Input.text(1600)
 * Schema.is(SmsBody)("See you at ten") // true
 * Schema.is(SmsBody)("   ") // false: not empty
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const text = (max: number) =>
  nonEmpty.pipe(
    Schema.maxLength(max, { message: () => `must be at most ${max} characters` }),
    rule(`at most ${max} characters`)
  )

/**
 * A list of at most `max` items of `item`, with a message and a rule that say so.
 *
 * @since 0.1.0
 * @category schemas
 */
export const maxItems = <A, I, R>(item: Schema.Schema<A, I, R>, max: number) =>
  Schema.Array(item).pipe(
    Schema.maxItems(max, { message: () => `must have at most ${max} items` }),
    rule(`at most ${max} items`)
  )

/**
 * Translates a schema's parse error into `InvalidInput`, one issue per problem, each with its dotted path, the rule
 * it breaks and the schema's message for it.
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

/**
 * One field of an input: its name, whether it must be given, and the rule its value is checked against (the
 * `Input.rule` name, else the schema's identifier, else its type).
 *
 * @since 0.1.0
 * @category models
 */
export interface Field {
  readonly name: string
  readonly required: boolean
  readonly rule: string
}

/**
 * The fields of an object input, as `validate` checks them: what a reference page lists for an endpoint.
 *
 * @example
 * ```ts
 * import { Input } from "@faultline/core"
 * import { Schema } from "effect"
 *
 * const fields = Input.fields(Schema.Struct({ to: Input.E164, note: Schema.optional(Input.maxLength(20)) }))
 * // [{ name: "to", required: true, rule: "E.164" }, { name: "note", required: false, rule: "at most 20 characters" }]
 * ```
 *
 * @since 0.1.0
 * @category utils
 */
export const fields: <A, I, R>(schema: Schema.Schema<A, I, R>) => ReadonlyArray<Field> = internal.fields
