// The README's quickstart, kept here so that the typecheck proves it compiles and a test runs it.
import { NodeHttpClient } from "@effect/platform-node"
import { Failure } from "@faultline/core"
import { Nixflex } from "@faultline/nixflex"
import { Config, Effect, Layer } from "effect"

const placeCall = Effect.gen(function* () {
  const nixflex = yield* Nixflex.Nixflex
  const call = yield* nixflex.createOutboundCall({
    agent_id: "agent_125207e452f8714a",
    to_number: "+447386172392",
    prompt: "Confirm tomorrow's appointment"
  })
  return `placed ${call.call_id}`
})

const program = placeCall.pipe(
  // One of the endpoint's own codes (a code it cannot fail with does not compile)…
  Effect.catchTag("ConcurrentCallLimit", () => Effect.succeed("too many calls in flight: try later")),
  // …input refused before anything was sent…
  Effect.catchTag("InvalidInput", (failure) => Effect.succeed(`not sent: ${failure.message}`)),
  // …or a whole category, across vendors.
  Effect.catchIf(Failure.isRateLimited, (failure) => Effect.succeed(`wait ${failure.waitHint?.millis} ms`))
)

// The key comes from NIXFLEX_API_KEY (as a Redacted); failures are retried by Nixflex's documented table (each
// Retry-After or details.retry_after honoured, one idempotency key per call); the transport is undici.
const NixflexLive = Nixflex.layerConfig({ timeout: Config.succeed("10 seconds") }).pipe(
  Layer.provide(NodeHttpClient.layerUndici)
)

export const main = program.pipe(Effect.provide(NixflexLive))
