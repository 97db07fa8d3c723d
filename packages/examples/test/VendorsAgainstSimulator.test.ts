import { FetchHttpClient, Headers, HttpBody, HttpClient, HttpClientRequest } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { assert, describe, expect, layer } from "@effect/vitest"
import { ApiClient, Failure } from "@faultline/core"
import { DialNexaError, DialNexaHttpClient } from "@faultline/dialnexa"
import { LevrageError, LevrageHttpClient } from "@faultline/levrage"
import { NixflexError, NixflexHttpClient } from "@faultline/nixflex"
import { DialNexaApi, Faults, LevrageApi, NixflexApi, Simulator } from "@faultline/simulator"
import { Effect, Layer, Redacted, Schema } from "effect"

// The three vendors' typed client layers against the simulator on 127.0.0.1, over each of the platform's HTTP
// clients. Real requests drive the simulator into each vendor's documented errors, and the decoded failure is
// checked. No retry policy, no circuit breaker, no pacing: every failure is the first attempt's.

const transports: ReadonlyArray<readonly [string, Layer.Layer<HttpClient.HttpClient>]> = [
  ["NodeHttpClient (undici)", NodeHttpClient.layerUndici],
  ["NodeHttpClient (node:http)", NodeHttpClient.layer],
  ["FetchHttpClient", FetchHttpClient.layer]
]

const clientOptions = (
  sim: Simulator.Running,
  vendor: "dialnexa" | "levrage" | "nixflex",
  apiKey: string,
  bodyLimit?: number
) =>
  ({
    baseUrl: sim.baseUrl(vendor),
    apiKey: Redacted.make(apiKey),
    bodyLimit,
    circuitBreaker: false,
    pacing: false
  }) as const

const nixflex = (sim: Simulator.Running, apiKey: string = NixflexApi.demoKey) =>
  Effect.map(HttpClient.HttpClient, NixflexHttpClient.make(clientOptions(sim, "nixflex", apiKey)))

const levrage = (sim: Simulator.Running, apiKey: string = LevrageApi.demoKey, bodyLimit?: number) =>
  Effect.map(HttpClient.HttpClient, LevrageHttpClient.make(clientOptions(sim, "levrage", apiKey, bodyLimit)))

// The same request without its `Authorization` header (`setHeaders` and `modify` only add headers).
const withoutAuthorization = (request: HttpClientRequest.HttpClientRequest) =>
  HttpClientRequest.make(request.method)(request.url, { urlParams: request.urlParams }).pipe(
    HttpClientRequest.setHeaders(Headers.remove(request.headers, "authorization")),
    HttpClientRequest.setBody(request.body)
  )

/** A Levrage client whose requests leave without an `Authorization` header: the transport drops it. */
const keylessLevrage = (sim: Simulator.Running) =>
  Effect.map(HttpClient.HttpClient, (http) =>
    LevrageHttpClient.make(clientOptions(sim, "levrage", LevrageApi.demoKey))(
      HttpClient.mapRequest(http, withoutAuthorization)
    )
  )

const dialnexa = (sim: Simulator.Running, apiKey: string = DialNexaApi.demoKey) =>
  Effect.map(HttpClient.HttpClient, DialNexaHttpClient.make(clientOptions(sim, "dialnexa", apiKey)))

/** Runs `effect` with `faults` in force, and clears them whatever happens. */
const withFaults = <A, E, R>(
  sim: Simulator.Running,
  faults: ReadonlyArray<Faults.Fault>,
  effect: Effect.Effect<A, E, R>
): Effect.Effect<A, E, R> => Effect.zipRight(sim.setFaults(faults), effect).pipe(Effect.ensuring(sim.setFaults([])))

const outageSeconds = 30

const expectOutageHint = (waitHint: { readonly millis: number; readonly source: string } | undefined) => {
  // `Retry-After` is the whole seconds left in the window, which opened a moment ago.
  expect(waitHint?.source).toBe("retry-after")
  expect(waitHint?.millis).toBeGreaterThanOrEqual((outageSeconds - 1) * 1000)
  expect(waitHint?.millis).toBeLessThanOrEqual(outageSeconds * 1000)
}

const outboundCall = (body: Record<string, unknown>) =>
  HttpBody.unsafeJson({ agent_id: NixflexApi.fixtures.agentId, to_number: "+447386172392", prompt: "Confirm", ...body })

