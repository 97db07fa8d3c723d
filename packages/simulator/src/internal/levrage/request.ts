// Reading a Levrage request as FastAPI and pydantic would: the JSON body, field checks that collect `detail` items,
// and `page`/`page_size` with the list answered.
import * as Effect from "effect/Effect"
import { type Exchange, json, Malformed, type Rejection, reject } from "../exchange.js"
import type { Prng } from "../prng.js"
import { isInteger, isRecord } from "../validation.js"
import { type DetailItem, detail, envelope } from "./envelope.js"

const uuidPattern = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i

/** The body as a JSON object, or FastAPI's answer for a missing or malformed one. @internal */
export const bodyOf = (ids: Prng, exchange: Exchange): Effect.Effect<Record<string, unknown>, Rejection> => {
  const body = exchange.json()
  if (body === Malformed) return reject(envelope(ids, exchange, 400, "validation_error", "Malformed JSON body"))
  if (body === undefined) {
    return reject(detail(422, [{ type: "missing", loc: ["body"], msg: "Field required", input: null }]))
  }
  if (!isRecord(body)) {
    return reject(
      detail(422, [
        { type: "model_attributes_type", loc: ["body"], msg: "Input should be a valid dictionary", input: body }
      ])
    )
  }
  return Effect.succeed(body)
}

/** Pydantic-style checks: collects detail items for missing fields and wrong types; `done` answers 422 if any. @internal */
export const schema = (body: Record<string, unknown>) => {
  const items: Array<DetailItem> = []
  const loc = (name: string) => ["body", name]
  const present = (name: string, required: boolean) => {
    if (body[name] === undefined) {
      if (required) items.push({ type: "missing", loc: loc(name), msg: "Field required", input: body })
      return false
    }
    return true
  }
  return {
    items,
    string(name: string, required: boolean, maxLength?: number) {
      if (!present(name, required)) return
      const value = body[name]
      if (typeof value !== "string") {
        items.push({ type: "string_type", loc: loc(name), msg: "Input should be a valid string", input: value })
      } else if (maxLength !== undefined && value.length > maxLength) {
        items.push({
          type: "string_too_long",
          loc: loc(name),
          msg: `String should have at most ${maxLength} characters`,
          input: value,
          ctx: { max_length: maxLength }
        })
      }
    },
    uuid(name: string, required: boolean) {
      if (!present(name, required)) return
      const value = body[name]
      if (typeof value !== "string" || !uuidPattern.test(value)) {
        items.push({ type: "uuid_parsing", loc: loc(name), msg: "Input should be a valid UUID", input: value })
      }
    },
    dict(name: string, nullable: boolean) {
      const value = body[name]
      if (value === undefined || (nullable && value === null)) return
      if (!isRecord(value)) {
        items.push({ type: "dict_type", loc: loc(name), msg: "Input should be a valid dictionary", input: value })
      }
    },
    int(name: string, bounds: { readonly ge?: number; readonly le?: number }) {
      if (!present(name, false)) return
      const value = body[name]
      if (!isInteger(value)) {
        items.push({ type: "int_type", loc: loc(name), msg: "Input should be a valid integer", input: value })
      } else if (bounds.ge !== undefined && value < bounds.ge) {
        items.push({
          type: "greater_than_equal",
          loc: loc(name),
          msg: `Input should be greater than or equal to ${bounds.ge}`,
          input: value,
          ctx: { ge: bounds.ge }
        })
      } else if (bounds.le !== undefined && value > bounds.le) {
        items.push({
          type: "less_than_equal",
          loc: loc(name),
          msg: `Input should be less than or equal to ${bounds.le}`,
          input: value,
          ctx: { le: bounds.le }
        })
      }
    },
    list(name: string, required: boolean, maxLength: number) {
      if (!present(name, required)) return
      const value = body[name]
      if (!Array.isArray(value)) {
        items.push({ type: "list_type", loc: loc(name), msg: "Input should be a valid list", input: value })
      } else if (value.length > maxLength) {
        items.push({
          type: "too_long",
          loc: loc(name),
          msg: `List should have at most ${maxLength} items after validation, not ${value.length}`,
          input: value.length,
          ctx: { field_type: "List", max_length: maxLength, actual_length: value.length }
        })
      }
    },
    done: () => (items.length > 0 ? reject(detail(422, items)) : Effect.void)
  }
}

const pageQuery = (exchange: Exchange): Effect.Effect<{ page: number; pageSize: number }, Rejection> => {
  const items: Array<DetailItem> = []
  const read = (name: string, fallback: number, le: number | undefined) => {
    const text = exchange.query.get(name)
    if (text === null) return fallback
    if (!/^-?\d+$/.test(text)) {
      items.push({
        type: "int_parsing",
        loc: ["query", name],
        msg: "Input should be a valid integer, unable to parse string as an integer",
        input: text
      })
      return fallback
    }
    const value = Number(text)
    if (value < 1) {
      items.push({
        type: "greater_than_equal",
        loc: ["query", name],
        msg: "Input should be greater than or equal to 1",
        input: text,
        ctx: { ge: 1 }
      })
    } else if (le !== undefined && value > le) {
      items.push({
        type: "less_than_equal",
        loc: ["query", name],
        msg: `Input should be less than or equal to ${le}`,
        input: text,
        ctx: { le }
      })
    }
    return value
  }
  const page = read("page", 1, undefined)
  const pageSize = read("page_size", 20, 100)
  return items.length > 0 ? reject(detail(422, items)) : Effect.succeed({ page, pageSize })
}

/** One page of `rows` (`page` ≥ 1, `page_size` 1–100) in the list envelope. @internal */
export const list = (ids: Prng, exchange: Exchange, rows: ReadonlyArray<unknown>) =>
  Effect.map(pageQuery(exchange), ({ page, pageSize }) =>
    json(200, {
      success: true,
      data: rows.slice((page - 1) * pageSize, page * pageSize),
      total: rows.length,
      page,
      page_size: pageSize,
      has_more: page * pageSize < rows.length,
      request_id: `req_${ids.hex(12)}`,
      timestamp: exchange.timestamp
    })
  )
