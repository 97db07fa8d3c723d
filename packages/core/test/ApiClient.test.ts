import { HttpClient, HttpClientError, HttpClientResponse } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { ApiClient, Backoff, Failure, ProblemJson, RetryPolicy } from "@faultline/core"
import { Cause, Effect, Exit, Fiber, Metric, Option, Redacted, Schema, TestClock, type Tracer } from "effect"

const apiKey = Redacted.make("test-key-0123456789")

// An HttpClient that answers every request with `answer`, recording what it was sent.
const fake = (
  answer: (
    request: Parameters<Parameters<typeof HttpClient.make>[0]>[0]
  ) => Effect.Effect<Response, HttpClientError.HttpClientError>
) => {
  const sent: Array<{ url: string; headers: Record<string, string> }> = []
  const client = HttpClient.make((request, url) => {
    sent.push({ url: url.href, headers: { ...request.headers } })
    return Effect.map(answer(request), (response) => HttpClientResponse.fromWeb(request, response))
  })
  return { client, sent }
}

const problemClient = (http: HttpClient.HttpClient, timeout?: string) =>
  ApiClient.make(ProblemJson.dialect, {
    baseUrl: "https://api.example.test",
    apiKey,
    headers: { "user-agent": "faultline-test" },
    ...(timeout === undefined ? {} : { timeout: timeout as "1 second" })
  })(http)

const transportFailure = (code: string) => (request: Parameters<Parameters<typeof HttpClient.make>[0]>[0]) =>
  Effect.fail(
    new HttpClientError.RequestError({
      request,
      reason: "Transport",
      cause: new TypeError("fetch failed", { cause: Object.assign(new Error(`connect ${code}`), { code }) })
    })
  )

describe("ApiClient", () => {
  it.effect("prefixes the base URL and sets the dialect's auth and the extra headers", () =>
    Effect.gen(function* () {
      const { client, sent } = fake(() => Effect.succeed(new Response("{}", { status: 200 })))
      yield* problemClient(client).get("/v1/things", { urlParams: { page: "2" } })
      expect(sent).toMatchObject([
        {
          url: "https://api.example.test/v1/things?page=2",
          headers: { authorization: "Bearer test-key-0123456789", "user-agent": "faultline-test" }
        }
      ])
    })
  )

  it.effect("fails with the dialect's failure on an error status", () =>
    Effect.gen(function* () {
      const { client } = fake(() => Effect.succeed(new Response(`{"title":"Nope","status":404}`, { status: 404 })))
      const failure = yield* Effect.flip(problemClient(client).get("/v1/x"))
      expect(failure._tag).toBe("Problem")
      expect(failure.category).toBe("not_found")
    })
  )

  it.effect("maps a refused connection to a TransportError that never reached the server", () =>
    Effect.gen(function* () {
      const { client } = fake(transportFailure("ECONNREFUSED"))
      const failure = yield* Effect.flip(problemClient(client).post("/v1/calls?api_key=leaky"))
      expect(failure).toBeInstanceOf(Failure.TransportError)
      const transport = failure as Failure.TransportError
      expect([transport.reason, transport.mayHaveReachedServer, transport.method]).toEqual([
        "ConnectionRefused",
        false,
        "POST"
      ])
      expect(transport.url).toBe("https://api.example.test/v1/calls?api_key=<redacted>")
    })
  )

  it.effect("maps a reset connection to a TransportError that may have reached the server", () =>
    Effect.gen(function* () {
      const { client } = fake(transportFailure("ECONNRESET"))
      const failure = yield* Effect.flip(problemClient(client).get("/v1/x"))
      expect(failure._tag === "TransportError" && [failure.reason, failure.mayHaveReachedServer]).toEqual([
        "ConnectionReset",
        true
      ])
    })
  )

  it.effect("maps an unusable URL to InvalidInput, before anything is sent", () =>
    Effect.gen(function* () {
      const { client, sent } = fake(() => Effect.succeed(new Response("{}")))
      const bad = ApiClient.make(ProblemJson.dialect, { baseUrl: "not a url", apiKey })(client)
      const failure = yield* Effect.flip(bad.get("/v1/x"))
      expect(failure._tag).toBe("InvalidInput")
      expect(sent).toEqual([])
    })
  )

  it.effect("ends an attempt that takes too long with AttemptTimeout (virtual time)", () =>
    Effect.gen(function* () {
      const { client } = fake(() => Effect.never)
      const fiber = yield* Effect.fork(Effect.flip(problemClient(client, "2 seconds").get("/v1/slow")))
      yield* TestClock.adjust("1999 millis")
      expect(fiber.unsafePoll()).toBeNull()
      yield* TestClock.adjust("1 millis")
      const failure = yield* Fiber.join(fiber)
      expect(failure._tag === "AttemptTimeout" && [failure.timeoutMillis, failure.url]).toEqual([
        2000,
        "https://api.example.test/v1/slow"
      ])
    })
  )

  it.effect(
    "has a default attempt timeout of 30 seconds: a server that never answers does not hold a call forever",
    () =>
      Effect.gen(function* () {
        const { client } = fake(() => Effect.never)
        const fiber = yield* Effect.fork(Effect.flip(problemClient(client).get("/v1/hangs")))
        yield* TestClock.adjust("29999 millis")
        expect(fiber.unsafePoll()).toBeNull()
        yield* TestClock.adjust("1 millis")
        const failure = yield* Fiber.join(fiber)
        expect(failure._tag === "AttemptTimeout" && failure.timeoutMillis).toBe(30_000)
      })
  )

  it.effect("`timeout: false` turns the attempt timeout off", () =>
    Effect.gen(function* () {
      const { client } = fake(() => Effect.never)
      const api = ApiClient.make(ProblemJson.dialect, { baseUrl: "https://api.example.test", apiKey, timeout: false })(
        client
      )
      const fiber = yield* Effect.fork(api.get("/v1/hangs"))
      yield* TestClock.adjust("1 day")
      expect(fiber.unsafePoll()).toBeNull()
      yield* Fiber.interrupt(fiber)
    })
  )

  it.effect("decodes a success body with a schema, and a mismatch is UnexpectedBody Malformed", () =>
    Effect.gen(function* () {
      const { client } = fake(() => Effect.succeed(new Response(`{"id":"call_1","extra":1}`, { status: 201 })))
      const api = problemClient(client)
      const Call = Schema.Struct({ id: Schema.String })
      expect(yield* api.post("/v1/calls").pipe(Effect.flatMap(ApiClient.schemaJson(Call)))).toEqual({ id: "call_1" })
      const failure = yield* api
        .post("/v1/calls")
        .pipe(Effect.flatMap(ApiClient.schemaJson(Schema.Struct({ id: Schema.Number }))), Effect.flip)
      expect(failure._tag === "UnexpectedBody" && [failure.reason, failure.status]).toEqual(["Malformed", 201])
    })
  )
})

