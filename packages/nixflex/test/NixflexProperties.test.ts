import { HttpClient, HttpClientResponse } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { ApiClient, Dialect, Failure, Redaction, ResponseBody } from "@faultline/core"
import { NixflexDialect, NixflexError } from "@faultline/nixflex"
import { NixflexArbitrary } from "@faultline/nixflex/testing"
import { ResponseArbitrary, SecretLeaks } from "@faultline/testing"
import { Effect, Either, FastCheck as fc, Redacted, Schema } from "effect"

// Laws of the Nixflex dialect over generated responses. Run counts add up with the other dialects' to well
// over 100,000 generated responses per CI run.

const encoder = new TextEncoder()
const now = 1_715_900_000_000
const errorStatus = fc.integer({ min: 400, max: 599 })

const decode = (status: number, headers: Readonly<Record<string, string>>, body: ResponseBody.ResponseBody) =>
  Dialect.decode(NixflexDialect.dialect, { status, headers, body, now, redactor: Redaction.generic })

const complete = (value: unknown) => ResponseBody.complete(encoder.encode(JSON.stringify(value)))

const isNixflexOrUnexpected = Schema.is(Schema.Union(NixflexError.NixflexFailure, Failure.UnexpectedBody))

describe("Nixflex laws", () => {
  it.prop(
    "totality (any status, headers and bytes) decode to the body or exactly one tagged failure",
    [ResponseArbitrary.response(NixflexArbitrary.body)],
    ([response]) => {
      const outcome = decode(response.status, response.headers, response.body)
      if (Either.isRight(outcome)) {
        return NixflexDialect.dialect.isSuccess(response.status) && response.body._tag === "Complete"
      }
      const failure = outcome.left
      return (
        isNixflexOrUnexpected(failure) &&
        Failure.isFailure(failure) &&
        failure.status === response.status &&
        !(NixflexDialect.dialect.isSuccess(response.status) && response.body._tag === "Complete")
      )
    },
    { fastCheck: { numRuns: 15_000 } }
  )

  it.prop(
    "classification: an envelope of a documented code decodes to that code's class, with its fields",
    [
      errorStatus,
      NixflexArbitrary.catalogEntry.chain((entry) =>
        NixflexArbitrary.envelopeFor(entry).map(({ error }) => ({ entry, error }))
      )
    ],
    ([status, { entry, error }]) => {
      const failure = Either.getOrThrow(Either.flip(decode(status, {}, complete({ error }))))
      if (!(failure instanceof entry.failure)) return false
      const known = failure as Exclude<NixflexError.NixflexFailure, NixflexError.NixflexUnknownError>
      // The dialect sees the body redacted: generated text may hold what looks like a credential ("Bearer …").
      const redacted = Redaction.generic.json(error) as typeof error
      return (
        known.code === entry.code &&
        known.status === status &&
        known.type === (redacted.type ?? entry.type) &&
        known.message === (redacted.message ?? entry.code) &&
        known.docUrl === (redacted.doc_url ?? undefined) &&
        JSON.stringify(known.details) === JSON.stringify(redacted.details ?? undefined)
      )
    },
    { fastCheck: { numRuns: 8_000 } }
  )

  it.prop(
    "forward compatibility: an undocumented code decodes to NixflexUnknownError with the raw code kept",
    [errorStatus, NixflexArbitrary.errorObject(NixflexArbitrary.unknownCode)],
    ([status, error]) => {
      const failure = Either.getOrThrow(Either.flip(decode(status, {}, complete({ error }))))
      const type = error.type ?? undefined
      const expectedCategory = type === undefined ? undefined : NixflexError.categoryOfType(type)
      return (
        failure instanceof NixflexError.NixflexUnknownError &&
        failure.code === error.code &&
        failure.status === status &&
        failure.body.length <= Failure.snippetLength &&
        failure.category === (expectedCategory ?? failure.category)
      )
    },
    { fastCheck: { numRuns: 4_000 } }
  )

  const encode = Schema.encodeSync(NixflexError.NixflexFailure)
  const decodeFailure = Schema.decodeUnknownSync(NixflexError.NixflexFailure)

  it.prop(
    "round trip: every failure encodes to JSON and decodes back to an equal failure of the same class",
    [errorStatus, NixflexArbitrary.body, ResponseArbitrary.headers],
    ([status, envelope, headers]) => {
      const outcome = decode(status, headers, complete(envelope))
      if (Either.isRight(outcome) || outcome.left._tag === "UnexpectedBody") return true
      const failure = outcome.left
      const encoded = encode(failure)
      const decoded = decodeFailure(JSON.parse(JSON.stringify(encoded)))
      expect(decoded).toBeInstanceOf(failure.constructor)
      expect(encode(decoded)).toStrictEqual(encoded)
      expect(decoded.message).toBe(failure.message)
      return true
    },
    { fastCheck: { numRuns: 3_000 } }
  )

  // Secrets: a key sent in Authorization and echoed back in the URL, the body and the headers never shows in a
  // failure. This goes through ApiClient over an HttpClient that echoes what it was sent.
  const echoShape = fc.constantFrom("message", "details", "docUrl", "html", "requestIdHeader", "json")

  it.effect.prop(
    "secrets: the API key never appears in a failure's fields, message, String(), JSON or Cause.pretty",
    [ResponseArbitrary.apiKey, errorStatus, echoShape, NixflexArbitrary.catalogEntry],
    ([apiKey, status, shape, entry]) => {
      const echo = HttpClient.make((request) => {
        const sent = `${request.headers.authorization} ${request.url}?${request.urlParams.map(([k, v]) => `${k}=${v}`).join("&")}`
        const body = {
          message: JSON.stringify({ error: { type: entry.type, code: entry.code, message: `Bad key: ${sent}` } }),
          details: JSON.stringify({
            error: { code: entry.code, message: "m", details: { key: apiKey, echoed: sent } }
          }),
          docUrl: JSON.stringify({ error: { code: "x_unknown", doc_url: `https://docs.example/?api_key=${apiKey}` } }),
          html: `<html><body>Request ${sent} failed</body></html>`,
          requestIdHeader: JSON.stringify({ error: { code: entry.code } }),
          json: JSON.stringify({ unexpected: sent })
        }[shape]
        return Effect.succeed(
          HttpClientResponse.fromWeb(
            request,
            new Response(body, { status, headers: { "x-request-id": sent, "content-type": "application/json" } })
          )
        )
      })
      const client = ApiClient.make(NixflexDialect.dialect, {
        baseUrl: "http://127.0.0.1:1",
        apiKey: Redacted.make(apiKey)
      })(echo)
      return client.get(`/v1/calls/${encodeURIComponent(apiKey)}`, { urlParams: { api_key: apiKey } }).pipe(
        Effect.flip,
        Effect.map((failure) => {
          expect(SecretLeaks.find(apiKey, failure)).toEqual([])
        })
      )
    },
    { fastCheck: { numRuns: 200 } }
  )
})
