import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { Simulator } from "../src/index.js"
import { banner, defaultPort, parseArgs } from "../src/internal/cli.js"
import { send, withSimulator } from "./support.js"

describe("the command line", () => {
  it("reads every option", () => {
    const parsed = parseArgs([
      "--port",
      "0",
      "--vendor=nixflex",
      "--faults",
      "outage=10s,rate502=0.1",
      "--seed",
      "7",
      "--call-duration",
      "2s",
      "--concurrency",
      "nixflex=2,dialnexa=3",
      "--rate-limit",
      "nixflex.write=5/10s,levrage=100/1m",
      "--key",
      "levrage=lev_a",
      "--key",
      "levrage=lev_b",
      "--dialnexa-concurrency-status",
      "429",
      "--nixflex-retry-after-header",
      "--levrage-credits",
      "3",
      "--host",
      "0.0.0.0"
    ])
    expect(parsed).toEqual(
      Either.right({
        help: false,
        options: {
          port: 0,
          host: "0.0.0.0",
          vendor: "nixflex",
          faults: [
            { kind: "outage", durationMs: 10_000 },
            { kind: "error", status: 502, rate: 0.1 }
          ],
          seed: 7,
          callDuration: 2000,
          concurrency: { nixflex: 2, dialnexa: 3 },
          rateLimits: { "nixflex.write": { limit: 5, window: 10_000 }, levrage: { limit: 100, window: 60_000 } },
          keys: { levrage: ["lev_a", "lev_b"] },
          dialnexaConcurrencyStatus: 429,
          nixflexRetryAfterHeader: true,
          levrageCredits: 3
        }
      })
    )
  })

  it("defaults to port 4010 and refuses what it does not know", () => {
    expect(parseArgs([])).toEqual(Either.right({ help: false, options: { port: defaultPort } }))
    expect(defaultPort).toBe(4010)
    expect(parseArgs(["--help"])).toEqual(Either.right({ help: true, options: { port: 4010 } }))
    const bad: ReadonlyArray<ReadonlyArray<string>> = [
      ["--vendor", "acme"],
      ["--port", "-1"],
      ["--port"],
      ["--faults", "rate502=7"],
      ["--rate-limit", "nixflex.everything=1/1s"],
      ["--rate-limit", "levrage=10"],
      ["--concurrency", "levrage=2"],
      ["--key", "nixflex"],
      ["--dialnexa-concurrency-status", "500"],
      ["--wat"]
    ]
    for (const args of bad) expect([args, Either.isLeft(parseArgs(args))]).toEqual([args, true])
  })

  it.live("prints where each vendor listens, and those URLs answer", () =>
    withSimulator({ vendor: "nixflex" }, (sim) =>
      Effect.gen(function* () {
        const text = banner(sim, { vendor: "nixflex", keys: { levrage: ["lev_custom"] } }, Simulator.demoKeys)
        expect(text).toContain(`faultline simulator listening on ${sim.url}`)
        expect(text).toContain(`${sim.url}/dialnexa/v1   key: ${Simulator.demoKeys.dialnexa}`)
        expect(text).toContain("key: lev_custom")
        expect(text).toContain(`nixflex is also served at ${sim.url}/v1`)
        const levrage = /levrage\s+(\S+)/.exec(text)?.[1]
        expect((yield* send("GET", `${levrage}/health`)).status).toBe(200)
      })
    )
  )
})
