/**
 * The decode workload: error bodies from bytes to a failure value, in this process, timed per body. faultline decodes
 * through the Nixflex dialect with the redactor its client uses; the baseline is what a Stainless-style SDK does
 * (openai-node's `APIError.generate`): `JSON.parse`, a switch on the code, `new` an `Error` subclass.
 */
import { Dialect, Redaction, ResponseBody } from "@faultline/core"
import { NixflexDialect } from "@faultline/nixflex"
import { NixflexApi } from "@faultline/simulator"
import { Effect, Either, Redacted } from "effect"
import { median } from "./runner.js"

/** The decoders compared. */
export const decodeClients = ["faultline", "baseline"] as const

/** What one body is: its status, headers and bytes, as a client has them after reading the response. */
interface Body {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly bytes: Uint8Array
}

const encoder = new TextEncoder()

const bodies: ReadonlyArray<Body> = [
  {
    status: 429,
    headers: {
      "content-type": "application/json",
      "x-ratelimit-limit": "20",
      "x-ratelimit-remaining": "0",
      "x-ratelimit-reset": "1767225601"
    },
    bytes: encoder.encode(
      JSON.stringify({
        error: {
          type: "rate_limit_error",
          code: "rate_limit_exceeded",
          message: "Rate limit exceeded. Try again in 1 seconds.",
          details: { retry_after: 1 }
        }
      })
    )
  },
  {
    status: 400,
    headers: { "content-type": "application/json", "x-request-id": "req_0123456789" },
    bytes: encoder.encode(
      JSON.stringify({
        error: {
          type: "invalid_request",
          code: "voicemail_detection_unavailable",
          message: "Voicemail detection is not available for this destination",
          doc_url: "https://docs.nixflex.com/reference/errors#voicemail_detection_unavailable"
        }
      })
    )
  }
]

// --- the Stainless-style baseline ---------------------------------------------------------------------------------

class APIError extends Error {
  constructor(
    readonly status: number,
    readonly error: unknown,
    message: string,
    readonly headers: Readonly<Record<string, string>>,
    readonly code: string | undefined
  ) {
    super(message)
  }
}
class BadRequestError extends APIError {}
class RateLimitError extends APIError {}
class ConcurrentCallLimitError extends APIError {}
class InvalidPhoneFormatError extends APIError {}
class NotFoundError extends APIError {}
class InternalServerError extends APIError {}

const textDecoder = new TextDecoder()

const baseline = (body: Body): APIError => {
  let parsed: unknown
  try {
    parsed = JSON.parse(textDecoder.decode(body.bytes))
  } catch {
    parsed = undefined
  }
  const error = (parsed as { error?: { code?: string; message?: string } } | undefined)?.error
  const code = error?.code
  const message = error?.message ?? `${body.status} status code`
  switch (code) {
    case "rate_limit_exceeded":
      return new RateLimitError(body.status, error, message, body.headers, code)
    case "concurrent_call_limit":
      return new ConcurrentCallLimitError(body.status, error, message, body.headers, code)
    case "invalid_phone_format":
      return new InvalidPhoneFormatError(body.status, error, message, body.headers, code)
  }
  if (body.status === 400) return new BadRequestError(body.status, error, message, body.headers, code)
  if (body.status === 404) return new NotFoundError(body.status, error, message, body.headers, code)
  if (body.status === 429) return new RateLimitError(body.status, error, message, body.headers, code)
  return new InternalServerError(body.status, error, message, body.headers, code)
}

// --- faultline ----------------------------------------------------------------------------------------------------

const redactor = Redaction.make([Redacted.make(NixflexApi.demoKey)])

const faultline = (body: Body) =>
  Dialect.decode(NixflexDialect.dialect, {
    status: body.status,
    headers: body.headers,
    body: ResponseBody.complete(body.bytes),
    now: Date.now(),
    redactor
  })

// --- timing -------------------------------------------------------------------------------------------------------

const iterations = 20_000

/** Nanoseconds per body over `iterations` of each body, alternating; each result is looked at, so none is skipped. */
const time = (decode: (body: Body) => unknown): number => {
  let decoded = 0
  const started = process.hrtime.bigint()
  for (let i = 0; i < iterations; i++) {
    for (const body of bodies) if (decode(body) !== undefined) decoded += 1
  }
  const elapsed = Number(process.hrtime.bigint() - started)
  if (decoded !== iterations * bodies.length) throw new Error("a body decoded to nothing")
  return elapsed / decoded
}

const expectedTags = ["RateLimitExceeded", "NixflexUnknownError"]

/** Fails unless faultline decodes the bodies to the failures they are (else the timing would be of something else). */
const check = Effect.suspend(() => {
  const tags = bodies.map((body) => {
    const outcome = faultline(body)
    return Either.isLeft(outcome) ? outcome.left._tag : "a success"
  })
  return tags.every((tag, i) => tag === expectedTags[i])
    ? Effect.void
    : Effect.fail(new Error(`decode: the bodies decoded to ${tags.join(", ")}, not ${expectedTags.join(", ")}`))
})

/** The decode workload: each decoder warmed up, then `runs` timed rounds, the two decoders alternating. */
export const run = (runs: number): Effect.Effect<Record<(typeof decodeClients)[number], number>, Error> =>
  Effect.zipRight(
    check,
    Effect.sync(() => {
      const decoders = { faultline, baseline }
      for (const decode of Object.values(decoders)) time(decode)
      const samples: Record<keyof typeof decoders, Array<number>> = { faultline: [], baseline: [] }
      for (let round = 0; round < runs; round++) {
        samples.faultline.push(time(faultline))
        samples.baseline.push(time(baseline))
      }
      return { faultline: median(samples.faultline)!, baseline: median(samples.baseline)! }
    })
  )
