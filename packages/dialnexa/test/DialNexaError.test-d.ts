import type { Failure } from "@faultline/core"
import type { DialNexaError } from "@faultline/dialnexa"
import { Effect, Match } from "effect"
import { describe, expectTypeOf, it } from "vitest"

type Call = Effect.Effect<string, DialNexaError.DialNexaFailure | Failure.CoreFailure>
declare const call: Call

const recover = () => Effect.succeed("handled")

describe("DialNexa failures in the type system", () => {
  it("catchTags over every tag leaves never in the error channel", () => {
    const handled = call.pipe(
      Effect.catchTags({
        BadRequest: recover,
        Unauthorized: recover,
        Forbidden: recover,
        NotFound: recover,
        Conflict: recover,
        UnprocessableEntity: recover,
        TooManyRequests: recover,
        InternalServerError: recover,
        BadGateway: recover,
        ServiceUnavailable: recover,
        GatewayTimeout: recover,
        DialNexaUnknownError: recover,
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
      Effect.catchTag("BadRequest", (failure) => {
        expectTypeOf(failure).toEqualTypeOf<DialNexaError.BadRequest>()
        expectTypeOf(failure.category).toEqualTypeOf<"invalid_request">()
        expectTypeOf(failure.messages).toEqualTypeOf<ReadonlyArray<string>>()
        expectTypeOf(failure.issues).toEqualTypeOf<ReadonlyArray<DialNexaError.FieldIssue>>()
        return recover()
      })
    )
    call.pipe(
      Effect.catchTag("TooManyRequests", (failure) => {
        expectTypeOf(failure.category).toEqualTypeOf<"rate_limited">()
        return recover()
      })
    )
  })

  it("one handled tag leaves the rest", () => {
    const handled = call.pipe(Effect.catchTag("BadRequest", recover))
    expectTypeOf(handled).toEqualTypeOf<
      Effect.Effect<string, Exclude<DialNexaError.DialNexaFailure | Failure.CoreFailure, DialNexaError.BadRequest>>
    >()
  })

  it("a tag that is not in the union is rejected", () => {
    // @ts-expect-error: "InvalidPhoneFormat" is Nixflex's, not a DialNexa failure
    call.pipe(Effect.catchTag("InvalidPhoneFormat", recover))
    // @ts-expect-error: misspelt tag
    call.pipe(Effect.catchTags({ BadRequests: recover }))
  })

  it("Match.exhaustive with a missing tag does not compile", () => {
    const describe = Match.type<DialNexaError.DialNexaFailure | Failure.CoreFailure>().pipe(
      Match.tag("TooManyRequests", "ServiceUnavailable", () => "slow down"),
      Match.orElse(() => "other")
    )
    expectTypeOf(describe).returns.toEqualTypeOf<string>()

    Match.type<DialNexaError.TooManyRequests | DialNexaError.ServiceUnavailable>().pipe(
      Match.tag("TooManyRequests", () => "wait"),
      // @ts-expect-error: ServiceUnavailable is not handled
      Match.exhaustive
    )
  })
})
