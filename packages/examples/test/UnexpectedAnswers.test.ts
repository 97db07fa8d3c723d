import { HttpClient } from "@effect/platform"
import { assert, describe, expect, it } from "@effect/vitest"
import { Failure } from "@faultline/core"
import { DialNexa, DialNexaEndpoints } from "@faultline/dialnexa"
import { Levrage, LevrageEndpoints } from "@faultline/levrage"
import { Nixflex, NixflexEndpoints, NixflexError } from "@faultline/nixflex"
import { ScriptedHttpClient, Step } from "@faultline/testing"
import { Effect, Redacted, Stream } from "effect"

// A code an endpoint does not declare keeps the method's type true; a success answer that does not match the endpoint's schema is a typed failure the caller can handle, never a
// defect; on a create that takes no idempotency key, the create may have happened, and the failure says so.

const options = {
  apiKey: Redacted.make("test-key-0123456789"),
  retry: false,
  pacing: false,
  circuitBreaker: false
} as const

const over = <A, E, R>(script: ScriptedHttpClient.ScriptedHttpClient.Service, effect: Effect.Effect<A, E, R>) =>
  Effect.provideService(effect, HttpClient.HttpClient, script.client)

describe("a failure the endpoint does not document", () => {
  it.effect("arrives as the vendor's unknown failure, with its code, status, message and category", () =>
    Effect.gen(function* () {
      const script = yield* ScriptedHttpClient.make(
        {
          "GET /v1/calls/:call_id": [
            Step.json(400, {
              error: { type: "invalid_request", code: "message_too_long", message: "Message exceeds 1600 characters" }
            })
          ]
        },
        { api: NixflexEndpoints.endpoints }
      )
      const nixflex = yield* over(script, Nixflex.make(options))
      const failure = yield* Effect.flip(nixflex.getCall({ call_id: "CA1234" }))
      assert(failure instanceof NixflexError.NixflexUnknownError, failure._tag)
      expect([failure.code, failure.status, failure.category, failure.message]).toEqual([
        "message_too_long",
        400,
        "invalid_request",
        "Message exceeds 1600 characters"
      ])
    })
  )
})

describe("an answer that does not match its schema", () => {
  it.effect("Nixflex: a 201 without call_id is UnexpectedBody (Malformed), with the call's idempotency key", () =>
    Effect.gen(function* () {
      const script = yield* ScriptedHttpClient.make(
        { "POST /v1/calls/outbound": [Step.json(201, { status: "queued" })] },
        { api: NixflexEndpoints.endpoints }
      )
      const nixflex = yield* over(script, Nixflex.make(options))
      const failure = yield* Effect.flip(
        nixflex.createOutboundCall({ agent_id: "agent_125207e452f8714a", to_number: "+447386172392", prompt: "Hi" })
      )
      assert(failure instanceof Failure.UnexpectedBody, failure._tag)
      expect(failure.reason).toBe("Malformed")
      const [request] = yield* script.requests
      expect(failure.idempotencyKey).toBe(request?.headers["idempotency-key"])
      // The key is added to a copy of the failure: nothing else of it is lost, its message included.
      expect(failure.message).toContain("call_id")
    })
  )

  it.effect("Levrage: a page without has_more is UnexpectedBody, from the stream", () =>
    Effect.gen(function* () {
      const script = yield* ScriptedHttpClient.make(
        { "GET /v1/agents": [Step.json(200, { data: [] })] },
        { api: LevrageEndpoints.endpoints }
      )
      const levrage = yield* over(script, Levrage.make(options))
      const failure = yield* Effect.flip(Stream.runDrain(levrage.listAgents()))
      assert(failure instanceof Failure.UnexpectedBody, failure._tag)
      expect(failure.reason).toBe("Malformed")
    })
  )

  it.effect("DialNexa: a create answered 201 with a body that is not its answer is OutcomeUnknown", () =>
    Effect.gen(function* () {
      const script = yield* ScriptedHttpClient.make(
        { "POST /v1/campaigns": [Step.json(201, { id: 42 })] },
        { api: DialNexaEndpoints.endpoints }
      )
      const dialnexa = yield* over(script, DialNexa.make(options))
      const failure = yield* Effect.flip(
        dialnexa.createCampaign({
          name: "Renewals",
          agent_id: "agt_demo0001",
          from_phone_number: "+14155550100",
          max_concurrent_calls: 2,
          retry_config: { max_retries: 1, retry_interval_minutes: 30 }
        })
      )
      assert(failure instanceof Failure.OutcomeUnknown, failure._tag)
      expect([failure.cause.tag, failure.cause.status]).toEqual(["UnexpectedBody", 201])
      expect(failure.operation).toBe("POST /v1/campaigns")
    })
  )
})
