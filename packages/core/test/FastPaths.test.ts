import { HttpClient, type HttpClientError, HttpClientRequest, HttpClientResponse } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { ApiClient, Dialect, ProblemJson, Redaction, RetryBudget, RetryPolicy } from "@faultline/core"
import { Chunk, Effect, Either, Fiber, FastCheck as fc, Option, Redacted, Stream } from "effect"

// The request's cheap paths (success bodies read at once and kept as bytes, the live clock's attempt timeout, traces
// made when read, failures without stacks, remembered clean strings) keep every behaviour of the paths they replace.

const apiKey = Redacted.make("fast-path-key-0123456789")
const baseUrl = "https://api.example.test"

const clientOf = (
  answer: (request: HttpClientRequest.HttpClientRequest) => Effect.Effect<Response, HttpClientError.HttpClientError>,
  options: Partial<ApiClient.Options<ProblemJson.Problem>> = {}
) =>
  ApiClient.make(ProblemJson.dialect, { baseUrl, apiKey, ...options })(
    HttpClient.make((request) =>
      Effect.map(answer(request), (response) => HttpClientResponse.fromWeb(request, response))
    )
  )

const bodyless = new Set([204, 205, 304])

// What each accessor of a response gives: its value, or the reason it fails. A web response can be read once, so the
// platform's is made anew for each accessor; faultline's answers them all, one after the other.
const accessorsOf = (responseOf: () => HttpClientResponse.HttpClientResponse) => {
  const outcome = <A>(
    read: (response: HttpClientResponse.HttpClientResponse) => Effect.Effect<A, HttpClientError.ResponseError>
  ) =>
    Effect.map(
      Effect.either(Effect.suspend(() => read(responseOf()))),
      Either.mapLeft((error) => error.reason)
    )
  return Effect.all({
    status: Effect.sync(() => responseOf().status),
    contentType: Effect.sync(() => responseOf().headers["content-type"]),
    text: outcome((response) => response.text),
    json: outcome((response) => response.json),
    urlParams: outcome((response) => response.urlParamsBody),
    bytes: Effect.map(
      outcome((response) => response.arrayBuffer),
      Either.map((buffer) => [...new Uint8Array(buffer)])
    ),
    stream: outcome((response) =>
      Effect.map(Stream.runCollect(response.stream), (chunks) => Chunk.toArray(chunks).flatMap((chunk) => [...chunk]))
    ),
    form: outcome((response) =>
      Effect.map(response.formData, (form) => [...form.entries()].map(([k, v]) => [k, String(v)]))
    )
  })
}

describe("ApiClient success responses", () => {
  it.effect.prop(
    "a success answers every accessor as a web response over the bytes it read does (no body when there are none)",
    [
      fc.constantFrom(200, 201, 203, 204, 205, 206, 304),
      fc.oneof(fc.string(), fc.json(), fc.constant(""), fc.constant('\uFEFF{"a":1}'), fc.constant("a=1&b=two")),
      fc.constantFrom("application/json", "text/plain", "application/x-www-form-urlencoded"),
      fc.boolean()
    ],
    ([status, text, contentType, declared]) =>
      Effect.gen(function* () {
        const body = bodyless.has(status) || text === "" ? null : text
        const headers: Record<string, string> = { "content-type": contentType }
        if (declared && body !== null) headers["content-length"] = String(new TextEncoder().encode(body).length)
        const web = () => new Response(body, { status, headers })
        const response = yield* clientOf(() => Effect.sync(web)).get("/v1/things")
        const reference = () => HttpClientResponse.fromWeb(HttpClientRequest.get(`${baseUrl}/v1/things`), web())
        expect(yield* accessorsOf(() => response)).toEqual(yield* accessorsOf(reference))
        return true
      }),
    { fastCheck: { numRuns: 100 } }
  )

  it.effect("what the caller does with the bytes it is given changes nothing the other accessors read", () =>
    Effect.gen(function* () {
      const response = yield* clientOf(() =>
        Effect.succeed(new Response(`{"id":"call_1"}`, { headers: { "content-length": "15" } }))
      ).get("/v1/calls/call_1")
      new Uint8Array(yield* response.arrayBuffer).fill(0x20)
      for (const chunk of yield* Stream.runCollect(response.stream)) chunk.fill(0x20)
      expect(yield* response.text).toBe(`{"id":"call_1"}`)
      expect(yield* ApiClient.json(response)).toEqual({ id: "call_1" })
    })
  )

  it.effect("a success cut off before its declared length is UnexpectedBody Truncated, short or broken", () =>
    Effect.gen(function* () {
      const short = () => new Response(`{"id":`, { headers: { "content-length": "20" } })
      const broken = () =>
        new Response(
          new ReadableStream({
            start(controller) {
              controller.enqueue(new TextEncoder().encode(`{"id":`))
              controller.error(new Error("socket hang up"))
            }
          }),
          { headers: { "content-length": "20" } }
        )
      for (const answer of [short, broken]) {
        const failure = yield* Effect.flip(clientOf(() => Effect.sync(answer)).get("/v1/calls/call_1"))
        expect(failure._tag === "UnexpectedBody" && [failure.reason, failure.status]).toEqual(["Truncated", 200])
      }
    })
  )

  it.effect("the trace of a success shows the budget as it was when the call ended, however late it is read", () =>
    Effect.gen(function* () {
      const retryBudget = RetryBudget.make({ capacity: 4 })
      const api = clientOf(() => Effect.succeed(new Response("{}")), { retry: RetryPolicy.defaults(), retryBudget })
      const response = yield* api.get("/v1/things")
      retryBudget.withdraw("api.example.test")
      retryBudget.withdraw("api.example.test")
      const trace = Option.getOrThrow(ApiClient.traceOf(response))
      expect([trace.attempts, trace.stoppedBecause, trace.budgetLeft]).toEqual([1, "Succeeded", 4])
      expect(Option.getOrThrow(ApiClient.traceOf(response))).toBe(trace)
    })
  )
})

