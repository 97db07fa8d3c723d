import type { Failure } from "@faultline/core"
import type { NixflexError } from "@faultline/nixflex"
import { Effect, Match } from "effect"
import { describe, expectTypeOf, it } from "vitest"

type Call = Effect.Effect<string, NixflexError.NixflexFailure | Failure.CoreFailure>
declare const call: Call

const recover = () => Effect.succeed("handled")

describe("Nixflex failures in the type system", () => {
  it("catchTags over every tag leaves never in the error channel", () => {
    const handled = call.pipe(
      Effect.catchTags({
        InvalidApiKey: recover,
        KeySecretRequired: recover,
        AgentNotFound: recover,
        AgentNotOwned: recover,
        PromptTooLong: recover,
        InvalidVoiceId: recover,
        InvalidLanguage: recover,
        InvalidRequest: recover,
        MissingField: recover,
        InvalidPhoneFormat: recover,
        InvalidTwilioSid: recover,
        NumberNotInTwilio: recover,
        TwilioInvalidCredentials: recover,
        TwilioAuthFailed: recover,
        NumberAlreadyImported: recover,
        AgentNoPhone: recover,
        FromNumberNotOwned: recover,
        OutboundFailed: recover,
        ConcurrentCallLimit: recover,
        RateLimitExceeded: recover,
        CallNotFound: recover,
        TooManyRecipients: recover,
        InvalidSchedule: recover,
        CampaignNotFound: recover,
        CampaignAlreadyCompleted: recover,
        CampaignNoRecipients: recover,
        MessageTooLong: recover,
        SmsNotSupportedInRegion: recover,
        RecipientUnsubscribed: recover,
        NixflexUnknownError: recover,
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
      Effect.catchTag("RateLimitExceeded", (failure) => {
        expectTypeOf(failure).toEqualTypeOf<NixflexError.RateLimitExceeded>()
        expectTypeOf(failure.code).toEqualTypeOf<"rate_limit_exceeded">()
        expectTypeOf(failure.category).toEqualTypeOf<"rate_limited">()
        return recover()
      })
    )
  })

  it("one handled tag leaves the rest", () => {
    const handled = call.pipe(Effect.catchTag("InvalidPhoneFormat", recover))
    expectTypeOf(handled).toEqualTypeOf<
      Effect.Effect<string, Exclude<NixflexError.NixflexFailure | Failure.CoreFailure, NixflexError.InvalidPhoneFormat>>
    >()
  })

  it("a tag that is not in the union is rejected", () => {
    // @ts-expect-error: "BadRequest" is DialNexa's, not a Nixflex failure
    call.pipe(Effect.catchTag("BadRequest", recover))
    // @ts-expect-error: misspelt tag
    call.pipe(Effect.catchTags({ InvalidPhoneFormats: recover }))
  })

  it("Match.exhaustive over every Nixflex tag compiles; with one tag missing it does not", () => {
    const handlers = {
      InvalidApiKey: () => "key",
      KeySecretRequired: () => "key",
      AgentNotFound: () => "agent",
      AgentNotOwned: () => "agent",
      PromptTooLong: () => "input",
      InvalidVoiceId: () => "input",
      InvalidLanguage: () => "input",
      InvalidRequest: () => "input",
      MissingField: () => "input",
      InvalidPhoneFormat: () => "input",
      InvalidTwilioSid: () => "input",
      NumberNotInTwilio: () => "twilio",
      TwilioInvalidCredentials: () => "twilio",
      TwilioAuthFailed: () => "twilio",
      NumberAlreadyImported: () => "conflict",
      AgentNoPhone: () => "input",
      FromNumberNotOwned: () => "forbidden",
      OutboundFailed: () => "upstream",
      ConcurrentCallLimit: () => "slow down",
      RateLimitExceeded: () => "slow down",
      CallNotFound: () => "call",
      TooManyRecipients: () => "input",
      InvalidSchedule: () => "input",
      CampaignNotFound: () => "campaign",
      CampaignAlreadyCompleted: () => "campaign",
      CampaignNoRecipients: () => "campaign",
      MessageTooLong: () => "sms",
      SmsNotSupportedInRegion: () => "sms",
      RecipientUnsubscribed: () => "sms",
      NixflexUnknownError: () => "unknown"
    }
    const all = Match.type<NixflexError.NixflexFailure>().pipe(Match.tagsExhaustive(handlers))
    expectTypeOf(all).returns.toEqualTypeOf<string>()

    const { RecipientUnsubscribed: _, ...allButOne } = handlers
    // @ts-expect-error: RecipientUnsubscribed is not handled
    Match.type<NixflexError.NixflexFailure>().pipe(Match.tagsExhaustive(allButOne))
    Match.type<NixflexError.NixflexFailure>().pipe(
      Match.tags(allButOne),
      // @ts-expect-error: RecipientUnsubscribed is not handled
      Match.exhaustive
    )
  })
})
