import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import { HttpClient } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { describe, expect, layer } from "@effect/vitest"
import { ApiClient, Category, Dialect, Failure, Redaction } from "@faultline/core"
import { SecretLeaks } from "@faultline/testing"
import { Context, Effect, Exit, FastCheck as fc, Layer, Redacted, Schema } from "effect"

// Secrets everywhere: over random keys and random ways a server echoes them back, a call through ApiClient over
// real HTTP (a node:http server on 127.0.0.1) never shows the key, or either half of an id:secret pair, in its
// failure (fields, message, String(), JSON, the failure encoded with its schema), in the Cause.pretty of its exit,
// in anything logged about it at any level, or in any span, faultline's or the platform's.

// -- A vendor-like dialect: `{ error: { code, message, details?, doc_url? } }`, two known codes and an unknown. --

const envelopeFields = {
  ...Failure.vendorFields,
  docUrl: Schema.optional(Schema.String),
  details: Schema.optional(Schema.Unknown)
}

class KeyRejected extends Schema.TaggedError<KeyRejected>()("KeyRejected", {
  ...envelopeFields,
  category: Category.field("unauthorized")
}) {}

class SlowDown extends Schema.TaggedError<SlowDown>()("SlowDown", {
  ...envelopeFields,
  category: Category.field("rate_limited")
}) {}

class EchoUnknown extends Schema.TaggedError<EchoUnknown>()("EchoUnknown", {
  ...Failure.unknownFields,
  docUrl: Schema.optional(Schema.String),
  details: Schema.optional(Schema.Unknown)
}) {}

const EchoFailure = Schema.Union(KeyRejected, SlowDown, EchoUnknown)
type EchoFailure = typeof EchoFailure.Type

// What a call through the client can fail with, as a program would encode it to send it on or store it.
const AnyFailure = Schema.Union(EchoFailure, Failure.CoreFailure)

const Envelope = Schema.Struct({
  error: Schema.Struct({
    code: Schema.String,
    message: Schema.optional(Schema.String),
    details: Schema.optional(Schema.Unknown),
    doc_url: Schema.optional(Schema.String)
  })
})
const isEnvelope = Schema.is(Envelope)

const dialect = Dialect.make<EchoFailure>({
  vendor: "echo",
  authenticate: Dialect.bearer,
  decodeEnvelope: (body, response) => {
    if (!isEnvelope(body)) return undefined
    const { code, details, doc_url, message } = body.error
    const common = {
      status: response.status,
      message: message ?? code,
      ...(response.requestId === undefined ? {} : { requestId: response.requestId }),
      ...(response.waitHint === undefined ? {} : { waitHint: response.waitHint }),
      ...(doc_url === undefined ? {} : { docUrl: doc_url }),
      ...(details === undefined ? {} : { details })
    }
    if (code === "invalid_api_key") return new KeyRejected(common)
    if (code === "rate_limit_exceeded") return new SlowDown(common)
    return new EchoUnknown({ ...common, code, body: response.snippet, category: Category.fromStatus(response.status) })
  }
})

// -- Keys: the three vendors' formats, id:secret pairs, dotted keys, keys with - _ + / =. --

const chars = (alphabet: string, minLength: number, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...alphabet.split("")), minLength, maxLength })
const hex = "0123456789abcdef"
const alphanumeric = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

const keyArbitrary: fc.Arbitrary<string> = fc.oneof(
  // Nixflex: key_id:key_secret.
  fc.tuple(chars(hex, 32, 32), chars(alphanumeric, 40, 64)).map(([id, secret]) => `nxf_${id}:nxfs_${secret}`),
  // Levrage.
  chars(`${alphanumeric}_-`, 16, 48).map((token) => `lev_${token}`),
  // DialNexa, both documented formats: a prefixed key, and `<key_id>:<secret>`.
  fc.tuple(fc.constantFrom("dnx_live_", "dnx_test_"), chars(`${alphanumeric}_-`, 16, 40)).map(([p, t]) => p + t),
  fc.tuple(chars(alphanumeric, 14, 14), chars(alphanumeric, 14, 14)).map(([id, secret]) => `${id}:${secret}`),
  // Any key_id:key_secret pair, halves of 6 characters or more (shorter ones are no secret on their own).
  fc.tuple(chars(`${alphanumeric}_-`, 6, 24), chars(`${alphanumeric}+/=_-`, 6, 40)).map(([id, s]) => `${id}:${s}`),
  // Dotted keys of short segments: `ab12.cd34.ef56`.
  fc.array(chars(alphanumeric, 3, 5), { minLength: 3, maxLength: 5 }).map((parts) => parts.join(".")),
  // Base64-like tokens, with + / = and - _.
  fc.tuple(chars(`${alphanumeric}+/-_`, 16, 44), fc.constantFrom("", "=", "==")).map(([t, pad]) => t + pad)
)

