/**
 * The two Levrage error bodies. The documented envelope is
 * `{ "success": false, "error": { "code", "message" }, "request_id"?, "timestamp"? }`; the authentication page
 * shows FastAPI's `{ "detail": "…" }` instead, and FastAPI's request validation answers
 * `{ "detail": [{ "loc", "msg", "type" }] }`. Both are envelopes.
 *
 * Decoding is lenient where the docs and FastAPI are: `success` may be missing, `error.message`, `request_id`
 * and `timestamp` may be missing or `null` (pydantic writes `None` as `null`), and a `detail` item may lack
 * `type` or carry more keys (`input`, `ctx`, `url`). A body with an `error.code` string, or a `detail` string or
 * list, is an envelope; the documented shape wins when a body has both.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * The `error` member of the documented envelope: the code, and the message when there is one.
 *
 * @since 0.1.0
 * @category schemas
 */
export class ErrorObject extends Schema.Class<ErrorObject>("@faultline/levrage/ErrorObject")({
  code: Schema.String,
  message: Schema.optional(Schema.NullOr(Schema.String))
}) {}

/**
 * The documented envelope.
 *
 * @since 0.1.0
 * @category schemas
 */
export class ErrorEnvelope extends Schema.Class<ErrorEnvelope>("@faultline/levrage/ErrorEnvelope")({
  success: Schema.optional(Schema.NullOr(Schema.Boolean)),
  error: ErrorObject,
  request_id: Schema.optional(Schema.NullOr(Schema.String)),
  timestamp: Schema.optional(Schema.NullOr(Schema.String))
}) {}

/**
 * One item of a FastAPI validation `detail` list.
 *
 * @since 0.1.0
 * @category schemas
 */
export class DetailItem extends Schema.Class<DetailItem>("@faultline/levrage/DetailItem")({
  loc: Schema.Array(Schema.Union(Schema.String, Schema.Number)),
  msg: Schema.String,
  type: Schema.optional(Schema.NullOr(Schema.String))
}) {}

/**
 * FastAPI's error body: a message, or a list of validation items.
 *
 * @since 0.1.0
 * @category schemas
 */
export class DetailEnvelope extends Schema.Class<DetailEnvelope>("@faultline/levrage/DetailEnvelope")({
  detail: Schema.Union(Schema.String, Schema.Array(DetailItem))
}) {}

/**
 * A decoded error body, tagged by its shape.
 *
 * @since 0.1.0
 * @category models
 */
export type Envelope =
  | { readonly _tag: "ErrorEnvelope"; readonly envelope: ErrorEnvelope }
  | { readonly _tag: "DetailEnvelope"; readonly envelope: DetailEnvelope }

/**
 * Decodes either shape, or `undefined` for anything else (never throws).
 *
 * @since 0.1.0
 * @category decoding
 */
export const decode = (body: unknown): Envelope | undefined => {
  const error = decodeErrorEnvelope(body)
  if (error._tag === "Right") return { _tag: "ErrorEnvelope", envelope: error.right }
  const detail = decodeDetailEnvelope(body)
  if (detail._tag === "Right") return { _tag: "DetailEnvelope", envelope: detail.right }
  return undefined
}

const decodeErrorEnvelope = Schema.decodeUnknownEither(ErrorEnvelope)

const decodeDetailEnvelope = Schema.decodeUnknownEither(DetailEnvelope)
