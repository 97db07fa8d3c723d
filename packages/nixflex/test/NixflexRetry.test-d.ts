import { type Failure, RetryPolicy } from "@faultline/core"
import { type NixflexError, NixflexRetry } from "@faultline/nixflex"
import { describe, expectTypeOf, it } from "vitest"

type NixflexCall = NixflexError.NixflexFailure | Failure.CoreFailure

describe("Nixflex retry policies in the type system", () => {
  it("overriding a Nixflex tag compiles and keeps the policy's type", () => {
    const policy = RetryPolicy.overrideTag(NixflexRetry.defaults, "OutboundFailed", RetryPolicy.never)
    expectTypeOf(policy).toEqualTypeOf<RetryPolicy.RetryPolicy<NixflexCall>>()
  })

  it("overriding a tag that is not in the union does not compile", () => {
    // @ts-expect-error: TooManyRequests is DialNexa's tag, not Nixflex's
    RetryPolicy.overrideTag(NixflexRetry.defaults, "TooManyRequests", RetryPolicy.never)
    // @ts-expect-error: misspelt tag, data-last form
    RetryPolicy.overrideTag<NixflexCall>("RateLimitExceded", RetryPolicy.never)
  })

  it("a policy built for Nixflex rejects unknown tags in its table", () => {
    RetryPolicy.make<NixflexCall>({
      tags: {
        InvalidPhoneFormat: RetryPolicy.never,
        // @ts-expect-error: BadGateway is not a Nixflex failure
        BadGateway: RetryPolicy.never
      }
    })
  })
})