describe("ApiClient attempt timeout on the live clock", () => {
  it.live("ends an attempt that takes too long, and interrupts what it was waiting for", () =>
    Effect.gen(function* () {
      let interrupted = false
      const api = clientOf(() => Effect.onInterrupt(Effect.never, () => Effect.sync(() => (interrupted = true))), {
        timeout: "40 millis"
      })
      const started = Date.now()
      const failure = yield* Effect.flip(api.get("/v1/slow"))
      expect(failure._tag === "AttemptTimeout" && failure.timeoutMillis).toBe(40)
      expect(Date.now() - started).toBeGreaterThanOrEqual(35)
      expect(interrupted).toBe(true)
    })
  )

  it.live("lets an answer within the timeout through, success or failure", () =>
    Effect.gen(function* () {
      const answers = [new Response("{}"), new Response(`{"title":"Nope","status":404}`, { status: 404 })]
      const api = clientOf(() => Effect.as(Effect.sleep("5 millis"), answers.shift()!), { timeout: "1 second" })
      expect((yield* api.get("/v1/things")).status).toBe(200)
      expect((yield* Effect.flip(api.get("/v1/things")))._tag).toBe("Problem")
    })
  )

  it.live("a call interrupted during an attempt interrupts the attempt before it ends", () =>
    Effect.gen(function* () {
      let interrupted = false
      const api = clientOf(() => Effect.onInterrupt(Effect.never, () => Effect.sync(() => (interrupted = true))), {
        timeout: "10 seconds"
      })
      const fiber = yield* Effect.fork(api.get("/v1/slow"))
      yield* Effect.sleep("20 millis")
      yield* Fiber.interrupt(fiber)
      expect(interrupted).toBe(true)
    })
  )
})

describe("Dialect.decode without stacks", () => {
  const notFound = { status: 404, headers: {}, body: `{"title":"Not Found","status":404}`, now: 0 }

  it("builds failures without capturing a stack (only faultline's frames would be in it), and puts the limit back", () => {
    const limit = Error.stackTraceLimit
    const failure = Either.getLeft(Dialect.decodeText(ProblemJson.dialect, notFound)).pipe(Option.getOrThrow)
    expect(failure._tag).toBe("Problem")
    expect(failure.stack?.split("\n").filter((line) => line.trim().startsWith("at "))).toEqual([])
    expect(Error.stackTraceLimit).toBe(limit)
  })

  it("puts the stack trace limit back even when a dialect throws", () => {
    const limit = Error.stackTraceLimit
    const broken = Dialect.make({
      vendor: "broken",
      authenticate: Dialect.bearer,
      decodeEnvelope: () => {
        throw new Error("a dialect that is not total")
      }
    })
    expect(() => Dialect.decodeText(broken, notFound)).toThrow("not total")
    expect(Error.stackTraceLimit).toBe(limit)
  })
})

describe("Redaction remembers only clean strings", () => {
  const secret = "nxf_a1b2c3d4e5f6:nxfs_0123456789ab"
  const fragments = fc.constantFrom(
    secret,
    ...secret.split(":"),
    "code",
    "rate_limit_exceeded",
    "nxfs",
    " ",
    "/",
    "%3A"
  )
  const strings = fc.array(fragments, { maxLength: 4 }).map((parts) => parts.join(""))
  const values = fc.oneof(strings, fc.dictionary(strings, strings, { maxKeys: 3 }), fc.array(strings, { maxLength: 3 }))

  it.prop(
    "what a redactor makes of a value does not depend on what it redacted before",
    [fc.array(values, { minLength: 1, maxLength: 12 })],
    ([sequence]) => {
      const shared = Redaction.make([secret])
      for (const value of sequence) {
        for (let round = 0; round < 2; round++) {
          expect(shared.json(value)).toEqual(Redaction.make([secret]).json(value))
        }
      }
    },
    { fastCheck: { numRuns: 200 } }
  )
})
