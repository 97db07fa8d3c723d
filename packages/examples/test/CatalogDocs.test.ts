import * as Fs from "node:fs"
import { describe, expect, it } from "@effect/vitest"
import { docsPath, render } from "../src/catalogDocs.js"

describe("docs/catalogs.md", () => {
  it("is the catalogs as the code has them (run `pnpm docs:catalogs` after changing a catalog)", () => {
    expect(Fs.readFileSync(docsPath, "utf8")).toBe(render())
  })
})
