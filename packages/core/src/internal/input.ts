import * as Effect from "effect/Effect"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as Failure from "../Failure.js"

// An optional field is `X | undefined` to a schema, so a bad value reports both "Expected undefined" and what X
// wants. Only the second says anything.
const optionalNoise = /^Expected undefined, actual /

/** @internal */
export const fromParseError = (operation: string, error: ParseResult.ParseError): Failure.InvalidInput => {
  const issues = ParseResult.ArrayFormatter.formatErrorSync(error).map((issue) => ({
    path: issue.path.map(String).join("."),
    message: issue.message
  }))
  const informative = issues.filter(
    (issue) =>
      !optionalNoise.test(issue.message) || !issues.some((other) => other.path === issue.path && other !== issue)
  )
  return new Failure.InvalidInput({
    operation,
    issues: informative.map((issue) => new Failure.InputIssue(issue))
  })
}

/** @internal */
export const validate = <A, I, R>(operation: string, schema: Schema.Schema<A, I, R>) => {
  const decode = Schema.decodeUnknown(schema, { errors: "all", onExcessProperty: "preserve" })
  return (input: unknown): Effect.Effect<A, Failure.InvalidInput, R> =>
    Effect.mapError(decode(input), (error) => fromParseError(operation, error))
}
