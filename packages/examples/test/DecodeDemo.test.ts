import { describe, expect, it } from "@effect/vitest"
import { Effect, Exit } from "effect"
import { program } from "../src/decodeDemo.js"

// `pnpm demo:decode` shows how every documented error body decodes: it must end well, every time.
describe("the decoding demo", () => {
  it.live("decodes every documented example to its documented tag, and every fault to a typed failure", () =>
    Effect.gen(function* () {
      expect(Exit.isSuccess(yield* Effect.exit(program))).toBe(true)
    })
  )
})
