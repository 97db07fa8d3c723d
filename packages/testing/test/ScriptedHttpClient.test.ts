import { HttpClient, type HttpClientError, HttpClientRequest } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { ApiClient, Failure, ProblemJson, ResponseBody } from "@faultline/core"
import { Script, ScriptedHttpClient, Step } from "@faultline/testing"
import { Effect, Fiber, pipe, Redacted, TestClock } from "effect"

const base = "https://api.example.test"

const problem = (status: number, title: string) =>
  Step.json(status, { type: "about:blank", title, status }, { "content-type": "application/problem+json" })

// faultline's own client over a script: the bytes go through the bounded reader and the problem+json dialect.
const apiClientOver = (script: ScriptedHttpClient.ScriptedHttpClient.Service) =>
  ApiClient.make(ProblemJson.dialect, { baseUrl: base, apiKey: Redacted.make("test-key-0123456789") })(script.client)

const causeCode = (error: HttpClientError.HttpClientError): unknown => {
  const cause = error.cause as { readonly cause?: { readonly code?: unknown } } | undefined
  return cause?.cause?.code
}

describe("ScriptedHttpClient", () => {
  it.effect("plays a route's steps in order, then the default, and records every request with its headers", () =>
    Effect.gen(function* () {
      const script = yield* ScriptedHttpClient.make({
        "POST /v1/calls": [problem(429, "Slow down"), Step.html(502), Step.json(201, { id: "call_1" })]
      })
      const send = (key: string) =>
        script.client.execute(
          HttpClientRequest.post(`${base}/v1/calls`).pipe(
            HttpClientRequest.setHeaders({ "Idempotency-Key": key, Authorization: "Bearer k" }),
            HttpClientRequest.bodyUnsafeJson({ to: "+15550100" })
          )
        )
      const statuses: Array<number> = []
      for (const key of ["key-1", "key-1", "key-1", "key-2"]) statuses.push((yield* send(key)).status)
      expect(statuses).toEqual([429, 502, 201, 404])

      const requests = yield* script.requests
      expect(requests.map((request) => [request.route, request.answer, request.headers["idempotency-key"]])).toEqual([
        ["POST /v1/calls", 0, "key-1"],
        ["POST /v1/calls", 1, "key-1"],
        ["POST /v1/calls", 2, "key-1"],
        ["POST /v1/calls", undefined, "key-2"]
      ])
      expect(requests[0]).toEqual({
        method: "POST",
        url: `${base}/v1/calls`,
        path: "/v1/calls",
        query: {},
        params: {},
        headers: {
          "idempotency-key": "key-1",
          authorization: "Bearer k",
          "content-type": "application/json",
          "content-length": "18"
        },
        body: `{"to":"+15550100"}`,
        at: 0,
        route: "POST /v1/calls",
        answer: 0
      })
      expect(yield* script.pending).toEqual({})
    })
  )

  it.effect("keeps one sequence per route, matches :params and the catch-all last, and says what is pending", () =>
    Effect.gen(function* () {
      const script = yield* ScriptedHttpClient.make({
        "*": [Step.text(418, "catch-all")],
        "GET /v1/calls/:id": [Step.json(200, { n: 1 }), Step.json(200, { n: 2 })],
        "DELETE /v1/calls/:id": [Step.empty(204)],
        "GET /v1/files/*": [Step.text(200, "file")]
      })
      const status = (request: HttpClientRequest.HttpClientRequest) =>
        Effect.map(script.client.execute(request), (response) => response.status)
      expect(yield* status(HttpClientRequest.get(`${base}/v1/calls/call_a?expand=true`))).toBe(200)
      expect(yield* status(HttpClientRequest.del(`${base}/v1/calls/call_a`))).toBe(204)
      expect(yield* script.pending).toEqual({ "GET /v1/calls/:id": 1, "GET /v1/files/*": 1, "*": 1 })
      expect(yield* status(HttpClientRequest.get(`${base}/v1/files/a/b/c.txt`))).toBe(200)
      expect(yield* status(HttpClientRequest.post(`${base}/v1/other`))).toBe(418)
      expect(yield* status(HttpClientRequest.post(`${base}/v1/other`))).toBe(404)
      expect(yield* status(HttpClientRequest.get(`${base}/v1/calls/call_b`))).toBe(200)

      const requests = yield* script.requests
      expect(requests.map((request) => [request.route, request.params, request.query])).toEqual([
        ["GET /v1/calls/:id", { id: "call_a" }, { expand: "true" }],
        ["DELETE /v1/calls/:id", { id: "call_a" }, {}],
        ["GET /v1/files/*", {}, {}],
        ["*", {}, {}],
        ["*", {}, {}],
        ["GET /v1/calls/:id", { id: "call_b" }, {}]
      ])
      expect(yield* script.pending).toEqual({})
    })
  )

  it.effect("answers with the script's otherwise, or a route's own, once a sequence has run out", () =>
    Effect.gen(function* () {
      const script = yield* ScriptedHttpClient.make(
        [
          Script.route("GET /v1/status", [Step.html(503)], { otherwise: Step.json(200, { ok: true }) }),
          Script.route((request) => request.headers["x-tenant"] === "blocked", [], {
            name: "blocked tenant",
            otherwise: Step.json(403, {})
          })
        ],
        { otherwise: Step.text(501, "unscripted") }
      )
      const status = (request: HttpClientRequest.HttpClientRequest) =>
        Effect.map(script.client.execute(request), (response) => response.status)
      const statusOf = HttpClientRequest.get(`${base}/v1/status`)
      expect([yield* status(statusOf), yield* status(statusOf), yield* status(statusOf)]).toEqual([503, 200, 200])
      expect(
        yield* status(HttpClientRequest.get(`${base}/x`).pipe(HttpClientRequest.setHeader("x-tenant", "blocked")))
      ).toBe(403)
      expect(yield* status(HttpClientRequest.get(`${base}/x`))).toBe(501)
      expect((yield* script.requests).map((request) => request.route)).toEqual([
        "GET /v1/status",
        "GET /v1/status",
        "GET /v1/status",
        "blocked tenant",
        undefined
      ])
    })
  )

  it.effect("by default answers an unscripted request with a 404 that names it", () =>
    Effect.gen(function* () {
      const script = yield* ScriptedHttpClient.make({})
      const response = yield* script.client.execute(HttpClientRequest.get(`${base}/v1/agents?page=2`))
      expect([response.status, yield* response.json]).toEqual([
        404,
        { error: "not_scripted", message: "faultline ScriptedHttpClient: no step for GET /v1/agents" }
      ])
    })
  )

  it.effect("records relative URLs, form bodies and streamed bodies as text", () =>
    Effect.gen(function* () {
      const script = yield* ScriptedHttpClient.make({ "*": Step.repeat(Step.empty(202), 3) })
      yield* script.client.execute(HttpClientRequest.put("/v1/agents/a?x=1").pipe(HttpClientRequest.bodyText("hi")))
      yield* script.client.execute(
        HttpClientRequest.post("/v1/forms").pipe(HttpClientRequest.bodyUrlParams({ a: "1", b: "two words" }))
      )
      const form = new FormData()
      form.append("name", "Ada")
      yield* script.client.execute(HttpClientRequest.post("/v1/upload").pipe(HttpClientRequest.bodyFormData(form)))
      expect(
        (yield* script.requests).map((request) => [request.url, request.body, request.headers["content-type"]])
      ).toEqual([
        ["/v1/agents/a?x=1", "hi", "text/plain"],
        ["/v1/forms", "a=1&b=two+words", "application/x-www-form-urlencoded"],
        ["/v1/upload", "name=Ada", undefined]
      ])
    })
  )

  describe("each step kind, as an HttpClient answers it", () => {
    const play = (step: Step.Step) =>
      Effect.flatMap(ScriptedHttpClient.make({ "*": [step] }), (script) =>
        script.client.execute(HttpClientRequest.get(`${base}/v1/x`))
      )

    it.effect("json, text, html and empty bodies arrive with their status, type and length", () =>
      Effect.gen(function* () {
        const json = yield* play(Step.json(429, { error: "slow" }, { "Retry-After": "2" }))
        expect([json.status, json.headers, yield* json.text]).toEqual([
          429,
          { "content-type": "application/json", "content-length": "16", "retry-after": "2" },
          `{"error":"slow"}`
        ])
        const html = yield* play(Step.html(502))
        expect([html.status, html.headers["content-type"], yield* html.text]).toEqual([
          502,
          "text/html",
          expect.stringContaining("<title>502 Bad Gateway</title>")
        ])
        const empty = yield* play(Step.empty(500))
        expect([empty.status, empty.headers, yield* empty.text]).toEqual([500, { "content-length": "0" }, ""])
        const text = yield* play(Step.text(200, "plain"))
        expect(yield* text.text).toBe("plain")
      })
    )

    it.effect("any status goes through, even 1xx and a body on 204", () =>
      Effect.gen(function* () {
        expect((yield* play(Step.empty(103))).status).toBe(103)
        const noContent = yield* play(Step.text(204, "stray bytes"))
        expect([noContent.status, yield* noContent.text]).toEqual([204, "stray bytes"])
      })
    )

    it.effect("a truncated body sends its first bytes, then the stream fails; the reader sees Truncated", () =>
      Effect.gen(function* () {
        const response = yield* play(Step.truncated(Step.json(200, { id: "call_123456" }), { after: 7 }))
        expect(response.headers["content-length"]).toBe("20")
        expect(yield* ResponseBody.read(response, 1024)).toEqual({
          _tag: "Truncated",
          bytes: new TextEncoder().encode(`{"id":"`)
        })
        const failure = yield* Effect.flip(response.text)
        expect([failure._tag, failure.reason]).toEqual(["ResponseError", "Decode"])
        const half = yield* play(Step.truncated(Step.text(200, "0123456789")))
        expect(yield* ResponseBody.read(half, 1024)).toEqual({
          _tag: "Truncated",
          bytes: new TextEncoder().encode("01234")
        })
      })
    )

    it.effect("reset, refused and other transport faults fail as RequestError Transport with the Node code", () =>
      Effect.gen(function* () {
        for (const [step, code] of [
          [Step.reset, "ECONNRESET"],
          [Step.refused, "ECONNREFUSED"],
          [Step.transport("ENOTFOUND", "getaddrinfo ENOTFOUND"), "ENOTFOUND"]
        ] as const) {
          const error = yield* Effect.flip(play(step))
          expect([error._tag, error.reason, causeCode(error)]).toEqual(["RequestError", "Transport", code])
        }
      })
    )

    it.effect("fromRequest decides from the request", () =>
      Effect.gen(function* () {
        const script = yield* ScriptedHttpClient.make({
          "POST /v1/calls/:id": [
            Step.fromRequest((request) =>
              Step.json(201, { id: request.params.id, key: request.headers["idempotency-key"] })
            )
          ]
        })
        const response = yield* script.client.execute(
          HttpClientRequest.post(`${base}/v1/calls/c_9`).pipe(HttpClientRequest.setHeader("idempotency-key", "k-1"))
        )
        expect(yield* response.json).toEqual({ id: "c_9", key: "k-1" })
      })
    )
  })

  describe("through faultline's ApiClient", () => {
    const failureOf = (step: Step.Step) =>
      Effect.gen(function* () {
        const script = yield* ScriptedHttpClient.make({ "GET /v1/x": [step] })
        return yield* Effect.flip(apiClientOver(script).get("/v1/x"))
      })

    it.effect("an HTML page is UnexpectedBody NotJson, with the status's category", () =>
      Effect.gen(function* () {
        const failure = yield* failureOf(Step.html(502))
        expect(failure._tag === "UnexpectedBody" && [failure.reason, failure.status, failure.category]).toEqual([
          "NotJson",
          502,
          "upstream"
        ])
      })
    )

    it.effect("an empty body is UnexpectedBody Empty", () =>
      Effect.gen(function* () {
        const failure = yield* failureOf(Step.empty(500))
        expect(failure._tag === "UnexpectedBody" && failure.reason).toBe("Empty")
      })
    )

    it.effect("a truncated body is UnexpectedBody Truncated", () =>
      Effect.gen(function* () {
        const failure = yield* failureOf(Step.truncated(problem(503, "Down")))
        expect(failure._tag === "UnexpectedBody" && [failure.reason, failure.status]).toEqual(["Truncated", 503])
      })
    )

    it.effect("a reset is a TransportError that may have reached the server; a refusal one that did not", () =>
      Effect.gen(function* () {
        const reset = yield* failureOf(Step.reset)
        const refused = yield* failureOf(Step.refused)
        expect([reset, refused].map((failure) => failure instanceof Failure.TransportError && failure)).toMatchObject([
          { reason: "ConnectionReset", mayHaveReachedServer: true, url: `${base}/v1/x` },
          { reason: "ConnectionRefused", mayHaveReachedServer: false, url: `${base}/v1/x` }
        ])
      })
    )

    it.effect("a hanging server ends in AttemptTimeout at the timeout, in virtual time", () =>
      Effect.gen(function* () {
        const script = yield* ScriptedHttpClient.make({ "GET /v1/x": [Step.hang] })
        const client = ApiClient.make(ProblemJson.dialect, {
          baseUrl: base,
          apiKey: Redacted.make("test-key-0123456789"),
          timeout: "3 seconds"
        })(script.client)
        const fiber = yield* Effect.fork(Effect.flip(client.get("/v1/x")))
        yield* TestClock.adjust("2999 millis")
        expect(fiber.unsafePoll()).toBeNull()
        yield* TestClock.adjust("1 millis")
        expect((yield* Fiber.join(fiber))._tag).toBe("AttemptTimeout")
      })
    )
  })

  it.effect("delays are virtual: the answer comes when the TestClock reaches it, arrivals are recorded", () =>
    Effect.gen(function* () {
      const client = yield* HttpClient.HttpClient
      const fiber = yield* Effect.fork(
        Effect.all([client.get(`${base}/v1/slow`), Effect.delay(client.get(`${base}/v1/slow`), "2 seconds")], {
          concurrency: "unbounded"
        })
      )
      yield* TestClock.adjust("4999 millis")
      expect(fiber.unsafePoll()).toBeNull()
      expect((yield* ScriptedHttpClient.requests).map((request) => request.at)).toEqual([0, 2000])
      yield* TestClock.adjust("1 millis")
      expect(fiber.unsafePoll()).toBeNull()
      yield* TestClock.adjust("2 seconds")
      const [first, second] = yield* Fiber.join(fiber)
      expect([first.status, second.status]).toEqual([200, 201])
    }).pipe(
      Effect.provide(
        ScriptedHttpClient.layer({
          "GET /v1/slow": [Step.delay("5 seconds", Step.json(200, {})), Step.delay("5 seconds", Step.json(201, {}))]
        })
      )
    )
  )

  it.effect("clock headers are written from the Clock when the step answers, after its delay, rounded up", () =>
    Effect.gen(function* () {
      // 2024-01-24T23:59:50.250Z
      yield* TestClock.setTime(1_706_140_790_250)
      const limited = pipe(
        Step.json(429, {}, { "X-RateLimit-Reset": "1", "x-ratelimit-remaining": "0" }),
        Step.rateLimitReset("10 seconds"),
        Step.retryAfterDate("10 seconds"),
        Step.clockHeader("x-reset-ms", "1500 millis", "epoch-millis")
      )
      const script = yield* ScriptedHttpClient.make({ "GET /v1/x": [Step.delay("2 seconds", limited), limited] })
      const fiber = yield* Effect.fork(script.client.get(`${base}/v1/x`))
      yield* TestClock.adjust("2 seconds")
      const delayed = yield* Fiber.join(fiber)
      expect(delayed.headers).toMatchObject({
        "x-ratelimit-reset": "1706140803",
        "retry-after": "Thu, 25 Jan 2024 00:00:03 GMT",
        "x-reset-ms": "1706140793750",
        "x-ratelimit-remaining": "0"
      })
      yield* TestClock.adjust("750 millis")
      const immediate = yield* script.client.get(`${base}/v1/x`)
      expect([immediate.headers["x-ratelimit-reset"], immediate.headers["retry-after"]]).toEqual([
        "1706140803",
        "Thu, 25 Jan 2024 00:00:03 GMT"
      ])
      // The step itself keeps the times relative: played later, it writes later ones.
      expect(Step.headersAt(limited, 0)).toMatchObject({
        "x-ratelimit-reset": "10",
        "retry-after": "Thu, 01 Jan 1970 00:00:10 GMT"
      })
      expect(Step.describe(Step.rateLimitReset(Step.empty(429), "6 seconds"))).toBe(
        "429 (0 bytes, x-ratelimit-reset in 6s)"
      )
    })
  )

  it.effect("each build of the layer starts the script afresh", () => {
    const layer = ScriptedHttpClient.layer({ "GET /v1/x": [Step.json(500, {})] })
    const firstStatus = Effect.flatMap(HttpClient.get(`${base}/v1/x`), (response) => Effect.succeed(response.status))
    return Effect.gen(function* () {
      expect(yield* Effect.provide(firstStatus, layer)).toBe(500)
      expect(yield* Effect.provide(firstStatus, layer)).toBe(500)
    })
  })

  it("describes steps for messages", () => {
    expect(
      [
        Step.json(429, {}),
        Step.truncated(Step.text(200, "abcd")),
        Step.reset,
        Step.delay("2 seconds", Step.hang),
        Step.fromRequest(() => Step.refused)
      ].map(Step.describe)
    ).toEqual([
      "429 application/json (2 bytes)",
      "200 text/plain; charset=utf-8 (2 of 4 bytes, then cut off)",
      "ECONNRESET",
      "2s, then no answer",
      "decided from the request"
    ])
  })

  it("matches route patterns on method and path segments", () => {
    expect(Script.matchPattern("GET /v1/calls/:id", "GET", "/v1/calls/c%201")).toEqual({ id: "c 1" })
    expect(Script.matchPattern("GET /v1/calls/:id", "POST", "/v1/calls/c1")).toBeUndefined()
    expect(Script.matchPattern("GET /v1/calls/:id", "GET", "/v1/calls")).toBeUndefined()
    expect(Script.matchPattern("GET /v1/calls/:id", "GET", "/v1/calls/c1/events")).toBeUndefined()
    expect(Script.matchPattern("* /v1/calls/", "PATCH", "/v1/calls")).toEqual({})
    expect(Script.matchPattern("GET /v1/*", "GET", "/v1/a/b")).toEqual({})
    expect(Script.matchPattern("*", "HEAD", "/anything")).toEqual({})
  })

  describe("checked against an API", () => {
    const api = {
      createCall: { method: "POST", path: "/v1/calls/outbound" },
      getCall: { method: "GET", path: "/v1/calls/:call_id" },
      listCalls: { method: "GET", path: "/v1/calls" }
    }

    it.effect("refuses to start a script with a route the API does not have, naming each one", () =>
      Effect.gen(function* () {
        const failure = yield* Effect.flip(
          ScriptedHttpClient.make(
            { "POST /v1/calls": [Step.json(201, {})], "GET /v1/calls/:id": [], "DELETE /v1/calls/call_1": [] },
            { api }
          )
        )
        expect(failure._tag).toBe("UnknownRoutes")
        expect(failure.patterns).toEqual(["POST /v1/calls", "DELETE /v1/calls/call_1"])
        expect(failure.message).toBe("scripted routes the API does not have: POST /v1/calls, DELETE /v1/calls/call_1")
      })
    )

    it.effect("starts a script whose routes all exist: concrete ids, :params, * tails, predicates, the catch-all", () =>
      Effect.gen(function* () {
        const script = yield* ScriptedHttpClient.make(
          [
            Script.route("POST /v1/calls/outbound", [Step.json(201, { call_id: "c" })]),
            Script.route("GET /v1/calls/call_1", []),
            Script.route("GET /v1/calls/:id", []),
            Script.route("* /v1/calls", []),
            Script.route("GET /v1/*", []),
            Script.route(() => true, []),
            Script.route("*", [])
          ],
          { api }
        )
        const response = yield* script.client.execute(HttpClientRequest.post(`${base}/v1/calls/outbound`))
        expect(response.status).toBe(201)
      })
    )

    it.effect("a layer with an unknown route fails to build, so no test runs against a route that is not there", () =>
      Effect.gen(function* () {
        const failure = yield* Effect.flip(
          Effect.provide(ScriptedHttpClient.requests, ScriptedHttpClient.layer({ "GET /v2/calls": [] }, { api }))
        )
        expect(failure.patterns).toEqual(["GET /v2/calls"])
      })
    )
  })
})
