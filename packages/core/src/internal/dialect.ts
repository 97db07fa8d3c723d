import type * as Headers from "@effect/platform/Headers"
import * as Either from "effect/Either"
import * as Redacted from "effect/Redacted"
import * as Category from "../Category.js"
import type { Dialect, Input, Options } from "../Dialect.js"
import * as Failure from "../Failure.js"
import type { Redactor } from "../Redaction.js"
import * as Redaction from "../Redaction.js"
import * as WaitHint from "../WaitHint.js"
import { withoutStackTrace } from "./stackTrace.js"

const defaultIsSuccess = (status: number) => (status >= 200 && status < 300) || status === 304

const noBodyHint = () => undefined

/** @internal */
export const make = <E extends Failure.Failure>(options: Options<E>): Dialect<E> => ({
  idempotencyKeyHeader: undefined,
  isSuccess: defaultIsSuccess,
  requestIdHeaders: ["x-request-id", "request-id"],
  bodyWaitSeconds: noBodyHint,
  ...options
})

/** @internal */
export const bearer = (apiKey: Redacted.Redacted<string>): Headers.Input => ({
  authorization: `Bearer ${Redacted.value(apiKey)}`
})

const utf8 = new TextDecoder("utf-8", { fatal: false, ignoreBOM: false })

// Bytes decoded for a snippet: a little more than it keeps (the redactor reads past what it keeps, to see a secret
// at the edge whole).
const snippetWindow = Failure.snippetLength * 4 + 256

/** @internal */
export const snippet = (bytes: Uint8Array, redactor: Redactor, truncated = false): string => {
  const cut = truncated || bytes.length > snippetWindow
  const window = bytes.subarray(0, snippetWindow)
  // Decoded as a stream, the first bytes of a character the cut went through are held back: decoded to U+FFFD,
  // they would hide a secret cut there from the redactor.
  const text = cut ? new TextDecoder("utf-8").decode(window, { stream: true }) : utf8.decode(window)
  return redactor.head(text, Failure.snippetLength, cut)
}

type Parsed =
  | { readonly _tag: "Json"; readonly value: unknown; readonly text: string }
  | { readonly _tag: "NotJson" | "Truncated" }

// Whether text that failed to parse stops inside a JSON value: an object, array or string still open at the end.
// Decided from the text itself, not from the engine's error message (which differs between V8, JSC and others).
const endsInsideValue = (text: string): boolean => {
  const start = text.search(/\S/)
  if (start === -1 || !'{["'.includes(text[start]!)) return false
  let depth = 0
  let inString = false
  for (let i = start; i < text.length; i++) {
    const char = text[i]
    if (inString) {
      if (char === "\\") i++
      else if (char === '"') inString = false
    } else if (char === '"') inString = true
    else if (char === "{" || char === "[") depth++
    else if (char === "}" || char === "]") {
      depth--
      if (depth < 0) return false
      if (depth === 0) return false
    }
  }
  return inString || depth > 0
}

const parseJson = (bytes: Uint8Array): Parsed => {
  const text = utf8.decode(bytes)
  try {
    return { _tag: "Json", value: JSON.parse(text), text }
  } catch {
    // A body that stops inside a JSON value was cut off, not written as something else.
    return { _tag: endsInsideValue(text) ? "Truncated" : "NotJson" }
  }
}

const firstHeader = (headers: Readonly<Record<string, string>>, names: ReadonlyArray<string>, redactor: Redactor) => {
  for (const name of names) {
    const value = headers[name]
    if (value !== undefined && value.length > 0) return redactor.head(value, 200)
  }
  return undefined
}

/** @internal */
export const decode = <E extends Failure.Failure>(
  dialect: Dialect<E>,
  input: Input
): Either.Either<Uint8Array, E | Failure.UnexpectedBody> => {
  const { body, status } = input
  if (dialect.isSuccess(status) && body._tag === "Complete") return Either.right(body.bytes)
  return withoutStackTrace(() => decodeFailure(dialect, input))
}

