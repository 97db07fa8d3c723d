import { describe, expect, it } from "@effect/vitest"
import { Effect, Exit } from "effect"
import { program } from "../src/demo.js"

// `pnpm demo` is what a newcomer runs first: it must end well, every time.
describe("the demo", () => {
  it.live("decodes every documented example to its documented tag, and every fault to a typed failure", () =>
    Effect.gen(function* () {
      expect(Exit.isSuccess(yield* Effect.exit(program))).toBe(true)
    })
  )
})
