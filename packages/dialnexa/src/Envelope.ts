/**
 * The DialNexa error envelope, a flat NestJS-style body: `{ "statusCode", "message", "error" }`. `message` is a
 * string or, for validation failures, a list of strings (one per invalid field). `statusCode` and `error` are
 * optional here, leniently; `statusCode` is informational only, since the HTTP status decides the failure.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * A DialNexa error body: the status it repeats, the message (or one per invalid field), and the reason phrase.
 *
 * @since 0.1.0
 * @category schemas
 */
export class Envelope extends Schema.Class<Envelope>("@faultline/dialnexa/Envelope")({
  /** Repeats the HTTP status, normally; may disagree with it. */
  statusCode: Schema.optional(Schema.Int),
  /** A human-readable description, or one per invalid field. */
  message: Schema.Union(Schema.String, Schema.Array(Schema.String)),
  /** The HTTP reason phrase ("Bad Request", "Not Found"). */
  error: Schema.optional(Schema.String)
}) {}

/**
 * Decodes an envelope, or `undefined` for anything else (never throws).
 *
 * @since 0.1.0
 * @category decoding
 */
export const decode = (body: unknown): Envelope | undefined => {
  const result = decodeEither(body)
  return result._tag === "Right" ? result.right : undefined
}

/**
 * The envelope's `message` as a list: a string becomes a one-element list.
 *
 * @since 0.1.0
 * @category accessors
 */
export const messages = (envelope: Envelope): ReadonlyArray<string> =>
  typeof envelope.message === "string" ? [envelope.message] : envelope.message

const decodeEither = Schema.decodeUnknownEither(Envelope)
