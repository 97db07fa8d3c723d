import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as Category from "../Category.js"
import * as Dialect from "../Dialect.js"
import * as Failure from "../Failure.js"
import * as Redaction from "../Redaction.js"
import type * as RetryTrace from "../RetryTrace.js"

// What a success response needs to fail well later, when its body is decoded: the client's vendor and redactor.
// Kept beside the buffered response, so that `json` and `schemaJson` never copy a secret into a failure.
interface Origin {
  readonly vendor: string
  readonly redactor: Redaction.Redactor
}

const origins = new WeakMap<HttpClientResponse.HttpClientResponse, Origin>()

const bodyless = new Set([101, 103, 204, 205, 304])

/**
 * A success response whose body has been read (within the client's limit), readable again by `json`,
 * `schemaJson` or the platform's own accessors.
 *
 * @internal
 */
export const buffered = (
  response: HttpClientResponse.HttpClientResponse,
  bytes: Uint8Array,
  origin: Origin
): HttpClientResponse.HttpClientResponse => {
  const copy = HttpClientResponse.fromWeb(
    response.request,
    new Response(bodyless.has(response.status) || bytes.length === 0 ? null : (bytes as Uint8Array<ArrayBuffer>), {
      status: response.status,
      headers: response.headers
    })
  )
  origins.set(copy, origin)
  return copy
}

const originOf = (response: HttpClientResponse.HttpClientResponse): Origin =>
  origins.get(response) ?? { vendor: "unknown", redactor: Redaction.generic }

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

const utf8 = new TextDecoder("utf-8")

const jsonWithBytes = (response: HttpClientResponse.HttpClientResponse) =>
  Effect.flatMap(
    Effect.orElseSucceed(response.arrayBuffer, () => new ArrayBuffer(0)),
    (buffer) => {
      const bytes = new Uint8Array(buffer)
      const text = utf8.decode(bytes)
      if (text.trim().length === 0) return Effect.fail(unexpectedSuccess(response, "Empty", bytes))
      try {
        return Effect.succeed({ value: JSON.parse(text) as unknown, bytes })
      } catch {
        return Effect.fail(unexpectedSuccess(response, "NotJson", bytes))
      }
    }
  )

/** @internal */
export const json = (response: HttpClientResponse.HttpClientResponse): Effect.Effect<unknown, Failure.UnexpectedBody> =>
  Effect.map(jsonWithBytes(response), ({ value }) => value)

// Schemas decode and format errors recursively: a body nested deeper than this is malformed before it is decoded,
// instead of exhausting the stack (no vendor's response nests anywhere near it).
const maximumDepth = 256

const depthExceeds = (value: unknown, limit: number): boolean => {
  const stack: Array<readonly [unknown, number]> = [[value, 0]]
  while (stack.length > 0) {
    const [next, depth] = stack.pop()!
    if (typeof next !== "object" || next === null) continue
    if (depth >= limit) return true
    for (const inner of Array.isArray(next) ? next : Object.values(next)) stack.push([inner, depth + 1])
  }
  return false
}

/** @internal */
export const schemaJson = <A, I, R>(schema: Schema.Schema<A, I, R>) => {
  const decode = Schema.decodeUnknown(schema, { onExcessProperty: "ignore" })
  return (response: HttpClientResponse.HttpClientResponse): Effect.Effect<A, Failure.UnexpectedBody, R> =>
    Effect.flatMap(jsonWithBytes(response), ({ bytes, value }) => {
      const malformed = (detail: string) => unexpectedSuccess(response, "Malformed", bytes, detail)
      if (depthExceeds(value, maximumDepth)) return Effect.fail(malformed(`nested deeper than ${maximumDepth} levels`))
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

// The retry trace of each successful call made with a retry policy, beside its response.
const traces = new WeakMap<HttpClientResponse.HttpClientResponse, RetryTrace.RetryTrace>()

/** @internal */
export const keepTrace = (response: HttpClientResponse.HttpClientResponse, trace: RetryTrace.RetryTrace): void => {
  traces.set(response, trace)
}

/** @internal */
export const traceOf = (response: HttpClientResponse.HttpClientResponse): Option.Option<RetryTrace.RetryTrace> =>
  Option.fromNullable(traces.get(response))
