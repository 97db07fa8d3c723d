import type { Failure } from "@faultline/core"
import type { Nixflex, NixflexError } from "@faultline/nixflex"
import { Effect, type Stream } from "effect"
import { describe, expectTypeOf, it } from "vitest"

declare const nixflex: Nixflex.Service

type Common =
  | NixflexError.InvalidApiKey
  | NixflexError.KeySecretRequired
  | NixflexError.RateLimitExceeded
  | NixflexError.NixflexUnknownError
  | Failure.CoreFailure

const recover = () => Effect.succeed("handled")

describe("Nixflex client methods", () => {
  it("createOutboundCall fails with exactly its documented failures, those of every call, and the core ones", () => {
    const call = nixflex.createOutboundCall({
      agent_id: "agent_125207e452f8714a",
      to_number: "+447386172392",
      prompt: "Hi"
    })
    expectTypeOf(call).toEqualTypeOf<
      Effect.Effect<
        import("@faultline/nixflex").NixflexModels.OutboundCall,
        | NixflexError.InvalidRequest
        | NixflexError.InvalidPhoneFormat
        | NixflexError.AgentNoPhone
        | NixflexError.AgentNotFound
        | NixflexError.AgentNotOwned
        | NixflexError.FromNumberNotOwned
        | NixflexError.OutboundFailed
        | NixflexError.ConcurrentCallLimit
        | NixflexError.CampaignNotFound
        | Common
      >
    >()
  })

  it("catchTags over a method's failures leaves never; a tag it cannot produce does not compile", () => {
    const handled = nixflex.getCall({ call_id: "CA1" }).pipe(
      Effect.catchTags({
        CallNotFound: recover,
        InvalidApiKey: recover,
        KeySecretRequired: recover,
        RateLimitExceeded: recover,
        NixflexUnknownError: recover,
        TransportError: recover,
        AttemptTimeout: recover,
        HeldPastDeadline: recover,
        UnexpectedBody: recover,
        InvalidInput: recover
      })
    )
    expectTypeOf(handled).toEqualTypeOf<
      Effect.Effect<string | import("@faultline/nixflex").NixflexModels.Call, never>
    >()
    nixflex.getCall({ call_id: "CA1" }).pipe(
      // @ts-expect-error MessageTooLong is not a failure of getCall
      Effect.catchTag("MessageTooLong", recover)
    )
  })

  it("a list is a stream of its items", () => {
    expectTypeOf(nixflex.listCalls()).toMatchTypeOf<
      Stream.Stream<import("@faultline/nixflex").NixflexModels.CallSummary, NixflexError.InvalidRequest | Common>
    >()
  })
})
