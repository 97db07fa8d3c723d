// A consumer of the published packages, in plain node ESM: starts the simulator from the installed
// @faultline/simulator's command line, makes a typed call through @faultline/nixflex with a number that is not
// E.164, and prints the tag of the failure the simulator's answer decodes to.
import { spawn } from "node:child_process"
import { createRequire } from "node:module"
import * as Path from "node:path"
import { HttpBody } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { Failure } from "@faultline/core"
import { NixflexHttpClient } from "@faultline/nixflex"
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

const Nixflex = NixflexHttpClient.layer({
  baseUrl: listening.baseUrl,
  apiKey: Redacted.make(listening.apiKey)
}).pipe(Layer.provide(NodeHttpClient.layerUndici))

try {
  const failure = await Effect.runPromise(call.pipe(Effect.flip, Effect.provide(Nixflex)))
  console.log(`failure: ${failure._tag} (${failure.category}, a faultline failure: ${Failure.isFailure(failure)})`)
} finally {
  simulator.kill()
}
