import { Dialect } from "@faultline/core"
import * as Either from "effect/Either"
import * as fc from "effect/FastCheck"
import type { GeneratedEnvelope, GeneratedResponse } from "../DialNexaArbitrary.js"
import { dialect } from "../DialNexaDialect.js"
import { type CatalogEntry, catalog, type DialNexaFailure } from "../DialNexaError.js"

const optional = <A>(arbitrary: fc.Arbitrary<A>) => fc.option(arbitrary, { nil: undefined })

/** @internal */
export const catalogEntry: fc.Arbitrary<CatalogEntry> = fc.constantFrom(...catalog)

const errorStatus = fc.integer({ min: 400, max: 599 })

const documentedStatuses: ReadonlySet<number> = new Set(catalog.map((entry) => entry.status))

/** @internal */
export const undocumentedStatus: fc.Arbitrary<number> = errorStatus.filter((status) => !documentedStatuses.has(status))

/** @internal */
export const validationMessage: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom("", "Validation failed: ", "property ", "each value in ", "nested property "),
    fc.stringMatching(/^[a-z_$][A-Za-z0-9_$]{0,15}(\.[a-z_]{1,8}|\[\d{1,2}\]){0,2}$/),
    fc.constantFrom("must", "should", "is", "has", "cannot", "can", "does", "are"),
    fc.lorem({ maxCount: 5 })
  )
  .map(([prefix, field, verb, rest]) => `${prefix}${field} ${verb} ${rest}`)

const text = fc.oneof(
  fc.lorem({ maxCount: 12 }),
  fc.string({ maxLength: 80 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.constant("")
)

/** @internal */
export const message: fc.Arbitrary<string> = fc.oneof(text, validationMessage)

const envelopeWith = (
  statusCode: fc.Arbitrary<number>,
  messages: fc.Arbitrary<string | ReadonlyArray<string>>,
  error: fc.Arbitrary<string>
): fc.Arbitrary<GeneratedEnvelope> =>
  fc.record(
    { statusCode: optional(statusCode), message: messages, error: optional(error) },
    { requiredKeys: ["message"] }
  )

/** @internal */
export const envelope: fc.Arbitrary<GeneratedEnvelope> = envelopeWith(
  fc.integer({ min: 100, max: 599 }),
  fc.oneof(message, fc.array(message, { maxLength: 4 })),
  fc.oneof(
    catalogEntry.map((entry) => entry.name),
    fc.string({ maxLength: 20 })
  )
)

/** @internal */
export const envelopeFor = (entry: CatalogEntry): fc.Arbitrary<GeneratedEnvelope> => {
  const validation = entry.status === 400 || entry.status === 422
  return envelopeWith(
    fc.oneof({ weight: 4, arbitrary: fc.constant(entry.status) }, fc.integer({ min: 100, max: 599 })),
    validation
      ? fc.oneof(
          { weight: 2, arbitrary: fc.array(validationMessage, { minLength: 1, maxLength: 4 }) },
          { weight: 1, arbitrary: message }
        )
      : fc.oneof({ weight: 3, arbitrary: text }, fc.array(message, { maxLength: 2 })),
    fc.oneof({ weight: 4, arbitrary: fc.constant(entry.name) }, fc.string({ maxLength: 20 }))
  )
}

const wrongValue = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { minLength: 1, maxLength: 3 }),
  fc.object({ maxDepth: 2 })
)

/** @internal */
export const malformed: fc.Arbitrary<unknown> = fc.oneof(
  fc.dictionary(fc.constantFrom("statusCode", "error", "detail", "errors"), fc.jsonValue({ maxDepth: 2 }), {
    maxKeys: 4
  }),
  fc.record({ statusCode: fc.integer({ min: 400, max: 599 }), message: wrongValue }),
  fc.record({ message: fc.oneof(text, fc.array(text, { maxLength: 2 })), statusCode: fc.string({ maxLength: 5 }) })
)

/** @internal */
export const body: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: envelope },
  { weight: 1, arbitrary: malformed }
)

const now = 1_715_900_000_000

const rateLimitHeaders = fc.record({
  "retry-after": fc.integer({ min: 1, max: 120 }).map(String),
  "x-ratelimit-limit": fc.constant("100"),
  "x-ratelimit-remaining": fc.constant("0"),
  "x-ratelimit-reset": fc.integer({ min: 1, max: 3_600 }).map((seconds) => String(Math.floor(now / 1000) + seconds))
})

const requestIdHeader = fc.record({ "x-request-id": fc.uuid() }, { requiredKeys: [] })

const responseOf = (status: fc.Arbitrary<number>, body: (status: number) => fc.Arbitrary<GeneratedEnvelope>) =>
  status.chain((status) =>
    fc.tuple(body(status), rateLimitHeaders, requestIdHeader).map(
      ([body, rateLimit, id]): GeneratedResponse => ({
        status,
        headers: { "content-type": "application/json; charset=utf-8", ...(status === 429 ? rateLimit : {}), ...id },
        body: JSON.stringify(body)
      })
    )
  )

/** @internal */
export const response: fc.Arbitrary<GeneratedResponse> = fc.oneof(
  {
    weight: 4,
    arbitrary: catalogEntry.chain((entry) => responseOf(fc.constant(entry.status), () => envelopeFor(entry)))
  },
  {
    weight: 1,
    arbitrary: responseOf(undocumentedStatus, (status) =>
      envelopeWith(
        fc.constant(status),
        fc.oneof(text, fc.array(message, { maxLength: 2 })),
        fc.string({ maxLength: 20 })
      )
    )
  }
)

const decoded = (generated: GeneratedResponse): DialNexaFailure | undefined => {
  const outcome = Dialect.decodeText(dialect, { ...generated, now })
  return Either.isLeft(outcome) && outcome.left._tag !== "UnexpectedBody" ? outcome.left : undefined
}

/** @internal */
export const failure: fc.Arbitrary<DialNexaFailure> = response
  .map(decoded)
  .filter((failure): failure is DialNexaFailure => failure !== undefined)
