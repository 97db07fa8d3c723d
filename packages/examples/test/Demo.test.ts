import { execFile } from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { promisify } from "node:util"
import { NodeContext } from "@effect/platform-node"
import { describe, expect, it, layer } from "@effect/vitest"
import { Simulator } from "@faultline/simulator"
import { Effect, Layer } from "effect"
import { generate } from "../src/demo/contacts.js"
import { demo } from "../src/demo/main.js"
import { simulatorOptions } from "../src/demo/scenario.js"

// `pnpm demo` is what a newcomer runs first: a campaign against the simulator, whose summary must agree with what
// the simulator itself counted.

const seed = 11
const svg = Path.join(Os.tmpdir(), `faultline-demo-test-${process.pid}.svg`)
const run = (calls: number, compare: boolean) => demo({ calls, vendor: undefined, faults: "light", seed, compare, svg })

layer(Layer.mergeAll(Simulator.layer(simulatorOptions(seed)), NodeContext.layer), {
  excludeTestServices: true
})("the demo", (it) => {
  it.effect(
    "a campaign under faults ends with every contact accounted for, the simulator's counts agreeing, no duplicate",
    () =>
      Effect.gen(function* () {
        const sim = yield* Simulator.Simulator
        yield* sim.reset({ seed })
        const [summary] = yield* run(60, false)
        const stats = yield* sim.stats
        const server = summary!.server!
        const { Placed, Reconciled, Skipped, Unknown, Failed } = summary!.outcomes
        expect(Placed + Reconciled + Skipped + Unknown + Failed).toBe(60)
        // Every call the service says it placed exists; an unknown outcome may or may not have.
        expect(server.callsCreated).toBeGreaterThanOrEqual(Placed + Reconciled)
        expect(server.callsCreated).toBeLessThanOrEqual(Placed + Reconciled + Unknown)
        expect(server.duplicates).toBe(0)
        // The client's own count of 429s is the simulator's.
        expect(summary!.rateLimited).toBe(stats.tooManyRequests)
        // Numbers written nationally were fixed before sending: the simulator saw only E.164 numbers.
        const sent = (yield* sim.log).filter((entry) => entry.method === "POST")
        const numbers = sent.map((entry) => {
          const body = JSON.parse(entry.body) as Record<string, unknown>
          return body.to_number ?? body.to_phone_number ?? body.phone_number
        })
        expect(numbers.filter((number) => !/^\+[1-9]\d{6,14}$/.test(String(number)))).toEqual([])
        const national = generate(60, seed).filter(
          (contact) => !contact.phone.startsWith("+") && /\d{6}/.test(contact.phone)
        )
        expect(national.length).toBeGreaterThan(0)
        // The timeline was written, a panel per vendor.
        const timeline = Fs.readFileSync(svg, "utf8")
        expect(timeline.startsWith("<svg")).toBe(true)
        for (const vendor of ["nixflex", "dialnexa", "levrage"]) expect(timeline).toContain(`>${vendor}</text>`)
      }),
    { timeout: 120_000 }
  )

  it.effect(
    "--compare runs the same campaign over a plain HttpClient first, and shows both",
    () =>
      Effect.gen(function* () {
        const sim = yield* Simulator.Simulator
        yield* sim.reset({ seed })
        const summaries = yield* run(30, true)
        expect(summaries.map((summary) => summary.label)).toEqual(["HttpClient + retryTransient", "faultline"])
        expect(summaries[1]!.server!.duplicates).toBe(0)
        expect(summaries[0]!.retries).toBeUndefined()
      }),
    { timeout: 120_000 }
  )
})

describe("pnpm demo", () => {
  it.live(
    "parses its flags, prints the summary and exits 0",
    () =>
      Effect.gen(function* () {
        const main = Path.resolve(import.meta.dirname, "../src/demo/main.ts")
        const tsx = Path.resolve(import.meta.dirname, "../../../node_modules/.bin/tsx")
        const { stdout } = yield* Effect.promise(() =>
          promisify(execFile)(tsx, [main, "--calls", "24", "--faults", "none", "--svg", svg], { timeout: 60_000 })
        )
        expect(stdout).toContain("duplicates created")
        expect(stdout).toContain(`timeline: ${svg}`)
      }),
    { timeout: 90_000 }
  )
})
