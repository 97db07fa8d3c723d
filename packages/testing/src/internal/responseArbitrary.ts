import type { ResponseBody } from "@faultline/core"
import * as fc from "effect/FastCheck"
import type { GeneratedResponse } from "../ResponseArbitrary.js"
import type * as Step from "../Step.js"
import * as internalStep from "./step.js"

const encoder = new TextEncoder()

/** @internal */
export const status: fc.Arbitrary<number> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(200, 201, 204, 304, 400, 401, 402, 403, 404, 409, 422, 429, 500, 502, 503, 504)
  },
  { weight: 2, arbitrary: fc.integer({ min: 100, max: 599 }) }
)

const digits = fc.integer({ min: 0, max: 100_000 }).map(String)

const httpDate = fc
  .date({ min: new Date("1990-01-01T00:00:00Z"), max: new Date("2060-01-01T00:00:00Z"), noInvalidDate: true })
  .chain((date) =>
    fc.constantFrom(
      date.toUTCString(),
      // RFC 850
      date
        .toUTCString()
        .replace(
          /^(\w{3}), (\d{2}) (\w{3}) \d{2}(\d{2})/,
          (_, d: string, dd: string, m: string, yy: string) =>
            `${({ Sun: "Sunday", Mon: "Monday", Tue: "Tuesday", Wed: "Wednesday", Thu: "Thursday", Fri: "Friday", Sat: "Saturday" } as Record<string, string>)[d]}, ${dd}-${m}-${yy}`
        ),
      // asctime
      `${date.toUTCString().slice(0, 3)} ${date.toUTCString().slice(8, 11)} ${String(date.getUTCDate()).padStart(2, " ")} ${date
        .toISOString()
        .slice(11, 19)} ${date.getUTCFullYear()}`
    )
  )

const garbage = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom("-5", "1e309", "NaN", "Infinity", "0x10", " ", "", "99999999999999999999", "12.5.3", "tomorrow"),
  fc.double().map(String)
)

const epochSeconds = fc.integer({ min: 1_500_000_000, max: 2_200_000_000 }).map(String)

const headerValue = {
  "content-type": fc.constantFrom(
    "application/json",
    "application/json; charset=utf-8",
    "application/problem+json",
    "text/html",
    "text/plain",
    "application/octet-stream"
  ),
  "retry-after": fc.oneof(digits, httpDate, garbage),
  "retry-after-ms": fc.oneof(digits, garbage),
  "x-ratelimit-limit": fc.oneof(digits, garbage),
  "x-ratelimit-remaining": fc.oneof(fc.constant("0"), digits, garbage),
  "x-ratelimit-reset": fc.oneof(
    epochSeconds,
    digits,
    garbage,
    epochSeconds.map((s) => `${s}000`)
  ),
  ratelimit: fc.oneof(
    fc.tuple(digits, digits, digits).map(([l, r, t]) => `limit=${l}, remaining=${r}, reset=${t}`),
    fc.tuple(digits, digits).map(([r, t]) => `"default";r=${r};t=${t}`),
    garbage
  ),
  "ratelimit-remaining": fc.oneof(fc.constant("0"), digits, garbage),
  "ratelimit-reset": fc.oneof(digits, garbage),
  "x-request-id": fc.oneof(fc.uuid(), fc.string({ maxLength: 300 })),
  "request-id": fc.string({ maxLength: 40 }),
  "content-length": fc.oneof(digits, garbage)
} satisfies Record<string, fc.Arbitrary<string>>

const knownHeaders = fc.record(headerValue, { requiredKeys: [] })

const otherHeaders = fc.dictionary(fc.stringMatching(/^x-[a-z0-9-]{1,20}$/), fc.string({ maxLength: 50 }), {
  maxKeys: 3
})

/** @internal */
export const headers: fc.Arbitrary<Readonly<Record<string, string>>> = fc
  .tuple(knownHeaders, otherHeaders)
  .map(([known, other]) => ({ ...other, ...known }))

