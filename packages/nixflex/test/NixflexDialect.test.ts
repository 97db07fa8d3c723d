import { describe, expect, it } from "@effect/vitest"
import { Dialect, Redaction, ResponseBody } from "@faultline/core"
import { NixflexDialect, NixflexError } from "@faultline/nixflex"
import { DocumentedExamples } from "@faultline/nixflex/testing"
import * as Either from "effect/Either"

const encoder = new TextEncoder()

const failureOf = <R, L>(outcome: Either.Either<R, L>): L => Either.getOrThrow(Either.flip(outcome))

const decode = (status: number, headers: Record<string, string>, body: string, now = 1715900000000) =>
  Dialect.decode(NixflexDialect.dialect, {
    status,
    headers,
    body: ResponseBody.complete(encoder.encode(body)),
    now,
    redactor: Redaction.generic
  })

describe("NixflexDialect", () => {
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

  it("keeps type, doc_url and details of the envelope", () => {
    const failure = failureOf(decode(400, {}, DocumentedExamples.examples[0]!.body))
    expect(failure).toBeInstanceOf(NixflexError.InvalidPhoneFormat)
    const phone = failure as NixflexError.InvalidPhoneFormat
    expect(phone.type).toBe("invalid_request")
    expect(phone.code).toBe("invalid_phone_format")
    expect(phone.docUrl).toBe("https://docs.nixflex.com/reference/errors#invalid_phone_format")
    expect(phone.details).toEqual({})
  })

  it("takes the wait hint from details.retry_after before the headers", () => {
    const example = DocumentedExamples.examples.find((e) => e.name.includes("details.retry_after"))!
    const failure = failureOf(decode(example.status, example.headers, example.body))
    expect(failure.waitHint?.millis).toBe(12_000)
    expect(failure.waitHint?.source).toBe("body")
  })

  it("every catalog code decodes to its own class with the code's category", () => {
    for (const entry of NixflexError.catalog) {
      const body = JSON.stringify({ error: { type: entry.type, code: entry.code, message: "m" } })
      const failure = failureOf(decode(entry.status ?? 400, {}, body))
      expect(failure).toBeInstanceOf(entry.failure)
      expect((failure as { code: string }).code).toBe(entry.code)
    }
  })

  it("treats null optional fields as absent, keeping the code's tag and category", () => {
    const body = JSON.stringify({
      error: { type: null, code: "twilio_auth_failed", message: null, doc_url: null, details: null }
    })
    const failure = failureOf(decode(401, {}, body))
    expect([failure._tag, failure.category, failure.message]).toEqual([
      "TwilioAuthFailed",
      "invalid_request",
      "twilio_auth_failed"
    ])
  })

  it("ignores an inherited retry_after: a __proto__ key in details is dropped", () => {
    const body = `{"error":{"code":"invalid_phone_format","details":{"__proto__":{"retry_after":3600},"field":"to_number"}}}`
    const failure = failureOf(decode(400, {}, body)) as NixflexError.InvalidPhoneFormat
    expect(failure.waitHint).toBeUndefined()
    expect(failure.details).toEqual({ field: "to_number" })
  })
})
