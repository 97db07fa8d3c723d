import { readFileSync } from "node:fs"
import * as HttpApp from "@effect/platform/HttpApp"
import { describe, expect, it, layer } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { DialNexaApi, Faults, LevrageApi, NixflexApi, Simulator, Stats, Vendor } from "../src/index.js"
import { at, bearer, send, withSimulator } from "./support.js"

const tables = { dialnexa: DialNexaApi.routes, levrage: LevrageApi.routes, nixflex: NixflexApi.routes } as const

describe("starting", () => {
  it.live("starts on port 0 and answers, quickly", () =>
    Effect.gen(function* () {
      const started = performance.now()
      yield* Effect.scoped(
        Effect.gen(function* () {
          const sim = yield* Simulator.start()
          const listening = performance.now() - started
          const reply = yield* send("GET", `${sim.url}/_control/health`)
          console.log(
            `simulator listening after ${listening.toFixed(1)} ms, first answer after ${(performance.now() - started).toFixed(1)} ms`
          )
          expect(sim.port).toBeGreaterThan(0)
          expect(sim.url).toBe(`http://127.0.0.1:${sim.port}`)
          expect(reply.body).toEqual({ ok: true, vendors: ["dialnexa", "levrage", "nixflex"], single: null, seed: 42 })
        })
      )
    })
  )

  it.live("make builds the app without listening, to serve on any platform", () =>
    Effect.gen(function* () {
      const instance = yield* Simulator.make({ faults: [Faults.error(503, 1)] })
      const handler = HttpApp.toWebHandler(instance.app)
      const failing = yield* Effect.promise(() => handler(new Request("http://local/levrage/v1/health")))
      expect(failing.status).toBe(503)
      yield* instance.setFaults([])
      const ok = yield* Effect.promise(() => handler(new Request("http://local/levrage/v1/health")))
      expect([ok.status, ok.headers.get("x-ratelimit-limit")]).toEqual([200, "60"])
      expect((yield* instance.stats).requests).toBe(2)
    })
  )

  it.live("closing the scope stops the server", () =>
    Effect.gen(function* () {
      const url = yield* Effect.scoped(Effect.map(Simulator.start(), (sim) => sim.url))
      const after = yield* Effect.either(send("GET", `${url}/_control/health`))
      expect(after._tag).toBe("Left")
    })
  )
})

// Real time for real HTTP: the layer's tests run without TestClock.
layer(Simulator.layer({ seed: 3 }), { excludeTestServices: true })("as a layer", (it) => {
  it.effect("provides the running simulator", () =>
    Effect.gen(function* () {
      const sim = yield* Simulator.Simulator
      const reply = yield* send("GET", `${sim.baseUrl("levrage")}/v1/voices`)
      expect(reply.status).toBe(200)
      expect(at(yield* sim.stats, "requests")).toBe(1)
      expect(at(reply.headers, "x-ratelimit-limit")).toBe("60")
    })
  )
})

describe("the documented route tables", () => {
  it.live("every listed route is served, with the access the table says", () =>
    withSimulator({}, (sim) =>
      Effect.gen(function* () {
        for (const vendor of Vendor.all) {
          for (const route of tables[vendor]) {
            const path = route.path.replace(/:(\w+)/g, "x")
            const reply = yield* send(
              route.method,
              `${sim.baseUrl(vendor)}${path}`,
              route.method === "GET" ? {} : { text: "{}", contentType: "application/json" }
            )
            const [entry] = (yield* sim.log).slice(-1)
            expect([vendor, route.method, entry?.route]).toEqual([vendor, route.method, route.path])
            // Without a key, keyed routes answer 401 and public ones do not.
            expect([vendor, route.path, reply.status === 401]).toEqual([vendor, route.path, route.auth === "key"])
          }
        }
      })
    )
  )
})

describe("docs/simulator.md", () => {
  it("lists every route of every vendor", () => {
    const page = readFileSync(new URL("../../../docs/simulator.md", import.meta.url), "utf8")
    const missing = Vendor.all.flatMap((vendor) =>
      tables[vendor].map((route) => `\`${route.method} ${route.path}\``).filter((text) => !page.includes(text))
    )
    expect(missing).toEqual([])
  })
})

describe("mounting", () => {
  it.live("with a single vendor, it is also served at the root; the others keep their prefixes", () =>
    withSimulator({ vendor: "levrage" }, (sim) =>
      Effect.gen(function* () {
        expect(sim.baseUrl("levrage")).toBe(sim.url)
        expect((yield* send("GET", `${sim.url}/v1/health`)).status).toBe(200)
        expect((yield* send("GET", `${sim.url}/levrage/v1/health`)).status).toBe(200)
        // The other vendors stay under their prefixes.
        const other = yield* send("GET", `${sim.url}/nixflex/v1/calls`)
        expect([other.status, at(other.body, "error", "code")]).toEqual([401, "invalid_api_key"])
        const levrageOnly = yield* send("GET", `${sim.url}/v1/calls/outbound`)
        expect([levrageOnly.status, levrageOnly.body]).toEqual([404, { detail: "Not Found" }])
      })
    )
  )

  it.live("an unknown prefix says where the vendors are", () =>
    withSimulator({}, (sim) =>
      Effect.gen(function* () {
        const reply = yield* send("GET", `${sim.url}/v1/calls`)
        expect(reply.status).toBe(404)
        expect(at(reply.body, "vendors", "nixflex")).toBe("/nixflex/v1/…")
      })
    )
  )
})