describe("ApiClient success bodies", () => {
  it.effect("a success body nested 100,000 levels deep is a Malformed body, not a stack overflow", () =>
    Effect.gen(function* () {
      const depth = 100_000
      const body = `{"id":${'{"a":'.repeat(depth)}1${"}".repeat(depth)}}`
      const { client } = fake(() => Effect.succeed(new Response(body, { status: 200 })))
      const api = problemClient(client)
      const malformedBy = <A, I>(schema: Schema.Schema<A, I>) =>
        Effect.map(Effect.exit(api.get("/v1/deep").pipe(Effect.flatMap(ApiClient.schemaJson(schema)))), (exit) => {
          const failure = Exit.isFailure(exit) && exit.cause._tag === "Fail" ? exit.cause.error : undefined
          return failure?._tag === "UnexpectedBody" && [failure.reason, failure.detail]
        })
      for (const found of [
        yield* malformedBy(Schema.Struct({ id: Schema.Number })),
        yield* malformedBy(Schema.Struct({ id: Schema.Unknown }))
      ]) {
        expect(found).toEqual(["Malformed", "nested deeper than 256 levels"])
      }
      // The raw JSON is the caller's to take, however deep.
      expect(yield* api.get("/v1/deep").pipe(Effect.flatMap(ApiClient.json))).toHaveProperty("id")
    })
  )

  it.effect("a schema that throws while decoding a success body is a Malformed body, not a defect", () =>
    Effect.gen(function* () {
      const { client } = fake(() => Effect.succeed(new Response(`{"id":"x"}`, { status: 200 })))
      const Throwing = Schema.Struct({
        id: Schema.transform(Schema.String, Schema.String, {
          decode: () => {
            throw new RangeError("Maximum call stack size exceeded")
          },
          encode: (s) => s
        })
      })
      const failure = yield* problemClient(client)
        .get("/v1/x")
        .pipe(Effect.flatMap(ApiClient.schemaJson(Throwing)), Effect.flip)
      expect(failure._tag === "UnexpectedBody" && [failure.reason, failure.detail]).toEqual([
        "Malformed",
        "could not be checked: RangeError"
      ])
    })
  )

  it.effect("a success body is the caller's data, unredacted, even when it holds the key (a create-key answer)", () =>
    Effect.gen(function* () {
      const secret = Redacted.value(apiKey)
      const { client } = fake(() =>
        Effect.succeed(new Response(JSON.stringify({ key_secret: secret }), { status: 201 }))
      )
      expect(yield* problemClient(client).post("/v1/keys").pipe(Effect.flatMap(ApiClient.json))).toEqual({
        key_secret: secret
      })
    })
  )

  it.effect("a success body that fails to decode never copies the client's key into the failure", () =>
    Effect.gen(function* () {
      const secret = Redacted.value(apiKey)
      const { client } = fake(() =>
        Effect.succeed(
          new Response(JSON.stringify({ id: 1, echoed: secret }), {
            status: 201,
            headers: { "content-type": "application/json" }
          })
        )
      )
      const failure = yield* problemClient(client)
        .post("/v1/calls")
        .pipe(
          Effect.flatMap(ApiClient.schemaJson(Schema.Struct({ id: Schema.String, echoed: Schema.Number }))),
          Effect.flip
        )
      expect(failure._tag).toBe("UnexpectedBody")
      for (const view of [JSON.stringify(failure), String(failure), Cause.pretty(Cause.fail(failure))]) {
        expect(view).not.toContain(secret)
      }
      expect(failure._tag === "UnexpectedBody" && failure.vendor).toBe("problem")
    })
  )
})

