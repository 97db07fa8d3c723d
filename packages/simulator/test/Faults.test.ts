import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { pipe } from "effect/Function"
import * as Schema from "effect/Schema"
import { DialNexaApi, Faults, LevrageApi, NixflexApi } from "../src/index.js"
import { Prng } from "../src/internal/prng.js"
import type * as Simulator from "../src/Simulator.js"
import { at, bearer, send, withSimulator } from "./support.js"

const nixflexCalls = (sim: Simulator.Running) =>
  send("GET", `${sim.baseUrl("nixflex")}/v1/calls`, { headers: bearer(NixflexApi.demoKey) })

describe("Faults.parse", () => {
  it("reads every item of the spec syntax", () => {
    const parsed = Faults.parse(
      "outage=10s, rate502=0.1,error500=5%,html=0.05,html504=0.01,reset=0.01,resetafter=0.02,hang=0,truncate=0.02,huge=0.01:64kb,latency=200ms,latency=100ms..300ms,nixflex.rate429=1"
    )
    expect(parsed).toEqual(
      Either.right([
        { kind: "outage", durationMs: 10_000 },
        { kind: "error", status: 502, rate: 0.1 },
        { kind: "error", status: 500, rate: 0.05 },
        { kind: "html", status: 502, rate: 0.05 },
        { kind: "html", status: 504, rate: 0.01 },
        { kind: "reset", rate: 0.01 },
        { kind: "reset", rate: 0.02, afterHandling: true },
        { kind: "hang", rate: 0 },
        { kind: "truncate", rate: 0.02 },
        { kind: "huge", rate: 0.01, bytes: 65_536 },
        { kind: "latency", ms: 200 },
        { kind: "latency", ms: 100, jitterMs: 200 },
        { kind: "error", status: 429, rate: 1, match: { vendor: "nixflex" } }
      ])
    )
    // Whatever parses is a valid fault list.
    if (Either.isRight(parsed)) expect(Schema.is(Faults.Faults)(parsed.right)).toBe(true)
  })

  it("says what is wrong with a bad item", () => {
    const errors = [
      "outage",
      "outage=soon",
      "rate502=2",
      "rate=0.1",
      "rate302=0.1",
      "bogus=1",
      "acme.reset=1",
      "huge=0.1:lots",
      "latency=3s..1s"
    ]
    for (const spec of errors) {
      const parsed = Faults.parse(spec)
      expect([spec, Either.isLeft(parsed)]).toEqual([spec, true])
    }
    expect(Faults.parse("rate502=2")).toEqual(Either.left('"rate502=2": "2" is not a rate in [0, 1] (0.1 or 10%)'))
    expect(Faults.parse("")).toEqual(Either.right([]))
  })

  it("constructors and combinators build the same values", () => {
    expect(Faults.outage("2 seconds", { after: "1 second" })).toEqual({
      kind: "outage",
      durationMs: 2000,
      afterMs: 1000
    })
    expect(Faults.outage("2 seconds", { retryAfter: false })).toEqual({
      kind: "outage",
      durationMs: 2000,
      retryAfter: false
    })
    expect(Faults.outage("2 seconds", { retryAfter: true })).toEqual({ kind: "outage", durationMs: 2000 })
    expect(pipe(Faults.error(503), Faults.times(2), Faults.matching({ vendor: "levrage" }))).toEqual({
      kind: "error",
      status: 503,
      rate: 1,
      times: 2,
      match: { vendor: "levrage" }
    })
    expect(Faults.latency("50 millis", "10 millis")).toEqual({ kind: "latency", ms: 50, jitterMs: 10 })
  })
})

