import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { describe, expect, it } from "@effect/vitest"
import { ApiClient, Category, Dialect, Failure, Redaction, ResponseBody } from "@faultline/core"
import { LevrageDialect, LevrageError } from "@faultline/levrage"
import { LevrageArbitrary } from "@faultline/levrage/testing"
import { ResponseArbitrary, SecretLeaks } from "@faultline/testing"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as fc from "effect/FastCheck"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"

// Laws of the Levrage dialect over generated responses, in both of its body shapes: the documented
// `success`/`error` envelope and FastAPI's `detail`. Run counts add up with the other dialects' to well over
// 100,000 generated responses per CI run.

const encoder = new TextEncoder()
const now = 1_706_140_790_000
const errorStatus = fc.integer({ min: 400, max: 599 })

const decode = (status: number, headers: Readonly<Record<string, string>>, body: ResponseBody.ResponseBody) =>
  Dialect.decode(LevrageDialect.dialect, {
    status,
    headers,
    body,
    now,
    redactor: Redaction.generic
  })

const complete = (value: unknown) => ResponseBody.complete(encoder.encode(JSON.stringify(value)))

const failureOf = (status: number, value: unknown) =>
  Either.getOrThrow(Either.flip(decode(status, {}, complete(value))))

const isLevrageOrUnexpected = Schema.is(Schema.Union(LevrageError.LevrageFailure, Failure.UnexpectedBody))

// What a generated body says, in the failure's terms: the decoder is checked against this, field by field. The
// decoder sees the body redacted (generated text may hold what looks like a credential, "Bearer …"), so this does.
const seen = <A>(body: A): A => Redaction.generic.json(body) as A

interface Expected {
  readonly status: number
  readonly body: unknown
  readonly failure: LevrageError.KnownFailureClass
  readonly code: string | undefined
  readonly message: string
  readonly requestId: string | undefined
  readonly timestamp: string | undefined
  readonly issues: ReadonlyArray<{
    readonly path: string
    readonly message: string
    readonly type?: string | undefined
  }>
}

const expectedOfDetail = (status: number, detail: string | ReadonlyArray<LevrageArbitrary.GeneratedDetailItem>) => {
  if (typeof detail === "string") return { message: detail, issues: [] }
  const issues = detail.map((item) => ({
    path: item.loc.map(String).join("."),
    message: item.msg,
    ...(item.type === undefined || item.type === null ? {} : { type: item.type })
  }))
  return {
    message: issues.length === 0 ? `HTTP ${status}` : issues.map((issue) => issue.message).join("; "),
    issues
  }
}

const byCode: fc.Arbitrary<Expected> = fc.tuple(errorStatus, LevrageArbitrary.codeEntry).chain(([status, entry]) =>
  LevrageArbitrary.errorEnvelope(fc.constant(entry.code)).map((body) => ({
    status,
    body,
    failure: entry.failure,
    code: entry.code,
    message: seen(body).error.message ?? `HTTP ${status}`,
    requestId: seen(body).request_id ?? undefined,
    timestamp: seen(body).timestamp ?? undefined,
    issues: []
  }))
)

const byStatus: fc.Arbitrary<Expected> = fc
  .tuple(LevrageArbitrary.statusEntry, LevrageArbitrary.detailEnvelope)
  .map(([entry, body]) => ({
    status: entry.status,
    body,
    failure: entry.failure,
    code: undefined,
    requestId: undefined,
    timestamp: undefined,
    ...expectedOfDetail(entry.status, seen(body).detail)
  }))

const issuesText = (issues: Expected["issues"]) =>
  JSON.stringify(issues.map(({ message, path, type }) => ({ path, message, type })))

