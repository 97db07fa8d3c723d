import { HttpClient, HttpClientResponse } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { ApiClient, Category, Dialect, Failure, Redaction, ResponseBody } from "@faultline/core"
import { DialNexaDialect, DialNexaError } from "@faultline/dialnexa"
import { DialNexaArbitrary } from "@faultline/dialnexa/testing"
import { ResponseArbitrary, SecretLeaks } from "@faultline/testing"
import { Effect, Either, FastCheck as fc, Redacted, Schema } from "effect"

// Laws of the DialNexa dialect over generated responses. Run counts add up with the other dialects' to well
// over 100,000 generated responses per CI run.

const encoder = new TextEncoder()
const now = 1_715_900_000_000
const errorStatus = fc.integer({ min: 400, max: 599 })

const decode = (status: number, headers: Readonly<Record<string, string>>, body: ResponseBody.ResponseBody) =>
  Dialect.decode(DialNexaDialect.dialect, { status, headers, body, now, redactor: Redaction.generic })

const complete = (value: unknown) => ResponseBody.complete(encoder.encode(JSON.stringify(value)))

const isDialNexaOrUnexpected = Schema.is(Schema.Union(DialNexaError.DialNexaFailure, Failure.UnexpectedBody))

const messagesOf = (message: string | ReadonlyArray<string>): ReadonlyArray<string> =>
  typeof message === "string" ? [message] : message

describe("DialNexa laws", () => {
  it.prop(
    "totality (any status, headers and bytes) decode to the body or exactly one tagged failure",
    [ResponseArbitrary.response(DialNexaArbitrary.body)],
    ([response]) => {
      const outcome = decode(response.status, response.headers, response.body)
      if (Either.isRight(outcome)) {
        return DialNexaDialect.dialect.isSuccess(response.status) && response.body._tag === "Complete"
      }
      const failure = outcome.left
      return (
        isDialNexaOrUnexpected(failure) &&
        Failure.isFailure(failure) &&
        failure.status === response.status &&
        !(DialNexaDialect.dialect.isSuccess(response.status) && response.body._tag === "Complete")
      )
    },
    { fastCheck: { numRuns: 15_000 } }
  )

  it.prop(
    "classification: an envelope at a documented status decodes to that status's class, with its fields",
    [DialNexaArbitrary.catalogEntry, DialNexaArbitrary.envelope],
    ([entry, envelope]) => {
      const failure = Either.getOrThrow(Either.flip(decode(entry.status, {}, complete(envelope))))
      if (!(failure instanceof entry.failure)) return false
      const known = failure as Exclude<DialNexaError.DialNexaFailure, DialNexaError.DialNexaUnknownError>
      // The decoder sees the body redacted (generated text may hold what looks like a credential, "Bearer …").
      const seen = Redaction.generic.json(envelope) as typeof envelope
      const messages = messagesOf(seen.message)
      const joined = messages.join("; ")
      const expectedMessage = joined.trim() === "" ? (seen.error ?? entry.name) : joined
      return (
        known.status === entry.status &&
        known.vendor === "dialnexa" &&
        known.message === expectedMessage &&
        JSON.stringify(known.messages) === JSON.stringify(messages) &&
        known.error === seen.error &&
        known.issues.length === messages.length &&
        known.issues.every(
          (issue, index) =>
            messages[index]!.endsWith(issue.message) &&
            (issue.field === undefined || issue.message.includes(issue.field))
        )
      )
    },
    { fastCheck: { numRuns: 8_000 } }
  )

  it.prop(
    "forward compatibility: an undocumented status decodes to DialNexaUnknownError with the raw status kept",
    [DialNexaArbitrary.undocumentedStatus, DialNexaArbitrary.envelope],
    ([status, envelope]) => {
      const failure = Either.getOrThrow(Either.flip(decode(status, {}, complete(envelope))))
      return (
        failure instanceof DialNexaError.DialNexaUnknownError &&
        failure.status === status &&
        failure.body.length <= Failure.snippetLength &&
        failure.category === Category.fromStatus(status) &&
        JSON.stringify(failure.messages) === JSON.stringify(messagesOf(envelope.message))
      )
    },
    { fastCheck: { numRuns: 4_000 } }
  )

  const encode = Schema.encodeSync(DialNexaError.DialNexaFailure)
  const decodeFailure = Schema.decodeUnknownSync(DialNexaError.DialNexaFailure)

  it.prop(
    "round trip: every failure encodes to JSON and decodes back to an equal failure of the same class",
    [errorStatus, DialNexaArbitrary.body, ResponseArbitrary.headers],
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
  const echoShape = fc.constantFrom("message", "messages", "error", "html", "requestIdHeader", "json")

  it.effect.prop(
    "secrets: the API key never appears in a failure's fields, message, String(), JSON or Cause.pretty",
    [ResponseArbitrary.apiKey, errorStatus, echoShape],
    ([apiKey, status, shape]) => {
      const echo = HttpClient.make((request) => {
        const query = request.urlParams.map(([k, v]) => `${k}=${v}`).join("&")
        const sent = `${request.headers.authorization} ${request.url}?${query}`
        const body = {
          message: JSON.stringify({ statusCode: status, message: `Bad key: ${sent}`, error: "Unauthorized" }),
          messages: JSON.stringify({ statusCode: status, message: [`api_key must be valid: ${sent}`, apiKey] }),
          error: JSON.stringify({ statusCode: status, message: "m", error: sent }),
          html: `<html><body>Request ${sent} failed</body></html>`,
          requestIdHeader: JSON.stringify({ statusCode: status, message: "m" }),
          json: JSON.stringify({ unexpected: sent })
        }[shape]
        return Effect.succeed(
          HttpClientResponse.fromWeb(
            request,
            new Response(body, { status, headers: { "x-request-id": sent, "content-type": "application/json" } })
          )
        )
      })
      const client = ApiClient.make(DialNexaDialect.dialect, {
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
