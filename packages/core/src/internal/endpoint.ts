import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import type * as ApiClient from "../ApiClient.js"
import type * as Endpoint from "../Endpoint.js"
import * as Failure from "../Failure.js"
import * as Input from "../Input.js"
import type * as Redaction from "../Redaction.js"
import * as RetryPolicy from "../RetryPolicy.js"
import * as successBody from "./successBody.js"

/**
 * What the methods of one client share: its typed HTTP client, what it must know of its vendor, and the answers
 * it keeps for conditional requests.
 *
 * @internal
 */
export interface Context<E extends Failure.Failure> {
  readonly vendor: string
  readonly http: ApiClient.ApiClient<E>
  readonly redactor: Redaction.Redactor
  /** The header a mutating request carries its idempotency key in, when the vendor takes one (lowercase). */
  readonly idempotencyHeader: string | undefined
  /** The tags every call of the vendor can fail with. */
  readonly common: ReadonlySet<string>
  /** The vendor's unknown failure for one of its failures an endpoint does not declare. */
  readonly unknown: (failure: E) => E
  readonly cache: ConditionalCache
}

/**
 * The last answer to each conditional request (by URL), with its ETag: at most `capacity`, the oldest dropped.
 *
 * @internal
 */
export class ConditionalCache {
  private readonly entries = new Map<string, { readonly etag: string; readonly value: unknown }>()
  constructor(private readonly capacity: number) {}
  get(url: string) {
    return this.entries.get(url)
  }
  set(url: string, etag: string, value: unknown) {
    this.entries.delete(url)
    this.entries.set(url, { etag, value })
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!)
  }
}

const coreTags: ReadonlySet<string> = new Set([
  "TransportError",
  "AttemptTimeout",
  "HeldPastDeadline",
  "UnexpectedBody",
  "InvalidInput"
])

const statusOf = (failure: Failure.Failure): number | undefined =>
  "status" in failure && typeof failure.status === "number" ? failure.status : undefined

// Whether the server may have acted on a request that failed so: no answer, no answer in time, a server-side
// failure, or an answer that could not be read (a 4xx, a 429, a request never sent: it did not).
const mayHaveActed = (failure: Failure.Failure): boolean => {
  if (failure instanceof Failure.TransportError) return failure.mayHaveReachedServer
  if (failure instanceof Failure.AttemptTimeout) return true
  if (failure instanceof Failure.HeldPastDeadline || failure instanceof Failure.InvalidInput) return false
  const status = statusOf(failure)
  return status === undefined || status < 400 || status >= 500
}

/**
 * A failure's fields, to build another failure from: its enumerable fields and its `message`, which an `Error`
 * keeps out of a spread.
 *
 * @internal
 */
export const fieldsOf = (failure: Failure.Failure): Record<string, unknown> => {
  const { _tag, ...fields } = failure as Failure.Failure & Record<string, unknown>
  return { ...fields, message: failure.message }
}

// A copy of a failure with one more field, of the same class.
const withField = <F extends Failure.Failure>(failure: F, field: string, value: unknown): F => {
  const FailureClass = failure.constructor as new (props: object, options: typeof Failure.checked) => F
  return new FailureClass({ ...fieldsOf(failure), [field]: value }, Failure.checked)
}

const isMutating = (method: string) => !RetryPolicy.isSafeToRepeat(method, false)

interface Prepared {
  readonly request: HttpClientRequest.HttpClientRequest
  readonly sent: unknown
}

// The request for a validated input: path parameters filled in, the other fields in the query (GET, DELETE, and
// fields named in `query`) or the JSON body.
const prepare = (
  endpoint: Endpoint.Any,
  label: string,
  encoded: Readonly<Record<string, unknown>>,
  extraQuery: Readonly<Record<string, string>>
): Effect.Effect<Prepared, Failure.InvalidInput> =>
  Effect.suspend(() => {
    const rest: Record<string, unknown> = { ...encoded }
    const missing: Array<string> = []
    const path = endpoint.path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (_, name: string) => {
      const value = rest[name]
      delete rest[name]
      if (typeof value !== "string" && typeof value !== "number") {
        missing.push(name)
        return ""
      }
      return encodeURIComponent(String(value))
    })
    if (missing.length > 0) {
      return Effect.fail(
        new Failure.InvalidInput({
          operation: label,
          issues: missing.map(
            (name) => new Failure.InputIssue({ path: name, rule: "required", message: "is required" })
          )
        })
      )
    }
    const inQuery = endpoint.method === "GET" || endpoint.method === "DELETE"
    const queryNames = endpoint._tag === "Operation" ? endpoint.query : []
    const query: Record<string, string> = { ...extraQuery }
    const body: Record<string, unknown> = {}
    for (const [name, value] of Object.entries(rest)) {
      if (value === undefined) continue
      if (inQuery || queryNames.includes(name)) query[name] = typeof value === "string" ? value : JSON.stringify(value)
      else body[name] = value
    }
    const base = HttpClientRequest.make(endpoint.method)(path).pipe(HttpClientRequest.setUrlParams(query))
    const request = inQuery ? base : HttpClientRequest.bodyUnsafeJson(base, body)
    return Effect.succeed({ request, sent: inQuery ? query : body })
  })

// What an endpoint checks and decodes, made once for all its calls: its input validated then encoded, and its
// success body decoded.
interface Codec {
  readonly validated: (input: unknown) => Effect.Effect<Readonly<Record<string, unknown>>, Failure.InvalidInput>
  readonly success: (response: HttpClientResponse.HttpClientResponse) => Effect.Effect<unknown, Failure.UnexpectedBody>
}

