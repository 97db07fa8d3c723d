import { Dialect } from "@faultline/core"
import * as Either from "effect/Either"
import * as fc from "effect/FastCheck"
import type { GeneratedEnvelope, GeneratedErrorObject, GeneratedResponse } from "../NixflexArbitrary.js"
import { dialect } from "../NixflexDialect.js"
import { type CatalogEntry, catalog, type NixflexFailure, typeCategories } from "../NixflexError.js"

// An optional member: a value, left out (`undefined`), or `null`, which Nixflex's serializer may write for an unset
// field and which counts as absent.
const optional = <A>(arbitrary: fc.Arbitrary<A>): fc.Arbitrary<A | null | undefined> =>
  fc.oneof({ weight: 3, arbitrary }, fc.constant(undefined), fc.constant(null))

/** @internal */
export const catalogEntry: fc.Arbitrary<CatalogEntry> = fc.constantFrom(...catalog)

const documentedType = fc.constantFrom(...Object.keys(typeCategories))

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

// "__proto__" is left out: Schema.Record cannot keep such a key (it would set the prototype).
const details = fc.dictionary(
  fc.string({ maxLength: 10 }).filter((key) => key !== "__proto__"),
  fc.jsonValue({ maxDepth: 2 }),
  { maxKeys: 3 }
)

const errorObjectWith = (
  code: fc.Arbitrary<string>,
  type: fc.Arbitrary<string>,
  detailsOf: fc.Arbitrary<{ readonly [key: string]: unknown }>
): fc.Arbitrary<GeneratedErrorObject> =>
  fc.record(
    {
      code,
      type: optional(type),
      message: optional(message),
      doc_url: optional(fc.webUrl()),
      details: optional(detailsOf)
    },
    { requiredKeys: ["code"] }
  )

/** @internal */
export const errorObject = (code: fc.Arbitrary<string>): fc.Arbitrary<GeneratedErrorObject> =>
  errorObjectWith(code, fc.oneof(documentedType, fc.string({ maxLength: 15 })), details)

/** @internal */
export const envelopeOf = (code: fc.Arbitrary<string>): fc.Arbitrary<GeneratedEnvelope> =>
  errorObject(code).map((error) => ({ error }))

// Details the docs show for some codes, beside anything else.
const documentedDetails: Readonly<Record<string, fc.Arbitrary<{ readonly [key: string]: unknown }>>> = {
  rate_limit_exceeded: fc.record({ retry_after: fc.integer({ min: 1, max: 120 }) }),
  outbound_failed: fc.record({ twilio_error: fc.constantFrom("21215", "21211", "13223", "Account suspended") }),
  invalid_request: fc.record({ field: fc.constantFrom("to_number", "agent_id", "voice_id", "language") })
}

/** @internal */
export const envelopeFor = (entry: CatalogEntry): fc.Arbitrary<GeneratedEnvelope> => {
  const own = documentedDetails[entry.code]
  return errorObjectWith(
    fc.constant(entry.code),
    fc.oneof({ weight: 4, arbitrary: fc.constant(entry.type) }, documentedType, fc.string({ maxLength: 15 })),
    own === undefined ? details : fc.oneof({ weight: 2, arbitrary: own }, details)
  ).map((error) => ({ error }))
}

/** @internal */
export const knownEnvelope: fc.Arbitrary<GeneratedEnvelope> = catalogEntry.chain(envelopeFor)

/** @internal */
export const unknownEnvelope: fc.Arbitrary<GeneratedEnvelope> = envelopeOf(unknownCode)

/** @internal */
export const envelope: fc.Arbitrary<GeneratedEnvelope> = fc.oneof(
  { weight: 3, arbitrary: knownEnvelope },
  { weight: 1, arbitrary: unknownEnvelope }
)

// Values of any JSON type but a string (or null, which counts as absent), and of any type but an object: what
// makes a member invalid.
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
const anyValue = fc.oneof(notString, fc.string({ maxLength: 10 }))

/** @internal */
export const malformed: fc.Arbitrary<unknown> = fc.oneof(
  // `error` is not an object
  notObject.map((error) => ({ error })),
  // `code` missing or not a string
  fc
    .record(
      {
        code: fc.oneof(notString, fc.constant(null)),
        type: anyValue,
        message: anyValue,
        doc_url: anyValue,
        details: anyValue
      },
      { requiredKeys: [] }
    )
    .map((error) => ({ error })),
  // a documented code, with another member of the wrong type
  fc
    .tuple(catalogEntry, fc.constantFrom("type", "message", "doc_url"), notString)
    .map(([entry, key, value]) => ({ error: { code: entry.code, [key]: value } })),
  // the members at the top level, without `error`
  catalogEntry.map((entry) => ({ code: entry.code, type: entry.type, message: entry.cause }))
)

/** @internal */
export const body: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: envelope },
  { weight: 1, arbitrary: malformed }
)

const errorStatus = fc.integer({ min: 400, max: 599 })

const now = 1_715_900_000_000

const rateLimitHeaders = fc.record({
  "x-ratelimit-limit": fc.constant("600"),
  "x-ratelimit-remaining": fc.integer({ min: 0, max: 600 }).map(String),
  "x-ratelimit-reset": fc.integer({ min: 1, max: 3_600 }).map((seconds) => String(Math.floor(now / 1000) + seconds))
})

const requestId = fc.record(
  { "x-request-id": fc.oneof(fc.uuid(), fc.stringMatching(/^req_[a-z0-9]{8,16}$/)) },
  { requiredKeys: [] }
)

const retryAfter = fc.record({ "retry-after": fc.integer({ min: 1, max: 120 }).map(String) }, { requiredKeys: [] })

const responseOf = (status: fc.Arbitrary<number>, body: fc.Arbitrary<GeneratedEnvelope>) =>
  fc.tuple(status, body, fc.option(rateLimitHeaders, { nil: undefined }), requestId, retryAfter).map(
    ([status, body, rateLimit, id, retry]): GeneratedResponse => ({
      status,
      headers: {
        "content-type": "application/json",
        ...rateLimit,
        ...id,
        ...(status === 429 ? retry : {})
      },
      body: JSON.stringify(body)
    })
  )

/** @internal */
export const response: fc.Arbitrary<GeneratedResponse> = fc.oneof(
  {
    weight: 3,
    arbitrary: catalogEntry.chain((entry) =>
      responseOf(entry.status === undefined ? errorStatus : fc.constant(entry.status), envelopeFor(entry))
    )
  },
  { weight: 1, arbitrary: responseOf(errorStatus, unknownEnvelope) }
)

const decoded = (generated: GeneratedResponse): NixflexFailure | undefined => {
  const outcome = Dialect.decodeText(dialect, { ...generated, now })
  return Either.isLeft(outcome) && outcome.left._tag !== "UnexpectedBody" ? outcome.left : undefined
}

/** @internal */
export const failure: fc.Arbitrary<NixflexFailure> = response
  .map(decoded)
  .filter((failure): failure is NixflexFailure => failure !== undefined)
