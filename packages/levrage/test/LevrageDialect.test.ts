import { describe, expect, it } from "@effect/vitest"
import { Dialect, Redaction, ResponseBody } from "@faultline/core"
import { LevrageDialect, LevrageError } from "@faultline/levrage"
import { DocumentedExamples } from "@faultline/levrage/testing"
import * as Either from "effect/Either"
import * as Redacted from "effect/Redacted"

const encoder = new TextEncoder()

const failureOf = <R, L>(outcome: Either.Either<R, L>): L => Either.getOrThrow(Either.flip(outcome))

const decode = (status: number, headers: Readonly<Record<string, string>>, body: string, now = 1706140790000) =>
  Dialect.decode(LevrageDialect.dialect, {
    status,
    headers,
    body: ResponseBody.complete(encoder.encode(body)),
    now,
    redactor: Redaction.generic
  })

const exampleNamed = (fragment: string) => {
  const example = DocumentedExamples.examples.find((e) => e.name.includes(fragment))
  if (example === undefined) throw new Error(`no documented example named like "${fragment}"`)
  return example
}

describe("LevrageDialect", () => {
  describe("documented examples decode to the tag the docs say", () => {
    for (const example of DocumentedExamples.examples) {
      it(example.name, () => {
        const outcome = decode(example.status, example.headers, example.body)
        expect(Either.isLeft(outcome)).toBe(true)
        const failure = failureOf(outcome)
        expect(failure._tag).toBe(example.expectedTag)
        expect(failure.category).toBe(example.expectedCategory)
        expect(failure.status).toBe(example.status)
      })
    }
  })

  it("keeps request_id, timestamp, code and message of the documented envelope", () => {
    const example = exampleNamed("agent name already in use")
    const failure = failureOf(decode(example.status, { "x-request-id": "from-header" }, example.body))
    expect(failure).toBeInstanceOf(LevrageError.ValidationError)
    const validation = failure as LevrageError.ValidationError
    expect(validation.vendor).toBe("levrage")
    expect(validation.requestId).toBe("req_abc123")
    expect(validation.timestamp).toBe("2025-01-01T12:00:00Z")
    expect(validation.code).toBe("validation_error")
    expect(validation.message).toBe("Agent name is already in use")
    expect(validation.issues).toEqual([])
  })

  it("takes the request id from the header when the body has none", () => {
    const body = JSON.stringify({ success: false, error: { code: "not_found", message: "Agent not found" } })
    const failure = failureOf(decode(404, { "x-request-id": "req_header1" }, body))
    expect(failure.requestId).toBe("req_header1")
    expect((failure as LevrageError.NotFound).timestamp).toBeUndefined()
  })

  it("is lenient about success, error.message, request_id and timestamp", () => {
    const missing = failureOf(decode(404, {}, JSON.stringify({ error: { code: "not_found" } })))
    expect(missing).toBeInstanceOf(LevrageError.NotFound)
    expect(missing.message).toBe("HTTP 404")
    const nulls = JSON.stringify({
      success: null,
      error: { code: "authentication_error", message: null },
      request_id: null,
      timestamp: null
    })
    const failure = failureOf(decode(401, { "x-request-id": "req_header2" }, nulls))
    expect(failure).toBeInstanceOf(LevrageError.AuthenticationError)
    expect(failure.message).toBe("HTTP 401")
    expect(failure.requestId).toBe("req_header2")
    expect((failure as LevrageError.AuthenticationError).timestamp).toBeUndefined()
  })

  it("the code decides the tag and category whatever the status", () => {
    const body = JSON.stringify({ success: false, error: { code: "not_found", message: "Agent not found" } })
    const failure = failureOf(decode(503, {}, body))
    expect(failure).toBeInstanceOf(LevrageError.NotFound)
    expect(failure.category).toBe("not_found")
    expect(failure.status).toBe(503)
  })

  it("a detail string becomes the message, with no code and no issues", () => {
    const example = exampleNamed("FastAPI detail string")
    const failure = failureOf(decode(example.status, { "x-request-id": "req_header3" }, example.body))
    expect(failure).toBeInstanceOf(LevrageError.AuthenticationError)
    const auth = failure as LevrageError.AuthenticationError
    expect(auth.message).toBe("Invalid or expired API key")
    expect(auth.code).toBeUndefined()
    expect(auth.issues).toEqual([])
    expect(auth.requestId).toBe("req_header3")
  })

  it("a detail list becomes issues (loc joined as given) and a joined message", () => {
    const example = exampleNamed("FastAPI detail list")
    const failure = failureOf(decode(example.status, example.headers, example.body))
    expect(failure).toBeInstanceOf(LevrageError.UnprocessableEntity)
    const unprocessable = failure as LevrageError.UnprocessableEntity
    expect(unprocessable.code).toBeUndefined()
    expect(unprocessable.issues).toEqual([
      new LevrageError.DetailIssue({ path: "body.agent_id", message: "Field required", type: "missing" }),
      new LevrageError.DetailIssue({
        path: "body.metadata",
        message: "Input should be a valid dictionary",
        type: "dict_type"
      })
    ])
    expect(unprocessable.message).toBe("Field required; Input should be a valid dictionary")
  })

  it("a detail item may lack type, carry extra keys and number segments in loc", () => {
    const body = JSON.stringify({
      detail: [{ loc: ["body", "contacts", 0, "phone"], msg: "value is not a valid phone", ctx: { limit: 1 } }]
    })
    const failure = failureOf(decode(400, {}, body))
    expect(failure).toBeInstanceOf(LevrageError.BadRequest)
    const issue = (failure as LevrageError.BadRequest).issues[0]!
    expect(issue.path).toBe("body.contacts.0.phone")
    expect(issue.message).toBe("value is not a valid phone")
    expect(issue.type).toBeUndefined()
    expect(failure.message).toBe("value is not a valid phone")
  })

  it("an empty detail list falls back to the status in the message", () => {
    const failure = failureOf(decode(422, {}, JSON.stringify({ detail: [] })))
    expect(failure).toBeInstanceOf(LevrageError.UnprocessableEntity)
    expect(failure.message).toBe("HTTP 422")
  })

  it("a body that is neither shape is not an envelope", () => {
    for (const body of [{ error: "Rate limit exceeded" }, { detail: { code: "x" } }, { success: false }, [1]]) {
      const failure = failureOf(decode(429, {}, JSON.stringify(body)))
      expect(failure._tag).toBe("UnexpectedBody")
      expect(failure.category).toBe("rate_limited")
    }
  })

  it("every catalog code decodes to its own class with the code's category, at any status", () => {
    for (const entry of LevrageError.codeCatalog) {
      for (const status of [400, 402, 409, 422, 500]) {
        const body = JSON.stringify({ success: false, error: { code: entry.code, message: "m" } })
        const failure = failureOf(decode(status, {}, body))
        expect(failure).toBeInstanceOf(entry.failure)
        expect((failure as { code?: string }).code).toBe(entry.code)
        expect(failure.status).toBe(status)
      }
    }
  })

  it("every catalog status without a code decodes to its own class", () => {
    for (const entry of LevrageError.statusCatalog) {
      for (const body of [{ detail: "d" }, { detail: [{ loc: ["body"], msg: "d", type: "t" }] }]) {
        const failure = failureOf(decode(entry.status, {}, JSON.stringify(body)))
        expect(failure).toBeInstanceOf(entry.failure)
        expect(failure.status).toBe(entry.status)
      }
    }
  })

  it("the two catalogs agree where a code and a status mean the same", () => {
    const codeClass = (code: string) => LevrageError.codeCatalog.find((entry) => entry.code === code)?.failure
    const statusClass = (status: number) => LevrageError.statusCatalog.find((entry) => entry.status === status)?.failure
    expect(statusClass(401)).toBe(codeClass("authentication_error"))
    expect(statusClass(404)).toBe(codeClass("not_found"))
  })

  it("an undocumented code keeps the raw code, status and body, with the category of the status", () => {
    const example = exampleNamed("undocumented code")
    const failure = failureOf(decode(example.status, example.headers, example.body))
    expect(failure).toBeInstanceOf(LevrageError.LevrageUnknownError)
    const unknown = failure as LevrageError.LevrageUnknownError
    expect(unknown.code).toBe("internal_error")
    expect(unknown.status).toBe(500)
    expect(unknown.body).toBe(example.body)
    expect(unknown.requestId).toBe("req_def456")
    expect(unknown.timestamp).toBe("2025-01-01T12:00:01Z")
    expect(unknown.message).toBe("Something went wrong on our end")

    const undocumentedAt409 = failureOf(
      decode(409, {}, JSON.stringify({ success: false, error: { code: "x_duplicate", message: "m" } }))
    )
    expect(undocumentedAt409).toBeInstanceOf(LevrageError.LevrageUnknownError)
    expect(undocumentedAt409.category).toBe("conflict")
  })

  it("a status outside the table without a code is unknown, with no code", () => {
    const failure = failureOf(decode(405, {}, JSON.stringify({ detail: "Method Not Allowed" })))
    expect(failure).toBeInstanceOf(LevrageError.LevrageUnknownError)
    const unknown = failure as LevrageError.LevrageUnknownError
    expect(unknown.code).toBeUndefined()
    expect(unknown.category).toBe("invalid_request")
    expect(unknown.message).toBe("Method Not Allowed")
  })

  it("takes the wait hint of a 429 from X-RateLimit-Reset (epoch seconds)", () => {
    const example = exampleNamed("X-RateLimit-*")
    const failure = failureOf(decode(example.status, example.headers, example.body, 1706140790000))
    expect(failure.waitHint?.millis).toBe(10_000)
    expect(failure.waitHint?.source).toBe("x-ratelimit-reset")
  })

  it("authenticates with a bearer key and sends no idempotency header", () => {
    const dialect = LevrageDialect.dialect
    expect(dialect.vendor).toBe("levrage")
    expect(dialect.authenticate(Redacted.make("lev_0123456789abcdef"))).toEqual({
      authorization: "Bearer lev_0123456789abcdef"
    })
    expect(dialect.idempotencyKeyHeader).toBeUndefined()
    expect(dialect.isSuccess(200)).toBe(true)
    expect(dialect.isSuccess(404)).toBe(false)
    expect(LevrageDialect.baseUrl).toBe("https://api.levrage.ai")
  })
})
