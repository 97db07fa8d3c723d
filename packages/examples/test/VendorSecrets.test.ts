import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import type { HttpClient } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { describe, expect, layer } from "@effect/vitest"
import { Failure, Redaction } from "@faultline/core"
import { Levrage, LevrageError } from "@faultline/levrage"
import { Nixflex, NixflexError } from "@faultline/nixflex"
import { SecretLeaks } from "@faultline/testing"
import { Context, Effect, Exit, FastCheck as fc, Layer, Redacted, Schema } from "effect"

// The typed clients, with each vendor's key format, against a node:http server on 127.0.0.1 that answers in the
// vendor's own envelope and echoes the key it was sent: the key (and each half of a Nixflex key_id:key_secret)
// never shows in the failure of a read or a create (an OutcomeUnknown too, when the answer to a create is cut off),
// its exit, what the program logs of it, or any span (the method's, the attempt's, the platform's).

const chars = (alphabet: string, minLength: number, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...alphabet.split("")), minLength, maxLength })
const hex = "0123456789abcdef"
const alphanumeric = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

const vendors = {
  nixflex: {
    key: fc.tuple(chars(hex, 32, 32), chars(alphanumeric, 40, 64)).map(([id, secret]) => `nxf_${id}:nxfs_${secret}`),
    failures: Schema.Union(NixflexError.NixflexFailure, Failure.CoreFailure, Failure.OutcomeUnknown),
    // Nixflex's envelope, a documented code or an undocumented one (`echo` is the content of its JSON strings).
    body: (echo: string, _parts: ReadonlyArray<string>, known: boolean) =>
      `{"error":{"type":"authentication_error","code":"${known ? "invalid_api_key" : `key_${echo}`}",` +
      `"message":"Invalid or missing API key: ${echo}","doc_url":"https://docs.nixflex.test/errors?api_key=${echo}",` +
      `"details":{"received":"${echo}"}}}`
  },
  levrage: {
    key: chars(`${alphanumeric}_-`, 16, 48).map((token) => `lev_${token}`),
    failures: Schema.Union(LevrageError.LevrageFailure, Failure.CoreFailure, Failure.OutcomeUnknown),
    // Levrage's envelope with its request id, or FastAPI's `{detail: [...]}` naming the header and the key's parts.
    body: (echo: string, parts: ReadonlyArray<string>, known: boolean) =>
      known
        ? `{"success":false,"error":{"code":"authentication_error","message":"Invalid API key ${echo}"},` +
          `"request_id":"${echo}","timestamp":"2026-01-01T00:00:00Z"}`
        : JSON.stringify({ detail: [{ loc: ["header", "authorization", ...parts], msg: "bad key" }] }).replace(
            /"bad key"/,
            `"bad key ${echo}"`
          )
  }
} as const
type Vendor = keyof typeof vendors

const shapes = ["known", "unknown", "html", "cut", "reset"] as const

const Plan = Schema.Struct({
  vendor: Schema.Literal("nixflex", "levrage"),
  create: Schema.Boolean,
  status: Schema.Int,
  shape: Schema.Literal(...shapes),
  encoding: Schema.String,
  prefix: Schema.String,
  cutAt: Schema.Number
})
type Plan = typeof Plan.Type

const planArbitrary = (vendor: Vendor): fc.Arbitrary<Plan> =>
  fc.record({
    vendor: fc.constant(vendor),
    create: fc.boolean(),
    status: fc.constantFrom(400, 401, 403, 404, 429, 500, 502),
    shape: fc.constantFrom(...shapes),
    encoding: fc.constantFrom(...Object.keys(SecretLeaks.echoes)),
    prefix: chars(`${alphanumeric}:`, 0, 5),
    cutAt: fc.double({ min: 0, max: 0.99, noNaN: true })
  })

// Each run's plan rides in the first segment of the base URL: the server needs no state shared between runs.
const tokenOf = (plan: Plan) => Buffer.from(JSON.stringify(Plan.make(plan))).toString("base64url")

const answerFor = (plan: Plan, key: string) => {
  const echo = SecretLeaks.echoes[plan.encoding]!
  const inJson = SecretLeaks.inJsonString(echo, key, plan.prefix)
  const body =
    plan.shape === "html"
      ? `<html><body>502 Bad Gateway for ${echo.encode(key, plan.prefix)}</body></html>`
      : vendors[plan.vendor].body(inJson, key.split(/[^A-Za-z0-9]+/), plan.shape !== "unknown")
  const headers = {
    "x-request-id": echo.encode(key, plan.prefix),
    "www-authenticate": `Bearer realm="api", error="invalid_token", token="${echo.encode(key, plan.prefix)}"`,
    location: `https://api.vendor.test/v1/retry?api_key=${echo.encode(key, plan.prefix)}`,
    "content-type": plan.shape === "html" ? "text/html" : "application/json"
  }
  const sent = plan.shape === "cut" ? Math.floor(plan.cutAt * body.length) : body.length
  return { headers, body, sent }
}

class EchoServer extends Context.Tag("test/VendorEchoServer")<EchoServer, { readonly origin: string }>() {}