const QueuedCall = Schema.Struct({
  call_id: Schema.String.pipe(Schema.pattern(/^CA[0-9a-f]{32}$/)),
  status: Schema.Literal("queued"),
  agent_id: Schema.String,
  to_number: Schema.String,
  from_number: Schema.String
})

const levrageCall = (body: Record<string, unknown>) =>
  HttpBody.unsafeJson({
    agent_id: LevrageApi.fixtures.agentId,
    source_number: LevrageApi.fixtures.sourceNumber,
    phone_number: "+919812345678",
    ...body
  })

for (const [name, transport] of transports) {
  describe(`over ${name}`, () => {
    layer(Layer.merge(Simulator.layer(), transport), { excludeTestServices: true })("Nixflex", (it) => {
      it.effect("a wrong key is InvalidApiKey (401, unauthorized), without a doc_url", () =>
        Effect.gen(function* () {
          const sim = yield* Simulator.Simulator
          const client = yield* nixflex(sim, `${NixflexApi.demoKeyId}:nxfs_not_the_secret`)
          const failure = yield* Effect.flip(client.get("/v1/calls"))
          assert(failure instanceof NixflexError.InvalidApiKey, failure._tag)
          expect([failure.status, failure.category, failure.code, failure.type]).toEqual([
            401,
            "unauthorized",
            "invalid_api_key",
            "authentication_error"
          ])
          expect(failure.docUrl).toBeUndefined()
        })
      )

      it.effect("a key without its :secret half is KeySecretRequired (401, unauthorized)", () =>
        Effect.gen(function* () {
          const sim = yield* Simulator.Simulator
          const client = yield* nixflex(sim, NixflexApi.demoKeyId)
          const failure = yield* Effect.flip(client.get("/v1/calls"))
          assert(failure instanceof NixflexError.KeySecretRequired, failure._tag)
          expect([failure.status, failure.category, failure.code]).toEqual([401, "unauthorized", "key_secret_required"])
        })
      )

      it.effect("a to_number outside E.164 is InvalidPhoneFormat (400) naming the field", () =>
        Effect.gen(function* () {
          const sim = yield* Simulator.Simulator
          const client = yield* nixflex(sim)
          const failure = yield* Effect.flip(
            client.post("/v1/calls/outbound", { body: outboundCall({ to_number: "07386172392" }) })
          )
          assert(failure instanceof NixflexError.InvalidPhoneFormat, failure._tag)
          expect([failure.status, failure.category, failure.type]).toEqual([400, "invalid_request", "invalid_request"])
          expect(failure.details).toEqual({ field: "to_number" })
          expect(failure.docUrl).toBe("https://docs.nixflex.com/reference/errors#invalid_phone_format")
        })
      )

      it.effect("another account's agent is AgentNotOwned (403) on a call, AgentNotFound (404) on a read", () =>
        Effect.gen(function* () {
          const sim = yield* Simulator.Simulator
          const client = yield* nixflex(sim)
          const { otherAccountAgentId } = NixflexApi.fixtures
          const onCall = yield* Effect.flip(
            client.post("/v1/calls/outbound", { body: outboundCall({ agent_id: otherAccountAgentId }) })
          )
          assert(onCall instanceof NixflexError.AgentNotOwned, onCall._tag)
          expect([onCall.status, onCall.category, onCall.type]).toEqual([403, "forbidden", "permission_error"])
          const onRead = yield* Effect.flip(client.get(`/v1/agents/${otherAccountAgentId}`))
          assert(onRead instanceof NixflexError.AgentNotFound, onRead._tag)
          expect([onRead.status, onRead.category, onRead.code]).toEqual([404, "not_found", "agent_not_found"])
        })
      )

      it.effect("an agent that does not exist is AgentNotFound (404)", () =>
        Effect.gen(function* () {
          const sim = yield* Simulator.Simulator
          const client = yield* nixflex(sim)
          const failure = yield* Effect.flip(
            client.post("/v1/calls/outbound", { body: outboundCall({ agent_id: "agent_ffffffffffffffff" }) })
          )
          assert(failure instanceof NixflexError.AgentNotFound, failure._tag)
          expect([failure.status, failure.category, failure.type]).toEqual([404, "not_found", "not_found"])
        })
      )

      it.effect("a created call (201) decodes with a schema", () =>
        Effect.gen(function* () {
          const sim = yield* Simulator.Simulator
          const client = yield* nixflex(sim)
          const response = yield* client.post("/v1/calls/outbound", { body: outboundCall({}) })
          expect(response.status).toBe(201)
          const call = yield* ApiClient.schemaJson(QueuedCall)(response)
          expect([call.status, call.agent_id, call.to_number, call.from_number]).toEqual([
            "queued",
            NixflexApi.fixtures.agentId,
            "+447386172392",
            NixflexApi.fixtures.fromNumber
          ])
        })
      )

      it.effect("an outage is a 503 of an undocumented code: NixflexUnknownError, category server, Retry-After", () =>
        Effect.gen(function* () {
          const sim = yield* Simulator.Simulator
          const client = yield* nixflex(sim)
          const failure = yield* withFaults(
            sim,
            [Faults.outage(`${outageSeconds} seconds`)],
            Effect.flip(client.get("/v1/calls"))
          )
          // Nixflex documents no 503: the code is unknown, and the category is its type's (server_error).
          assert(failure instanceof NixflexError.NixflexUnknownError, failure._tag)
          expect([failure.status, failure.category, failure.code, failure.type]).toEqual([
            503,
            "server",
            "service_unavailable",
            "server_error"
          ])
          expectOutageHint(failure.waitHint)
        })
      )

      it.scoped("over the write limit is RateLimitExceeded, waiting as long as details.retry_after says", () =>
        Effect.gen(function* () {
          const sim = yield* Simulator.start({ rateLimits: { "nixflex.write": { limit: 1, window: "10 seconds" } } })
          const client = yield* nixflex(sim)
          const created = yield* client.post("/v1/agents", { body: HttpBody.unsafeJson({ name: "Limited" }) })
          expect(created.status).toBe(201)
          const failure = yield* Effect.flip(
            client.post("/v1/agents", { body: HttpBody.unsafeJson({ name: "Over the limit" }) })
          )
          assert(failure instanceof NixflexError.RateLimitExceeded, failure._tag)
          expect([failure.status, failure.category, failure.type]).toEqual([429, "rate_limited", "rate_limit_error"])
          const retryAfter = failure.details?.retry_after
          assert(typeof retryAfter === "number")
          // Whole seconds until the 10-second window that opened with the first request resets.
          expect(retryAfter).toBeGreaterThanOrEqual(5)
          expect(retryAfter).toBeLessThanOrEqual(10)
          expect(failure.waitHint).toEqual({ source: "body", millis: retryAfter * 1000 })
          // Reads have their own window.
          expect((yield* client.get("/v1/agents")).status).toBe(200)
          expect((yield* sim.stats).rateLimited).toBe(1)
        })
      )

      it.scoped("a call over the concurrency limit is ConcurrentCallLimit (429) with the limit in details", () =>
        Effect.gen(function* () {
          const sim = yield* Simulator.start({ concurrency: { nixflex: 1 } })
          const client = yield* nixflex(sim)
          expect((yield* client.post("/v1/calls/outbound", { body: outboundCall({}) })).status).toBe(201)
          const failure = yield* Effect.flip(client.post("/v1/calls/outbound", { body: outboundCall({}) }))
          assert(failure instanceof NixflexError.ConcurrentCallLimit, failure._tag)
          expect([failure.status, failure.category, failure.code]).toEqual([
            429,
            "rate_limited",
            "concurrent_call_limit"
          ])
          expect(failure.details).toEqual({ limit: 1, active: 1 })
          expect((yield* sim.stats).created).toBe(1)
        })
      )
    })

    layer(Layer.merge(Simulator.layer(), transport), { excludeTestServices: true })("Levrage", (it) => {
      it.effect("no key is AuthenticationError (401) from FastAPI's {detail} body", () =>
        Effect.gen(function* () {
          const sim = yield* Simulator.Simulator
          const client = yield* keylessLevrage(sim)
          const failure = yield* Effect.flip(client.get("/v1/agents"))
          assert(failure instanceof LevrageError.AuthenticationError, failure._tag)
          expect([failure.status, failure.category, failure.message, failure.code]).toEqual([
            401,
            "unauthorized",
            "Invalid or expired API key",
            undefined
          ])
          expect(failure.issues).toEqual([])
        })
      )

      it.effect("a wrong key is AuthenticationError (401)", () =>
        Effect.gen(function* () {
          const sim = yield* Simulator.Simulator
          const client = yield* levrage(sim, "lev_not_a_key")
          const failure = yield* Effect.flip(client.get("/v1/agents"))
          assert(failure instanceof LevrageError.AuthenticationError, failure._tag)
          expect([failure.status, failure.category, failure.message]).toEqual([
            401,
            "unauthorized",
            "Invalid or expired API key"
          ])
        })
      )

      it.effect("a public route works without a key", () =>
        Effect.gen(function* () {
          const sim = yield* Simulator.Simulator
          const client = yield* keylessLevrage(sim)
          const health = yield* client
            .get("/v1/health")
            .pipe(
              Effect.flatMap(
                ApiClient.schemaJson(
                  Schema.Struct({ success: Schema.Literal(true), data: Schema.Struct({ status: Schema.String }) })
                )
              )
            )
          expect(health.data.status).toBe("healthy")
          // The simulator saw no valid key: it counted the request against the client's IP.
          const seen = (yield* sim.log).filter((entry) => entry.vendor === "levrage" && entry.path === "/v1/health")
          expect(seen.map((entry) => [entry.status, entry.principal.startsWith("ip:")])).toEqual([[200, true]])
        })
      )

      it.effect("a phone number outside E.164 is ValidationError, answered 422 with the documented envelope", () =>
        Effect.gen(function* () {
          const sim = yield* Simulator.Simulator
          const client = yield* levrage(sim)
          const failure = yield* Effect.flip(client.post("/v1/call", { body: levrageCall({ phone_number: "98123" }) }))
          // The code decides before the status: validation_error is invalid_request, not 422's unprocessable.
          assert(failure instanceof LevrageError.ValidationError, failure._tag)
          expect([failure.status, failure.category, failure.code, failure.message]).toEqual([
            422,
            "invalid_request",
            "validation_error",
            "phone_number must be E.164 format"
          ])
          expect(failure.requestId).toMatch(/^req_[0-9a-f]{12}$/)
          expect(failure.timestamp).toBeDefined()
        })
      )

      it.effect("a missing field is UnprocessableEntity (422) with FastAPI's issues", () =>
        Effect.gen(function* () {
          const sim = yield* Simulator.Simulator
          const client = yield* levrage(sim)
          const failure = yield* Effect.flip(client.post("/v1/call", { body: levrageCall({ agent_id: undefined }) }))
          assert(failure instanceof LevrageError.UnprocessableEntity, failure._tag)
          expect([failure.status, failure.category, failure.code]).toEqual([422, "unprocessable", undefined])
          expect(failure.issues.map(({ message, path, type }) => ({ message, path, type }))).toEqual([
            { path: "body.agent_id", message: "Field required", type: "missing" }
          ])
        })
      )

      it.effect("an agent name already in use is ValidationError, answered 409", () =>
        Effect.gen(function* () {
          const sim = yield* Simulator.Simulator
          const client = yield* levrage(sim)
          const body = HttpBody.unsafeJson({ name: LevrageApi.fixtures.agentName, start_flow: "Hi", end_flow: "Bye" })
          const failure = yield* Effect.flip(client.post("/v1/agents", { body }))
          assert(failure instanceof LevrageError.ValidationError, failure._tag)
          expect([failure.status, failure.category, failure.message]).toEqual([
            409,
            "invalid_request",
            "Agent name is already in use"
          ])
        })
      )

      it.effect("an agent that does not exist is NotFound (404)", () =>
        Effect.gen(function* () {
          const sim = yield* Simulator.Simulator
          const client = yield* levrage(sim)
          const failure = yield* Effect.flip(
            client.post("/v1/call", { body: levrageCall({ agent_id: "00000000-0000-4000-8000-000000000000" }) })
          )
          assert(failure instanceof LevrageError.NotFound, failure._tag)
          expect([failure.status, failure.category, failure.code, failure.message]).toEqual([
            404,
            "not_found",
            "not_found",
            "Agent not found"
          ])
        })
      )

      it.effect("an outage is ServiceUnavailable (503) waiting as long as Retry-After says", () =>
        Effect.gen(function* () {
          const sim = yield* Simulator.Simulator
          const client = yield* levrage(sim)
          const failure = yield* withFaults(
            sim,
            [Faults.outage(`${outageSeconds} seconds`)],
            Effect.flip(client.get("/v1/agents"))
          )
          assert(failure instanceof LevrageError.ServiceUnavailable, failure._tag)
          expect([failure.status, failure.category, failure.message]).toEqual([
            503,
            "unavailable",
            "System under maintenance"
          ])
          expectOutageHint(failure.waitHint)
        })
      )

      it.scoped("over the rate limit is RateLimited, waiting until X-RateLimit-Reset", () =>
        Effect.gen(function* () {
          const sim = yield* Simulator.start({ rateLimits: { levrage: { limit: 2, window: "10 seconds" } } })
          const client = yield* levrage(sim)
          yield* client.get("/v1/agents")
          yield* client.get("/v1/agents")
          const failure = yield* Effect.flip(client.get("/v1/agents"))
          assert(failure instanceof LevrageError.RateLimited, failure._tag)
          expect([failure.status, failure.category, failure.message]).toEqual([
            429,
            "rate_limited",
            "Rate limit exceeded: 2 per 10 second"
          ])
          // No Retry-After: the wait is until the reset, in epoch seconds rounded up, of a 10-second window.
          expect(failure.waitHint?.source).toBe("x-ratelimit-reset")
          expect(failure.waitHint?.millis).toBeGreaterThanOrEqual(5000)
          expect(failure.waitHint?.millis).toBeLessThanOrEqual(11_000)
          expect((yield* sim.stats).rateLimited).toBe(1)
        })
      )
    })

    layer(Layer.merge(Simulator.layer(), transport), { excludeTestServices: true })("DialNexa", (it) => {
      it.effect("a wrong key is Unauthorized (401)", () =>
        Effect.gen(function* () {
          const sim = yield* Simulator.Simulator
          const client = yield* dialnexa(sim, "dnx_test_not_a_key")
          const failure = yield* Effect.flip(client.get("/v1/call-logs"))
          assert(failure instanceof DialNexaError.Unauthorized, failure._tag)
          expect([failure.status, failure.category, failure.messages, failure.error]).toEqual([
            401,
            "unauthorized",
            ["Unauthorized"],
            "Unauthorized"
          ])
        })
      )

      it.effect("a phone number outside E.164 is BadRequest (400) whose issues name the field", () =>
        Effect.gen(function* () {
          const sim = yield* Simulator.Simulator
          const client = yield* dialnexa(sim)
          const failure = yield* Effect.flip(
            client.post("/v1/calls", {
              body: HttpBody.unsafeJson({ agent_id: DialNexaApi.fixtures.agentId, to_phone_number: "4155550100" })
            })
          )
          assert(failure instanceof DialNexaError.BadRequest, failure._tag)
          expect([failure.status, failure.category, failure.messages]).toEqual([
            400,
            "invalid_request",
            ["Validation failed: to_phone_number must be in E.164 format"]
          ])
          expect(failure.issues.map((issue) => issue.field)).toEqual(["to_phone_number"])
        })
      )

      it.effect("several invalid fields are one BadRequest with one issue per field", () =>
        Effect.gen(function* () {
          const sim = yield* Simulator.Simulator
          const client = yield* dialnexa(sim)
          const failure = yield* Effect.flip(
            client.post("/v1/calls", { body: HttpBody.unsafeJson({ agent_id: "", to_phone_number: "4155550100" }) })
          )
          assert(failure instanceof DialNexaError.BadRequest, failure._tag)
          expect(failure.messages).toEqual(["agent_id should not be empty", "to_phone_number must be in E.164 format"])
          expect(failure.issues.map((issue) => issue.field)).toEqual(["agent_id", "to_phone_number"])
        })
      )

      it.effect("a campaign that does not exist is NotFound (404)", () =>
        Effect.gen(function* () {
          const sim = yield* Simulator.Simulator
          const client = yield* dialnexa(sim)
          const failure = yield* Effect.flip(client.get("/v1/campaigns/cmp_doesnotexist"))
          assert(failure instanceof DialNexaError.NotFound, failure._tag)
          expect([failure.status, failure.category, failure.messages]).toEqual([
            404,
            "not_found",
            ["Campaign not found"]
          ])
        })
      )

      it.effect("call logs with a matching If-None-Match are a 304 success with an empty body", () =>
        Effect.gen(function* () {
          const sim = yield* Simulator.Simulator
          const client = yield* dialnexa(sim)
          const first = yield* client.get("/v1/call-logs")
          const page = yield* ApiClient.schemaJson(Schema.Struct({ meta: Schema.Struct({ total: Schema.Number }) }))(
            first
          )
          expect([first.status, page.meta.total]).toEqual([200, 45])
          const etag = first.headers["etag"]
          assert(etag !== undefined)
          const second = yield* client.get("/v1/call-logs", { headers: { "if-none-match": etag } })
          expect([second.status, second.headers["etag"]]).toEqual([304, etag])
          expect(yield* second.text).toBe("")
        })
      )

      it.effect("an outage is ServiceUnavailable (503) waiting as long as Retry-After says", () =>
        Effect.gen(function* () {
          const sim = yield* Simulator.Simulator
          const client = yield* dialnexa(sim)
          const failure = yield* withFaults(
            sim,
            [Faults.outage(`${outageSeconds} seconds`)],
            Effect.flip(client.get("/v1/call-logs"))
          )
          assert(failure instanceof DialNexaError.ServiceUnavailable, failure._tag)
          expect([failure.status, failure.category]).toEqual([503, "unavailable"])
          expectOutageHint(failure.waitHint)
        })
      )

      it.scoped("over the rate limit is TooManyRequests, waiting as long as Retry-After says", () =>
        Effect.gen(function* () {
          const sim = yield* Simulator.start({ rateLimits: { dialnexa: { limit: 1, window: "10 seconds" } } })
          const client = yield* dialnexa(sim)
          yield* client.get("/v1/agents2")
          const failure = yield* Effect.flip(client.get("/v1/agents2"))
          assert(failure instanceof DialNexaError.TooManyRequests, failure._tag)
          expect([failure.status, failure.category, failure.messages]).toEqual([
            429,
            "rate_limited",
            ["Too many requests. Please slow down and retry after a moment."]
          ])
          // Whole seconds until the 10-second window resets.
          expect(failure.waitHint?.source).toBe("retry-after")
          expect(failure.waitHint?.millis).toBeGreaterThanOrEqual(5000)
          expect(failure.waitHint?.millis).toBeLessThanOrEqual(10_000)
          expect((failure.waitHint?.millis ?? 1) % 1000).toBe(0)
        })
      )
    })

    layer(Layer.merge(Simulator.layer(), transport), { excludeTestServices: true })(
      "faults (through Levrage)",
      (it) => {
        it.effect("an HTML 502 page from a proxy is UnexpectedBody NotJson, category upstream", () =>
          Effect.gen(function* () {
            const sim = yield* Simulator.Simulator
            const client = yield* levrage(sim)
            const failure = yield* withFaults(sim, [Faults.html()], Effect.flip(client.get("/v1/agents")))
            assert(failure instanceof Failure.UnexpectedBody, failure._tag)
            expect([failure.reason, failure.status, failure.category, failure.contentType]).toEqual([
              "NotJson",
              502,
              "upstream",
              "text/html"
            ])
            expect(failure.snippet).toContain("502 Bad Gateway")
          })
        )

        it.effect("a reset connection is a TransportError that may have reached the server", () =>
          Effect.gen(function* () {
            const sim = yield* Simulator.Simulator
            const client = yield* levrage(sim)
            const failure = yield* withFaults(sim, [Faults.reset()], Effect.flip(client.get("/v1/agents")))
            assert(failure instanceof Failure.TransportError, failure._tag)
            expect([failure.mayHaveReachedServer, failure.category, failure.method]).toEqual([true, "transport", "GET"])
          })
        )

        it.effect("a body cut off mid-stream is UnexpectedBody Truncated, even on a success status", () =>
          Effect.gen(function* () {
            const sim = yield* Simulator.Simulator
            const client = yield* levrage(sim)
            const failure = yield* withFaults(sim, [Faults.truncate()], Effect.flip(client.get("/v1/agents")))
            assert(failure instanceof Failure.UnexpectedBody, failure._tag)
            expect([failure.reason, failure.status]).toEqual(["Truncated", 200])
          })
        )

        it.effect("a body over the client's 64 KiB limit is UnexpectedBody TooLarge", () =>
          Effect.gen(function* () {
            const sim = yield* Simulator.Simulator
            const client = yield* levrage(sim, LevrageApi.demoKey, 64 * 1024)
            const failure = yield* withFaults(sim, [Faults.huge(1, 1024 * 1024)], Effect.flip(client.get("/v1/agents")))
            assert(failure instanceof Failure.UnexpectedBody, failure._tag)
            expect([failure.reason, failure.status]).toEqual(["TooLarge", 200])
            expect(failure.snippet.length).toBeLessThanOrEqual(Failure.snippetLength)
          })
        )
      }
    )
  })
}
