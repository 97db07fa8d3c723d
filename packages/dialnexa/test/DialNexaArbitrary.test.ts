import { describe, expect, it } from "@effect/vitest"
import { Dialect, Redaction, ResponseBody } from "@faultline/core"
import { DialNexaDialect, DialNexaError } from "@faultline/dialnexa"
import { DialNexaArbitrary } from "@faultline/dialnexa/testing"
import { Either, FastCheck as fc } from "effect"

const encoder = new TextEncoder()
const now = 1_715_900_000_000

const decode = (status: number, headers: Readonly<Record<string, string>>, body: string) =>
  Dialect.decode(DialNexaDialect.dialect, {
    status,
    headers,
    body: ResponseBody.complete(encoder.encode(body)),
    now,
    redactor: Redaction.generic
  })

const sorted = <A extends string | number>(values: Iterable<A>) => [...new Set(values)].sort()

describe("DialNexaArbitrary", () => {
  it("generates a response at every documented status", () => {
    const statuses = fc.sample(DialNexaArbitrary.response, { numRuns: 1_000, seed: 1 }).map(({ status }) => status)
    const documented = DialNexaError.catalog.map((entry) => entry.status)
    expect(documented.filter((status) => !statuses.includes(status))).toEqual([])
    expect(statuses.some((status) => !documented.includes(status))).toBe(true)
  })

  it("generates failures of every class of the catalog, and unknown ones", () => {
    const tags = fc.sample(DialNexaArbitrary.failure, { numRuns: 2_000, seed: 1 }).map((failure) => failure._tag)
    expect(sorted(tags)).toEqual(sorted(DialNexaError.DialNexaFailure.members.map((member) => member._tag)))
  })

  it("generates both message forms, and statusCode and error present and absent", () => {
    const envelopes = fc.sample(DialNexaArbitrary.envelope, { numRuns: 500, seed: 2 })
    expect(sorted(envelopes.map((envelope) => (typeof envelope.message === "string" ? "string" : "list")))).toEqual([
      "list",
      "string"
    ])
    for (const key of ["statusCode", "error"] as const) {
      expect(sorted(envelopes.map((envelope) => (envelope[key] === undefined ? "absent" : "present")))).toEqual([
        "absent",
        "present"
      ])
    }
  })

  it.prop(
    "a generated response decodes to its status's class, or the unknown failure, keeping every message",
    [DialNexaArbitrary.response],
    ([response]) => {
      const failure = Either.getOrThrow(Either.flip(decode(response.status, response.headers, response.body)))
      const body = JSON.parse(response.body) as DialNexaArbitrary.GeneratedEnvelope
      const entry = DialNexaError.catalog.find((candidate) => candidate.status === response.status)
      const messages = typeof body.message === "string" ? [body.message] : body.message
      return (
        failure.status === response.status &&
        failure instanceof (entry?.failure ?? DialNexaError.DialNexaUnknownError) &&
        "messages" in failure &&
        JSON.stringify(failure.messages) === JSON.stringify(messages)
      )
    },
    { fastCheck: { numRuns: 2_000 } }
  )

  it.prop(
    "a malformed body is never an envelope: it decodes to UnexpectedBody NotEnvelope",
    [fc.integer({ min: 400, max: 599 }), DialNexaArbitrary.malformed],
    ([status, body]) => {
      const failure = Either.getOrThrow(Either.flip(decode(status, {}, JSON.stringify(body))))
      return failure._tag === "UnexpectedBody" && failure.reason === "NotEnvelope"
    },
    { fastCheck: { numRuns: 2_000 } }
  )
})
