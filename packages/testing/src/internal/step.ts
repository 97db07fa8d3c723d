import type { ResponseBody } from "@faultline/core"
import * as Duration from "effect/Duration"
import { dual } from "effect/Function"
import * as Predicate from "effect/Predicate"
import type { RecordedRequest } from "../Script.js"
import type * as Step from "../Step.js"

/** @internal */
export const TypeId: Step.TypeId = Symbol.for("@faultline/testing/Step") as Step.TypeId

const encoder = new TextEncoder()

const lowercase = (headers: Step.HeadersInput | undefined): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers ?? {})) out[name.toLowerCase()] = value
  return out
}

/** @internal */
export const isStep = (u: unknown): u is Step.Step => Predicate.hasProperty(u, TypeId)

const response = (
  status: number,
  body: Uint8Array,
  headers: Step.HeadersInput | undefined,
  defaults: Readonly<Record<string, string>>
): Step.Response => ({
  [TypeId]: TypeId,
  _tag: "Response",
  status,
  headers: { ...defaults, "content-length": String(body.length), ...lowercase(headers) },
  body,
  truncateAfter: undefined,
  clockHeaders: []
})

/** @internal */
export const json = (status: number, body: unknown, headers?: Step.HeadersInput): Step.Response =>
  response(status, encoder.encode(JSON.stringify(body) ?? "null"), headers, { "content-type": "application/json" })

/** @internal */
export const text = (status: number, body: string, headers?: Step.HeadersInput): Step.Response =>
  response(status, encoder.encode(body), headers, { "content-type": "text/plain; charset=utf-8" })

const reasons: Readonly<Record<number, string>> = {
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Temporarily Unavailable",
  504: "Gateway Time-out"
}

const gatewayPage = (status: number) => {
  const title = `${status} ${reasons[status] ?? "Error"}`
  return [
    "<html>",
    `<head><title>${title}</title></head>`,
    "<body>",
    `<center><h1>${title}</h1></center>`,
    "<hr><center>nginx</center>",
    "</body>",
    "</html>",
    ""
  ].join("\r\n")
}

/** @internal */
export const html = (status: number, page?: string, headers?: Step.HeadersInput): Step.Response =>
  response(status, encoder.encode(page ?? gatewayPage(status)), headers, { "content-type": "text/html" })

/** @internal */
export const empty = (status: number, headers?: Step.HeadersInput): Step.Response =>
  response(status, new Uint8Array(0), headers, {})

/** @internal */
export const bytes = (status: number, body: Uint8Array, headers?: Step.HeadersInput): Step.Response =>
  response(status, body, headers, {})

const isResponseBody = (body: string | Uint8Array | ResponseBody.ResponseBody): body is ResponseBody.ResponseBody =>
  typeof body === "object" && !(body instanceof Uint8Array)

/** @internal */
export const fromResponse = (source: {
  readonly status: number
  readonly headers?: Step.HeadersInput | undefined
  readonly body: string | Uint8Array | ResponseBody.ResponseBody
}): Step.Response => {
  const { body } = source
  if (typeof body === "string") return bytes(source.status, encoder.encode(body), source.headers)
  if (!isResponseBody(body)) return bytes(source.status, body, source.headers)
  // Keep a generated content-length as it is: a declared length that disagrees with the body is one of the
  // faults a generated response stands for.
  const step = bytes(source.status, body.bytes, source.headers)
  return body._tag === "Truncated" ? { ...step, truncateAfter: body.bytes.length } : step
}

/** @internal */
export const truncated = (step: Step.Response, options?: { readonly after?: number | undefined }): Step.Response => ({
  ...step,
  truncateAfter: Math.max(0, Math.min(step.body.length, options?.after ?? Math.floor(step.body.length / 2)))
})

/** @internal */
export const clockHeader = dual<
  (name: string, after: Duration.DurationInput, format: Step.ClockFormat) => (self: Step.Response) => Step.Response,
  (self: Step.Response, name: string, after: Duration.DurationInput, format: Step.ClockFormat) => Step.Response
>(4, (self, name, after, format) => {
  const lower = name.toLowerCase()
  const { [lower]: _replaced, ...headers } = self.headers
  return {
    ...self,
    headers,
    clockHeaders: [
      ...self.clockHeaders.filter((header) => header.name !== lower),
      { name: lower, after: Duration.decode(after), format }
    ]
  }
})

/** @internal */
export const rateLimitReset = dual<
  (after: Duration.DurationInput) => (self: Step.Response) => Step.Response,
  (self: Step.Response, after: Duration.DurationInput) => Step.Response
>(2, (self, after) => clockHeader(self, "x-ratelimit-reset", after, "epoch-seconds"))

/** @internal */
export const retryAfterDate = dual<
  (after: Duration.DurationInput) => (self: Step.Response) => Step.Response,
  (self: Step.Response, after: Duration.DurationInput) => Step.Response
>(2, (self, after) => clockHeader(self, "retry-after", after, "http-date"))

const wholeSecondsUp = (millis: number) => Math.ceil(millis / 1000)

const clockValue = (format: Step.ClockFormat, at: number): string => {
  switch (format) {
    case "epoch-seconds":
      return String(wholeSecondsUp(at))
    case "epoch-millis":
      return String(Math.ceil(at))
    case "http-date":
      return new Date(wholeSecondsUp(at) * 1000).toUTCString()
  }
}

/** @internal */
export const headersAt = (self: Step.Response, now: number): Readonly<Record<string, string>> => {
  if (self.clockHeaders.length === 0) return self.headers
  const headers: Record<string, string> = { ...self.headers }
  for (const header of self.clockHeaders) {
    headers[header.name] = clockValue(header.format, now + Duration.toMillis(header.after))
  }
  return headers
}

/** @internal */
export const transport = (code: string, message?: string): Step.Transport => ({
  [TypeId]: TypeId,
  _tag: "Transport",
  code,
  message: message ?? code
})

/** @internal */
export const reset: Step.Transport = transport("ECONNRESET", "read ECONNRESET")

/** @internal */
export const refused: Step.Transport = transport("ECONNREFUSED", "connect ECONNREFUSED")

/** @internal */
export const delay = (duration: Duration.DurationInput, step: Step.Step): Step.Delay => ({
  [TypeId]: TypeId,
  _tag: "Delay",
  duration: Duration.decode(duration),
  step
})

/** @internal */
export const hang: Step.Hang = { [TypeId]: TypeId, _tag: "Hang" }

/** @internal */
export const fromRequest = (f: (request: RecordedRequest) => Step.Step): Step.FromRequest => ({
  [TypeId]: TypeId,
  _tag: "FromRequest",
  f
})

/** @internal */
export const repeat = <S extends Step.Step>(step: S, times: number): ReadonlyArray<S> =>
  Array.from({ length: Math.max(0, Math.floor(times)) }, () => step)

/** @internal */
export const describe = (step: Step.Step): string => {
  switch (step._tag) {
    case "Response": {
      const type = step.headers["content-type"]
      const size =
        step.truncateAfter === undefined
          ? `${step.body.length} bytes`
          : `${step.truncateAfter} of ${step.body.length} bytes, then cut off`
      const clocked = step.clockHeaders.map((header) => `, ${header.name} in ${Duration.format(header.after)}`).join("")
      return `${step.status}${type === undefined ? "" : ` ${type}`} (${size}${clocked})`
    }
    case "Transport":
      return step.code
    case "Delay":
      return `${Duration.format(step.duration)}, then ${describe(step.step)}`
    case "Hang":
      return "no answer"
    case "FromRequest":
      return "decided from the request"
  }
}
