import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { LevrageApi, Stats } from "../src/index.js"
import { bearer, send, withSimulator } from "./support.js"

describe("Stats", () => {
  it("count sums the rows that match every given field", () => {
    const stats: Stats.Stats = {
      requests: 6,
      responses: [
        { vendor: "nixflex", method: "GET", route: "/v1/calls", status: 200, count: 3 },
        { vendor: "nixflex", method: "GET", route: "/v1/calls", status: 429, count: 1 },
        { vendor: "levrage", method: "POST", route: "/v1/call", status: 429, count: 2 }
      ],
      rateLimited: 3,
      tooManyRequests: 3,
      created: 0,
      createdByKind: {},
      duplicates: 0,
      replays: 0,
      faults: {}
    }
    expect(Stats.count(stats, {})).toBe(6)
    expect(Stats.count(stats, { status: 429 })).toBe(3)
    expect(Stats.count(stats, { vendor: "nixflex", status: 429 })).toBe(1)
    expect(Stats.count(stats, { method: "post", route: "/v1/call" })).toBe(2)
    expect(Stats.count(stats, { vendor: "dialnexa" })).toBe(0)
  })

  it.live("the log keeps the newest logLimit entries; the counters keep counting", () =>
    withSimulator({ logLimit: 3 }, (sim) =>
      Effect.gen(function* () {
        for (let i = 0; i < 5; i++) {
          yield* send("GET", `${sim.baseUrl("levrage")}/v1/agents?page=${i + 1}`, {
            headers: bearer(LevrageApi.demoKey)
          })
        }
        const log = yield* sim.log
        expect(log.map((entry) => [entry.seq, entry.path])).toEqual([
          [3, "/v1/agents?page=3"],
          [4, "/v1/agents?page=4"],
          [5, "/v1/agents?page=5"]
        ])
        expect(log[0]!.principal).toBe("lev_faul…")
        expect(Stats.count(yield* sim.stats, { route: "/v1/agents", status: 200 })).toBe(5)
      })
    )
  )
})
