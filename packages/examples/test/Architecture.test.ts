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
// dpdm globs its entries from the working directory and joins what it finds to `context`: both are the working
// directory here, wherever the test is run from.
const runtimeTree = () => {
  const here = process.cwd()
  return parseDependencyTree(
    packages.map((name) => Path.join(Path.relative(here, root) || ".", "packages", name, "src", "**", "*.ts")),
    { context: here, transform: true, skipDynamicImports: true, tsconfig: Path.join(root, "tsconfig.base.json") }
  )
}

describe("architecture", () => {
  it("no module of any package imports, at run time, a module that imports it back", async () => {
    const tree = await runtimeTree()
    // The walk really saw the packages (a glob read from elsewhere finds nothing, and no cycle in nothing).
    expect(Object.keys(tree).length).toBeGreaterThan(100)
    const cycles = parseCircular(tree, true)
    expect(cycles.map((cycle) => cycle.join(" -> "))).toEqual([])
  }, 60_000)

  it("an internal module imports only types from its own public module (values flow public to internal)", async () => {
    const tree = await runtimeTree()
    const backwards = Object.entries(tree).flatMap(([file, dependencies]) => {
      const internal = /^(.*\/src)\/internal\/([^/]+)\.ts$/.exec(file)
      if (internal === null) return []
      const [, src, name] = internal
      return (dependencies ?? [])
        .map((dependency) => dependency.id)
        .filter((id): id is string => id !== null && id.toLowerCase() === `${src}/${name}.ts`.toLowerCase())
        .map((id) => `${file} -> ${id}`)
    })
    expect(backwards).toEqual([])
  }, 60_000)

  it("packages depend one way: core ← testing, vendors ← simulator, examples, bench", () => {
    // Which workspace packages each package may depend on (dependencies and devDependencies alike).
    const allowed: Record<string, ReadonlyArray<string>> = {
      core: [],
      testing: ["core"],
      dialnexa: ["core", "testing"],
      levrage: ["core", "testing"],
      nixflex: ["core", "testing"],
      redis: ["core"],
      simulator: [],
      examples: ["core", "testing", "dialnexa", "levrage", "nixflex", "simulator"],
      bench: ["core", "testing", "dialnexa", "levrage", "nixflex", "redis", "simulator"]
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