const codecOf = (endpoint: Endpoint.Any, label: string): Codec => {
  const validate = Input.validate(label, endpoint.input)
  const encode = Schema.encode(endpoint.input)
  return {
    validated: (input) =>
      Effect.flatMap(validate(input ?? {}), (decoded) =>
        encode(decoded).pipe(
          Effect.mapError((error) => Input.fromParseError(label, error)),
          Effect.map((encoded) => encoded as Readonly<Record<string, unknown>>)
        )
      ),
    success: successBody.schemaJson(endpoint.success)
  }
}

// One exchange for a prepared request: the decoded success, from the cache on a 304 when the endpoint is
// conditional.
const exchange = <E extends Failure.Failure>(
  context: Context<E>,
  endpoint: Endpoint.Any,
  codec: Codec,
  request: HttpClientRequest.HttpClientRequest
): Effect.Effect<unknown, E | Failure.CoreFailure> => {
  if (!endpoint.conditional) return Effect.flatMap(context.http.execute(request), codec.success)
  const url = `${request.url}?${new URLSearchParams(request.urlParams as Array<[string, string]>).toString()}`
  const cached = context.cache.get(url)
  const sent = cached === undefined ? request : HttpClientRequest.setHeader(request, "if-none-match", cached.etag)
  return Effect.flatMap(context.http.execute(sent), (response: HttpClientResponse.HttpClientResponse) => {
    if (response.status === 304 && cached !== undefined) return Effect.succeed(cached.value)
    return Effect.tap(codec.success(response), (value) => {
      const etag = response.headers.etag
      if (etag !== undefined) context.cache.set(url, etag, value)
    })
  })
}

// What a method lets through: the endpoint's own failures, every call's, and the core ones; the vendor's others
// become its unknown failure (keeping the code), so that the method's type tells the truth.
const narrow = <E extends Failure.Failure>(context: Context<E>, allowed: ReadonlySet<string>) => {
  return (failure: E | Failure.CoreFailure): E | Failure.CoreFailure =>
    coreTags.has(failure._tag) || allowed.has(failure._tag) || context.common.has(failure._tag)
      ? failure
      : context.unknown(failure as E)
}

/** @internal */
export const operation = <E extends Failure.Failure>(context: Context<E>, name: string, endpoint: Endpoint.Any) => {
  const label = `${context.vendor}.${name}`
  const allowed: ReadonlySet<string> = new Set(endpoint.failures)
  const ambiguousCreate = endpoint._tag === "Operation" && endpoint.creates && context.idempotencyHeader === undefined
  const codec = codecOf(endpoint, label)
  return (input?: unknown, options?: Endpoint.CallOptions): Effect.Effect<unknown, Failure.Failure> =>
    Effect.gen(function* () {
      const startedAt = yield* Clock.currentTimeMillis
      const prepared = yield* Effect.flatMap(codec.validated(input), (encoded) => prepare(endpoint, label, encoded, {}))
      const key =
        context.idempotencyHeader !== undefined && isMutating(endpoint.method)
          ? (options?.idempotencyKey ?? globalThis.crypto.randomUUID())
          : undefined
      const request =
        key === undefined
          ? prepared.request
          : HttpClientRequest.setHeader(prepared.request, context.idempotencyHeader!, key)
      return yield* exchange(context, endpoint, codec, request).pipe(
        Effect.mapError(narrow(context, allowed)),
        Effect.mapError((failure): Failure.Failure => {
          if (ambiguousCreate && mayHaveActed(failure)) {
            const status = statusOf(failure)
            return new Failure.OutcomeUnknown({
              vendor: context.vendor,
              operation: `${endpoint.method} ${endpoint.path}`,
              input: context.redactor.json(prepared.sent),
              sentAt: startedAt,
              cause: new Failure.OutcomeCause({
                tag: failure._tag,
                message: failure.message,
                ...(status === undefined ? {} : { status })
              }),
              category: failure.category,
              ...("retry" in failure && failure.retry !== undefined ? { retry: failure.retry } : {})
            })
          }
          return key === undefined ? failure : withField(failure, "idempotencyKey", key)
        })
      )
    }).pipe(
      // No stack trace: it would point here, into the client, not at the caller.
      Effect.withSpan(`faultline.${context.vendor}.${name}`, {
        attributes: { "faultline.operation": name },
        captureStackTrace: false
      })
    )
}

/** @internal */
export const list = <E extends Failure.Failure>(
  context: Context<E>,
  name: string,
  endpoint: Endpoint.List<string, unknown, unknown, unknown>
) => {
  const label = `${context.vendor}.${name}`
  const allowed: ReadonlySet<string> = new Set(endpoint.failures)
  const scheme = endpoint.pagination
  const codec = codecOf(endpoint, label)
  return (input?: unknown, options?: Endpoint.ListOptions): Stream.Stream<unknown, Failure.Failure> => {
    const pageSize = Math.max(1, Math.min(options?.pageSize ?? scheme.maxPageSize, scheme.maxPageSize))
    const pages = Stream.unwrap(
      Effect.map(codec.validated(input), (encoded) =>
        Stream.paginateChunkEffect(0, (index) =>
          Effect.flatMap(prepare(endpoint, label, encoded, scheme.query(index, pageSize)), (prepared) =>
            Effect.map(exchange(context, endpoint, codec, prepared.request), (page) => {
              const items = endpoint.items(page)
              const more = scheme.hasMore(page, index, pageSize, items.length)
              return [Chunk.fromIterable(items), more ? Option.some(index + 1) : Option.none()] as const
            })
          ).pipe(Effect.mapError(narrow(context, allowed)))
        )
      )
    )
    return options?.max === undefined ? pages : Stream.take(pages, Math.max(0, options.max))
  }
}