const echoServer = Layer.scoped(
  EchoServer,
  Effect.acquireRelease(
    Effect.async<{ readonly origin: string; readonly server: Http.Server }>((resume) => {
      const server = Http.createServer((request, response) => {
        const plan = JSON.parse(Buffer.from(request.url!.split("/")[1]!, "base64url").toString()) as Plan
        if (plan.shape === "reset") return void request.socket.destroy()
        const key = (request.headers.authorization ?? "").replace(/^Bearer /, "")
        const answer = answerFor(plan, key)
        const bytes = Buffer.from(answer.body)
        response.writeHead(plan.status, { ...answer.headers, "content-length": String(bytes.length) })
        if (answer.sent === answer.body.length) return void response.end(bytes)
        response.write(Buffer.from(answer.body.slice(0, answer.sent)), () => response.destroy())
      })
      server.listen(0, "127.0.0.1", () => {
        resume(Effect.succeed({ origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }))
      })
    }),
    ({ server }) =>
      Effect.async<void>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      })
  )
)

// One call of the plan's vendor, a read or a create, with that vendor's key: no retries, pacing or breaker, so that
// the failure is the first attempt's.
const callOf = (
  plan: Plan,
  key: string,
  baseUrl: string
): Effect.Effect<unknown, Failure.Failure, HttpClient.HttpClient> => {
  const options = { baseUrl, apiKey: Redacted.make(key), retry: false, pacing: false, circuitBreaker: false } as const
  if (plan.vendor === "nixflex") {
    return Effect.flatMap(
      Nixflex.make(options),
      (nixflex): Effect.Effect<unknown, Failure.Failure> =>
        plan.create
          ? nixflex.createOutboundCall({
              agent_id: "agent_0123456789abcdef",
              to_number: "+447386172392",
              prompt: "Confirm tomorrow at ten"
            })
          : nixflex.getCall({ call_id: "CA0123456789abcdef0123456789abcdef" })
    )
  }
  return Effect.flatMap(
    Levrage.make(options),
    (levrage): Effect.Effect<unknown, Failure.Failure> =>
      plan.create
        ? levrage.makeCall({
            agent_id: "3f1c2a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b",
            source_number: "+14155550100",
            phone_number: "+447386172392"
          })
        : levrage.getAgent({ agent_id: "3f1c2a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b" })
  )
}

layer(Layer.merge(echoServer, NodeHttpClient.layerUndici))("typed clients and secrets", (it) => {
  describe.each(["nixflex", "levrage"] as const)("%s", (vendor) => {
    it.effect.prop(
      "the key never shows in a failure, its exit, the logs or any span, whatever the server echoes",
      [vendors[vendor].key, planArbitrary(vendor)],
      ([key, plan]) =>
        Effect.gen(function* () {
          const { origin } = yield* EchoServer
          const call = callOf(plan, key, `${origin}/${tokenOf(plan)}`).pipe(
            Effect.tapErrorCause((cause) => Effect.logDebug("vendor call failed", cause)),
            Effect.tapError((failure) => Effect.logWarning(failure))
          )
          const { exit, logs, spans, texts } = yield* SecretLeaks.observe(call)
          expect(Exit.isFailure(exit)).toBe(true)
          const cause = Exit.isFailure(exit) ? exit.cause : undefined
          const failure = cause?._tag === "Fail" ? cause.error : undefined

          // The check can fail: the server sent the key back, in a form the finder sees.
          const answer = answerFor(plan, key)
          expect(SecretLeaks.findInTexts(key, Object.entries(answer.headers))).not.toEqual([])

          const leaks = SecretLeaks.find(key, failure, {
            schema: vendors[vendor].failures,
            ...(cause === undefined ? {} : { cause }),
            texts
          })
          expect(leaks.slice(0, 10).join("\n"), JSON.stringify({ key, plan })).toBe("")

          // What was searched is what a user sees: the method's span and the attempt's, a log of the failure, and
          // for a documented code the vendor's typed failure, its message kept with the key replaced.
          const method = plan.create ? (vendor === "nixflex" ? "createOutboundCall" : "makeCall") : "getCall"
          expect(spans.map((span) => span.name)).toContain(`faultline.${vendor}.attempt`)
          expect(spans.map((span) => span.name)).toContain(
            `faultline.${vendor}.${vendor === "levrage" && !plan.create ? "getAgent" : method}`
          )
          expect(logs.some((line) => line.includes(failure?._tag ?? "none"))).toBe(true)
          // A Levrage create that may have reached the vendor ends as OutcomeUnknown, keeping what the answer said.
          const said =
            failure instanceof Failure.OutcomeUnknown
              ? { _tag: failure.cause.tag, message: failure.cause.message }
              : failure
          if (plan.shape === "known") {
            expect(said?._tag).toBe(vendor === "nixflex" ? "InvalidApiKey" : "AuthenticationError")
            expect(said?.message).toContain(Redaction.placeholder)
          }
          // Reset mid-create: Nixflex's idempotency key makes it a transport fault to retry, Levrage's is unknowable.
          if (plan.shape === "reset") {
            expect(failure?._tag).toBe(plan.create && vendor === "levrage" ? "OutcomeUnknown" : "TransportError")
          }
        }),
      { fastCheck: { numRuns: 60 } }
    )
  })
})
