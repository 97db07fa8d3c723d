// A consumer of the published packages, in plain node ESM: starts the simulator from the installed
// @faultline/simulator's command line; through @faultline/nixflex's raw client, sends a number that is not E.164
// and prints the tag of the failure the simulator's answer decodes to; through its typed client, places a call
// and has the same number refused before anything is sent.
import { spawn } from "node:child_process"
import { createRequire } from "node:module"
import * as Path from "node:path"
import { HttpBody } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { Failure } from "@faultline/core"
import { Nixflex, NixflexHttpClient } from "@faultline/nixflex"
import { Effect, Layer, Redacted } from "effect"

const require = createRequire(import.meta.url)
const bin = Path.join(Path.dirname(require.resolve("@faultline/simulator/package.json")), "dist", "bin.js")
const simulator = spawn(process.execPath, [bin, "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] })

const listening = await new Promise((resolve, reject) => {
  let out = ""
  simulator.stdout.on("data", (chunk) => {
    out += chunk
    const nixflex = /nixflex\s+(http:\/\/\S+)\s+key: (\S+)/.exec(out)
    if (nixflex !== null) resolve({ baseUrl: nixflex[1].replace(/\/v1$/, ""), apiKey: nixflex[2] })
  })
  simulator.on("exit", (code) => reject(new Error(`the simulator exited with ${code}: ${out}`)))
})

const call = Effect.gen(function* () {
  const nixflex = yield* NixflexHttpClient.NixflexHttpClient
  return yield* nixflex.post("/v1/calls/outbound", {
    body: HttpBody.unsafeJson({ agent_id: "agent_125207e452f8714a", to_number: "07386 172392", prompt: "Confirm" })
  })
})

const NixflexRaw = NixflexHttpClient.layer({
  baseUrl: listening.baseUrl,
  apiKey: Redacted.make(listening.apiKey)
}).pipe(Layer.provide(NodeHttpClient.layerUndici))

const typed = Effect.gen(function* () {
  const nixflex = yield* Nixflex.Nixflex
  const input = { agent_id: "agent_125207e452f8714a", to_number: "+447386172392", prompt: "Confirm" }
  const placed = yield* nixflex.createOutboundCall(input)
  const refused = yield* Effect.flip(nixflex.createOutboundCall({ ...input, to_number: "07386 172392" }))
  return `typed: placed ${placed.call_id.slice(0, 2)}…, then ${refused._tag} on ${refused.issues[0].path}`
})

const NixflexTyped = Nixflex.layer({
  baseUrl: listening.baseUrl,
  apiKey: Redacted.make(listening.apiKey)
}).pipe(Layer.provide(NodeHttpClient.layerUndici))

try {
  const failure = await Effect.runPromise(call.pipe(Effect.flip, Effect.provide(NixflexRaw)))
  console.log(`failure: ${failure._tag} (${failure.category}, a faultline failure: ${Failure.isFailure(failure)})`)
  console.log(await Effect.runPromise(typed.pipe(Effect.provide(NixflexTyped))))
} finally {
  simulator.kill()
}
