import { Category, Failure, type ProblemJson } from "@faultline/core"
import { Effect, Schema } from "effect"
import { describe, expectTypeOf, it } from "vitest"

// A vendor with one failure of a fixed category and one whose category comes from the response, as every vendor's
// unknown failure does.
class Throttled extends Schema.TaggedError<Throttled>()("Throttled", { category: Category.field("rate_limited") }) {}
class Broken extends Schema.TaggedError<Broken>()("Broken", { category: Category.field("server") }) {}
class Unknown extends Schema.TaggedError<Unknown>()("Unknown", { category: Category.Category }) {}

type VendorFailure = Throttled | Broken | Unknown
declare const call: Effect.Effect<string, VendorFailure | Failure.CoreFailure>
declare const problem: Effect.Effect<string, ProblemJson.Problem>

const handled = () => Effect.succeed("handled")

describe("category guards narrow soundly", () => {
  it("isRateLimited removes fixed rate limits only; failures whose category is wide stay in the remainder", () => {
    const program = call.pipe(
      Effect.catchIf(Failure.isRateLimited, (failure) => {
        // The handler sees the wide members with their category narrowed to what the guard proved.
        expectTypeOf(failure).toEqualTypeOf<
          | Throttled
          | (Unknown & { readonly category: "rate_limited" })
          | (Failure.HeldPastDeadline & { readonly category: "rate_limited" })
          | (Failure.UnexpectedBody & { readonly category: "rate_limited" })
        >()
        expectTypeOf(failure.category).toEqualTypeOf<"rate_limited">()
        return handled()
      })
    )
    expectTypeOf(program).toEqualTypeOf<
      Effect.Effect<
        string,
        | Broken
        | Unknown
        | Failure.TransportError
        | Failure.AttemptTimeout
        | Failure.HeldPastDeadline
        | Failure.UnexpectedBody
        | Failure.InvalidInput
      >
    >()
  })

  it("isServerSide removes fixed server failures, keeps the wide ones", () => {
    const program = call.pipe(Effect.catchIf(Failure.isServerSide, handled))
    expectTypeOf(program).toEqualTypeOf<
      Effect.Effect<
        string,
        | Throttled
        | Unknown
        | Failure.TransportError
        | Failure.AttemptTimeout
        | Failure.HeldPastDeadline
        | Failure.UnexpectedBody
        | Failure.InvalidInput
      >
    >()
  })

  it("isTransient removes every fixed transient failure, and nothing whose category may be another", () => {
    const program = call.pipe(Effect.catchIf(Failure.isTransient, handled))
    expectTypeOf(program).toEqualTypeOf<
      Effect.Effect<string, Unknown | Failure.UnexpectedBody | Failure.InvalidInput>
    >()
  })

  it("isTimeout and isTransport remove exactly the core failures of their category", () => {
    expectTypeOf(call.pipe(Effect.catchIf(Failure.isTimeout, handled))).toEqualTypeOf<
      Effect.Effect<
        string,
        | Throttled
        | Broken
        | Unknown
        | Failure.TransportError
        | Failure.HeldPastDeadline
        | Failure.UnexpectedBody
        | Failure.InvalidInput
      >
    >()
    expectTypeOf(call.pipe(Effect.catchIf(Failure.isTransport, handled))).toEqualTypeOf<
      Effect.Effect<
        string,
        | Throttled
        | Broken
        | Unknown
        | Failure.AttemptTimeout
        | Failure.HeldPastDeadline
        | Failure.UnexpectedBody
        | Failure.InvalidInput
      >
    >()
  })

  it("a guard for a category no member can have removes nothing", () => {
    expectTypeOf(call.pipe(Effect.catchIf(Failure.isQuota, handled))).toEqualTypeOf<
      Effect.Effect<string, VendorFailure | Failure.CoreFailure>
    >()
  })

  it("a wide member alone is never removed", () => {
    expectTypeOf(problem.pipe(Effect.catchIf(Failure.isRateLimited, handled))).toEqualTypeOf<
      Effect.Effect<string, ProblemJson.Problem>
    >()
    expectTypeOf(problem.pipe(Effect.catchIf(Failure.isServerSide, handled))).toEqualTypeOf<
      Effect.Effect<string, ProblemJson.Problem>
    >()
    expectTypeOf(problem.pipe(Effect.catchIf(Failure.isCategory("forbidden"), handled))).toEqualTypeOf<
      Effect.Effect<string, ProblemJson.Problem>
    >()
  })
})
