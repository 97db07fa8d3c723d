/**
 * The Nixflex error envelope: `{ "error": { "type", "code", "message", "doc_url"?, "details"? } }`. `doc_url` and
 * `details` are optional in practice (the 401 and 429 examples leave them out), and so, leniently, are `type`
 * and `message`; each may also be `null`, which counts as absent. A body with an `error.code` string is an
 * envelope.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * The `error` member of the envelope: the code, and the type, message, documentation URL and details when present.
 *
 * @since 0.1.0
 * @category schemas
 */
export class ErrorObject extends Schema.Class<ErrorObject>("@faultline/nixflex/ErrorObject")({
  type: Schema.optional(Schema.NullOr(Schema.String)),
  code: Schema.String,
  message: Schema.optional(Schema.NullOr(Schema.String)),
  doc_url: Schema.optional(Schema.NullOr(Schema.String)),
  details: Schema.optional(Schema.NullOr(Schema.Record({ key: Schema.String, value: Schema.Unknown })))
}) {}

/**
 * A Nixflex error body: the error object under `error`.
 *
 * @since 0.1.0
 * @category schemas
 */
export class Envelope extends Schema.Class<Envelope>("@faultline/nixflex/Envelope")({
  error: ErrorObject
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

const decodeEither = Schema.decodeUnknownEither(Envelope)
