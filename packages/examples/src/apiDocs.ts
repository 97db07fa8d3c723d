/**
 * Generates the API reference, `docs/api/<package>/`, from the JSDoc of every public package with
 * `@effect/docgen` (which also type-checks every `@example`), and `docs/api/README.md`, the index. With `--check`,
 * generates into a temporary directory instead and fails when `docs/api` differs: CI runs it that way.
 *
 * @since 0.1.0
 */
import { execFile } from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"

const root = Path.resolve(Path.dirname(fileURLToPath(import.meta.url)), "../../..")
const packages = ["core", "testing", "dialnexa", "levrage", "nixflex", "redis", "simulator"] as const
const run = promisify(execFile)

// docgen writes `docs/` inside the package (its examples must sit two levels below the package to import it).
const docgen = async (name: string): Promise<ReadonlyArray<string>> => {
  const dir = Path.join(root, "packages", name)
  const path = `${Path.join(root, "node_modules", ".bin")}${Path.delimiter}${process.env.PATH ?? ""}`
  try {
    await run("docgen", [], { cwd: dir, env: { ...process.env, PATH: path }, maxBuffer: 64 * 1024 * 1024 })
  } catch (error) {
    const { stderr, stdout } = error as { readonly stdout?: string; readonly stderr?: string }
    throw new Error(`docgen failed for @faultline/${name}:\n${stdout ?? ""}${stderr ?? ""}`)
  }
  const modules = Path.join(dir, "docs", "modules")
  const files = Fs.readdirSync(modules).filter((file) => file.endsWith(".md"))
  return files.map((file) => Path.join(modules, file))
}

const description = (name: string): string =>
  JSON.parse(Fs.readFileSync(Path.join(root, "packages", name, "package.json"), "utf8")).description

const generate = async (out: string) => {
  Fs.rmSync(out, { recursive: true, force: true })
  const index: Array<string> = [
    "# API reference",
    "",
    "Generated from the JSDoc of each package by `pnpm docs:api` (`@effect/docgen`, which also type-checks every",
    "example); CI fails when this directory is out of date.",
    ""
  ]
  // Two at a time: docgen's example check runs tsc, and the machines have two cores.
  for (let i = 0; i < packages.length; i += 2) {
    const pair = packages.slice(i, i + 2)
    const generated = await Promise.all(pair.map(docgen))
    pair.forEach((name, j) => {
      const target = Path.join(out, name)
      Fs.mkdirSync(target, { recursive: true })
      const modules = generated[j]!.filter((file) => !file.endsWith("index.md"))
      for (const file of modules) Fs.copyFileSync(file, Path.join(target, Path.basename(file)))
      Fs.rmSync(Path.join(root, "packages", name, "docs"), { recursive: true, force: true })
      index.push(`## @faultline/${name}`, "", `${description(name)}.`, "")
      for (const file of modules.map((file) => Path.basename(file)).sort()) {
        index.push(`- [${file.replace(/\.md$/, "")}](${name}/${file})`)
      }
      index.push("")
    })
  }
  Fs.writeFileSync(Path.join(out, "README.md"), index.join("\n"))
}

const listing = (dir: string): Record<string, string> =>
  Object.fromEntries(
    (Fs.readdirSync(dir, { recursive: true }) as Array<string>)
      .filter((file) => Fs.statSync(Path.join(dir, file)).isFile())
      .map((file) => [file, Fs.readFileSync(Path.join(dir, file), "utf8")])
  )

const docsApi = Path.join(root, "docs", "api")

if (process.argv.includes("--check")) {
  const scratch = Fs.mkdtempSync(Path.join(Os.tmpdir(), "faultline-api-"))
  try {
    await generate(scratch)
    const [fresh, committed] = [listing(scratch), Fs.existsSync(docsApi) ? listing(docsApi) : {}]
    const stale = [...new Set([...Object.keys(fresh), ...Object.keys(committed)])].filter(
      (file) => fresh[file] !== committed[file]
    )
    if (stale.length > 0) {
      console.error(`docs/api is out of date (run \`pnpm docs:api\`): ${stale.join(", ")}`)
      process.exit(1)
    }
    console.log(`docs/api is up to date (${Object.keys(fresh).length} files)`)
  } finally {
    Fs.rmSync(scratch, { recursive: true, force: true })
  }
} else {
  await generate(docsApi)
  console.log(`wrote ${docsApi}`)
}