describe("the control API", () => {
  it.live("sets, reads and clears faults from JSON or a spec string, refusing bad ones", () =>
    withSimulator({}, (sim) =>
      Effect.gen(function* () {
        const url = `${sim.url}/_control/faults`
        const json = yield* send("POST", url, { json: { faults: [{ kind: "error", status: 500, rate: 1 }] } })
        expect(json.body).toEqual({ faults: [{ kind: "error", status: 500, rate: 1 }] })
        expect((yield* send("GET", `${sim.baseUrl("levrage")}/v1/health`)).status).toBe(500)
        const spec = yield* send("POST", url, { text: "html502=1,latency=5ms" })
        expect(at(spec.body, "faults", "length")).toBe(2)
        expect((yield* send("GET", url)).body).toEqual({
          faults: [
            { kind: "html", status: 502, rate: 1 },
            { kind: "latency", ms: 5 }
          ]
        })
        expect((yield* send("GET", `${sim.baseUrl("levrage")}/v1/health`)).status).toBe(502)
        const inBody = yield* send("POST", url, { json: { spec: "reset=0.5" } })
        expect(inBody.body).toEqual({ faults: [{ kind: "reset", rate: 0.5 }] })
        const asList = yield* send("POST", url, { json: [{ kind: "hang", rate: 0 }] })
        expect(asList.status).toBe(200)
        const bad = yield* send("POST", url, { json: [{ kind: "error", status: 200, rate: 1 }] })
        expect(bad.status).toBe(400)
        const badSpec = yield* send("POST", url, { text: "explode=1" })
        expect(at(badSpec.body, "error")).toBe('"explode=1": unknown fault "explode"')
        expect((yield* send("DELETE", url)).body).toEqual({ faults: [] })
        expect(yield* sim.faults).toEqual([])
        expect((yield* send("GET", `${sim.baseUrl("levrage")}/v1/health`)).status).toBe(200)
      })
    )
  )

  it.live("stats and log are served as JSON; the log never holds the Authorization header", () =>
    withSimulator({}, (sim) =>
      Effect.gen(function* () {
        yield* send("POST", `${sim.baseUrl("levrage")}/v1/call`, {
          headers: bearer(LevrageApi.demoKey),
          json: { x: 1 }
        })
        yield* send("GET", `${sim.baseUrl("nixflex")}/v1/calls`, { headers: bearer(NixflexApi.demoKey) })
        const stats = (yield* send("GET", `${sim.url}/_control/stats`)).body
        expect(stats).toMatchObject({ requests: 2, created: 0, duplicates: 0 })
        expect(Stats.count(yield* sim.stats, { vendor: "levrage", status: 422 })).toBe(1)
        expect(Stats.count(yield* sim.stats, { route: "/v1/calls", method: "get" })).toBe(1)
        const log = yield* send("GET", `${sim.url}/_control/log?vendor=nixflex`)
        expect(at(log.body, "entries", "length")).toBe(1)
        expect(at(log.body, "entries", 0)).toMatchObject({
          vendor: "nixflex",
          route: "/v1/calls",
          principal: NixflexApi.demoKeyId
        })
        const all = yield* send("GET", `${sim.url}/_control/log`)
        expect(all.text).not.toContain(LevrageApi.demoKey)
        expect(all.text).not.toContain("nxfs_")
        expect(at(all.body, "entries", 0, "body")).toBe('{"x":1}')
        expect((yield* send("GET", `${sim.url}/_control/nothing`)).status).toBe(404)
      })
    )
  )

  it.live("reset restores the seeded state, counters and rate windows, and can reseed", () =>
    withSimulator({ rateLimits: { levrage: { limit: 1, window: "1 hour" } } }, (sim) =>
      Effect.gen(function* () {
        const auth = bearer(DialNexaApi.demoKey)
        const resume = `${sim.baseUrl("dialnexa")}/v1/workflows/${DialNexaApi.fixtures.pausedWorkflowId}/resume`
        expect((yield* send("POST", resume, { headers: auth })).status).toBe(200)
        expect((yield* send("POST", resume, { headers: auth })).status).toBe(409)
        yield* send("GET", `${sim.baseUrl("levrage")}/v1/health`)
        expect((yield* send("GET", `${sim.baseUrl("levrage")}/v1/health`)).status).toBe(429)
        yield* sim.setFaults([Faults.error(500, 0)])
        const reset = yield* send("POST", `${sim.url}/_control/reset`, { json: { seed: 9 } })
        expect(reset.body).toEqual({ ok: true, seed: 9 })
        expect(yield* sim.faults).toEqual([])
        expect((yield* sim.stats).requests).toBe(0)
        expect((yield* send("POST", resume, { headers: auth })).status).toBe(200)
        expect((yield* send("GET", `${sim.baseUrl("levrage")}/v1/health`)).status).toBe(200)
        const badSeed = yield* send("POST", `${sim.url}/_control/reset`, { json: { seed: "x" } })
        expect(badSeed.status).toBe(400)
      })
    )
  )
})
