import { NodeHttpClient } from "@effect/platform-node"
import { DialNexa } from "@faultline/dialnexa"
import { Config, Effect, Layer } from "effect"

// DialNexa takes no idempotency key: when `createCall` fails after the request may have reached DialNexa, the
// failure is `OutcomeUnknown`, and the call may or may not exist. Look before placing it again.
export const placeCall = (toNumber: string) =>
  Effect.gen(function* () {
    const dialnexa = yield* DialNexa.DialNexa
    const call = yield* dialnexa.createCall({ agent_id: "agt_demo0001", to_phone_number: toNumber })
    return `placed ${call.callId}`
  }).pipe(
    Effect.catchTags({
      OutcomeUnknown: (failure) =>
        Effect.succeed(`maybe placed (sent at ${new Date(failure.sentAt).toISOString()}): ${failure.cause.tag}`),
      Conflict: () => Effect.succeed("at the workspace's concurrency limit: try later"),
      BadRequest: (failure) => Effect.succeed(`DialNexa refused: ${failure.messages.join("; ")}`),
      InvalidInput: (failure) => Effect.succeed(`not sent: ${failure.message}`)
    }),
    Effect.catchAll((failure) => Effect.succeed(`${failure._tag} (${failure.category})`))
  )

// The key from DIALNEXA_API_KEY and the base URL from DIALNEXA_BASE_URL (optional); DialNexa's retry table.
export const DialNexaLive = DialNexa.layerConfig({ timeout: Config.succeed("10 seconds") }).pipe(
  Layer.provide(NodeHttpClient.layerUndici)
)
