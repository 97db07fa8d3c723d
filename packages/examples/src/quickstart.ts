// The README's quickstart, kept here so that the typecheck proves it compiles.
import { HttpBody } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { Failure } from "@faultline/core"
import { NixflexHttpClient, NixflexRetry } from "@faultline/nixflex"
import { Config, Effect, Layer } from "effect"

const createCall = Effect.gen(function* () {
  const nixflex = yield* NixflexHttpClient.NixflexHttpClient
  const response = yield* nixflex.post("/v1/calls/outbound", {
    body: HttpBody.unsafeJson({ agent_id: "agent_125207e452f8714a", to_number: "+447386172392", prompt: "Confirm" })
  })
  return response.status
})

const program = createCall.pipe(
  // One code…
  Effect.catchTag("InvalidPhoneFormat", (failure) => Effect.succeed(`fix the number: ${failure.message}`)),
  // …or a whole category, across vendors.
  Effect.catchIf(Failure.isRateLimited, (failure) => Effect.succeed(`wait ${failure.waitHint?.millis} ms`))
)

// The key comes from NIXFLEX_API_KEY (as a Redacted); failures are retried by Nixflex's documented table (each
// Retry-After or details.retry_after honoured, one idempotency key per call); the transport is undici.
const NixflexLive = NixflexHttpClient.layerConfig({
  apiKey: Config.redacted("NIXFLEX_API_KEY"),
  timeout: Config.succeed("10 seconds"),
  retry: Config.succeed(NixflexRetry.defaults)
}).pipe(Layer.provide(NodeHttpClient.layerUndici))

export const main = program.pipe(Effect.provide(NixflexLive))
