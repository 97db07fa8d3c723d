import { describe, expect, it } from "@effect/vitest"
import { Dialect, Redaction, ResponseBody } from "@faultline/core"
import { LevrageDialect, LevrageError } from "@faultline/levrage"
import { LevrageArbitrary } from "@faultline/levrage/testing"
import { Either, FastCheck as fc } from "effect"

const encoder = new TextEncoder()
const now = 1_706_140_790_000

const decode = (status: number, headers: Readonly<Record<string, string>>, body: string) =>
  Dialect.decode(LevrageDialect.dialect, {
    status,
    headers,
    body: ResponseBody.complete(encoder.encode(body)),
    now,
    redactor: Redaction.generic
  })

const sorted = <A extends string | number>(values: Iterable<A>) => [...new Set(values)].sort()

describe("LevrageArbitrary", () => {
  it("generates an envelope of every documented code", () => {
    const codes = fc.sample(LevrageArbitrary.knownEnvelope, { numRuns: 500, seed: 1 }).map(({ error }) => error.code)
    expect(sorted(codes)).toEqual(sorted(LevrageError.codeCatalog.map((entry) => entry.code)))
  })

  it("generates failures of every class of both catalogs, and unknown ones", () => {
    const tags = fc.sample(LevrageArbitrary.failure, { numRuns: 3_000, seed: 1 }).map((failure) => failure._tag)
    expect(sorted(tags)).toEqual(sorted(LevrageError.LevrageFailure.members.map((member) => member._tag)))
  })

  it("generates both FastAPI forms, and members written as null or left out", () => {
    const details = fc.sample(LevrageArbitrary.detailEnvelope, { numRuns: 500, seed: 2 }).map(({ detail }) => detail)
    expect(sorted(details.map((detail) => (typeof detail === "string" ? "string" : "list")))).toEqual([
      "list",
      "string"
    ])
    const envelopes = fc.sample(LevrageArbitrary.knownEnvelope, { numRuns: 500, seed: 3 })
    for (const key of ["success", "request_id", "timestamp"] as const) {
      expect(
        sorted(
          envelopes.map((envelope) =>
            String(envelope[key] === undefined ? "absent" : envelope[key] === null ? "null" : "value")
          )
        )
      ).toEqual(["absent", "null", "value"])
    }
  })

  it.prop(
    "a generated response decodes to the class its code names, or else its status, at its status",
    [LevrageArbitrary.response],
    ([response]) => {
      const failure = Either.getOrThrow(Either.flip(decode(response.status, response.headers, response.body)))
      const body = JSON.parse(response.body) as LevrageArbitrary.GeneratedEnvelope
      const byCode =
        "error" in body ? LevrageError.codeCatalog.find((entry) => entry.code === body.error.code) : undefined
      const byStatus =
        "detail" in body ? LevrageError.statusCatalog.find((entry) => entry.status === response.status) : undefined
      const expected = byCode?.failure ?? byStatus?.failure ?? LevrageError.LevrageUnknownError
      return failure.status === response.status && failure instanceof expected
    },
    { fastCheck: { numRuns: 2_000 } }
  )

  it.prop(
    "a malformed body is never an envelope: it decodes to UnexpectedBody NotEnvelope",
    [fc.integer({ min: 400, max: 599 }), LevrageArbitrary.malformed],
    ([status, body]) => {
      const failure = Either.getOrThrow(Either.flip(decode(status, {}, JSON.stringify(body))))
      return failure._tag === "UnexpectedBody" && failure.reason === "NotEnvelope"
    },
    { fastCheck: { numRuns: 2_000 } }
  )
})
