import * as Fs from "node:fs"
import { expect, layer } from "@effect/vitest"
import { NixflexApi, Simulator } from "@faultline/simulator"
import { ConfigProvider, Effect } from "effect"
import { main } from "../src/quickstart.js"

const readme = Fs.readFileSync(new URL("../../../README.md", import.meta.url), "utf8")
const source = Fs.readFileSync(new URL("../src/quickstart.ts", import.meta.url), "utf8")

layer(Simulator.layer(), { excludeTestServices: true })("the README's quickstart", (it) => {
  it("is packages/examples/src/quickstart.ts, which runs the program where the README's exports it", () => {
    const block = readme.match(/## Quickstart\n\n```ts\n([\s\S]*?)```/)?.[1]
    const expected = source
      .split("\n")
      .slice(1)
      .join("\n")
      .replace(
        "export const main = program.pipe(Effect.provide(NixflexLive))",
        "Effect.runPromise(program.pipe(Effect.provide(NixflexLive))).then(console.log)"
      )
    expect(block).toBe(expected)
  })

  it.effect("places a call against Nixflex (the simulator), configured from the environment", () =>
    Effect.gen(function* () {
      const sim = yield* Simulator.Simulator
      const environment = ConfigProvider.fromMap(
        new Map([
          ["NIXFLEX_API_KEY", NixflexApi.demoKey],
          ["NIXFLEX_BASE_URL", sim.baseUrl("nixflex")]
        ])
      )
      expect(yield* Effect.withConfigProvider(main, environment)).toMatch(/^placed CA/)
    })
  )
})
