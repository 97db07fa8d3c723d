/**
 * The failure model: the failures every call can have whatever the vendor (transport faults, attempt timeouts,
 * unexpected bodies, local validation), the fields every vendor failure shares, and the guards that decide
 * classes of failure by category.
 *
 * @since 0.1.0
 */
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import * as Category from "./Category.js"
import { RetryTrace } from "./RetryTrace.js"
import { WaitHint } from "./WaitHint.js"

/**
 * What every faultline failure has: a `_tag` for `catchTag`, a `category`, and a `message` that reads well in a
 * log.
 *
 * @since 0.1.0
 * @category models
 */
export interface Failure {
  readonly _tag: string
  readonly category: Category.Category
  readonly message: string
}

// -----------------------------------------------------------------------------
// vendor failures
// -----------------------------------------------------------------------------

/**
 * The fields every vendor failure shares. A vendor's failure classes spread these and add their own (`code`,
 * `type`, `docUrl`, `details`, field issues) and a fixed `category` made with `Category.field`.
 *
 * @since 0.1.0
 * @category fields
 */
export const vendorFields = {
  /** The HTTP status the response had (which may differ from the status the vendor documents for the code). */
  status: Schema.Int,
  /** The vendor's message, with secrets redacted. */
  message: Schema.String,
  /** The vendor's request id, where it gives one (body or `x-request-id`). */
  requestId: Schema.optional(Schema.String),
  /** How long the server asked to wait before another attempt, if it said. */
  waitHint: Schema.optional(WaitHint),
  /** On the final failure of a call made with a retry policy: its attempts, waits and why it stopped. */
  retry: Schema.optional(RetryTrace),
  /**
   * The idempotency key the request carried, when the vendor takes one: give it to the next call
   * (`{ idempotencyKey }`) to try the same logical call again without a duplicate.
   */
  idempotencyKey: Schema.optional(Schema.String)
}

/**
 * A `vendor` field with a fixed value, filled in by the constructor.
 *
 * @since 0.1.0
 * @category fields
 */
export const vendorField = <const V extends string>(vendor: V) =>
  Schema.Literal(vendor).pipe(
    Schema.propertySignature,
    Schema.withConstructorDefault((): V => vendor)
  )

/**
 * The fields of a vendor's unknown failure: a code or status the vendor did not document. The raw status, the
 * raw code (when the body had one) and a bounded, redacted copy of the body are kept, and the category comes from
 * whatever the body said (a Nixflex `type`, say) or else from the status.
 *
 * @since 0.1.0
 * @category fields
 */
export const unknownFields = {
  ...vendorFields,
  code: Schema.optional(Schema.String),
  body: Schema.String,
  category: Category.Category
}

/**
 * Constructor options for failures built from data a schema has already checked (a dialect decoding an
 * envelope): skips the second validation, which costs more than the rest of decoding together. Property tests
 * check that decoded failures still satisfy their schemas.
 *
 * @since 0.1.0
 * @category constructors
 */
export const checked = { disableValidation: true } as const

/**
 * The longest body snippet a failure keeps, in characters.
 *
 * @since 0.1.0
 * @category constants
 */
export const snippetLength = 512

/**
 * The core failures (`TransportError`, `AttemptTimeout`, `HeldPastDeadline`, `UnexpectedBody`, `InvalidInput`,
 * `OutcomeUnknown`) and their union, from `CoreFailure`: every failure of the toolkit is on this one namespace.
 *
 * @since 0.1.0
 * @category errors
 */
export * from "./CoreFailure.js"

// -----------------------------------------------------------------------------
// guards
// -----------------------------------------------------------------------------

/**
 * What a guard for the categories `C` proves of a member of the union `E`: a member whose category is always in `C`
 * is kept whole; a member whose category is wider (an unknown failure, an `UnexpectedBody`, whose category comes
 * from the response) is kept only as the part of it whose category is in `C`, so that the member itself stays in
 * what the guard leaves (`Exclude<E, WithCategory<E, C>>`); a member that can never have a category in `C` is
 * dropped.
 *
 * @since 0.1.0
 * @category models
 */
export type WithCategory<E, C extends Category.Category> = E extends { readonly category: infer K }
  ? [K] extends [C]
    ? E
    : [Extract<K, C>] extends [never]
      ? never
      : E & { readonly category: Extract<K, C> }
  : never

