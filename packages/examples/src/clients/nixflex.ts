import { NodeHttpClient } from "@effect/platform-node"
import { Nixflex } from "@faultline/nixflex"
import { Config, Effect, Layer } from "effect"

// The error type of `createOutboundCall` is the failures Nixflex documents for it, those every call can have and
// the core ones: `catchTags` takes any of them (and rejects a tag the endpoint cannot fail with), and what is left
// is handled by category.
export const placeCall = (toNumber: string) =>
  Effect.gen(function* () {
    const nixflex = yield* Nixflex.Nixflex
    const call = yield* nixflex.createOutboundCall({
      agent_id: "agent_125207e452f8714a",
      to_number: toNumber,
      prompt: "Confirm tomorrow's appointment"
    })
    return `placed ${call.call_id}`
  }).pipe(
    Effect.catchTags({
      InvalidInput: (failure) => Effect.succeed(`not sent: ${failure.issues.map((issue) => issue.path).join(", ")}`),
      InvalidPhoneFormat: (failure) => Effect.succeed(`Nixflex refused the number: ${failure.message}`),
      ConcurrentCallLimit: () => Effect.succeed("too many calls in flight: try later")
    }),
    // Every other failure: the same key was kept across retries and is on the failure, for trying again later.
    Effect.catchAll((failure) =>
      Effect.succeed(`${failure._tag} (${failure.category}), idempotency key ${failure.idempotencyKey ?? "none"}`)
    )
  )

// The key from NIXFLEX_API_KEY and the base URL from NIXFLEX_BASE_URL (optional); Nixflex's retry table.
export const NixflexLive = Nixflex.layerConfig({ timeout: Config.succeed("10 seconds") }).pipe(
  Layer.provide(NodeHttpClient.layerUndici)
)
