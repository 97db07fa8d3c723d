import { describe, expect, it } from "@effect/vitest"
import { Dialect, Redaction, ResponseBody } from "@faultline/core"
import { NixflexDialect, NixflexError } from "@faultline/nixflex"
import { NixflexArbitrary } from "@faultline/nixflex/testing"
import { Either, FastCheck as fc } from "effect"

const encoder = new TextEncoder()
const now = 1_715_900_000_000

const decode = (status: number, headers: Readonly<Record<string, string>>, body: string) =>
  Dialect.decode(NixflexDialect.dialect, {
    status,
    headers,
    body: ResponseBody.complete(encoder.encode(body)),
    now,
    redactor: Redaction.generic
  })

const sorted = (values: Iterable<string>) => [...new Set(values)].sort()

describe("NixflexArbitrary", () => {
  it("generates an envelope of every documented code", () => {
    const codes = fc.sample(NixflexArbitrary.knownEnvelope, { numRuns: 2_000, seed: 1 }).map(({ error }) => error.code)
    expect(sorted(codes)).toEqual(sorted(NixflexError.catalog.map((entry) => entry.code)))
  })

  it("generates failures of every class of the catalog, and unknown ones", () => {
    const tags = fc.sample(NixflexArbitrary.failure, { numRuns: 3_000, seed: 1 }).map((failure) => failure._tag)
    expect(sorted(tags)).toEqual(sorted(NixflexError.NixflexFailure.members.map((member) => member._tag)))
  })

  it("generates the variants the docs allow: each optional member present, left out and null", () => {
    const errors = fc.sample(NixflexArbitrary.envelope, { numRuns: 1_000, seed: 2 }).map(({ error }) => error)
    for (const key of ["type", "message", "doc_url", "details"] as const) {
      const forms = errors.map((error) =>
        error[key] === undefined ? "absent" : error[key] === null ? "null" : "value"
      )
      expect(sorted(forms)).toEqual(["absent", "null", "value"])
    }
    const rateLimits = fc.sample(
      NixflexArbitrary.envelopeFor(NixflexError.catalog.find((e) => e.code === "rate_limit_exceeded")!),
      {
        numRuns: 200,
        seed: 3
      }
    )
    expect(rateLimits.some(({ error }) => typeof error.details?.retry_after === "number")).toBe(true)
  })

  it.prop(
    "a generated response decodes to the class its code names, at its status",
    [NixflexArbitrary.response],
    ([response]) => {
      const failure = Either.getOrThrow(Either.flip(decode(response.status, response.headers, response.body)))
      const code = (JSON.parse(response.body) as NixflexArbitrary.GeneratedEnvelope).error.code
      const entry = NixflexError.catalog.find((candidate) => candidate.code === code)
      return (
        failure.status === response.status &&
        (entry === undefined
          ? failure instanceof NixflexError.NixflexUnknownError
          : failure instanceof entry.failure) &&
        (entry?.status === undefined || entry.status === response.status)
      )
    },
    { fastCheck: { numRuns: 2_000 } }
  )

  it.prop(
    "a malformed body is never an envelope: it decodes to UnexpectedBody NotEnvelope",
    [fc.integer({ min: 400, max: 599 }), NixflexArbitrary.malformed],
    ([status, body]) => {
      const failure = Either.getOrThrow(Either.flip(decode(status, {}, JSON.stringify(body))))
      return failure._tag === "UnexpectedBody" && failure.reason === "NotEnvelope"
    },
    { fastCheck: { numRuns: 2_000 } }
  )
})
