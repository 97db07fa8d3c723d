// Reading a DialNexa request as class-validator would: the JSON body, and `page`/`limit` with the page answered.
import * as Effect from "effect/Effect"
import { type Exchange, Malformed, type Rejection, reject } from "../exchange.js"
import { isRecord } from "../validation.js"
import { invalid, nest } from "./envelope.js"

/** The body as a JSON object (`{}` when empty). @internal */
export const bodyOf = (exchange: Exchange): Effect.Effect<Record<string, unknown>, Rejection> => {
  const body = exchange.json()
  if (body === Malformed) return reject(nest(400, "Unexpected token in JSON at position 0"))
  if (body === undefined) return Effect.succeed({})
  return isRecord(body) ? Effect.succeed(body) : invalid(["request body must be an object"])
}

/** `page` (≥ 1, default 1) and `limit` (1–100, default 20), adding what is wrong to `issues`. @internal */
export const readPage = (exchange: Exchange, issues: Array<string>): { page: number; limit: number } => {
  const read = (name: string, fallback: number, max: number | undefined): number => {
    const text = exchange.query.get(name)
    if (text === null) return fallback
    if (!/^-?\d+$/.test(text)) {
      issues.push(`${name} must be an integer number`)
      return fallback
    }
    const value = Number(text)
    if (value < 1) issues.push(`${name} must not be less than 1`)
    if (max !== undefined && value > max) issues.push(`${name} must not be greater than ${max}`)
    return value
  }
  return { page: read("page", 1, undefined), limit: read("limit", 20, 100) }
}

/** `page` and `limit` of a list that takes no other query. @internal */
export const pageQuery = (exchange: Exchange): Effect.Effect<{ page: number; limit: number }, Rejection> => {
  const issues: Array<string> = []
  const page = readPage(exchange, issues)
  return issues.length > 0 ? invalid(issues) : Effect.succeed(page)
}

/** One page of `items` with its `meta`. @internal */
export const paginate = <A>(items: ReadonlyArray<A>, page: number, limit: number) => ({
  data: items.slice((page - 1) * limit, page * limit),
  meta: { page, limit, total: items.length, totalPages: Math.ceil(items.length / limit) }
})
