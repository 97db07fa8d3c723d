import type { Failure } from "@faultline/core"
import type { LevrageError } from "@faultline/levrage"
import { Effect, Match } from "effect"
import { describe, expectTypeOf, it } from "vitest"

type Call = Effect.Effect<string, LevrageError.LevrageFailure | Failure.CoreFailure>
declare const call: Call

const recover = () => Effect.succeed("handled")

describe("Levrage failures in the type system", () => {
  it("catchTags over every tag leaves never in the error channel", () => {
    const handled = call.pipe(
      Effect.catchTags({
        ValidationError: recover,
        NotFound: recover,
        AuthenticationError: recover,
        QuotaExceeded: recover,
        BadRequest: recover,
        Forbidden: recover,
        Conflict: recover,
        UnprocessableEntity: recover,
        RateLimited: recover,
        InternalError: recover,
        BadGateway: recover,
        ServiceUnavailable: recover,
        GatewayTimeout: recover,
        LevrageUnknownError: recover,
        TransportError: recover,
        AttemptTimeout: recover,
        HeldPastDeadline: recover,
        UnexpectedBody: recover,
        InvalidInput: recover
      })
    )
    expectTypeOf(handled).toEqualTypeOf<Effect.Effect<string, never>>()
  })

  it("catchTag narrows to the class and its fields", () => {
    call.pipe(
      Effect.catchTag("UnprocessableEntity", (failure) => {
        expectTypeOf(failure).toEqualTypeOf<LevrageError.UnprocessableEntity>()
        expectTypeOf(failure.category).toEqualTypeOf<"unprocessable">()
        expectTypeOf(failure.vendor).toEqualTypeOf<"levrage">()
        expectTypeOf(failure.issues).toEqualTypeOf<ReadonlyArray<LevrageError.DetailIssue>>()
        expectTypeOf(failure.code).toEqualTypeOf<string | undefined>()
        return recover()
      }),
      Effect.catchTag("QuotaExceeded", (failure) => {
        expectTypeOf(failure.category).toEqualTypeOf<"quota">()
        return recover()
      })
    )
  })

  it("one handled tag leaves the rest", () => {
    const handled = call.pipe(Effect.catchTag("ValidationError", recover))
    expectTypeOf(handled).toEqualTypeOf<
      Effect.Effect<string, Exclude<LevrageError.LevrageFailure | Failure.CoreFailure, LevrageError.ValidationError>>
    >()
  })

  it("a tag that is not in the union is rejected", () => {
    // @ts-expect-error: "InvalidPhoneFormat" is Nixflex's, not a Levrage failure
    call.pipe(Effect.catchTag("InvalidPhoneFormat", recover))
    // @ts-expect-error: 401 and 404 share the code tags; there is no "Unauthorized" tag
    call.pipe(Effect.catchTags({ Unauthorized: recover }))
  })

  it("Match.exhaustive with a missing tag does not compile", () => {
    const describe = Match.type<LevrageError.LevrageFailure | Failure.CoreFailure>().pipe(
      Match.tag("RateLimited", "QuotaExceeded", () => "slow down"),
      Match.orElse(() => "other")
    )
    expectTypeOf(describe).returns.toEqualTypeOf<string>()

    Match.type<LevrageError.RateLimited | LevrageError.ServiceUnavailable>().pipe(
      Match.tag("RateLimited", () => "wait"),
      // @ts-expect-error: ServiceUnavailable is not handled
      Match.exhaustive
    )
  })
})
