import { describe, expect, it } from "@effect/vitest"
import { Dialect, Redaction, ResponseBody } from "@faultline/core"
import { DialNexaDialect, DialNexaError } from "@faultline/dialnexa"
import { DocumentedExamples } from "@faultline/dialnexa/testing"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"

const encoder = new TextEncoder()

const failureOf = <R, L>(outcome: Either.Either<R, L>): L => Either.getOrThrow(Either.flip(outcome))

const decode = (status: number, headers: Record<string, string>, body: string, now = 1715900000000) =>
  Dialect.decode(DialNexaDialect.dialect, {
    status,
    headers,
    body: ResponseBody.complete(encoder.encode(body)),
    now,
    redactor: Redaction.generic
  })

const exampleNamed = (name: string) => {
  const example = DocumentedExamples.examples.find((e) => e.name === name)
  if (example === undefined) throw new Error(`no documented example named ${name}`)
  return example
}

// The tag and category of each documented status, written out from the design (not read from the catalog).
const expected: ReadonlyArray<readonly [number, string, string]> = [
  [400, "BadRequest", "invalid_request"],
  [401, "Unauthorized", "unauthorized"],
  [403, "Forbidden", "forbidden"],
  [404, "NotFound", "not_found"],
  [409, "Conflict", "conflict"],
  [422, "UnprocessableEntity", "unprocessable"],
  [429, "TooManyRequests", "rate_limited"],
  [500, "InternalServerError", "server"],
  [502, "BadGateway", "upstream"],
  [503, "ServiceUnavailable", "unavailable"],
  [504, "GatewayTimeout", "timeout"]
]

