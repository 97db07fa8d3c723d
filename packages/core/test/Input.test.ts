import { describe, expect, it } from "@effect/vitest"
import { Failure, Input } from "@faultline/core"
import { Effect, FastCheck as fc, Schema } from "effect"

const CreateCall = Schema.Struct({
  agent_id: Schema.String,
  to_number: Input.E164,
  prompt: Input.maxLength(10),
  twilio_sid: Schema.optional(Input.TwilioAccountSid)
})

const validate = Input.validate("createOutboundCall", CreateCall)

describe("Input", () => {
  it.effect("passes valid input through, typed", () =>
    Effect.gen(function* () {
      const input = yield* validate({ agent_id: "agent_1", to_number: "+447386172392", prompt: "hi" })
      expect(input.to_number).toBe("+447386172392")
    })
  )

  it.effect("reports every invalid field with its path, as InvalidInput", () =>
    Effect.gen(function* () {
      const failure = yield* Effect.flip(
        validate({ agent_id: "a", to_number: "07386 172392", prompt: "far too long", twilio_sid: "AC123" })
      )
      expect(failure).toBeInstanceOf(Failure.InvalidInput)
      expect(failure.category).toBe("invalid_request")
      expect(failure.issues.map((issue) => issue.path)).toEqual(["to_number", "prompt", "twilio_sid"])
      expect(failure.message).toContain("createOutboundCall: to_number: must be an E.164 phone number")
    })
  )

  it.prop(
    "E.164 accepts + and 7–15 digits not starting with 0, and nothing else",
    [fc.oneof(fc.stringMatching(/^\+[1-9]\d{6,14}$/), fc.string({ maxLength: 20 }))],
    ([text]) => Schema.is(Input.E164)(text) === /^\+[1-9]\d{6,14}$/.test(text),
    { fastCheck: { numRuns: 2000 } }
  )

  it("accepts only lowercase hex Twilio SIDs", () => {
    expect(Schema.is(Input.TwilioAccountSid)(`AC${"a1".repeat(16)}`)).toBe(true)
    expect(Schema.is(Input.TwilioAccountSid)(`AC${"A1".repeat(16)}`)).toBe(false)
    expect(Schema.is(Input.TwilioAccountSid)(`AC${"a1".repeat(15)}`)).toBe(false)
  })
})