describe("ApiClient observability", () => {
  it.effect(
    "each attempt is a span with the vendor, attempt number and failure; retries, waits and 429s are counted",
    () =>
      Effect.gen(function* () {
        const vendor = "observed-vendor"
        const attemptSpans: Array<Tracer.Span> = []
        let calls = 0
        const client = HttpClient.make((request) =>
          Effect.gen(function* () {
            // faultline's attempt span is the current span here: the platform's own client span is turned off inside it.
            attemptSpans.push(yield* Effect.currentSpan)
            calls++
            return HttpClientResponse.fromWeb(
              request,
              calls < 3
                ? new Response(`{"title":"Slow down","status":429}`, {
                    status: 429,
                    headers: { "x-request-id": `req_${calls}` }
                  })
                : new Response("{}", { status: 200 })
            )
          }).pipe(Effect.orDie)
        )
        const api = ApiClient.make(ProblemJson.make(vendor), {
          baseUrl: "https://api.example.test",
          apiKey,
          retry: RetryPolicy.make({
            categories: { rate_limited: RetryPolicy.rule({ backoff: Backoff.fixed("1 second"), retries: 5 }) }
          })
        })(client)
        const fiber = yield* Effect.fork(api.get("/v1/x"))
        yield* TestClock.adjust("5 seconds")
        const response = yield* Fiber.join(fiber)
        const trace = Option.getOrThrow(ApiClient.traceOf(response))
        expect([
          trace.attempts,
          trace.stoppedBecause,
          trace.retried.map((r) => [r.status, r.delayMillis, r.source])
        ]).toEqual([
          3,
          "Succeeded",
          [
            [429, 1000, "backoff"],
            [429, 1000, "backoff"]
          ]
        ])

        expect(attemptSpans.map((span) => [span.name, span.attributes.get("faultline.attempt")])).toEqual([
          [`faultline.${vendor}.attempt`, 1],
          [`faultline.${vendor}.attempt`, 2],
          [`faultline.${vendor}.attempt`, 3]
        ])
        expect(attemptSpans[0]!.attributes.get("faultline.failure.tag")).toBe("Problem")
        expect(attemptSpans[0]!.attributes.get("http.response.status_code")).toBe(429)
        expect(attemptSpans[1]!.attributes.get("faultline.request_id")).toBe("req_2")
        expect(attemptSpans[2]!.attributes.has("faultline.failure.tag")).toBe(false)

        const retries = yield* Metric.value(
          ApiClient.retriesTotal.pipe(Metric.tagged("vendor", vendor), Metric.tagged("reason", "Problem"))
        )
        const rateLimited = yield* Metric.value(ApiClient.rateLimitedTotal.pipe(Metric.tagged("vendor", vendor)))
        const waited = yield* Metric.value(
          ApiClient.waitedMillisTotal.pipe(
            Metric.tagged("vendor", vendor),
            Metric.tagged("kind", "retry"),
            Metric.tagged("source", "backoff")
          )
        )
        expect([retries.count, rateLimited.count, waited.count]).toEqual([2, 2, 2000])
      })
  )
})