describe("Levrage laws", () => {
  it.prop(
    "totality (any status, headers and bytes) decode to the body or exactly one tagged failure",
    [ResponseArbitrary.response(LevrageArbitrary.body)],
    ([response]) => {
      const success = LevrageDialect.dialect.isSuccess(response.status) && response.body._tag === "Complete"
      const outcome = decode(response.status, response.headers, response.body)
      if (Either.isRight(outcome)) return success
      const failure = outcome.left
      return (
        isLevrageOrUnexpected(failure) && Failure.isFailure(failure) && failure.status === response.status && !success
      )
    },
    { fastCheck: { numRuns: 15_000 } }
  )

  it.prop(
    "classification: a documented code (any status), or a documented status without a code, decodes to its class",
    [fc.oneof(byCode, byStatus)],
    ([expected]) => {
      const failure = failureOf(expected.status, expected.body)
      if (!(failure instanceof expected.failure)) return false
      const known = failure as Exclude<LevrageError.LevrageFailure, LevrageError.LevrageUnknownError>
      return (
        known.vendor === "levrage" &&
        known.status === expected.status &&
        known.code === expected.code &&
        known.message === expected.message &&
        known.requestId === expected.requestId &&
        known.timestamp === expected.timestamp &&
        issuesText(known.issues) === issuesText(expected.issues)
      )
    },
    { fastCheck: { numRuns: 8_000 } }
  )

  it.prop(
    "forward compatibility: an undocumented code, or an undocumented status without a code, decodes to " +
      "LevrageUnknownError with the raw status and code kept",
    [
      fc.oneof(
        fc.tuple(errorStatus, LevrageArbitrary.unknownEnvelope).map(([status, body]) => ({
          status,
          body,
          code: body.error.code as string | undefined
        })),
        fc
          .tuple(LevrageArbitrary.undocumentedStatus, LevrageArbitrary.detailEnvelope)
          .map(([status, body]) => ({ status, body, code: undefined }))
      )
    ],
    ([{ body, code, status }]) => {
      const failure = failureOf(status, body)
      return (
        failure instanceof LevrageError.LevrageUnknownError &&
        failure.code === code &&
        failure.status === status &&
        failure.category === Category.fromStatus(status) &&
        failure.body.length <= Failure.snippetLength
      )
    },
    { fastCheck: { numRuns: 4_000 } }
  )

  const encode = Schema.encodeSync(LevrageError.LevrageFailure)
  const decodeFailure = Schema.decodeUnknownSync(LevrageError.LevrageFailure)

  it.prop(
    "round trip: every failure encodes to JSON and decodes back to an equal failure of the same class",
    [errorStatus, LevrageArbitrary.body, ResponseArbitrary.headers],
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
  const echoShape = fc.constantFrom(
    "message",
    "requestId",
    "unknownCode",
    "detail",
    "detailList",
    "html",
    "requestIdHeader",
    "json"
  )

  it.effect.prop(
    "secrets: the API key never appears in a failure's fields, message, String(), JSON or Cause.pretty",
    [ResponseArbitrary.apiKey, errorStatus, echoShape, LevrageArbitrary.codeEntry],
    ([apiKey, status, shape, entry]) => {
      const echo = HttpClient.make((request) => {
        const query = request.urlParams.map(([k, v]) => `${k}=${v}`).join("&")
        const sent = `${request.headers.authorization} ${request.url}?${query}`
        const body = {
          message: JSON.stringify({ success: false, error: { code: entry.code, message: `Bad key: ${sent}` } }),
          requestId: JSON.stringify({ success: false, error: { code: entry.code, message: "m" }, request_id: sent }),
          unknownCode: JSON.stringify({ success: false, error: { code: `x_${apiKey}`, message: sent } }),
          detail: JSON.stringify({ detail: `Invalid or expired API key: ${sent}` }),
          detailList: JSON.stringify({
            detail: [{ loc: ["header", apiKey], msg: `bad ${sent}`, type: apiKey, input: { key: apiKey } }]
          }),
          html: `<html><body>Request ${sent} failed</body></html>`,
          requestIdHeader: JSON.stringify({ detail: "Not authenticated" }),
          json: JSON.stringify({ unexpected: sent })
        }[shape]
        return Effect.succeed(
          HttpClientResponse.fromWeb(
            request,
            new Response(body, { status, headers: { "x-request-id": sent, "content-type": "application/json" } })
          )
        )
      })
      const client = ApiClient.make(LevrageDialect.dialect, {
        baseUrl: "http://127.0.0.1:1",
        apiKey: Redacted.make(apiKey)
      })(echo)
      return client.get(`/v1/calls/${encodeURIComponent(apiKey)}`, { urlParams: { api_key: apiKey } }).pipe(
        Effect.flip,
        Effect.map((failure) => {
          expect(SecretLeaks.find(apiKey, failure)).toEqual([])
          return true
        })
      )
    },
    { fastCheck: { numRuns: 200 } }
  )
})
