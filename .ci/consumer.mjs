// The published packages, tried from outside the workspace as a user would: build and pack every public package,
// install the tarballs with npm into a fresh project (effect and @effect/platform* at the lowest versions the peer
// ranges allow), run a plain node consumer against the simulator started from its installed command line,
// type-check a consumer under NodeNext and Bundler, check there is one copy of effect and that the Nixflex client
// loads no fast-check, and lint every tarball with publint and attw. Prints `name: value` figures; exits non-zero
// on the first failure.
import { execFileSync } from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"

const root = Path.resolve(Path.dirname(fileURLToPath(import.meta.url)), "..")
const fixtures = Path.join(root, ".ci", "consumer")
const publicPackages = ["core", "testing", "dialnexa", "levrage", "nixflex", "redis", "simulator"]
const work = Fs.mkdtempSync(Path.join(Os.tmpdir(), "faultline-consumer-"))
const tarballs = Path.join(work, "tarballs")
const project = Path.join(work, "project")

const run = (command, args, options = {}) => {
  process.stdout.write(`$ ${[command, ...args].join(" ")}\n`)
  return execFileSync(command, args, { stdio: ["ignore", "pipe", "inherit"], encoding: "utf8", ...options })
}
const pnpm = (args, cwd) => run("npx", ["-y", "pnpm@10.34.9", ...args], { cwd })
const bin = (name) => Path.join(root, "node_modules", ".bin", name)

// The lowest version a peer range allows: ranges here are `^x.y.z` (or `~`, `>=`), nothing fancier.
const lowest = (range) => {
  const match = /^(?:\^|~|>=)?\s*(\d+\.\d+\.\d+)$/.exec(range.trim())
  if (match === null) throw new Error(`a peer range this script cannot read: ${range}`)
  return match[1]
}

try {
  pnpm(["build"], root)
  Fs.mkdirSync(tarballs, { recursive: true })
  const packed = {}
  const peers = {}
  for (const name of publicPackages) {
    const dir = Path.join(root, "packages", name)
    pnpm(["pack", "--pack-destination", tarballs], dir)
    const manifest = JSON.parse(Fs.readFileSync(Path.join(dir, "package.json"), "utf8"))
    const file = Fs.readdirSync(tarballs).find((f) => f.startsWith(`faultline-${name}-`))
    packed[manifest.name] = Path.join(tarballs, file)
    for (const [peer, range] of Object.entries(manifest.peerDependencies ?? {})) {
      if (!peer.startsWith("@faultline/")) peers[peer] = lowest(range)
    }
    console.log(`tarball.${name}.kb: ${(Fs.statSync(packed[manifest.name]).size / 1024).toFixed(1)}`)
  }

  // Nothing a tarball must not hold: tests, configs, build info.
  for (const [name, file] of Object.entries(packed)) {
    const listing = run("tar", ["-tzf", file])
      .split("\n")
      .filter((entry) => /\/test\/|tsconfig|\.tsbuildinfo|vitest\.config/.test(entry))
    if (listing.length > 0) throw new Error(`${name} packs ${listing.join(", ")}`)
  }

  Fs.cpSync(fixtures, project, { recursive: true })
  const catalog = Fs.readFileSync(Path.join(root, "pnpm-workspace.yaml"), "utf8")
  const pinned = (name) => new RegExp(`^\\s*"?${name}"?:\\s*(\\S+)`, "m").exec(catalog)?.[1]
  Fs.writeFileSync(
    Path.join(project, "package.json"),
    JSON.stringify(
      {
        name: "faultline-consumer",
        private: true,
        type: "module",
        dependencies: {
          ...Object.fromEntries(Object.entries(packed).map(([name, file]) => [name, `file:${file}`])),
          ...peers
        },
        devDependencies: { typescript: pinned("typescript"), "@types/node": pinned("@types/node") }
      },
      null,
      2
    )
  )
  console.log(
    `peers: ${Object.entries(peers)
      .map(([name, version]) => `${name}@${version}`)
      .join(" ")}`
  )
  run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: project })

  const output = run("node", ["main.mjs"], { cwd: project })
  process.stdout.write(output)
  if (!/^failure: InvalidPhoneFormat \(invalid_request, a faultline failure: true\)$/m.test(output)) {
    throw new Error("the consumer did not get the InvalidPhoneFormat failure from the simulator")
  }
  if (!/^typed: placed CA…, then InvalidInput on to_number$/m.test(output)) {
    throw new Error("the consumer's typed client did not place the call and refuse the bad number")
  }

  for (const config of ["tsconfig.nodenext.json", "tsconfig.bundler.json"]) {
    run(Path.join(project, "node_modules", ".bin", "tsc"), ["-p", config], { cwd: project })
    console.log(`typecheck.${config.split(".")[1]}: ok`)
  }

  const tree = JSON.parse(run("npm", ["ls", "effect", "--all", "--json"], { cwd: project }))
  const versions = new Set()
  const walk = (node) => {
    for (const [name, child] of Object.entries(node.dependencies ?? {})) {
      if (name === "effect" && child.version !== undefined) versions.add(child.version)
      walk(child)
    }
  }
  walk(tree)
  console.log(`effect.copies: ${versions.size} (${[...versions].join(", ")})`)
  if (versions.size !== 1 || !versions.has(peers.effect)) throw new Error("not exactly one copy of effect")

  // What a program importing the Nixflex client loads of faultline: its client modules, no test fixture, and
  // nothing that imports fast-check (effect's own Schema module imports it: that is effect's, not faultline's).
  const loads = Path.join(work, "loads.txt")
  run("node", ["--import", "./loads.mjs", "client-only.mjs"], {
    cwd: project,
    env: { ...process.env, FAULTLINE_LOADS: loads }
  })
  const edges = Fs.readFileSync(loads, "utf8")
    .split("\n")
    .filter((line) => line.length > 0)
    .map((line) => line.split("\t"))
  const faultline = (url) => url.includes("/node_modules/@faultline/")
  const loaded = [...new Set(edges.map(([, url]) => url).filter(faultline))]
  const testFixtures = loaded.filter((url) => /Arbitrary|DocumentedExamples|\/testing\.js$/.test(url))
  const fastCheckFromFaultline = edges.filter(([from, url]) => faultline(from) && /FastCheck|fast-check/.test(url))
  console.log(`client.faultline_modules: ${loaded.length}`)
  console.log(`client.test_fixtures: ${testFixtures.length}`)
  console.log(`client.fast_check_imports: ${fastCheckFromFaultline.length}`)
  if (testFixtures.length + fastCheckFromFaultline.length > 0) {
    throw new Error(
      `the Nixflex client loads ${[...testFixtures, ...fastCheckFromFaultline.map((e) => e.join(" -> "))]}`
    )
  }

  for (const [name, file] of Object.entries(packed)) {
    process.stdout.write(run(bin("publint"), [file, "--strict"]))
    process.stdout.write(run(bin("attw"), [file, "--profile", "esm-only", "--format", "table-flipped"]))
    console.log(`lint.${name}: ok`)
  }
  console.log("consumer: ok")
} finally {
  Fs.rmSync(work, { recursive: true, force: true })
}
