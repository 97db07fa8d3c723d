import { Dialect } from "@faultline/core"
import * as Either from "effect/Either"
import * as fc from "effect/FastCheck"
import type {
  GeneratedDetailEnvelope,
  GeneratedDetailItem,
  GeneratedEnvelope,
  GeneratedErrorEnvelope,
  GeneratedResponse
} from "../LevrageArbitrary.js"
import { dialect } from "../LevrageDialect.js"
import {
  type CodeCatalogEntry,
  codeCatalog,
  type LevrageFailure,
  type StatusCatalogEntry,
  statusCatalog
} from "../LevrageError.js"

/** @internal */
export const codeEntry: fc.Arbitrary<CodeCatalogEntry> = fc.constantFrom(...codeCatalog)

/** @internal */
export const statusEntry: fc.Arbitrary<StatusCatalogEntry> = fc.constantFrom(...statusCatalog)

const errorStatus = fc.integer({ min: 400, max: 599 })

const documentedStatuses: ReadonlySet<number> = new Set(statusCatalog.map((entry) => entry.status))

/** @internal */
export const undocumentedStatus: fc.Arbitrary<number> = errorStatus.filter((status) => !documentedStatuses.has(status))

// pydantic writes an unset optional field as `null`; the docs' examples leave it out.
const nullable = <A>(arbitrary: fc.Arbitrary<A>) => fc.option(arbitrary, { nil: null })

/** @internal */
export const message: fc.Arbitrary<string> = fc.oneof(
  fc.lorem({ maxCount: 12 }),
  fc.string({ maxLength: 80 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.constant("")
)

/** @internal */
export const unknownCode: fc.Arbitrary<string> = fc
  .stringMatching(/^[a-z]{2,10}(_[a-z]{2,10}){0,3}$/)
  .map((code) => `x_${code}`)

const requestId = fc.oneof(fc.stringMatching(/^req_[a-z0-9]{6,12}$/), fc.string({ maxLength: 30 }))

const timestamp = fc
  .date({ min: new Date("2020-01-01T00:00:00Z"), max: new Date("2040-01-01T00:00:00Z"), noInvalidDate: true })
  .map((date) => date.toISOString())

/** @internal */
export const errorEnvelope = (code: fc.Arbitrary<string>): fc.Arbitrary<GeneratedErrorEnvelope> =>
  fc.record(
    {
      success: nullable(fc.boolean()),
      error: fc.record({ code, message: nullable(message) }, { requiredKeys: ["code"] }),
      request_id: nullable(requestId),
      timestamp: nullable(timestamp)
    },
    { requiredKeys: ["error"] }
  )

/** @internal */
export const knownEnvelope: fc.Arbitrary<GeneratedErrorEnvelope> = errorEnvelope(codeEntry.map((entry) => entry.code))

/** @internal */
export const unknownEnvelope: fc.Arbitrary<GeneratedErrorEnvelope> = errorEnvelope(unknownCode)

/** @internal */
export const detailItem: fc.Arbitrary<GeneratedDetailItem> = fc.record(
  {
    loc: fc.array(fc.oneof(fc.constantFrom("body", "query", "path"), fc.string({ maxLength: 12 }), fc.nat(20)), {
      maxLength: 4
    }),
    msg: message,
    type: nullable(
      fc.oneof(fc.constantFrom("missing", "string_too_long", "value_error"), fc.string({ maxLength: 15 }))
    ),
    // FastAPI adds these; the decoder must not mind them.
    input: fc.jsonValue({ maxDepth: 2 }),
    url: fc.webUrl()
  },
  { requiredKeys: ["loc", "msg"] }
)

/** @internal */
export const detailEnvelope: fc.Arbitrary<GeneratedDetailEnvelope> = fc.oneof(
  message.map((detail) => ({ detail })),
  fc.array(detailItem, { maxLength: 4 }).map((detail) => ({ detail }))
)

/** @internal */
export const envelope: fc.Arbitrary<GeneratedEnvelope> = fc.oneof(
  { weight: 2, arbitrary: knownEnvelope },
  { weight: 1, arbitrary: unknownEnvelope },
  { weight: 2, arbitrary: detailEnvelope }
)

// Values of any JSON type but a string, and of any type but an object: what makes a member invalid.
const notString = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.object({ maxDepth: 2 })
)
const notObject = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  fc.string({ maxLength: 20 })
)