/** @internal */
export const message: fc.Arbitrary<string> = fc.oneof(
  fc.lorem({ maxCount: 12 }),
  fc.string({ maxLength: 80 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.constant("")
)

/** @internal */
export const unknownCode: fc.Arbitrary<string> = fc
  .stringMatching(/^[a-z]{2,10}(_[a-z]{2,10}){0,3}$/)
  .map((code) => `x_${code}`)

/** @internal */
export const wrongTypes: fc.Arbitrary<unknown> = fc.dictionary(
  fc.constantFrom(
    "error",
    "code",
    "message",
    "type",
    "detail",
    "details",
    "statusCode",
    "success",
    "request_id",
    "title",
    "status"
  ),
  fc.oneof(
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.integer(), { maxLength: 3 }),
    fc.string({ maxLength: 10 }),
    fc.object({ maxDepth: 2 })
  ),
  { maxKeys: 6 }
)

const htmlPage = fc
  .tuple(fc.constantFrom(502, 503, 504, 500), fc.lorem({ maxCount: 20 }))
  .map(
    ([code, words]) =>
      `<!DOCTYPE html><html><head><title>${code} Bad Gateway</title></head><body><h1>${code}</h1><p>${words}</p><hr><center>nginx</center></body></html>`
  )

const cutOff = (text: fc.Arbitrary<string>) =>
  text.filter((t) => t.length > 1).chain((t) => fc.integer({ min: 1, max: t.length - 1 }).map((n) => t.slice(0, n)))

/** @internal */
export const bodyBytes = (envelopes?: fc.Arbitrary<unknown>): fc.Arbitrary<Uint8Array> => {
  const json =
    envelopes === undefined ? fc.jsonValue({ maxDepth: 3 }) : fc.oneof(envelopes, fc.jsonValue({ maxDepth: 3 }))
  const jsonText = json.map((value) => JSON.stringify(value) ?? "null")
  const text = fc.oneof(
    { weight: 4, arbitrary: jsonText },
    { weight: 1, arbitrary: wrongTypes.map((value) => JSON.stringify(value)) },
    { weight: 2, arbitrary: cutOff(jsonText) },
    { weight: 1, arbitrary: htmlPage },
    { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
    { weight: 1, arbitrary: fc.constantFrom("", " ", "\n", "\r\n\t ") }
  )
  return fc.oneof(
    { weight: 6, arbitrary: text.map((t) => encoder.encode(t)) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }) }
  )
}

/** @internal */
export const responseBody = (bytes: fc.Arbitrary<Uint8Array>): fc.Arbitrary<ResponseBody.ResponseBody> =>
  fc.oneof(
    { weight: 8, arbitrary: bytes.map((b): ResponseBody.ResponseBody => ({ _tag: "Complete", bytes: b })) },
    {
      weight: 1,
      arbitrary: bytes.map((b): ResponseBody.ResponseBody => ({ _tag: "TooLarge", bytes: b, limit: b.length }))
    },
    { weight: 1, arbitrary: bytes.map((b): ResponseBody.ResponseBody => ({ _tag: "Truncated", bytes: b })) }
  )

/** @internal */
export const response = (envelopes?: fc.Arbitrary<unknown>): fc.Arbitrary<GeneratedResponse> =>
  fc.record({ status, headers, body: responseBody(bodyBytes(envelopes)) }).map((generated) =>
    // A 204 or 304 has no body: a stream that breaks before its first byte is read as the empty body it is.
    (generated.status === 204 || generated.status === 304) &&
    generated.body._tag === "Truncated" &&
    generated.body.bytes.length === 0
      ? { ...generated, body: { _tag: "Complete", bytes: generated.body.bytes } }
      : generated
  )

const tokenChars = fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-".split(""))
const token = (min: number, max: number) => fc.string({ unit: tokenChars, minLength: min, maxLength: max })
const hex = (length: number) =>
  fc.string({ unit: fc.constantFrom(..."0123456789abcdef".split("")), minLength: length, maxLength: length })

/** @internal */
export const apiKey: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(hex(32), token(40, 64)).map(([id, secret]) => `nxf_${id}:nxfs_${secret}`),
  token(16, 48).map((t) => `lev_${t}`),
  fc.tuple(fc.constantFrom("dnx_live_", "dnx_test_"), token(16, 40)).map(([prefix, t]) => prefix + t),
  fc.tuple(token(14, 20), token(14, 20)).map(([id, secret]) => `${id}:${secret}`),
  token(16, 64)
)

const transportStep: fc.Arbitrary<Step.Step> = fc.constantFrom(
  internalStep.reset,
  internalStep.refused,
  internalStep.transport("ENOTFOUND", "getaddrinfo ENOTFOUND"),
  internalStep.transport("ETIMEDOUT", "connect ETIMEDOUT"),
  internalStep.transport("EPIPE", "write EPIPE"),
  internalStep.transport("UND_ERR_SOCKET", "other side closed")
)

/** @internal */
export const step = (envelopes?: fc.Arbitrary<unknown>): fc.Arbitrary<Step.Step> => {
  const immediate = fc.oneof(
    { weight: 6, arbitrary: response(envelopes).map(internalStep.fromResponse) },
    { weight: 1, arbitrary: transportStep }
  )
  return fc.oneof(
    { weight: 6, arbitrary: immediate },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.integer({ min: 1, max: 60_000 }), immediate)
        .map(([millis, then]) => internalStep.delay(millis, then))
    }
  )
}