describe("the seeded generator", () => {
  it("replays the same sequence for the same seed and differs across seeds", () => {
    const draw = (seed: number) => {
      const prng = new Prng(seed)
      return Array.from({ length: 8 }, () => prng.next())
    }
    expect(draw(42)).toEqual(draw(42))
    expect(draw(42)).not.toEqual(draw(43))
    expect(draw(42).every((u) => u >= 0 && u < 1)).toBe(true)
    expect(new Prng(1).uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })
})

describe("faults over HTTP", () => {
  it.live("an outage answers 503 with Retry-After and each vendor's body, then ends", () =>
    withSimulator({}, (sim) =>
      Effect.gen(function* () {
        yield* sim.setFaults([Faults.outage("1200 millis")])
        const dialnexa = yield* send("GET", `${sim.baseUrl("dialnexa")}/v1/agents2`, {
          headers: bearer(DialNexaApi.demoKey)
        })
        expect([dialnexa.status, dialnexa.headers["retry-after"]]).toEqual([503, "2"])
        expect(dialnexa.body).toEqual({ statusCode: 503, message: "Service Unavailable", error: "Service Unavailable" })
        const levrage = yield* send("GET", `${sim.baseUrl("levrage")}/v1/health`)
        expect([levrage.status, levrage.body]).toEqual([503, { detail: "System under maintenance" }])
        const nixflex = yield* nixflexCalls(sim)
        expect([nixflex.status, at(nixflex.body, "error", "code")]).toEqual([503, "service_unavailable"])
        expect(nixflex.headers["x-ratelimit-limit"]).toBeUndefined()
        yield* sim.setFaults([Faults.outage("300 millis")])
        yield* Effect.sleep("320 millis")
        expect((yield* nixflexCalls(sim)).status).toBe(200)
        expect((yield* sim.stats).faults).toEqual({ outage: 3 })
      })
    )
  )

  it.live("an outage with retryAfter: false answers 503 with no Retry-After, DialNexa's included", () =>
    withSimulator({}, (sim) =>
      Effect.gen(function* () {
        yield* sim.setFaults([Faults.outage("2 seconds", { retryAfter: false })])
        const nixflex = yield* nixflexCalls(sim)
        expect([nixflex.status, at(nixflex.body, "error", "code"), nixflex.headers["retry-after"]]).toEqual([
          503,
          "service_unavailable",
          undefined
        ])
        const dialnexa = yield* send("GET", `${sim.baseUrl("dialnexa")}/v1/agents2`, {
          headers: bearer(DialNexaApi.demoKey)
        })
        expect([dialnexa.status, dialnexa.headers["retry-after"], dialnexa.headers["content-type"]]).toEqual([
          503,
          undefined,
          "application/json"
        ])
        expect(at(dialnexa.body, "statusCode")).toBe(503)
      })
    )
  )

  it.live("an outage can open later", () =>
    withSimulator({ faults: [Faults.outage("5 seconds", { after: "250 millis" })] }, (sim) =>
      Effect.gen(function* () {
        expect((yield* nixflexCalls(sim)).status).toBe(200)
        yield* Effect.sleep("270 millis")
        const during = yield* nixflexCalls(sim)
        expect([during.status, during.headers["retry-after"]]).toEqual([503, "5"])
      })
    )
  )

  it.live("an error rate with a fixed seed gives the same statuses on every run, and after a reset", () =>
    Effect.gen(function* () {
      const statuses = (sim: Simulator.Running) =>
        Effect.gen(function* () {
          const out: Array<number> = []
          for (let i = 0; i < 30; i++) out.push((yield* nixflexCalls(sim)).status)
          return out
        })
      const run = (seed: number) =>
        withSimulator({ seed, faults: [Faults.error(500, 0.3)] }, (sim) =>
          Effect.gen(function* () {
            const first = yield* statuses(sim)
            yield* sim.reset()
            const replay = yield* statuses(sim)
            return { first, replay }
          })
        )
      const a = yield* run(7)
      const b = yield* run(7)
      const c = yield* run(8)
      expect(a.first).toEqual(b.first)
      expect(a.replay).toEqual(a.first)
      expect(c.first).not.toEqual(a.first)
      const errors = a.first.filter((status) => status === 500).length
      expect(errors).toBeGreaterThan(3)
      expect(errors).toBeLessThan(25)
      expect(new Set(a.first)).toEqual(new Set([200, 500]))
    })
  )

  it.live("an HTML 502 page from a proxy", () =>
    withSimulator({ faults: [Faults.html()] }, (sim) =>
      Effect.gen(function* () {
        const reply = yield* send("POST", `${sim.baseUrl("levrage")}/v1/call`, { json: {} })
        expect(reply.status).toBe(502)
        expect(reply.headers["content-type"]).toContain("text/html")
        expect(reply.text).toContain("<title>502 Bad Gateway</title>")
        expect(reply.body).toBeUndefined()
      })
    )
  )

  it.live("a vendor error status on demand, counted as a 429 when it is one", () =>
    withSimulator({ faults: [Faults.error(429)] }, (sim) =>
      Effect.gen(function* () {
        const reply = yield* send("GET", `${sim.baseUrl("dialnexa")}/v1/agents2`, {
          headers: bearer(DialNexaApi.demoKey)
        })
        expect([reply.status, reply.headers["retry-after"], at(reply.body, "error")]).toEqual([
          429,
          "1",
          "Too Many Requests"
        ])
        const stats = yield* sim.stats
        expect([stats.tooManyRequests, stats.rateLimited]).toEqual([1, 0])
      })
    )
  )

  it.live("a reset connection fails the request before the vendor sees it", () =>
    withSimulator({ faults: [Faults.times(Faults.reset(), 1)] }, (sim) =>
      Effect.gen(function* () {
        const failed = yield* Effect.either(
          send("POST", `${sim.baseUrl("nixflex")}/v1/calls/outbound`, {
            headers: bearer(NixflexApi.demoKey),
            json: { agent_id: NixflexApi.fixtures.agentId, to_number: "+447446466847", prompt: "hi" }
          })
        )
        expect(Either.isLeft(failed) && failed.left._tag).toBe("RequestError")
        expect((yield* nixflexCalls(sim)).status).toBe(200)
        const stats = yield* sim.stats
        expect([stats.created, stats.faults.reset]).toEqual([0, 1])
        expect((yield* sim.log)[0]).toMatchObject({ status: 0, fault: "reset", route: "*" })
      })
    )
  )

  it.live("a reset after handling fails the request after the vendor acted: the call exists, the answer is lost", () =>
    withSimulator({ faults: [Faults.times(Faults.reset(1, { afterHandling: true }), 1)] }, (sim) =>
      Effect.gen(function* () {
        const failed = yield* Effect.either(
          send("POST", `${sim.baseUrl("levrage")}/v1/call`, {
            headers: bearer(LevrageApi.demoKey),
            json: {
              agent_id: LevrageApi.fixtures.agentId,
              source_number: LevrageApi.fixtures.sourceNumber,
              phone_number: "+447446466847"
            }
          })
        )
        expect(Either.isLeft(failed) && failed.left._tag).toBe("RequestError")
        const stats = yield* sim.stats
        expect([stats.created, stats.faults["reset-after-handling"]]).toEqual([1, 1])
        expect((yield* sim.log)[0]).toMatchObject({ status: 0, fault: "reset-after-handling" })
        expect((yield* sim.log)[0]!.created).toHaveLength(1)
      })
    )
  )

  it.live("a truncated body: the status arrives, the body stops short, and the request took effect", () =>
    withSimulator({ faults: [Faults.truncate()] }, (sim) =>
      Effect.gen(function* () {
        const failed = yield* Effect.either(
          send("POST", `${sim.baseUrl("nixflex")}/v1/calls/outbound`, {
            headers: bearer(NixflexApi.demoKey),
            json: { agent_id: NixflexApi.fixtures.agentId, to_number: "+447446466847", prompt: "hi" }
          })
        )
        expect(Either.isLeft(failed) && failed.left._tag).toBe("ResponseError")
        if (Either.isLeft(failed) && failed.left._tag === "ResponseError") {
          expect(failed.left.response.status).toBe(201)
          expect(Number(failed.left.response.headers["content-length"])).toBeGreaterThan(100)
        }
        const stats = yield* sim.stats
        expect([stats.created, stats.faults.truncate]).toEqual([1, 1])
      })
    )
  )

  it.live("a huge body replaces the real one, streamed without Content-Length", () =>
    withSimulator({ faults: [Faults.matching(Faults.huge(1, 300_000), { vendor: "levrage" })] }, (sim) =>
      Effect.gen(function* () {
        const reply = yield* send("GET", `${sim.baseUrl("levrage")}/v1/voices`)
        expect(reply.status).toBe(200)
        expect(reply.text.length).toBe(300_000)
        expect(reply.headers["content-length"]).toBeUndefined()
        expect(at(reply.body, "padding")).toEqual(expect.any(String))
        // Other vendors are untouched.
        expect((yield* nixflexCalls(sim)).text.length).toBeLessThan(10_000)
      })
    )
  )

  it.live("latency delays the answer", () =>
    withSimulator({ faults: [Faults.latency("150 millis", "20 millis")] }, (sim) =>
      Effect.gen(function* () {
        const started = Date.now()
        const reply = yield* send("GET", `${sim.baseUrl("levrage")}/v1/health`)
        const elapsed = Date.now() - started
        expect(reply.status).toBe(200)
        expect(elapsed).toBeGreaterThanOrEqual(145)
        const [entry] = yield* sim.log
        expect(entry!.durationMs).toBeGreaterThanOrEqual(150)
        expect(entry!.durationMs).toBeLessThan(1000)
        expect((yield* sim.stats).faults).toEqual({ latency: 1 })
      })
    )
  )

  it.live("a hanging request never answers, and the simulator still stops", () =>
    withSimulator({ faults: [Faults.matching(Faults.hang(), { path: "/v1/health" })] }, (sim) =>
      Effect.gen(function* () {
        const timedOut = yield* send("GET", `${sim.baseUrl("levrage")}/v1/health`).pipe(
          Effect.timeout("200 millis"),
          Effect.either
        )
        expect(Either.isLeft(timedOut) && timedOut.left._tag).toBe("TimeoutException")
        expect((yield* send("GET", `${sim.baseUrl("levrage")}/v1/voices`)).status).toBe(200)
      })
    )
  )

  it.live("times and matching limit a fault to the requests they name", () =>
    withSimulator(
      {
        faults: [
          pipe(
            Faults.error(503),
            Faults.times(2),
            Faults.matching({ vendor: "nixflex", method: "get", path: "/v1/calls" })
          )
        ]
      },
      (sim) =>
        Effect.gen(function* () {
          const levrage = yield* send("GET", `${sim.baseUrl("levrage")}/v1/agents`, {
            headers: bearer(LevrageApi.demoKey)
          })
          expect(levrage.status).toBe(200)
          const statuses: Array<number> = []
          for (let i = 0; i < 3; i++) statuses.push((yield* nixflexCalls(sim)).status)
          expect(statuses).toEqual([503, 503, 200])
          expect(yield* sim.faults).toEqual([])
        })
    )
  )
})
