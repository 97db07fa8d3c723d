import * as Fs from "node:fs"
import { describe, expect, it } from "@effect/vitest"
import { pages } from "../src/vendorDocs.js"

describe("docs/vendors", () => {
  it.each(pages().map(([path, text]) => ({ path, text })))(
    "$path is the endpoints as the code declares them (run `pnpm docs:vendors` after changing one)",
    ({ path, text }) => {
      expect(Fs.readFileSync(path, "utf8")).toBe(text)
    }
  )
})
