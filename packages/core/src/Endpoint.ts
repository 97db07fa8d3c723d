/**
 * A vendor's endpoints, declared as data: method, path, the schema of what the caller gives (checked before anything
 * is sent), the schema of the success body, and the failure tags the vendor documents for it. `VendorClient.client`
 * turns a record of endpoints into a service with one typed method each, whose error type is exactly the endpoint's
 * failures, those every call can have, and the core failures.
 *
 * @example
 * ```ts
 * import { Endpoint, Input } from "@faultline/core"
 * import { Schema } from "effect"
 *
 * const getCall = Endpoint.get("/v1/calls/:call_id", {
 *   input: Schema.Struct({ call_id: Schema.String }),
 *   success: Schema.Struct({ call_id: Schema.String, status: Schema.String }),
 *   failures: ["CallNotFound"]
 * })
 *
 * const sendSms = Endpoint.post("/v1/sms", {
 *   input: Schema.Struct({ to: Input.E164, message: Input.maxLength(1600) }),
 *   success: Schema.Struct({ status: Schema.String }),
 *   failures: ["MessageTooLong", "RecipientUnsubscribed"]
 * })
 * ```
 *
 * @since 0.1.0
 */
import type * as HttpMethod from "@effect/platform/HttpMethod"
import type * as Effect from "effect/Effect"
import type * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import type * as Failure from "./Failure.js"
import type * as Pagination from "./Pagination.js"

/**
 * One endpoint that answers with one value: `Tags` are the failures the vendor documents for it, `In` what the
 * caller gives (the encoded side of `input`, so plain strings are checked, not assumed), `A` the decoded success.
 * `Creates` marks a create on a vendor without idempotency keys: a failure after the request may have reached the
 * server is then `OutcomeUnknown`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Operation<Tags extends string, In, A, Creates extends boolean = false> {
  readonly _tag: "Operation"
  readonly method: HttpMethod.HttpMethod
  /** The path, with `:name` for each path parameter, filled from the input field of that name. */
  readonly path: string
  // biome-ignore lint/suspicious/noExplicitAny: the decoded side of the input is the endpoint's own business
  readonly input: Schema.Schema<any, In>
  // biome-ignore lint/suspicious/noExplicitAny: a success body is decoded from whatever JSON the vendor sends
  readonly success: Schema.Schema<A, any>
  readonly failures: ReadonlyArray<Tags>
  readonly creates: Creates
  /** Sends `If-None-Match` with the ETag of the last answer, and answers a 304 from that answer. */
  readonly conditional: boolean
  /** Input fields sent as query parameters even on a method with a body. */
  readonly query: ReadonlyArray<string>
}

/**
 * One endpoint that lists items page by page: its method is a `Stream` of the items of every page, fetched as the
 * stream is read, over the vendor's pagination scheme.
 *
 * @since 0.1.0
 * @category models
 */
export interface List<Tags extends string, In, Page, Item> {
  readonly _tag: "List"
  readonly method: "GET"
  readonly path: string
  // biome-ignore lint/suspicious/noExplicitAny: the decoded side of the input is the endpoint's own business
  readonly input: Schema.Schema<any, In>
  // biome-ignore lint/suspicious/noExplicitAny: a page is decoded from whatever JSON the vendor sends
  readonly success: Schema.Schema<Page, any>
  readonly failures: ReadonlyArray<Tags>
  readonly items: (page: Page) => ReadonlyArray<Item>
  readonly pagination: Pagination.Scheme<Page>
  readonly conditional: boolean
}

/**
 * Any endpoint.
 *
 * @since 0.1.0
 * @category models
 */
// biome-ignore lint/suspicious/noExplicitAny: a bound for endpoints of every shape
export type Any = Operation<string, any, any, boolean> | List<string, any, any, any>

/**
 * What a call can be given besides its input.
 *
 * @since 0.1.0
 * @category models
 */
export interface CallOptions {
  /**
   * The idempotency key to send (on a vendor that takes one, and a method that mutates): give the key a failure
   * carried (`failure.idempotencyKey`) to try the same logical call again later without a duplicate. By default
   * each call gets a new one.
   */
  readonly idempotencyKey?: string | undefined
}

/**
 * What a list can be given besides its input.
 *
 * @since 0.1.0
 * @category models
 */
export interface ListOptions {
  /** Items asked for per page (default: the most the vendor allows). */
  readonly pageSize?: number | undefined
  /** The most items the stream gives before it ends (default: all of them). */
  readonly max?: number | undefined
}

/**
 * The failures of an endpoint whose declared tags are `Tags`, for a vendor whose failures are `E` and whose every
 * call can also fail with `Common`: those of `E`, the core failures, and `OutcomeUnknown` for a create.
 *
 * @since 0.1.0
 * @category models
 */