const wrongMember = fc
  .tuple(codeEntry, fc.constantFrom("success", "request_id", "timestamp"), notString)
  .map(([entry, key, value]) => ({
    error: { code: entry.code },
    [key]: key === "success" && typeof value === "boolean" ? 1 : value
  }))

/** @internal */
export const malformed: fc.Arbitrary<unknown> = fc.oneof(
  // `error` is not an object
  notObject.map((error) => ({ success: false, error })),
  // `code` missing or not a string
  fc
    .record(
      { code: fc.oneof(notString, fc.constant(null)), message: fc.oneof(notString, message) },
      { requiredKeys: [] }
    )
    .map((error) => ({ success: false, error })),
  // a documented code, with another member of the wrong type
  wrongMember,
  // `detail` neither a string nor a list
  fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.object({ maxDepth: 1 })).map((detail) => ({ detail })),
  // a `detail` item without a location or a message
  fc
    .record({ loc: notObject.filter((loc) => !Array.isArray(loc)), msg: fc.oneof(notString, message) })
    .map((item) => ({ detail: [item] })),
  fc
    .record({ loc: fc.array(fc.string({ maxLength: 5 }), { maxLength: 2 }), msg: notString })
    .map((item) => ({ detail: [item] })),
  // a message alone
  message.map((text) => ({ message: text }))
)

/** @internal */
export const body: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: envelope },
  { weight: 1, arbitrary: malformed }
)

// The docs do not give the codes' statuses; vendors.md infers them from the status table.
const statusesOfCode: Readonly<Record<string, ReadonlyArray<number>>> = {
  validation_error: [400, 409, 422],
  not_found: [404],
  authentication_error: [401],
  quota_exceeded: [402, 403]
}

const now = 1_706_140_790_000

const rateLimitHeaders = fc.record({
  "x-ratelimit-limit": fc.constant("300"),
  "x-ratelimit-remaining": fc.constant("0"),
  "x-ratelimit-reset": fc.integer({ min: 1, max: 3_600 }).map((seconds) => String(Math.floor(now / 1000) + seconds))
})

const requestIdHeader = fc.record({ "x-request-id": fc.stringMatching(/^req_[a-z0-9]{6,12}$/) }, { requiredKeys: [] })

const responseOf = (status: fc.Arbitrary<number>, body: fc.Arbitrary<GeneratedEnvelope>) =>
  fc.tuple(status, body, rateLimitHeaders, requestIdHeader).map(
    ([status, body, rateLimit, id]): GeneratedResponse => ({
      status,
      headers: { "content-type": "application/json", ...(status === 429 ? rateLimit : {}), ...id },
      body: JSON.stringify(body)
    })
  )

/** @internal */
export const response: fc.Arbitrary<GeneratedResponse> = fc.oneof(
  {
    weight: 2,
    arbitrary: codeEntry.chain((entry) =>
      responseOf(fc.constantFrom(...(statusesOfCode[entry.code] ?? [400])), errorEnvelope(fc.constant(entry.code)))
    )
  },
  { weight: 3, arbitrary: statusEntry.chain((entry) => responseOf(fc.constant(entry.status), detailEnvelope)) },
  { weight: 1, arbitrary: responseOf(errorStatus, unknownEnvelope) },
  { weight: 1, arbitrary: responseOf(undocumentedStatus, detailEnvelope) }
)

const decoded = (generated: GeneratedResponse): LevrageFailure | undefined => {
  const outcome = Dialect.decodeText(dialect, { ...generated, now })
  return Either.isLeft(outcome) && outcome.left._tag !== "UnexpectedBody" ? outcome.left : undefined
}

/** @internal */
export const failure: fc.Arbitrary<LevrageFailure> = response
  .map(decoded)
  .filter((failure): failure is LevrageFailure => failure !== undefined)
