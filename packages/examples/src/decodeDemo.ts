/**
 * `pnpm demo:decode`: starts a local server that answers with every documented example error response of DialNexa,
 * Levrage and Nixflex (and the faults proxies add), calls each one through the vendor's typed client layer over
 * undici, and prints what it decoded to: tag, category, status and message. Exits 0 when every response decoded
 * to the tag the vendor's docs call for, 1 otherwise.
 */
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import type { HttpClient } from "@effect/platform"
import { NodeHttpClient, NodeRuntime } from "@effect/platform-node"
import type { Failure } from "@faultline/core"
import { DialNexaHttpClient } from "@faultline/dialnexa"
import { LevrageHttpClient } from "@faultline/levrage"
import { NixflexHttpClient } from "@faultline/nixflex"
import { Console, Effect, Layer, Redacted } from "effect"
import * as ExampleServer from "./ExampleServer.js"

const apiKey = Redacted.make("nxf_0123456789abcdef0123456789abcdef:nxfs_demo-secret-never-printed")

// Pacing and the outage breaker off: each documented example is a response on its own, and a documented 429 or a
// run of 5xx must not hold the next example's request, as they rightly would with the real vendor.
const independent = { pacing: false, circuitBreaker: false } as const

const clients = (baseUrl: string) =>
  Layer.mergeAll(
    DialNexaHttpClient.layer({ baseUrl, apiKey, ...independent }),
    LevrageHttpClient.layer({ baseUrl, apiKey, ...independent }),
    NixflexHttpClient.layer({ baseUrl, apiKey, bodyLimit: 256 * 1024, timeout: "500 millis", ...independent })
  ).pipe(Layer.provide(NodeHttpClient.layerUndici))

// What each fault no vendor documents comes out as, through the Nixflex client.
const faultTags: Record<ExampleServer.Fault, string> = {
  "html-502": "UnexpectedBody",
  "empty-500": "UnexpectedBody",
  truncated: "UnexpectedBody",
  huge: "UnexpectedBody",
  reset: "TransportError",
  hang: "AttemptTimeout",
  echo: "(success)",
  problem: "UnexpectedBody"
}

const clientOf = (vendor: ExampleServer.Vendor) =>
  vendor === "dialnexa"
    ? DialNexaHttpClient.DialNexaHttpClient
    : vendor === "levrage"
      ? LevrageHttpClient.LevrageHttpClient
      : NixflexHttpClient.NixflexHttpClient

const outcomeOf = (client: HttpClient.HttpClient.With<Failure.Failure & { readonly status?: number }>, path: string) =>
  client.get(path).pipe(
    Effect.match({
      onFailure: (failure) => ({
        tag: failure._tag,
        category: failure.category,
        status: "status" in failure && typeof failure.status === "number" ? String(failure.status) : "-",
        message: failure.message
      }),
      onSuccess: (response) => ({ tag: "(success)", category: "-", status: String(response.status), message: "" })
    })
  )

const row = (cells: ReadonlyArray<string>, widths: ReadonlyArray<number>) =>
  cells
    .map((cell, i) => cell.padEnd(widths[i] ?? 0))
    .join("  ")
    .trimEnd()

const widths = [9, 26, 16, 6, 3]

/**
 * The demo, as an effect: fails when a documented example decodes to another tag than its documented one.
 *
 * @since 0.1.0
 */
export const program = Effect.gen(function* () {
  const baseUrl = yield* ExampleServer.start
  yield* Console.log(`faultline demo: documented error responses served from ${baseUrl}\n`)
  yield* Console.log(row(["vendor", "tag", "category", "status", "ok", "message"], [...widths, 0]))
  let mismatches = 0

  yield* Effect.gen(function* () {
    for (const vendor of Object.keys(ExampleServer.vendors) as Array<ExampleServer.Vendor>) {
      const client = yield* clientOf(vendor)
      for (const [index, example] of ExampleServer.vendors[vendor].entries()) {
        const outcome = yield* outcomeOf(client, `/examples/${vendor}/${index}`)
        const ok = outcome.tag === example.expectedTag && outcome.category === example.expectedCategory
        if (!ok) mismatches++
        yield* Console.log(
          row(
            [vendor, outcome.tag, outcome.category, outcome.status, ok ? "yes" : "NO", outcome.message.slice(0, 70)],
            [...widths, 0]
          )
        )
      }
    }
    yield* Console.log(
      "\nFaults no vendor documents, through the Nixflex client (body limit 256 KiB, timeout 500 ms):\n"
    )
    const nixflex = yield* NixflexHttpClient.NixflexHttpClient
    for (const fault of ExampleServer.faults) {
      const outcome = yield* outcomeOf(nixflex, `/faults/${fault}`)
      const ok = outcome.tag === faultTags[fault]
      if (!ok) mismatches++
      yield* Console.log(
        row(
          [fault, outcome.tag, outcome.category, outcome.status, ok ? "yes" : "NO", outcome.message.slice(0, 90)],
          [...widths, 0]
        )
      )
    }
  }).pipe(Effect.provide(clients(baseUrl)))

  yield* Console.log(
    mismatches === 0
      ? "\nEvery documented example decoded to its documented tag, and every fault to its typed failure."
      : `\n${mismatches} mismatches`
  )
  if (mismatches > 0) return yield* Effect.die(`${mismatches} examples or faults decoded to the wrong tag`)
}).pipe(Effect.scoped)

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === Path.resolve(process.argv[1])) {
  NodeRuntime.runMain(program, { disableErrorReporting: false })
}
