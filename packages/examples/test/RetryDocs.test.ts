import * as Fs from "node:fs"
import { describe, expect, it } from "@effect/vitest"
import { docsPath, render } from "../src/retryDocs.js"

describe("docs/retry.md", () => {
  it("shows the default tables as the policies have them (run `pnpm docs:retry` after changing a policy)", () => {
    expect(Fs.readFileSync(docsPath, "utf8")).toBe(render())
  })
})
