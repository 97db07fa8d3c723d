import type * as Cookies from "@effect/platform/Cookies"
import type * as Headers from "@effect/platform/Headers"
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as IncomingMessage from "@effect/platform/HttpIncomingMessage"
import * as UrlParams from "@effect/platform/UrlParams"
import * as Effect from "effect/Effect"
import * as Inspectable from "effect/Inspectable"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as Category from "../Category.js"
import * as Dialect from "../Dialect.js"
import * as Failure from "../Failure.js"
import * as Redaction from "../Redaction.js"
import type * as RetryTrace from "../RetryTrace.js"

// What a success response needs to fail well later, when its body is decoded: the client's vendor and redactor.
// Kept on the buffered response, so that `json` and `schemaJson` never copy a secret into a failure.
interface Origin {
  readonly vendor: string
  readonly redactor: Redaction.Redactor
}

const bodyless = new Set([101, 103, 204, 205, 304])

const utf8 = new TextDecoder("utf-8")

// A success response whose body has been read: the platform's accessors answer from the bytes (as a web
// `Response` over them would: `text` without a BOM, `json` of an empty body is `null`, a status without a body has
// no stream), and the response it was read from answers the rest.
class BufferedResponse extends Inspectable.Class implements HttpClientResponse.HttpClientResponse {
  readonly [IncomingMessage.TypeId]: IncomingMessage.TypeId = IncomingMessage.TypeId
  readonly [HttpClientResponse.TypeId]: HttpClientResponse.TypeId = HttpClientResponse.TypeId
  private decoded: string | undefined
  private copied: ArrayBuffer | undefined
  private form: Effect.Effect<FormData, HttpClientError.ResponseError> | undefined

  constructor(
    readonly original: HttpClientResponse.HttpClientResponse,
    readonly headers: Headers.Headers,
    readonly bytes: Uint8Array,
    readonly origin: Origin
  ) {
    super()
  }

  get request(): HttpClientRequest.HttpClientRequest {
    return this.original.request
  }

  get status(): number {
    return this.original.status
  }

  get cookies(): Cookies.Cookies {
    return this.original.cookies
  }

  get remoteAddress(): Option.Option<string> {
    return this.original.remoteAddress
  }

  private get body(): Uint8Array | undefined {
    return bodyless.has(this.status) || this.bytes.length === 0 ? undefined : this.bytes
  }

  private decodeError(cause: unknown) {
    return new HttpClientError.ResponseError({ request: this.request, response: this, reason: "Decode", cause })
  }

  private get textNow(): string {
    this.decoded ??= this.body === undefined ? "" : utf8.decode(this.body)
    return this.decoded
  }

  get text(): Effect.Effect<string, HttpClientError.ResponseError> {
    return Effect.sync(() => this.textNow)
  }

  get json(): Effect.Effect<unknown, HttpClientError.ResponseError> {
    return Effect.try({
      try: () => (this.textNow === "" ? null : (JSON.parse(this.textNow) as unknown)),
      catch: (cause) => this.decodeError(cause)
    })
  }

  get urlParamsBody(): Effect.Effect<UrlParams.UrlParams, HttpClientError.ResponseError> {
    return Effect.try({
      try: () => UrlParams.fromInput(new URLSearchParams(this.textNow)),
      catch: (cause) => this.decodeError(cause)
    })
  }

  // A copy, made once: what the caller does with it cannot change what the other accessors read.
  get arrayBuffer(): Effect.Effect<ArrayBuffer, HttpClientError.ResponseError> {
    return Effect.sync(() => {
      this.copied ??= this.body === undefined ? new ArrayBuffer(0) : (this.body.slice().buffer as ArrayBuffer)
      return this.copied
    })
  }

  get stream(): Stream.Stream<Uint8Array, HttpClientError.ResponseError> {
    const body = this.body
    return body === undefined
      ? Stream.fail(
          new HttpClientError.ResponseError({
            request: this.request,
            response: this,
            reason: "EmptyBody",
            description: "can not create stream from empty body"
          })
        )
      : Stream.sync(() => body.slice())
  }

  // Rarely asked for: parsed by a web `Response` over the bytes, once.
  get formData(): Effect.Effect<FormData, HttpClientError.ResponseError> {
    this.form ??= Effect.tryPromise({
      try: () =>
        new Response(this.body === undefined ? null : (this.body.slice() as Uint8Array<ArrayBuffer>), {
          status: this.status,
          headers: this.headers
        }).formData(),
      catch: (cause) => this.decodeError(cause)
    }).pipe(Effect.cached, Effect.runSync)
    return this.form
  }

  toJSON(): unknown {
    return IncomingMessage.inspect(this, {
      _id: "@effect/platform/HttpClientResponse",
      request: this.request.toJSON(),
      status: this.status
    })
  }
}

/**
 * A success response whose body has been read (within the client's limit), readable again by `json`,
 * `schemaJson` or the platform's own accessors. `headers` are the response's, read once.
 *
 * @internal
 */
export const buffered = (
  response: HttpClientResponse.HttpClientResponse,
  headers: Headers.Headers,
  bytes: Uint8Array,
  origin: Origin
): HttpClientResponse.HttpClientResponse => new BufferedResponse(response, headers, bytes, origin)

const unknownOrigin: Origin = { vendor: "unknown", redactor: Redaction.generic }

