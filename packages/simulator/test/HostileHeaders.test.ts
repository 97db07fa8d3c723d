import * as Http from "node:http"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import { DialNexaApi, Faults, LevrageApi, NixflexApi } from "../src/index.js"
import type * as Simulator from "../src/Simulator.js"
import { bearer, withSimulator } from "./support.js"

// The faults a client's parsers must survive: wait headers no server should send, and bodies that are empty or not
// UTF-8. These tests read the wire through node:http, which keeps repeated header lines apart and the body's bytes
// as they came (fetch would join the lines and decode the bytes).

interface Wire {
  readonly status: number
  /** Header lines as sent: lower-case name and value, in order, repeated lines kept. */
  readonly lines: ReadonlyArray<readonly [string, string]>
  readonly bytes: Buffer
}

const wire = (
  method: string,
  url: string,
  options: { readonly headers?: Record<string, string>; readonly json?: unknown; readonly agent?: Http.Agent } = {}
) =>
  Effect.async<Wire, Error>((resume) => {
    const body = options.json === undefined ? undefined : JSON.stringify(options.json)
    const request = Http.request(
      url,
      {
        method,
        headers: { ...options.headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        ...(options.agent === undefined ? {} : { agent: options.agent })
      },
      (response) => {
        const chunks: Array<Buffer> = []
        response.on("data", (chunk: Buffer) => chunks.push(chunk))
        response.on("end", () => {
          const raw = response.rawHeaders
          const lines: Array<readonly [string, string]> = []
          for (let i = 0; i + 1 < raw.length; i += 2) lines.push([raw[i]!.toLowerCase(), raw[i + 1]!])
          resume(Effect.succeed({ status: response.statusCode ?? 0, lines, bytes: Buffer.concat(chunks) }))
        })
      }
    )
    request.on("error", (error) => resume(Effect.fail(error)))
    request.end(body)
  })

const valuesOf = (reply: Wire, name: string) => reply.lines.filter(([line]) => line === name).map(([, value]) => value)

const levrageCreate = (sim: Simulator.Running) =>
  wire("POST", `${sim.baseUrl("levrage")}/v1/call`, {
    headers: bearer(LevrageApi.demoKey),
    json: {
      agent_id: LevrageApi.fixtures.agentId,
      source_number: LevrageApi.fixtures.sourceNumber,
      phone_number: "+447446466847"
    }
  })

const year9999 = "Fri, 31 Dec 9999 23:59:59 GMT"

describe("parsing the new fault items", () => {
  it("reads hostile headers, empty and invalid UTF-8 bodies, an HTTP date's comma included", () => {
    const spec = [
      "retryafter429=0.1:-5",
      "retryafter=5%:abc",
      "retryafter503=0.02:1|3600",
      `retryafter429=0.01:${year9999}`,
      "remaining=0.1:-3",
      "resetms=0.1",
      "resetms429=0.2:2s",
      "empty=0.01",
      "invalidutf8=0.02",
      "nixflex.retryafter429=1:1e309"
    ]
    const parsed = Faults.parse(spec.join(","))
    expect(parsed).toEqual(
      Either.right([
        { kind: "headers", rate: 0.1, status: 429, retryAfter: "-5" },
        { kind: "headers", rate: 0.05, retryAfter: "abc" },
        { kind: "headers", rate: 0.02, status: 503, retryAfter: ["1", "3600"] },
        { kind: "headers", rate: 0.01, status: 429, retryAfter: year9999 },
        { kind: "headers", rate: 0.1, remaining: "-3" },
        { kind: "headers", rate: 0.1, resetInMillis: 1000 },
        { kind: "headers", rate: 0.2, status: 429, resetInMillis: 2000 },
        { kind: "empty", rate: 0.01 },
        { kind: "invalid-utf8", rate: 0.02 },
        { kind: "headers", rate: 1, status: 429, retryAfter: "1e309", match: { vendor: "nixflex" } }
      ])
    )
    if (Either.isRight(parsed)) expect(Schema.is(Faults.Faults)(parsed.right)).toBe(true)
    // The constructors build the same values.
    expect(Faults.hostileHeaders(0.02, { status: 503, retryAfter: ["1", "3600"] })).toEqual(
      Either.getOrThrow(parsed)[2]
    )
    expect([Faults.empty(0.01), Faults.invalidUtf8(0.02)]).toEqual(Either.getOrThrow(parsed).slice(7, 9))
  })

  it("says what is wrong with a bad item", () => {
    for (const spec of ["retryafter429=0.1", "retryafter302=0.1:1", "remaining=0.1:", "resetms=0.1:soon", "empty=2"]) {
      expect([spec, Either.isLeft(Faults.parse(spec))]).toEqual([spec, true])
    }
    // A comma that does not start a date still ends an item.
    expect(Faults.parse("retryafter=0.1:5,hang=0.1")).toEqual(
      Either.right([
        { kind: "headers", rate: 0.1, retryAfter: "5" },
        { kind: "hang", rate: 0.1 }
      ])
    )
  })
})

describe("hostile headers over HTTP", () => {
  it.live("with a status: the vendor's error body, the hostile Retry-After in place of its own, nothing created", () =>
    withSimulator({ faults: [Faults.hostileHeaders(1, { status: 429, retryAfter: "-5" })] }, (sim) =>
      Effect.gen(function* () {
        // DialNexa's 429 body comes with its own `Retry-After: 1`: the fault's replaces it.
        const dialnexa = yield* wire("POST", `${sim.baseUrl("dialnexa")}/v1/calls`, {
          headers: bearer(DialNexaApi.demoKey),
          json: { agent_id: DialNexaApi.fixtures.agentId, to_phone_number: "+447446466847" }
        })
        expect([dialnexa.status, valuesOf(dialnexa, "retry-after")]).toEqual([429, ["-5"]])
        expect(JSON.parse(dialnexa.bytes.toString("utf8"))).toMatchObject({ statusCode: 429 })
        const stats = yield* sim.stats
        expect([stats.created, stats.faults.headers]).toEqual([0, 1])
      })
    )
  )

  it.live("two Retry-After values go out as two header lines", () =>
    withSimulator({ faults: [Faults.hostileHeaders(1, { status: 503, retryAfter: ["1", "3600"] })] }, (sim) =>
      Effect.gen(function* () {
        const reply = yield* wire("GET", `${sim.baseUrl("nixflex")}/v1/calls`, { headers: bearer(NixflexApi.demoKey) })
        expect([reply.status, valuesOf(reply, "retry-after")]).toEqual([503, ["1", "3600"]])
      })
    )
  )

  it.live("values no parser should trust are sent exactly as given", () =>
    Effect.forEach(["abc", "1e309", year9999, " -0 "], (value) =>
      withSimulator({ faults: [Faults.hostileHeaders(1, { status: 503, retryAfter: value })] }, (sim) =>
        Effect.map(wire("GET", `${sim.baseUrl("levrage")}/v1/health`), (reply) => {
          // node trims a header value's outer spaces on the way in; the rest arrives as is.
          expect([reply.status, valuesOf(reply, "retry-after")]).toEqual([503, [value.trim()]])
        })
      )
    )
  )

  it.live(
    "without a status: the vendor acts, and its answer carries a reset in epoch ms and a negative remaining",
    () =>
      withSimulator({ faults: [Faults.hostileHeaders(1, { resetInMillis: 1500, remaining: "-3" })] }, (sim) =>
        Effect.gen(function* () {
          const before = Date.now()
          const reply = yield* levrageCreate(sim)
          const after = Date.now()
          expect(reply.status).toBe(201)
          const [reset] = valuesOf(reply, "x-ratelimit-reset")
          expect(reset).toMatch(/^\d{13}$/)
          expect(Number(reset)).toBeGreaterThanOrEqual(before + 1500)
          expect(Number(reset)).toBeLessThanOrEqual(after + 1500)
          expect(valuesOf(reply, "x-ratelimit-remaining")).toEqual(["-3"])
          // The vendor's other rate-limit header is kept, and the call was placed.
          expect(valuesOf(reply, "x-ratelimit-limit")).toEqual(["60"])
          expect((yield* sim.stats).created).toBe(1)
        })
      )
  )
})

describe("bodies that are not what they claim", () => {
  it.live("an empty body: the vendor's status and Content-Type, Content-Length 0, and the call was placed", () =>
    withSimulator({ faults: [Faults.empty()] }, (sim) =>
      Effect.gen(function* () {
        const reply = yield* levrageCreate(sim)
        expect([reply.status, reply.bytes.length, valuesOf(reply, "content-length")]).toEqual([201, 0, ["0"]])
        expect(valuesOf(reply, "content-type")).toEqual(["application/json"])
        const stats = yield* sim.stats
        expect([stats.created, stats.faults.empty]).toEqual([1, 1])
      })
    )
  )

  it.live(
    "invalid UTF-8: the bytes do not decode strictly, and decoded leniently they are still the vendor's JSON",
    () =>
      withSimulator({ faults: [Faults.invalidUtf8()] }, (sim) =>
        Effect.gen(function* () {
          const reply = yield* levrageCreate(sim)
          expect(reply.status).toBe(201)
          expect(reply.bytes.includes(Buffer.from([0xff, 0xfe, 0xc3, 0x28]))).toBe(true)
          expect(valuesOf(reply, "content-length")).toEqual([String(reply.bytes.length)])
          expect(() => new TextDecoder("utf-8", { fatal: true }).decode(reply.bytes)).toThrow()
          const lenient = JSON.parse(new TextDecoder("utf-8").decode(reply.bytes)) as Record<string, unknown>
          expect(JSON.stringify(lenient)).toContain("\uFFFD")
          expect((yield* sim.stats).created).toBe(1)
        })
      )
  )
})

// Polls the count until it is `n`, for up to 2 s (the server hears of a connection or a close asynchronously), and
// returns the last count: a count that never gets there fails the assertion, not the test's timeout. Not longer: the
// server drops an idle kept-alive socket after 5 s by itself, which would hide a client that did not close it.
const connectionsOnce = (sim: Simulator.Running, n: number) =>
  Effect.gen(function* () {
    for (let poll = 0; poll < 200; poll++) {
      const count = yield* sim.connections
      if (count === n) return count
      yield* Effect.sleep("10 millis")
    }
    return yield* sim.connections
  })

describe("open connections", () => {
  it.live("counts a kept-alive idle socket and a hanging request, and none once the clients are closed", () =>
    withSimulator({ faults: [Faults.matching(Faults.hang(), { path: "/v1/voices" })] }, (sim) =>
      Effect.gen(function* () {
        expect(yield* sim.connections).toBe(0)
        const keepAlive = new Http.Agent({ keepAlive: true })
        yield* wire("GET", `${sim.baseUrl("levrage")}/v1/health`, { agent: keepAlive })
        expect(yield* connectionsOnce(sim, 1)).toBe(1)
        const hanging = Http.get(`${sim.baseUrl("levrage")}/v1/voices`, { agent: new Http.Agent() })
        hanging.on("error", () => {})
        expect(yield* connectionsOnce(sim, 2)).toBe(2)
        keepAlive.destroy()
        expect(yield* connectionsOnce(sim, 1)).toBe(1)
        hanging.destroy()
        expect(yield* connectionsOnce(sim, 0)).toBe(0)
      })
    )
  )
})
