import { describe, expect, it } from "@effect/vitest"
import { check, formatProblem, type Page, pagePaths, readPages } from "../src/docsCode.js"

const problemsOf = (...pages: ReadonlyArray<Page>) => check(pages).map(formatProblem)

const page = (path: string, ...lines: ReadonlyArray<string>): Page => ({ path, text: `${lines.join("\n")}\n` })

describe("the docs' code blocks", () => {
  it("every block names its language, every page's ts blocks compile as one module, every json block parses", () => {
    expect(check(readPages()).map(formatProblem)).toEqual([])
  }, 180_000)

  it("are read from README.md, docs/ but docs/api/, and every package's README", () => {
    const paths = pagePaths()
    expect(paths).toEqual(expect.arrayContaining(["README.md", "docs/testing.md", "docs/vendors/nixflex.md"]))
    expect(paths).toEqual(expect.arrayContaining(["packages/core/README.md", "packages/nixflex/README.md"]))
    expect(paths.filter((path) => path.startsWith("docs/api/"))).toEqual([])
  })

  describe("a problem is reported with its page and Markdown line", () => {
    it("a fence without a language, one in a language outside the list, one never closed", () => {
      expect(
        problemsOf(page("docs/a.md", "# A", "", "```", "npm i", "```", "", "```bash", "ls", "```", "", "```text", "…"))
      ).toEqual([
        "docs/a.md:3: a code block without a language: name it (ts, typescript, text, sh, console, json; ts is type-checked, json parsed)",
        'docs/a.md:7: a code block in "bash", which is not one of ts, typescript, text, sh, console, json',
        "docs/a.md:11: a code block that is never closed"
      ])
    })

    it("a json block that does not parse, at the line it breaks; one with an ellipsis", () => {
      expect(
        problemsOf(page("docs/b.md", "```json", "{", '  "a": 1,', "  b", "}", "```", "```json", '{ "a": "…" }', "```"))
      ).toEqual([
        expect.stringMatching(/^docs\/b\.md:4: the json block does not parse: /),
        "docs/b.md:7: a json block with an ellipsis (…) is not JSON: mark it ```text"
      ])
    })

    it("a type error, at its line in the Markdown (the page's blocks are one module, each at its own lines)", () => {
      const problems = problemsOf(
        page(
          "docs/c.md",
          "# C",
          "",
          "```ts",
          'import { Effect } from "effect"',
          "```",
          "",
          "Then:",
          "",
          "```ts",
          "const succeeded = Effect.succeed(1)",
          "const count: string = Effect.runSync(succeeded)",
          "```"
        )
      )
      expect(problems).toEqual(["docs/c.md:11: TS2322: Type 'number' is not assignable to type 'string'."])
    })

    it("an import a package does not export, and another page's imports, which are not in scope", () => {
      const problems = problemsOf(
        page("docs/d.md", "```ts", 'import { Nixflex, Nixflux } from "@faultline/nixflex"', "```"),
        page("docs/e.md", "```typescript", "export const layer = Nixflex.layerTest({})", "```")
      )
      expect(problems).toEqual([
        `docs/d.md:2: TS2724: '"@faultline/nixflex"' has no exported member named 'Nixflux'. Did you mean 'Nixflex'?`,
        "docs/e.md:2: TS2304: Cannot find name 'Nixflex'."
      ])
    })
  })

  it("a declaration a page does not use is not a problem, nor are text, sh and console blocks", () => {
    expect(
      problemsOf(
        page(
          "docs/f.md",
          "```ts",
          'import { Effect, Layer } from "effect"',
          "const unused = Effect.void",
          "type Unused = number",
          "```",
          "```sh",
          "npx faultline-simulator",
          "```",
          "```console",
          "$ ok",
          "```",
          "```text",
          "{ not: json }",
          "```",
          "```json",
          '{ "requests": 1 }',
          "```"
        )
      )
    ).toEqual([])
  })
})
