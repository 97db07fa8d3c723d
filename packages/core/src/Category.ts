/**
 * The category of a failure: what kind of thing went wrong, independent of vendor and code, so that a program
 * can handle "any rate limit" across vendors and retry rules can attach to kinds of failure.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as internal from "./internal/category.js"

/**
 * Every category a failure can have.
 *
 * @since 0.1.0
 * @category models
 */
export const Category = Schema.Literal(
  "rate_limited",
  "unauthorized",
  "forbidden",
  "not_found",
  "conflict",
  "invalid_request",
  "unprocessable",
  "quota",
  "server",
  "upstream",
  "unavailable",
  "timeout",
  "transport",
  "unexpected"
)

/**
 * What kind of thing went wrong, as every failure's `category` holds it.
 *
 * @since 0.1.0
 * @category models
 */
export type Category = typeof Category.Type

/**
 * All categories, in a stable order (for tables and generators).
 *
 * @since 0.1.0
 * @category constructors
 */
export const all: ReadonlyArray<Category> = Category.literals

/**
 * The category an HTTP status implies when the vendor gives no code that says more.
 *
 * @example
 * ```ts
 * import { Category } from "@faultline/core"
 *
 * Category.fromStatus(429) // "rate_limited"
 * Category.fromStatus(502) // "upstream"
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromStatus: (status: number) => Category = internal.fromStatus

/**
 * A failure class field holding one fixed category, filled in by the constructor: `new X({ ... })` needs no
 * `category`, and the class's type carries the literal so that guards like `isRateLimited` narrow unions.
 *
 * @since 0.1.0
 * @category constructors
 */
export const field = <const C extends Category>(category: C) =>
  Schema.Literal(category).pipe(
    Schema.propertySignature,
    Schema.withConstructorDefault((): C => category)
  )

/**
 * Categories whose failures are usually worth another attempt (subject to the request being safe to repeat).
 *
 * @since 0.1.0
 * @category guards
 */
export const isTransient: (category: Category) => boolean = internal.isTransient
