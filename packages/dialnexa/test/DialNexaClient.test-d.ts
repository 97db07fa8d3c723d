import type { Failure } from "@faultline/core"
import type { DialNexa, DialNexaError, DialNexaModels } from "@faultline/dialnexa"
import { Effect, type Stream } from "effect"
import { describe, expectTypeOf, it } from "vitest"

declare const dialnexa: DialNexa.Service

type Common =
  | DialNexaError.Unauthorized
  | DialNexaError.Forbidden
  | DialNexaError.TooManyRequests
  | DialNexaError.InternalServerError
  | DialNexaError.BadGateway
  | DialNexaError.ServiceUnavailable
  | DialNexaError.GatewayTimeout
  | DialNexaError.DialNexaUnknownError
  | Failure.CoreFailure

const recover = () => Effect.succeed("handled")

describe("DialNexa client methods", () => {
  it("createCall fails with its documented failures, OutcomeUnknown (no idempotency keys), and every call's", () => {
    const call = dialnexa.createCall({ agent_id: "agt_demo0001", to_phone_number: "+447386172392" })
    expectTypeOf(call).toEqualTypeOf<
      Effect.Effect<
        DialNexaModels.CreatedCall,
        | DialNexaError.BadRequest
        | DialNexaError.NotFound
        | DialNexaError.Conflict
        | DialNexaError.UnprocessableEntity
        | Failure.OutcomeUnknown
        | Common
      >
    >()
  })

  it("catchTags over a method's failures leaves never; a tag it cannot produce does not compile", () => {
    const handled = dialnexa.getCampaign({ campaign_id: "cmp_1" }).pipe(
      Effect.catchTags({
        NotFound: recover,
        Unauthorized: recover,
        Forbidden: recover,
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
    expectTypeOf(handled).toEqualTypeOf<Effect.Effect<string | DialNexaModels.Campaign, never>>()
    dialnexa.getCampaign({ campaign_id: "cmp_1" }).pipe(
      // @ts-expect-error a read cannot have an unknown outcome
      Effect.catchTag("OutcomeUnknown", recover)
    )
    dialnexa.getAgent({ agent_id: "agt_demo0001" }).pipe(
      // @ts-expect-error Conflict is not a failure of getAgent
      Effect.catchTag("Conflict", recover)
    )
  })

  it("a list is a stream of its items; input with a documented format is checked, not assumed", () => {
    expectTypeOf(dialnexa.listCallLogs()).toEqualTypeOf<
      Stream.Stream<DialNexaModels.CallLog, DialNexaError.BadRequest | Common>
    >()
    // @ts-expect-error to_phone_number is required
    dialnexa.createCall({ agent_id: "agt_demo0001" })
  })
})
