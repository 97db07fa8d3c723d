import { describe, expect, it } from "@effect/vitest"
import { Failure, Input } from "@faultline/core"
import { Effect, FastCheck as fc, Schema } from "effect"

const CreateCall = Schema.Struct({
  agent_id: Schema.String,
  to_number: Input.E164,
  prompt: Input.maxLength(10),
  recipients: Schema.optional(Input.maxItems(Input.E164, 2))
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
        validate({
          agent_id: 1,
          to_number: "07386 172392",
          prompt: "far too long",
          recipients: ["+447386172392", "x", "y"]
        })
      )
      expect(failure).toBeInstanceOf(Failure.InvalidInput)
      expect(failure.category).toBe("invalid_request")
      // Each issue names the field and the rule it breaks.
      expect(failure.issues.map((issue) => [issue.path, issue.rule])).toEqual([
        ["agent_id", "string"],
        ["to_number", "E.164"],
        ["prompt", "at most 10 characters"],
        ["recipients.1", "E.164"],
        ["recipients.2", "E.164"],
        ["recipients", "at most 2 items"]
      ])
      expect(failure.message).toContain("; to_number: must be an E.164 phone number")
    })
  )

  it.prop(
    "E.164 accepts + and 7–15 digits not starting with 0, and nothing else",
    [fc.oneof(fc.stringMatching(/^\+[1-9]\d{6,14}$/), fc.string({ maxLength: 20 }))],
    ([text]) => Schema.is(Input.E164)(text) === /^\+[1-9]\d{6,14}$/.test(text),
    { fastCheck: { numRuns: 2000 } }
  )

  it.effect("a missing field names the field and the rule 'required'", () =>
    Effect.gen(function* () {
      const failure = yield* Effect.flip(validate({ agent_id: "a", prompt: "hi" }))
      expect(failure.issues.map((issue) => [issue.path, issue.rule, issue.message])).toEqual([
        ["to_number", "required", "is required"]
      ])
    })
  )
})