const decodeFailure = <E extends Failure.Failure>(
  dialect: Dialect<E>,
  input: Input
): Either.Either<Uint8Array, E | Failure.UnexpectedBody> => {
  const { body, headers, redactor, status } = input
  const requestId = firstHeader(headers, dialect.requestIdHeaders, redactor)
  const contentType = headers["content-type"]
  const unexpected = (
    reason: Failure.UnexpectedBodyReason,
    waitHint: WaitHint.WaitHint | undefined = WaitHint.fromResponse({ status, headers, now: input.now }),
    category: Category.Category = Category.fromStatus(status)
  ) =>
    Either.left(
      new Failure.UnexpectedBody(
        {
          vendor: dialect.vendor,
          reason,
          status,
          snippet: snippet(body.bytes, redactor, body._tag !== "Complete"),
          category,
          ...(contentType === undefined ? {} : { contentType: redactor.head(contentType, 200) }),
          ...(requestId === undefined ? {} : { requestId }),
          ...(waitHint === undefined ? {} : { waitHint })
        },
        Failure.checked
      )
    )

  if (body._tag === "TooLarge") return unexpected("TooLarge")
  // A stream that broke before the body's end is a fault of the connection, whatever the status said: retried as
  // transport faults are (a request with an idempotency key is answered again by its replay), never a success.
  if (body._tag === "Truncated") return unexpected("Truncated", undefined, "transport")
  if (isBlank(body.bytes)) return unexpected("Empty")
  const parsed = parseJson(body.bytes)
  if (parsed._tag !== "Json") return unexpected(parsed._tag)

  const redacted = redactor.json(parsed.value)
  const json = mayOverflow.test(parsed.text) ? finite(redacted) : redacted
  const waitHint = WaitHint.fromResponse({
    status,
    headers,
    now: input.now,
    bodySeconds: dialect.bodyWaitSeconds(json)
  })
  // Only an unknown failure keeps the snippet: it is made when first read.
  let kept: string | undefined
  const failure = dialect.decodeEnvelope(json, {
    status,
    headers,
    requestId,
    waitHint,
    get snippet() {
      // A body within the snippet's window was decoded whole already.
      kept ??=
        body.bytes.length <= snippetWindow
          ? redactor.head(parsed.text, Failure.snippetLength)
          : snippet(body.bytes, redactor)
      return kept
    }
  })
  return failure === undefined ? unexpected("NotEnvelope", waitHint) : Either.left(failure)
}

// JSON.parse reads a number too large for a double (1e400) as Infinity, which JSON writes as null: a failure keeps
// null, so that it reads back from its JSON as it was made. Only a number with an exponent of three digits or more,
// or with over 200 digits before its point, is that large, so most bodies are not walked again. The redacted body is
// at most 32 levels deep.
const mayOverflow = /[eE]\+?\d{3}|\d{200}/

const finite = (value: unknown): unknown => {
  if (typeof value === "number") return Number.isFinite(value) ? value : null
  if (typeof value !== "object" || value === null) return value
  if (Array.isArray(value)) return value.map(finite)
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, finite(inner)]))
}

const isBlank = (bytes: Uint8Array): boolean => {
  for (const byte of bytes) {
    // space, tab, line feed, carriage return
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return false
  }
  return true
}

const encoder = new TextEncoder()

/** @internal */
export const decodeText = <E extends Failure.Failure>(
  dialect: Dialect<E>,
  input: {
    readonly status: number
    readonly headers: Readonly<Record<string, string>>
    readonly body: string
    readonly now: number
    readonly redactor?: Redactor | undefined
  }
): Either.Either<Uint8Array, E | Failure.UnexpectedBody> =>
  decode(dialect, {
    status: input.status,
    headers: input.headers,
    body: { _tag: "Complete", bytes: encoder.encode(input.body) },
    now: input.now,
    redactor: input.redactor ?? Redaction.generic
  })