// -- Echoes: how a server encodes what it was sent, and where it puts it. --

// How: the echoes of the test kit (as sent, base64 and base64url after a prefix, percent- and form-encoded, split
// into path segments, JSON escapes). Where: the headers below, and the body shapes after them.
const encodings = SecretLeaks.echoes

const headerPlaces: Record<string, (echo: string) => string> = {
  "x-request-id": (echo) => echo,
  "www-authenticate": (echo) => `Bearer realm="echo", error="invalid_token", token="${echo}"`,
  location: (echo) => `https://echo.test/v1/retry?api_key=${echo}&attempt=2`,
  "x-echo-authorization": (echo) => `Bearer ${echo}`,
  "content-type": (echo) => `application/json; charset=utf-8; key="${echo}"`
}

// Where the body echoes: in an envelope's message, details or documentation URL, as an undocumented code, in a
// proxy's HTML page (with the request line), in JSON that is no envelope, or in a body cut off mid-way; or the
// connection is reset before any answer (the key is then only in the request's URL, which the failure keeps).
const bodyShapes = ["message", "details", "docUrl", "unknownCode", "html", "notEnvelope", "cut", "reset"] as const

const Plan = Schema.Struct({
  status: Schema.Int,
  shape: Schema.Literal(...bodyShapes),
  bodyEncoding: Schema.String,
  headerEncoding: Schema.String,
  headers: Schema.Array(Schema.String),
  prefix: Schema.String,
  cutAt: Schema.Number,
  // Whether the request's own path holds the key percent-encoded in one segment, or its parts as segments.
  keyAsSegments: Schema.Boolean
})
type Plan = typeof Plan.Type

const planArbitrary: fc.Arbitrary<Plan> = fc.record({
  status: fc.constantFrom(200, 400, 401, 403, 404, 429, 500, 502, 503),
  shape: fc.constantFrom(...bodyShapes),
  bodyEncoding: fc.constantFrom(...Object.keys(encodings)),
  headerEncoding: fc.constantFrom(...Object.keys(encodings)),
  // At least one header echoes, so that every response carries the key even when its body is cut before it.
  headers: fc.uniqueArray(fc.constantFrom(...Object.keys(headerPlaces)), { minLength: 1, maxLength: 3 }),
  // Text before the key in base64 (`Basic base64("user:" + key)`): any of the 3 alignments.
  prefix: chars(`${alphanumeric}:`, 0, 5),
  cutAt: fc.double({ min: 0, max: 1, noNaN: true }),
  keyAsSegments: fc.boolean()
})

const planToken = (plan: Plan) => Buffer.from(JSON.stringify(Plan.make(plan))).toString("base64url")

interface Answer {
  readonly status: number
  readonly headers: Record<string, string>
  readonly body: string
  // How much of the body is sent before the connection is cut, when it is.
  readonly sent: number
}