describe("DialNexaDialect", () => {
  describe("documented examples decode to the tag the docs say", () => {
    for (const example of DocumentedExamples.examples) {
      it(example.name, () => {
        const outcome = decode(example.status, example.headers, example.body)
        expect(Either.isLeft(outcome)).toBe(true)
        const failure = failureOf(outcome)
        expect(failure._tag).toBe(example.expectedTag)
        expect(failure.category).toBe(example.expectedCategory)
        expect(failure.status).toBe(example.status)
        expect(failure.vendor).toBe("dialnexa")
      })
    }
  })

  it("keeps a string message as a one-element list, without dropping its prefix from the message", () => {
    const example = exampleNamed("validation failed, message as a string")
    const failure = failureOf(decode(example.status, example.headers, example.body))
    expect(failure).toBeInstanceOf(DialNexaError.BadRequest)
    const badRequest = failure as DialNexaError.BadRequest
    expect(badRequest.messages).toEqual(["Validation failed: to_phone_number must be in E.164 format"])
    expect(badRequest.message).toBe("Validation failed: to_phone_number must be in E.164 format")
    expect(badRequest.error).toBe("Bad Request")
    expect(badRequest.issues.map((issue) => issue.field)).toEqual(["to_phone_number"])
  })

  it("keeps both messages of an array and reads a field issue from each", () => {
    const example = exampleNamed("validation failed, message as an array")
    const failure = failureOf(decode(example.status, example.headers, example.body))
    expect(failure).toBeInstanceOf(DialNexaError.BadRequest)
    const badRequest = failure as DialNexaError.BadRequest
    expect(badRequest.messages).toEqual(["to_phone_number must be in E.164 format", "agent_id should not be empty"])
    expect(badRequest.message).toBe("to_phone_number must be in E.164 format; agent_id should not be empty")
    expect(badRequest.issues.map((issue) => ({ field: issue.field, message: issue.message }))).toEqual([
      { field: "to_phone_number", message: "to_phone_number must be in E.164 format" },
      { field: "agent_id", message: "agent_id should not be empty" }
    ])
  })

  it("a sentence names no field", () => {
    const example = exampleNamed("agent assigned to a deleted phone number")
    const failure = failureOf(decode(example.status, example.headers, example.body))
    expect(failure).toBeInstanceOf(DialNexaError.UnprocessableEntity)
    const [issue, ...rest] = (failure as DialNexaError.UnprocessableEntity).issues
    expect(rest).toEqual([])
    expect(issue?.field).toBeUndefined()
    expect(issue?.message).toBe("Agent is assigned to a deleted phone number")
  })

  it("every catalog status decodes to its class with its fixed category", () => {
    expect(DialNexaError.catalog.map((entry) => entry.status)).toEqual(expected.map(([status]) => status))
    for (const entry of DialNexaError.catalog) {
      const body = JSON.stringify({ statusCode: entry.status, message: "m", error: entry.name })
      const failure = failureOf(decode(entry.status, {}, body))
      expect(failure).toBeInstanceOf(entry.failure)
      const [, tag, category] = expected.find(([status]) => status === entry.status)!
      expect(failure._tag).toBe(tag)
      expect(failure.category).toBe(category)
      expect(failure.message).toBe("m")
    }
  })

  it("takes the wait hint of a 429 from Retry-After", () => {
    const body = JSON.stringify({ statusCode: 429, message: "Too many requests.", error: "Too Many Requests" })
    const failure = failureOf(decode(429, { "retry-after": "30" }, body))
    expect(failure).toBeInstanceOf(DialNexaError.TooManyRequests)
    expect(failure.waitHint?.millis).toBe(30_000)
    expect(failure.waitHint?.source).toBe("retry-after")
  })

  it("takes the wait hint from X-RateLimit-Reset when there is no Retry-After", () => {
    const body = JSON.stringify({ statusCode: 429, message: "Too many requests.", error: "Too Many Requests" })
    const headers = { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "1715900045" }
    const failure = failureOf(decode(429, headers, body, 1715900000000))
    expect(failure.waitHint?.millis).toBe(45_000)
    expect(failure.waitHint?.source).toBe("x-ratelimit-reset")
  })

  it("the HTTP status decides the tag when the body's statusCode disagrees", () => {
    const body = JSON.stringify({ statusCode: 400, message: "Agent not found", error: "Bad Request" })
    const failure = failureOf(decode(404, {}, body))
    expect(failure).toBeInstanceOf(DialNexaError.NotFound)
    expect(failure.status).toBe(404)
    expect(failure.category).toBe("not_found")
  })

  it("an undocumented status keeps the status, the body and the messages", () => {
    const example = exampleNamed("an undocumented status")
    const failure = failureOf(decode(example.status, example.headers, example.body))
    expect(failure).toBeInstanceOf(DialNexaError.DialNexaUnknownError)
    const unknown = failure as DialNexaError.DialNexaUnknownError
    expect(unknown.status).toBe(418)
    expect(unknown.body).toBe(example.body)
    expect(unknown.messages).toEqual(["I'm a teapot"])
    expect(unknown.error).toBe("I'm a Teapot")
    expect(unknown.message).toBe("I'm a teapot")
  })

  it("an empty message list falls back to the reason phrase, then to the status", () => {
    const withPhrase = failureOf(decode(409, {}, JSON.stringify({ message: [], error: "Conflict" })))
    expect(withPhrase.message).toBe("Conflict")
    expect((withPhrase as DialNexaError.Conflict).messages).toEqual([])
    const catalogPhrase = failureOf(decode(503, {}, JSON.stringify({ message: [] })))
    expect(catalogPhrase.message).toBe("Service Unavailable")
    const bare = failureOf(decode(418, {}, JSON.stringify({ message: [] })))
    expect(bare.message).toBe("HTTP 418")
  })

  it("a body without a message is not an envelope", () => {
    const failure = failureOf(decode(400, {}, JSON.stringify({ statusCode: 400, error: "Bad Request" })))
    expect(failure._tag).toBe("UnexpectedBody")
    expect(failure.category).toBe("invalid_request")
    const nested = failureOf(decode(502, {}, JSON.stringify({ error: { message: "bad gateway" } })))
    expect(nested._tag).toBe("UnexpectedBody")
    expect(nested.category).toBe("upstream")
  })

  it("authenticates with a bearer token and sends no idempotency key", () => {
    expect(DialNexaDialect.dialect.vendor).toBe("dialnexa")
    expect(DialNexaDialect.dialect.idempotencyKeyHeader).toBeUndefined()
    expect(DialNexaDialect.baseUrl).toBe("https://api.dialnexa.com")
  })

  it("is a DialNexa failure, and encodes and decodes through its schema", () => {
    const failure = failureOf(decode(400, {}, exampleNamed("validation failed, message as an array").body))
    expect(DialNexaError.isDialNexaFailure({ _tag: "BadRequest" })).toBe(false)
    if (!DialNexaError.isDialNexaFailure(failure)) throw new Error(`not a DialNexa failure: ${failure._tag}`)
    const encode = Schema.encodeSync(DialNexaError.DialNexaFailure)
    const encoded = encode(failure)
    const decoded = Schema.decodeUnknownSync(DialNexaError.DialNexaFailure)(JSON.parse(JSON.stringify(encoded)))
    expect(decoded).toBeInstanceOf(DialNexaError.BadRequest)
    expect(encode(decoded)).toStrictEqual(encoded)
    expect(decoded.message).toBe(failure.message)
  })
})
