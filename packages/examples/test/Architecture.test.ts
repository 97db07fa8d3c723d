import * as Fs from "node:fs"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "@effect/vitest"
import { parseCircular, parseDependencyTree } from "dpdm"

const root = Path.resolve(Path.dirname(fileURLToPath(import.meta.url)), "../../..")
const packages = Fs.readdirSync(Path.join(root, "packages")).filter((name) =>
  Fs.existsSync(Path.join(root, "packages", name, "src"))
)

// Runtime imports only (`import type` is erased): a cycle among them is one the module loader has to untangle.
const runtimeTree = () =>
  parseDependencyTree(
    packages.map((name) => `packages/${name}/src/**/*.ts`),
    { context: root, transform: true, skipDynamicImports: true, tsconfig: Path.join(root, "tsconfig.base.json") }
  )

describe("architecture", () => {
  it("no module of any package imports, at run time, a module that imports it back", async () => {
    const cycles = parseCircular(await runtimeTree(), true)
    expect(cycles.map((cycle) => cycle.join(" -> "))).toEqual([])
  }, 60_000)

  it("packages depend one way: core ← testing, vendors ← simulator, examples, bench", () => {
    // Which workspace packages each package may depend on (dependencies and devDependencies alike).
    const allowed: Record<string, ReadonlyArray<string>> = {
      core: [],
      testing: ["core"],
      dialnexa: ["core", "testing"],
      levrage: ["core", "testing"],
      nixflex: ["core", "testing"],
      simulator: [],
      examples: ["core", "testing", "dialnexa", "levrage", "nixflex", "simulator"],
      bench: ["core", "testing", "dialnexa", "levrage", "nixflex", "simulator"]
    }
    const found = Object.fromEntries(
      packages.map((name) => {
        const manifest = JSON.parse(Fs.readFileSync(Path.join(root, "packages", name, "package.json"), "utf8"))
        const names = Object.keys({
          ...manifest.dependencies,
          ...manifest.devDependencies,
          ...manifest.peerDependencies
        })
        return [
          name,
          names.filter((dep) => dep.startsWith("@faultline/")).map((dep) => dep.slice("@faultline/".length))
        ]
      })
    )
    for (const name of packages)
      expect([name, found[name]?.filter((dep) => !allowed[name]?.includes(dep))]).toEqual([name, []])
  })
})