// The answer to a request that carried `key` (in its Authorization header) and asked for `plan`.
const answerFor = (plan: Plan, key: string, requestLine: string): Answer => {
  const inBody = encodings[plan.bodyEncoding]!
  const echo = inBody.encode(key, plan.prefix)
  const jsonEcho = SecretLeaks.inJsonString(inBody, key, plan.prefix)
  const code = plan.status === 429 ? "rate_limit_exceeded" : "invalid_api_key"
  const body = {
    message: `{"error":{"code":"${code}","message":"Invalid key: ${jsonEcho}"}}`,
    details: `{"error":{"code":"${code}","message":"m","details":{"received":"${jsonEcho}","list":["${jsonEcho}"]}}}`,
    docUrl: `{"error":{"code":"${code}","doc_url":"https://docs.echo.test/errors?api_key=${jsonEcho}&ref=1"}}`,
    unknownCode: `{"error":{"code":"key_${jsonEcho}","message":"Unknown key ${jsonEcho}"}}`,
    html: `<html><body><h1>${plan.status}</h1><p>${requestLine} failed for ${echo}</p></body></html>`,
    notEnvelope: `{"unexpected":"${jsonEcho}","request":${JSON.stringify(requestLine)}}`,
    cut: `{"error":{"code":"${code}","message":"Invalid key: ${jsonEcho} and more after it"}}`,
    reset: ""
  }[plan.shape]
  const inHeaders = encodings[plan.headerEncoding]!
  const headers = Object.fromEntries(
    plan.headers.map((name) => [name, headerPlaces[name]!(inHeaders.encode(key, plan.prefix))])
  )
  const sent = plan.shape === "cut" ? Math.floor(plan.cutAt * (body.length - 1)) : body.length
  return { status: plan.status, headers, body, sent }
}

// -- The server: node:http on 127.0.0.1, answering each request as its plan says. --

class EchoServer extends Context.Tag("test/EchoServer")<EchoServer, { readonly baseUrl: string }>() {}

const echoServer = Layer.scoped(
  EchoServer,
  Effect.acquireRelease(
    Effect.async<{ readonly baseUrl: string; readonly server: Http.Server }>((resume) => {
      const server = Http.createServer((request, response) => {
        const [, , , token] = (request.url ?? "").split("?")[0]!.split("/")
        const plan = JSON.parse(Buffer.from(token ?? "", "base64url").toString()) as Plan
        const key = (request.headers.authorization ?? "").replace(/^Bearer /, "")
        if (plan.shape === "reset") return void request.socket.destroy()
        const answer = answerFor(plan, key, `${request.method} ${request.url}`)
        const bytes = Buffer.from(answer.body)
        response.writeHead(answer.status, { ...answer.headers, "content-length": String(bytes.length) })
        if (answer.sent === answer.body.length) return void response.end(bytes)
        // Cut off: part of the body, then the connection closes before the length it announced.
        response.write(bytes.subarray(0, Buffer.byteLength(answer.body.slice(0, answer.sent))), () =>
          response.destroy()
        )
      })
      server.listen(0, "127.0.0.1", () => {
        resume(Effect.succeed({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }))
      })
    }),
    ({ server }) =>
      Effect.async<void>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      })
  )
)

// What the answer holds, as a reader of the raw response would see it: the key must be there to be leaked.
const rawTextsOf = (answer: Answer): ReadonlyArray<readonly [string, string]> => [
  ...Object.entries(answer.headers).map(([name, value]) => [`header ${name}`, value] as const),
  ["body", answer.body.slice(0, answer.sent)]
]

const transport = Layer.merge(echoServer, NodeHttpClient.layerUndici)

