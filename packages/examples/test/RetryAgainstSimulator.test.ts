import { HttpBody, HttpClient, HttpClientRequest } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { Backoff, type Failure, RetryPolicy } from "@faultline/core"
import { LevrageHttpClient, LevrageRetry } from "@faultline/levrage"
import { type NixflexError, NixflexHttpClient, NixflexRetry } from "@faultline/nixflex"
import { Faults, LevrageApi, Simulator } from "@faultline/simulator"
import { Effect, Redacted } from "effect"
import { fast as fastPolicy } from "./fastPolicy.js"

// Retries against the simulator on 127.0.0.1, over undici: what reaches the server on each attempt.

// The vendor tables wait seconds; these tests keep their decisions but wait 10 ms, and ignore the servers' hints.
const fast = (policy: Parameters<typeof fastPolicy>[0]) => fastPolicy(policy, { hint: "ignore" })

const createCall = HttpBody.unsafeJson({
  agent_id: "agent_125207e452f8714a",
  to_number: "+447386172392",
  prompt: "Confirm the booking"
})

const nixflex = (
  sim: Simulator.Running,
  retry: RetryPolicy.RetryPolicy<NixflexError.NixflexFailure | Failure.CoreFailure>
) =>
  Effect.map(
    HttpClient.HttpClient,
    NixflexHttpClient.make({
      baseUrl: sim.baseUrl("nixflex"),
      apiKey: Redacted.make(Simulator.demoKeys.nixflex),
      retry,
      circuitBreaker: false
    })
  )

const posts = (sim: Simulator.Running, path: string) =>
  Effect.map(sim.log, (log) => log.filter((entry) => entry.method === "POST" && entry.path === path))

describe("retries against the simulator", () => {
  it.live("a mutating request carries the same idempotency key on every attempt, and creates one call", () =>
    Effect.gen(function* () {
      const sim = yield* Simulator.start({ vendor: "nixflex" })
      yield* sim.setFaults([Faults.times(Faults.error(503), 2)])
      const client = yield* nixflex(sim, fast(NixflexRetry.defaults))
      const response = yield* client.post("/v1/calls/outbound", { body: createCall })
      expect(response.status).toBe(201)
      const attempts = yield* posts(sim, "/v1/calls/outbound")
      expect(attempts.map((entry) => entry.status)).toEqual([503, 503, 201])
      const keys = new Set(attempts.map((entry) => entry.idempotencyKey))
      expect(keys.size).toBe(1)
      expect([...keys][0]).toMatch(/^[0-9a-f-]{36}$/)
      const stats = yield* sim.stats
      expect([stats.created, stats.duplicates]).toEqual([1, 0])
    }).pipe(Effect.scoped, Effect.provide(NodeHttpClient.layerUndici))
  )

  it.live("a key the request already carries wins", () =>
    Effect.gen(function* () {
      const sim = yield* Simulator.start({ vendor: "nixflex" })
      yield* sim.setFaults([Faults.times(Faults.error(502), 1)])
      const client = yield* nixflex(sim, fast(NixflexRetry.defaults))
      yield* client.post("/v1/calls/outbound", { body: createCall, headers: { "idempotency-key": "booking-42" } })
      const attempts = yield* posts(sim, "/v1/calls/outbound")
      expect(attempts.map((entry) => [entry.status, entry.idempotencyKey])).toEqual([
        [502, "booking-42"],
        [201, "booking-42"]
      ])
    }).pipe(Effect.scoped, Effect.provide(NodeHttpClient.layerUndici))
  )

  it.live("a retry after a response cut off mid-body replays the call instead of placing a second one", () =>
    Effect.gen(function* () {
      const sim = yield* Simulator.start({ vendor: "nixflex" })
      yield* sim.setFaults([Faults.times(Faults.truncate(), 1)])
      const retryCutOff = fast(NixflexRetry.defaults).pipe(
        RetryPolicy.overrideCategory(
          "unexpected",
          RetryPolicy.rule({ backoff: Backoff.fixed("10 millis"), retries: 2 })
        )
      )
      const client = yield* nixflex(sim, retryCutOff)
      const response = yield* client.post("/v1/calls/outbound", { body: createCall })
      expect(response.status).toBe(201)
      const stats = yield* sim.stats
      expect([stats.created, stats.duplicates, stats.replays]).toEqual([1, 0, 1])
    }).pipe(Effect.scoped, Effect.provide(NodeHttpClient.layerUndici))
  )

  it.live("a POST answered 500 without an idempotency key is not retried (Levrage has none)", () =>
    Effect.gen(function* () {
      const sim = yield* Simulator.start({ vendor: "levrage" })
      yield* sim.setFaults([Faults.error(500)])
      const client = LevrageHttpClient.make({
        baseUrl: sim.baseUrl("levrage"),
        apiKey: Redacted.make(Simulator.demoKeys.levrage),
        retry: fast(LevrageRetry.defaults)
      })(yield* HttpClient.HttpClient)
      const failure = yield* Effect.flip(client.post("/v1/call", { body: HttpBody.unsafeJson({}) }))
      expect([failure.category, failure.retry?.stoppedBecause]).toEqual(["server", "Unsafe"])
      expect((yield* posts(sim, "/v1/call")).length).toBe(1)
    }).pipe(Effect.scoped, Effect.provide(NodeHttpClient.layerUndici))
  )

  it.live("a POST whose connection was refused is retried: the server never saw it", () =>
    Effect.gen(function* () {
      const sim = yield* Simulator.start({ vendor: "levrage" })
      // A port with nothing listening: take a free one, then close it.
      const dead = yield* Effect.scoped(Effect.map(Simulator.start(), (other) => other.url))
      let sent = 0
      const firstToDeadPort = (yield* HttpClient.HttpClient).pipe(
        HttpClient.mapRequest((request) =>
          sent++ === 0 ? HttpClientRequest.setUrl(request, request.url.replace(sim.url, dead)) : request
        )
      )
      const client = LevrageHttpClient.make({
        baseUrl: sim.baseUrl("levrage"),
        apiKey: Redacted.make(Simulator.demoKeys.levrage),
        retry: fast(LevrageRetry.defaults)
      })(firstToDeadPort)
      const body = HttpBody.unsafeJson({
        agent_id: LevrageApi.fixtures.agentId,
        source_number: LevrageApi.fixtures.sourceNumber,
        phone_number: "+919812345678"
      })
      const response = yield* client.post("/v1/call", { body })
      expect(sent).toBe(2)
      expect(response.status).toBeLessThan(300)
      expect((yield* posts(sim, "/v1/call")).length).toBe(1)
    }).pipe(Effect.scoped, Effect.provide(NodeHttpClient.layerUndici))
  )
})
