import type { Failure } from "@faultline/core"
import type { Levrage, LevrageError, LevrageModels } from "@faultline/levrage"
import { Effect, type Stream } from "effect"
import { describe, expectTypeOf, it } from "vitest"

declare const levrage: Levrage.Service

type Common =
  | LevrageError.AuthenticationError
  | LevrageError.Forbidden
  | LevrageError.RateLimited
  | LevrageError.InternalError
  | LevrageError.BadGateway
  | LevrageError.ServiceUnavailable
  | LevrageError.GatewayTimeout
  | LevrageError.LevrageUnknownError
  | Failure.CoreFailure

type Invalid = LevrageError.ValidationError | LevrageError.BadRequest | LevrageError.UnprocessableEntity

const recover = () => Effect.succeed("handled")

describe("Levrage client methods", () => {
  it("makeCall fails with its documented failures, OutcomeUnknown (no idempotency keys), and every call's", () => {
    const call = levrage.makeCall({
      agent_id: "6f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e5",
      source_number: "+919876543210",
      phone_number: "+447386172392"
    })
    expectTypeOf(call).toEqualTypeOf<
      Effect.Effect<
        LevrageModels.Call,
        Invalid | LevrageError.NotFound | LevrageError.QuotaExceeded | Failure.OutcomeUnknown | Common
      >
    >()
  })

  it("catchTags over a method's failures leaves never; a tag it cannot produce does not compile", () => {
    const handled = levrage.getAgent({ agent_id: "6f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e5" }).pipe(
      Effect.catchTags({
        NotFound: recover,
        ValidationError: recover,
        BadRequest: recover,
        UnprocessableEntity: recover,
        AuthenticationError: recover,
        Forbidden: recover,
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
    expectTypeOf(handled).toEqualTypeOf<Effect.Effect<string | LevrageModels.Agent, never>>()
    levrage.getAgent({ agent_id: "6f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e5" }).pipe(
      // @ts-expect-error QuotaExceeded is not a failure of getAgent
      Effect.catchTag("QuotaExceeded", recover)
    )
  })

  it("a list is a stream of its items", () => {
    expectTypeOf(levrage.listCampaigns()).toEqualTypeOf<Stream.Stream<LevrageModels.Campaign, Invalid | Common>>()
  })
})
