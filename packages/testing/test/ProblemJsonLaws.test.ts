import { describe, it } from "@effect/vitest"
import { Dialect, Failure, ProblemJson, Redaction, ResponseBody } from "@faultline/core"
import { ResponseArbitrary } from "@faultline/testing"
import { Either, FastCheck as fc, Schema } from "effect"

// The core decoding pipeline's laws, over the vendor-neutral problem+json dialect and generated responses.

const encoder = new TextEncoder()

const problem = fc.record(
  {
    type: fc.webUrl(),
    title: ResponseArbitrary.message,
    status: fc.integer({ min: 400, max: 599 }),
    detail: ResponseArbitrary.message,
    instance: fc.webPath(),
    extension: fc.jsonValue({ maxDepth: 2 })
  },
  { requiredKeys: [] }
)

const decode = (status: number, headers: Readonly<Record<string, string>>, body: ResponseBody.ResponseBody) =>
  Dialect.decode(ProblemJson.dialect, { status, headers, body, now: Date.UTC(2026, 0, 1), redactor: Redaction.generic })

// What a failure keeps of an extension: the value as the redactor leaves it (see Redaction.json: `__proto__` keys
// dropped, and any text that reads as a credential parameter, `&key=…`, replaced, in member names too).
const kept = (value: unknown): unknown => Redaction.generic.json(value)

const isProblemOrUnexpected = Schema.is(Schema.Union(ProblemJson.Problem, Failure.UnexpectedBody))

describe("problem+json laws", () => {
  it.prop(
    "totality (any response) decodes to the body or exactly one tagged failure",
    [ResponseArbitrary.response(problem)],
    ([response]) => {
      const outcome = decode(response.status, response.headers, response.body)
      const success = ProblemJson.dialect.isSuccess(response.status) && response.body._tag === "Complete"
      return Either.isRight(outcome)
        ? success
        : !success && isProblemOrUnexpected(outcome.left) && outcome.left.status === response.status
    },
    { fastCheck: { numRuns: 10_000 } }
  )

  it.prop(
    "classification: a problem object keeps every member, and extensions apart",
    [fc.integer({ min: 400, max: 599 }), problem.filter((p) => Object.keys(p).some((k) => k !== "extension"))],
    ([status, value]) => {
      const outcome = decode(status, {}, ResponseBody.complete(encoder.encode(JSON.stringify(value))))
      const failure = Either.getOrThrow(Either.flip(outcome))
      if (!(failure instanceof ProblemJson.Problem)) return false
      const { extension, ...members } = value
      return (
        failure.problemType === (members.type ?? "about:blank") &&
        failure.title === members.title &&
        failure.detail === members.detail &&
        failure.instance === members.instance &&
        failure.status === status &&
        JSON.stringify(failure.extensions) ===
          JSON.stringify(extension === undefined ? {} : { extension: kept(extension) })
      )
    },
    { fastCheck: { numRuns: 5_000 } }
  )
})
