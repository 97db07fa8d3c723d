import { NodeHttpClient } from "@effect/platform-node"
import { Levrage } from "@faultline/levrage"
import { Config, Effect, Layer, Stream } from "effect"

// Each call spends a credit, and Levrage takes no idempotency key: a `makeCall` that may have reached Levrage
// fails with `OutcomeUnknown` rather than being sent twice.
export const placeCall = (toNumber: string) =>
  Effect.gen(function* () {
    const levrage = yield* Levrage.Levrage
    const call = yield* levrage.makeCall({
      agent_id: "6f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e5",
      source_number: "+919876543210",
      phone_number: toNumber
    })
    return `placed ${call.call_id ?? "(no id yet)"}`
  }).pipe(
    Effect.catchTags({
      QuotaExceeded: () => Effect.succeed("out of credits"),
      OutcomeUnknown: (failure) => Effect.succeed(`maybe placed: ${failure.cause.message}`),
      InvalidInput: (failure) => Effect.succeed(`not sent: ${failure.message}`)
    }),
    Effect.catchAll((failure) => Effect.succeed(`${failure._tag} (${failure.category})`))
  )

// Lists are streams, read page by page (page/page_size) as far as the program reads them.
export const recentOutboundCalls = Effect.flatMap(Levrage.Levrage, (levrage) =>
  Stream.runCollect(levrage.listCalls({ direction: "outbound" }, { max: 50 }))
)

// The key from LEVRAGE_API_KEY and the base URL from LEVRAGE_BASE_URL (optional); Levrage's retry table.
export const LevrageLive = Levrage.layerConfig({ timeout: Config.succeed("10 seconds") }).pipe(
  Layer.provide(NodeHttpClient.layerUndici)
)