// One call through ApiClient, over HTTP, with the key and the echoes `plan` chose; then every surface searched.
const noKeyShows = ([key, plan]: readonly [string, Plan]) =>
  Effect.gen(function* () {
    const { baseUrl } = yield* EchoServer
    const api = ApiClient.make(dialect, { baseUrl, apiKey: Redacted.make(key) })(yield* HttpClient.HttpClient)
    // The key also sits in the request's URL, as a vendor with query or path authentication wants it; a
    // program logs its failures, at every level, and runs the call in a span of its own.
    const inPath = plan.keyAsSegments ? key.split(/[^A-Za-z0-9]+/).join("/") : encodeURIComponent(key)
    const path = `/v1/echo/${planToken(plan)}/${inPath}`
    const call = api.get(path, { urlParams: { api_key: key, page: "2" } }).pipe(
      Effect.tapErrorCause((cause) => Effect.logDebug("vendor call failed", cause)),
      Effect.tapError((failure) => Effect.logError(failure)),
      Effect.tap((response) => Effect.logInfo("vendor answered", response.status)),
      Effect.withSpan("program.call", { attributes: { "program.step": "echo" } })
    )
    const observed = yield* SecretLeaks.observe(call)
    const failure = Exit.isFailure(observed.exit) ? observed.exit.cause : undefined
    const error = failure?._tag === "Fail" ? failure.error : undefined

    // The check can fail: the key is in what the server sent (or, reset, in the URL the failure keeps), in a
    // form the finder sees.
    const sent = plan.shape === "reset" ? [["request", path] as const] : rawTextsOf(answerFor(plan, key, ""))
    expect(SecretLeaks.findInTexts(key, sent)).not.toEqual([])

    const leaks = SecretLeaks.find(key, error, {
      schema: AnyFailure,
      ...(failure === undefined ? {} : { cause: failure }),
      texts: observed.texts
    })
    expect(leaks.slice(0, 10).join("\n"), JSON.stringify({ key, plan })).toBe("")

    // What was searched is the real thing: the attempt's span with the answer's status, and on failure a
    // log of it and a failure that kept the server's message with the key replaced, not dropped.
    const attempt = observed.spans.find((span) => span.name === "faultline.echo.attempt")
    expect(attempt?.attributes.get("http.response.status_code")).toBe(plan.shape === "reset" ? undefined : plan.status)
    expect(observed.spans.map((span) => span.name)).toContain("program.call")
    if (error === undefined) {
      // Only a whole 200 succeeds.
      expect([plan.status, plan.shape === "cut" || plan.shape === "reset"]).toEqual([200, false])
      return
    }
    expect(attempt?.attributes.get("faultline.failure.tag")).toBe(error._tag)
    expect(observed.logs.some((line) => line.includes(error._tag))).toBe(true)
    if (plan.shape === "message" && plan.status !== 200) expect(error.message).toContain(Redaction.placeholder)
    if (error._tag === "TransportError") expect(error.url).toContain(Redaction.placeholder)
  })

// A failure that keeps a key where only some views show it: a Redacted field (hidden from JSON and String(), but
// its schema encodes the value), and a field that is not enumerable.
class Careless extends Schema.TaggedError<Careless>()("Careless", { apiKey: Schema.Redacted(Schema.String) }) {}

layer(transport)("secrets everywhere", (it) => {
  it.effect("the finder sees a key in each surface it searches, so that finding none means something", () =>
    Effect.gen(function* () {
      const key = "nxf_0123456789abcdef0123456789abcdef:nxfs_S3cr3tS3cr3t"
      const failure = new Careless({ apiKey: Redacted.make(key) })
      expect(SecretLeaks.find(key, failure)).toEqual([])
      expect(
        SecretLeaks.find(key, failure, { schema: Careless }).filter((leak) => leak.startsWith("encoded"))
      ).not.toEqual([])
      const hidden = Object.defineProperty(new Careless({ apiKey: Redacted.make("x") }), "raw", { value: `k ${key}` })
      expect([...new Set(SecretLeaks.find(key, hidden).map((leak) => leak.split(" ")[0]))]).toEqual(["fields"])
      // What a program logs at debug level, and an event on a span of its own.
      const { texts } = yield* SecretLeaks.observe(
        Effect.logDebug(`using ${Buffer.from(`user:${key}`).toString("base64")}`).pipe(
          Effect.zipRight(
            Effect.flatMap(Effect.currentSpan, (span) => Effect.sync(() => span.event("sent", 0n, { key })))
          ),
          Effect.withSpan("program.send")
        )
      )
      const where = new Set(SecretLeaks.find(key, undefined, { texts }).map((leak) => leak.split(" contains")[0]))
      expect([...where]).toEqual(["log 1", "log 2", "span 1 program.send event sent"])
    })
  )

  describe("ApiClient with a vendor-like dialect", () => {
    it.effect.prop(
      "the key never shows in a failure, its exit, the logs or any span, whatever the server echoes and how",
      [keyArbitrary, planArbitrary],
      noKeyShows,
      { fastCheck: { numRuns: 120 } }
    )
  })
})

// On the live clock the client times its attempts with a timer of its own, and sends in a fiber it forks.
layer(transport, { excludeTestServices: true })("secrets everywhere, on the live clock", (it) => {
  it.effect.prop("the same", [keyArbitrary, planArbitrary], noKeyShows, { fastCheck: { numRuns: 40 } })
})