const originOf = (response: HttpClientResponse.HttpClientResponse): Origin =>
  response instanceof BufferedResponse ? response.origin : unknownOrigin

const unexpectedSuccess = (
  response: HttpClientResponse.HttpClientResponse,
  reason: Failure.UnexpectedBodyReason,
  bytes: Uint8Array,
  detail?: string
) => {
  const { redactor, vendor } = originOf(response)
  const contentType = response.headers["content-type"]
  return new Failure.UnexpectedBody({
    vendor,
    reason,
    status: response.status,
    snippet: Dialect.snippet(bytes, redactor),
    category: Category.fromStatus(response.status),
    ...(contentType === undefined ? {} : { contentType: redactor.head(contentType, 200) }),
    ...(detail === undefined ? {} : { detail: redactor.head(detail, 1000) })
  })
}

// The bytes of a buffered response as they are; any other response's as it reads them.
const bytesOf = (response: HttpClientResponse.HttpClientResponse): Effect.Effect<Uint8Array> =>
  response instanceof BufferedResponse
    ? Effect.succeed(bodyless.has(response.status) ? new Uint8Array(0) : response.bytes)
    : Effect.map(
        Effect.orElseSucceed(response.arrayBuffer, () => new ArrayBuffer(0)),
        (buffer) => new Uint8Array(buffer)
      )

const jsonWithBytes = (response: HttpClientResponse.HttpClientResponse) =>
  Effect.flatMap(bytesOf(response), (bytes) => {
    const text = utf8.decode(bytes)
    if (text.trim().length === 0) return Effect.fail(unexpectedSuccess(response, "Empty", bytes))
    try {
      return Effect.succeed({ value: JSON.parse(text) as unknown, bytes })
    } catch {
      return Effect.fail(unexpectedSuccess(response, "NotJson", bytes))
    }
  })

/** @internal */
export const json = (response: HttpClientResponse.HttpClientResponse): Effect.Effect<unknown, Failure.UnexpectedBody> =>
  Effect.map(jsonWithBytes(response), ({ value }) => value)

// Schemas decode and format errors recursively: a body nested deeper than this is malformed before it is decoded,
// instead of exhausting the stack (no vendor's response nests anywhere near it).
const maximumDepth = 256

// Whether a parsed body nests deeper than `limit`; on the way, every own "__proto__" key is dropped: JSON.parse keeps
// it as data, but a schema assigns the keys it keeps (a `Schema.Record`, `onExcessProperty: "preserve"`), which would
// make the server's object the prototype of the decoded one. The value is the one just parsed for this decoding.
const tooDeepForSchema = (value: unknown, limit: number): boolean => {
  // Two stacks side by side, and only the objects and arrays on them: a body's every value is walked.
  const values: Array<object> = []
  const depths: Array<number> = []
  if (typeof value === "object" && value !== null) {
    values.push(value)
    depths.push(0)
  }
  while (values.length > 0) {
    const next = values.pop()!
    const depth = depths.pop()!
    if (depth >= limit) return true
    if (!Array.isArray(next) && Object.hasOwn(next, "__proto__")) Reflect.deleteProperty(next, "__proto__")
    for (const inner of Array.isArray(next) ? next : Object.values(next)) {
      if (typeof inner === "object" && inner !== null) {
        values.push(inner)
        depths.push(depth + 1)
      }
    }
  }
  return false
}

/** @internal */
export const schemaJson = <A, I, R>(schema: Schema.Schema<A, I, R>) => {
  const decode = Schema.decodeUnknown(schema, { onExcessProperty: "ignore" })
  return (response: HttpClientResponse.HttpClientResponse): Effect.Effect<A, Failure.UnexpectedBody, R> =>
    Effect.flatMap(jsonWithBytes(response), ({ bytes, value }) => {
      const malformed = (detail: string) => unexpectedSuccess(response, "Malformed", bytes, detail)
      if (tooDeepForSchema(value, maximumDepth))
        return Effect.fail(malformed(`nested deeper than ${maximumDepth} levels`))
      // Suspended: a schema decodes synchronously as far as it can, so whatever it throws is thrown here.
      return Effect.suspend(() => decode(value)).pipe(
        Effect.mapError((error) => malformed(ParseResult.TreeFormatter.formatErrorSync(error))),
        // A schema of the user's that throws, or overflows the stack on a large body, is still a malformed body.
        Effect.catchAllDefect((defect) =>
          Effect.fail(malformed(`could not be checked: ${defect instanceof Error ? defect.name : "defect"}`))
        )
      )
    })
}

// The retry trace of each successful call made with a retry policy, beside its response: made when first asked for.
const traces = new WeakMap<HttpClientResponse.HttpClientResponse, () => RetryTrace.RetryTrace>()

/** @internal */
export const keepTrace = (
  response: HttpClientResponse.HttpClientResponse,
  trace: () => RetryTrace.RetryTrace
): void => {
  let made: RetryTrace.RetryTrace | undefined
  traces.set(response, () => {
    made ??= trace()
    return made
  })
}

/** @internal */
export const traceOf = (response: HttpClientResponse.HttpClientResponse): Option.Option<RetryTrace.RetryTrace> => {
  const trace = traces.get(response)
  return trace === undefined ? Option.none() : Option.some(trace())
}
