import { FetchHttpClient, HttpClient, HttpClientRequest } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { TrackedHttpClient } from "@faultline/testing"
import { Deferred, Effect, Fiber, Layer, Schedule, Stream, TestClock, TestServices } from "effect"
import { bodyOf, serve } from "./support.js"

// The tracked client over the platform's fetch client, against a plain server on 127.0.0.1.
const Tracked = TrackedHttpClient.layer.pipe(Layer.provide(FetchHttpClient.layer))

// The count once it reads `expected`, looking again each millisecond of real time (I/O takes real time), for at
// most a second; else the last count read.
const inFlightOnce = (expected: number) =>
  Effect.flatMap(TrackedHttpClient.TrackedHttpClient, (tracked) =>
    tracked.inFlight.pipe(
      Effect.repeat({
        until: (count) => count === expected,
        schedule: Schedule.spaced("1 millis").pipe(Schedule.upTo("1 second"))
      }),
      TestServices.provideLive,
      Effect.zipRight(tracked.inFlight)
    )
  )

describe("TrackedHttpClient", () => {
  it.effect("sends through the wrapped client and records each request with its headers, body and Clock time", () =>
    Effect.gen(function* () {
      const seen: Array<string> = []
      const url = yield* serve((request, response) => {
        void bodyOf(request).then((body) => {
          seen.push(`${request.method} ${request.url} ${request.headers["idempotency-key"]} ${body}`)
          response.writeHead(201, { "content-type": "application/json" }).end(`{"echo":${JSON.stringify(body)}}`)
        })
      })
      yield* TestClock.setTime(1_706_140_790_000)
      const client = yield* HttpClient.HttpClient
      const created = yield* client.execute(
        HttpClientRequest.post(`${url}/v1/calls`).pipe(
          HttpClientRequest.setUrlParam("dry", "1"),
          HttpClientRequest.setHeader("Idempotency-Key", "key-1"),
          HttpClientRequest.bodyUnsafeJson({ to: "+15550100" })
        )
      )
      expect([created.status, yield* created.json]).toEqual([201, { echo: `{"to":"+15550100"}` }])
      yield* TestClock.adjust("2 seconds")
      yield* client.get(`${url}/v1/calls`)
      expect(seen).toEqual([`POST /v1/calls?dry=1 key-1 {"to":"+15550100"}`, "GET /v1/calls undefined "])
      const requests = yield* TrackedHttpClient.requests
      expect(requests[0]).toMatchObject({
        method: "POST",
        url: `${url}/v1/calls?dry=1`,
        path: "/v1/calls",
        query: { dry: "1" },
        params: {},
        headers: { "idempotency-key": "key-1", "content-type": "application/json" },
        body: `{"to":"+15550100"}`,
        at: 1_706_140_790_000,
        route: undefined,
        answer: undefined
      })
      expect(requests.map((request) => [request.method, request.at])).toEqual([
        ["POST", 1_706_140_790_000],
        ["GET", 1_706_140_792_000]
      ])
    }).pipe(Effect.scoped, Effect.provide(Tracked))
  )

  it.effect("counts a request in flight until it is answered, and again while its body is read", () =>
    Effect.gen(function* () {
      const answer = yield* Deferred.make<void>()
      const rest = yield* Deferred.make<void>()
      const url = yield* serve((_, response) => {
        Effect.runFork(
          Deferred.await(answer).pipe(
            Effect.andThen(() => response.writeHead(200).write("head, ")),
            Effect.andThen(Deferred.await(rest)),
            Effect.andThen(() => response.end("tail"))
          )
        )
      })
      const tracked = yield* TrackedHttpClient.TrackedHttpClient
      const sent = yield* Effect.fork(tracked.client.get(url))
      expect(yield* inFlightOnce(1)).toBe(1)
      yield* Deferred.succeed(answer, undefined)
      const response = yield* Fiber.join(sent)
      expect(yield* tracked.inFlight).toBe(0)
      const read = yield* Effect.fork(response.text)
      expect(yield* inFlightOnce(1)).toBe(1)
      yield* Deferred.succeed(rest, undefined)
      expect(yield* Fiber.join(read)).toBe("head, tail")
      expect(yield* tracked.inFlight).toBe(0)
    }).pipe(Effect.scoped, Effect.provide(Tracked))
  )

  it.effect("a request that fails or is interrupted leaves the count", () =>
    Effect.gen(function* () {
      const url = yield* serve(() => {})
      const dead = yield* Effect.scoped(serve(() => {}))
      const tracked = yield* TrackedHttpClient.TrackedHttpClient
      const refused = yield* Effect.flip(tracked.client.get(`${dead}/v1/x`))
      expect([refused._tag, refused.reason, yield* tracked.inFlight]).toEqual(["RequestError", "Transport", 0])
      const hanging = yield* Effect.fork(tracked.client.get(`${url}/v1/x`))
      expect(yield* inFlightOnce(1)).toBe(1)
      yield* Fiber.interrupt(hanging)
      expect(yield* tracked.inFlight).toBe(0)
      expect((yield* tracked.requests).length).toBe(2)
    }).pipe(Effect.scoped, Effect.provide(Tracked))
  )

  it.effect("sends a streamed body untouched, and records it as empty", () =>
    Effect.gen(function* () {
      const url = yield* serve((request, response) => {
        void bodyOf(request).then((body) => response.writeHead(200).end(body))
      })
      const encoder = new TextEncoder()
      const streamed = HttpClientRequest.post(url).pipe(
        HttpClientRequest.bodyStream(Stream.make(encoder.encode("a,"), encoder.encode("b")), {
          contentType: "text/plain"
        })
      )
      const response = yield* HttpClient.execute(streamed)
      expect(yield* response.text).toBe("a,b")
      expect((yield* TrackedHttpClient.requests).map((request) => request.body)).toEqual([""])
    }).pipe(Effect.scoped, Effect.provide(Tracked))
  )
})