export type FailureOf<Ep, E extends Failure.Failure, Common extends string> =
  Ep extends Operation<infer Tags, infer _In, infer _A, infer Creates>
    ?
        | Extract<E, { readonly _tag: Tags | Common }>
        | Failure.CoreFailure
        | (Creates extends true ? Failure.OutcomeUnknown : never)
    : Ep extends List<infer Tags, infer _In, infer _Page, infer _Item>
      ? Extract<E, { readonly _tag: Tags | Common }> | Failure.CoreFailure
      : never

/**
 * The method a client has for an endpoint: a function of its input (optional when every field is) to an `Effect`
 * of the success, or, for a list, to a `Stream` of the items.
 *
 * @since 0.1.0
 * @category models
 */
export type MethodOf<Ep, E extends Failure.Failure, Common extends string> =
  Ep extends Operation<infer _Tags, infer In, infer A, infer _Creates>
    ? {} extends In
      ? (input?: In, options?: CallOptions) => Effect.Effect<A, FailureOf<Ep, E, Common>>
      : (input: In, options?: CallOptions) => Effect.Effect<A, FailureOf<Ep, E, Common>>
    : Ep extends List<infer _Tags, infer In, infer _Page, infer Item>
      ? {} extends In
        ? (input?: In, options?: ListOptions) => Stream.Stream<Item, FailureOf<Ep, E, Common>>
        : (input: In, options?: ListOptions) => Stream.Stream<Item, FailureOf<Ep, E, Common>>
      : never

const operation =
  <M extends HttpMethod.HttpMethod>(method: M) =>
  <const Tags extends string, In, A, const Creates extends boolean = false>(
    path: string,
    options: {
      // biome-ignore lint/suspicious/noExplicitAny: see `Operation.input`
      readonly input: Schema.Schema<any, In>
      // biome-ignore lint/suspicious/noExplicitAny: see `Operation.success`
      readonly success: Schema.Schema<A, any>
      readonly failures: ReadonlyArray<Tags>
      readonly creates?: Creates | undefined
      readonly conditional?: boolean | undefined
      readonly query?: ReadonlyArray<string> | undefined
    }
  ): Operation<Tags, In, A, Creates> => ({
    _tag: "Operation",
    method,
    path,
    input: options.input,
    success: options.success,
    failures: options.failures,
    creates: (options.creates ?? false) as Creates,
    conditional: options.conditional ?? false,
    query: options.query ?? []
  })

/**
 * A GET endpoint: input fields that are not path parameters go in the query.
 *
 * @since 0.1.0
 * @category constructors
 */
export const get = operation("GET")

/**
 * A DELETE endpoint: input fields that are not path parameters go in the query.
 *
 * @since 0.1.0
 * @category constructors
 */
export const del = operation("DELETE")

/**
 * A POST endpoint: input fields that are not path parameters (or named in `query`) are the JSON body.
 *
 * @since 0.1.0
 * @category constructors
 */
export const post = operation("POST")

/**
 * A PUT endpoint: input fields that are not path parameters (or named in `query`) are the JSON body.
 *
 * @since 0.1.0
 * @category constructors
 */
export const put = operation("PUT")

/**
 * A PATCH endpoint: input fields that are not path parameters (or named in `query`) are the JSON body.
 *
 * @since 0.1.0
 * @category constructors
 */
export const patch = operation("PATCH")

/**
 * A list endpoint (GET), read page by page over `pagination`: input fields are query parameters (filters), the
 * scheme adds its own.
 *
 * @since 0.1.0
 * @category constructors
 */
export const list = <const Tags extends string, In, Page, Item>(
  path: string,
  options: {
    // biome-ignore lint/suspicious/noExplicitAny: see `List.input`
    readonly input: Schema.Schema<any, In>
    // biome-ignore lint/suspicious/noExplicitAny: see `List.success`
    readonly success: Schema.Schema<Page, any>
    readonly failures: ReadonlyArray<Tags>
    readonly items: (page: Page) => ReadonlyArray<Item>
    readonly pagination: Pagination.Scheme<Page>
    readonly conditional?: boolean | undefined
  }
): List<Tags, In, Page, Item> => ({
  _tag: "List",
  method: "GET",
  path,
  input: options.input,
  success: options.success,
  failures: options.failures,
  items: options.items,
  pagination: options.pagination,
  conditional: options.conditional ?? false
})

/**
 * The route of an endpoint as scripts name it: `"POST /v1/calls/outbound"`, `"GET /v1/calls/:call_id"`.
 *
 * @since 0.1.0
 * @category accessors
 */
export const route = (endpoint: Any): string => `${endpoint.method} ${endpoint.path}`