const categories: ReadonlySet<unknown> = new Set(Category.all)

/**
 * Whether a value is a faultline failure.
 *
 * @since 0.1.0
 * @category guards
 */
export const isFailure = (u: unknown): u is Failure =>
  Predicate.hasProperty(u, "_tag") &&
  Predicate.hasProperty(u, "category") &&
  categories.has(u.category) &&
  typeof u._tag === "string"

/**
 * A guard for one category, narrowing a union of failures.
 *
 * @example
 * ```ts
 * import { Failure } from "@faultline/core"
 * import { Effect } from "effect"
 *
 * const call: Effect.Effect<string, Failure.CoreFailure> = Effect.fail(
 *   new Failure.AttemptTimeout({ method: "GET", url: "https://api.example.com/v1/calls", timeoutMillis: 30_000 })
 * )
 * const program = call.pipe(Effect.catchIf(Failure.isCategory("timeout"), () => Effect.succeed("later")))
 * // Effect<string, TransportError | HeldPastDeadline | UnexpectedBody | InvalidInput>: an `UnexpectedBody` stays,
 * // since its category comes from the response and may be "timeout" or not
 * ```
 *
 * @since 0.1.0
 * @category guards
 */
export const isCategory =
  <C extends Category.Category>(category: C) =>
  <E>(u: E): u is WithCategory<E, C> =>
    isFailure(u) && u.category === category

/**
 * Rate limits of any vendor: 429s, Nixflex `concurrent_call_limit`, gateway pages answered with 429.
 *
 * @since 0.1.0
 * @category guards
 */
export const isRateLimited: <E>(u: E) => u is WithCategory<E, "rate_limited"> = isCategory("rate_limited")

/**
 * The API key is missing, wrong or revoked.
 *
 * @since 0.1.0
 * @category guards
 */
export const isUnauthorized: <E>(u: E) => u is WithCategory<E, "unauthorized"> = isCategory("unauthorized")

/**
 * The key is valid but not allowed to do this.
 *
 * @since 0.1.0
 * @category guards
 */
export const isForbidden: <E>(u: E) => u is WithCategory<E, "forbidden"> = isCategory("forbidden")

/**
 * The resource does not exist, or belongs to someone else.
 *
 * @since 0.1.0
 * @category guards
 */
export const isNotFound: <E>(u: E) => u is WithCategory<E, "not_found"> = isCategory("not_found")

/**
 * The request conflicts with the resource's state.
 *
 * @since 0.1.0
 * @category guards
 */
export const isConflict: <E>(u: E) => u is WithCategory<E, "conflict"> = isCategory("conflict")

/**
 * Credits or quota are spent.
 *
 * @since 0.1.0
 * @category guards
 */
export const isQuota: <E>(u: E) => u is WithCategory<E, "quota"> = isCategory("quota")

/**
 * Too slow: an attempt timeout or a gateway timeout.
 *
 * @since 0.1.0
 * @category guards
 */
export const isTimeout: <E>(u: E) => u is WithCategory<E, "timeout"> = isCategory("timeout")

/**
 * No response at all: refused, reset, no such host.
 *
 * @since 0.1.0
 * @category guards
 */
export const isTransport: <E>(u: E) => u is WithCategory<E, "transport"> = isCategory("transport")

/**
 * The categories of server-side failures.
 *
 * @since 0.1.0
 * @category models
 */
export type ServerSideCategory = "server" | "upstream" | "unavailable"

/**
 * Server-side failures: `server`, `upstream` and `unavailable`.
 *
 * @since 0.1.0
 * @category guards
 */
export const isServerSide = <E>(u: E): u is WithCategory<E, ServerSideCategory> =>
  isFailure(u) && (u.category === "server" || u.category === "upstream" || u.category === "unavailable")

/**
 * The categories whose failures are usually worth another attempt (see `Category.isTransient`).
 *
 * @since 0.1.0
 * @category models
 */
export type TransientCategory = ServerSideCategory | "rate_limited" | "timeout" | "transport"

/**
 * Failures usually worth another attempt: rate limits, server-side failures, timeouts and transport faults
 * (whether a retry is *safe* also depends on the request; see the retry policy).
 *
 * @since 0.1.0
 * @category guards
 */
export const isTransient = <E>(u: E): u is WithCategory<E, TransientCategory> =>
  isFailure(u) && Category.isTransient(u.category)
