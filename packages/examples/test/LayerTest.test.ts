import { assert, describe, expect, it } from "@effect/vitest"
import { Failure } from "@faultline/core"
import { Nixflex, NixflexError, NixflexModels } from "@faultline/nixflex"
import { Cause, Chunk, Effect, Exit, Option, Stream } from "effect"

// A service as a user writes one over the Nixflex client: call, and text instead when Nixflex is at its call
// limit. Its tests swap the client for `Nixflex.layerTest`, with no HTTP and no simulator.
const remind = (to: string) =>
  Effect.gen(function* () {
    const nixflex = yield* Nixflex.Nixflex
    return yield* nixflex
      .createOutboundCall({ agent_id: "agent_125207e452f8714a", to_number: to, prompt: "Remind" })
      .pipe(
        Effect.map((call) => `called (${call.call_id})`),
        Effect.catchTag("ConcurrentCallLimit", () =>
          Effect.map(
            nixflex.sendSms({
              agent_id: "agent_125207e452f8714a",
              to,
              from_number: "+14155550123",
              message: "Reminder"
            }),
            (sms) => `texted (${sms.status})`
          )
        )
      )
  })

const busy = new NixflexError.ConcurrentCallLimit({ status: 429, message: "Too many calls", type: "rate_limit_error" })

describe("Nixflex.layerTest", () => {
  it.effect("answers each method with its value, its failure, or a function of the input", () =>
    Effect.gen(function* () {
      const placed = yield* remind("+447386172392").pipe(
        Effect.provide(
          Nixflex.layerTest({
            createOutboundCall: (input) => new NixflexModels.OutboundCall({ call_id: `CA${input.to_number.slice(-4)}` })
          })
        )
      )
      expect(placed).toBe("called (CA2392)")
      const texted = yield* remind("+447386172392").pipe(
        Effect.provide(
          Nixflex.layerTest({
            createOutboundCall: Effect.fail(busy),
            sendSms: new NixflexModels.SmsSent({ status: "sent" })
          })
        )
      )
      expect(texted).toBe("texted (sent)")
    })
  )

  it.effect("checks the input as the real client does: a bad number never reaches the handler", () =>
    Effect.gen(function* () {
      let handled = 0
      const failure = yield* Effect.flip(
        remind("07386 172392").pipe(
          Effect.provide(
            Nixflex.layerTest({
              createOutboundCall: () => {
                handled++
                return new NixflexModels.OutboundCall({ call_id: "CA1" })
              }
            })
          )
        )
      )
      assert(failure instanceof Failure.InvalidInput, failure._tag)
      expect(failure.issues.map((issue) => issue.path)).toEqual(["to_number"])
      expect(handled).toBe(0)
    })
  )

  it.effect("a failure the handler gives passes through untouched, typed as the method's", () =>
    Effect.gen(function* () {
      const unsubscribed = new NixflexError.RecipientUnsubscribed({
        status: 400,
        message: "Recipient has opted out",
        type: "invalid_request"
      })
      const failure = yield* Effect.flip(
        remind("+447386172392").pipe(
          Effect.provide(
            Nixflex.layerTest({ createOutboundCall: Effect.fail(busy), sendSms: Effect.fail(unsubscribed) })
          )
        )
      )
      expect(failure).toBe(unsubscribed)
    })
  )

  it.effect("a list answers with the items given, capped by max as the real client caps them", () =>
    Effect.gen(function* () {
      const calls = [1, 2, 3, 4].map((n) => new NixflexModels.CallSummary({ call_id: `CA${n}` }))
      const listed = yield* Effect.flatMap(Nixflex.Nixflex, (nixflex) =>
        Stream.runCollect(nixflex.listCalls({ direction: "outbound" }, { max: 3 }))
      ).pipe(Effect.provide(Nixflex.layerTest({ listCalls: calls })))
      expect(Chunk.toReadonlyArray(listed).map((call) => call.call_id)).toEqual(["CA1", "CA2", "CA3"])
    })
  )

  it.effect("a method without a handler is a defect naming it, so a test cannot pass by calling the wrong one", () =>
    Effect.gen(function* () {
      const exit = yield* Effect.exit(remind("+447386172392").pipe(Effect.provide(Nixflex.layerTest({}))))
      assert(Exit.isFailure(exit))
      const defect = Option.getOrThrow(Cause.dieOption(exit.cause))
      expect(String(defect)).toContain("nixflex.layerTest: no handler for createOutboundCall")
    })
  )
})
