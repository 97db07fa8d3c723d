/**
 * Checks the code blocks of the hand-written and generated pages (`README.md`, `docs/**` but `docs/api/**`, which
 * docgen checks, and every `packages/*\/README.md`): every fence names its language; `ts` / `typescript` blocks
 * type-check; `json` blocks parse; `text`, `sh` and `console` are output or shell, taken as written. The ts blocks
 * of one page are one module, in order (a page imports once and builds on it), placed in memory at
 * `packages/examples/src/__docs__/<page>.ts` so that the workspace packages resolve as they do for the examples,
 * and every page's module is checked in one TypeScript program, under the options of `tsconfig.base.json`.
 * `test/DocsCode.test.ts` fails on any problem; `tsx packages/examples/src/docsCode.ts` prints them.
 */

import * as Fs from "node:fs"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import ts from "typescript"
import { repoPath } from "./docsKit.js"

/** A Markdown page: its path from the repository's root (with `/`), and its text. */
export interface Page {
  readonly path: string
  readonly text: string
}

/** What is wrong with a page, at a line of its Markdown (from 1). */
export interface Problem {
  readonly page: string
  readonly line: number
  readonly message: string
}

/** A fenced code block: the line of its opening fence, its language, and its body from `bodyLine` on. */
export interface Fence {
  readonly line: number
  readonly language: string
  readonly body: string
  readonly bodyLine: number
}

const typeChecked: ReadonlySet<string> = new Set(["ts", "typescript"])
const verbatim: ReadonlySet<string> = new Set(["text", "sh", "console"])
const languages = [...typeChecked, ...verbatim, "json"].join(", ")

// The unused-declaration family (`noUnusedLocals`, `noUnusedParameters`): a page may declare what it does not use.
const unusedDiagnostics: ReadonlySet<number> = new Set([6133, 6192, 6196, 6198, 6199, 6205])

export const formatProblem = (problem: Problem): string => `${problem.page}:${problem.line}: ${problem.message}`

/** The pages whose code blocks are checked, from the repository's root, sorted. */
export const pagePaths = (): ReadonlyArray<string> => {
  const docs = (Fs.readdirSync(repoPath("docs"), { recursive: true }) as Array<string>)
    .map((file) => `docs/${file.split(Path.sep).join("/")}`)
    .filter((file) => file.endsWith(".md") && !file.startsWith("docs/api/"))
  const packages = Fs.readdirSync(repoPath("packages"))
    .map((name) => `packages/${name}/README.md`)
    .filter((file) => Fs.existsSync(repoPath(file)))
  return ["README.md", ...docs.sort(), ...packages.sort()]
}

export const readPages = (paths: ReadonlyArray<string> = pagePaths()): ReadonlyArray<Page> =>
  paths.map((path) => ({ path, text: Fs.readFileSync(repoPath(path), "utf8") }))

const openingFence = /^(\s*)(`{3,}|~{3,})(.*)$/

/** The fenced code blocks of a page, and what is wrong with the fences themselves (no language, never closed). */
export const fencesOf = (page: Page): { readonly fences: ReadonlyArray<Fence>; readonly problems: Array<Problem> } => {
  const lines = page.text.split("\n")
  const fences: Array<Fence> = []
  const problems: Array<Problem> = []
  for (let index = 0; index < lines.length; index++) {
    const opening = openingFence.exec(lines[index]!)
    if (opening === null) continue
    const [, indent = "", marker = "", info = ""] = opening
    // A backtick fence's info string has no backtick (CommonMark): "```ts```" on one line is inline code.
    if (marker.startsWith("`") && info.includes("`")) continue
    const line = index + 1
    const closing = new RegExp(`^\\s*${marker[0] === "`" ? "`" : "~"}{${marker.length},}\\s*$`)
    let end = index + 1
    while (end < lines.length && !closing.test(lines[end]!)) end++
    if (end === lines.length) {
      problems.push({ page: page.path, line, message: "a code block that is never closed" })
      break
    }
    // The body loses the fence's indentation (a block in a list item is indented with it).
    const body = lines
      .slice(index + 1, end)
      .map((text) => (text.startsWith(indent) ? text.slice(indent.length) : text.trimStart()))
      .join("\n")
    fences.push({ line, language: info.trim().split(/\s+/)[0] ?? "", body, bodyLine: line + 1 })
    index = end
  }
  return { fences, problems }
}

const lineOfOffset = (text: string, offset: number) => text.slice(0, offset).split("\n").length - 1

// A json block must be JSON; one that elides part of a value (`…`) is an excerpt, to be marked as text.
const jsonProblem = (page: Page, fence: Fence): Problem | undefined => {
  if (fence.body.includes("…"))
    return {
      page: page.path,
      line: fence.line,
      message: "a json block with an ellipsis (…) is not JSON: mark it ```text"
    }
  try {
    JSON.parse(fence.body)
    return undefined
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    const position = /position (\d+)/.exec(message)?.[1]
    const line = position === undefined ? fence.line : fence.bodyLine + lineOfOffset(fence.body, Number(position))
    return { page: page.path, line, message: `the json block does not parse: ${message}` }
  }
}

/** Where a line of a page's module comes from: `moduleLine` (from 0) is Markdown line `pageLine`. */
interface Segment {
  readonly moduleLine: number
  readonly pageLine: number
}

interface DocModule {
  readonly page: Page
  readonly fileName: string
  readonly text: string
  readonly segments: ReadonlyArray<Segment>
}

const docsDirectory = repoPath("packages/examples/src/__docs__")

/** The virtual file of a page's module: `docs/vendors/nixflex.md` → `__docs__/docs-vendors-nixflex.ts`. */
const moduleFileName = (pagePath: string): string =>
  Path.join(docsDirectory, `${pagePath.replace(/\.md$/, "").replaceAll("/", "-")}.ts`)

const moduleOf = (page: Page, fences: ReadonlyArray<Fence>): DocModule => {
  const segments: Array<Segment> = []
  const bodies: Array<string> = []
  let moduleLine = 0
  for (const fence of fences) {
    segments.push({ moduleLine, pageLine: fence.bodyLine })
    bodies.push(fence.body)
    moduleLine += fence.body.split("\n").length
  }
  return { page, fileName: moduleFileName(page.path), text: `${bodies.join("\n")}\n`, segments }
}

const pageLineOf = (module: DocModule, moduleLine: number) => {
  let segment = module.segments[0]!
  for (const candidate of module.segments) if (candidate.moduleLine <= moduleLine) segment = candidate
  return segment.pageLine + moduleLine - segment.moduleLine
}

const compilerOptions = (): ts.CompilerOptions => {
  const base = repoPath("tsconfig.base.json")
  const read = ts.readConfigFile(base, ts.sys.readFile)
  if (read.error !== undefined) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, "\n"))
  // `files: []`: only the options are wanted, not a walk of the repository for the files the config would include.
  const parsed = ts.parseJsonConfigFileContent({ ...read.config, files: [] }, ts.sys, Path.dirname(base))
  const errors = parsed.errors.filter((error) => error.code !== 18002) // "The 'files' list in config file is empty"
  if (errors.length > 0) throw new Error(ts.formatDiagnostics(errors, formatHost))
  // Checked, never emitted: the build options (project references, declarations) have nothing to do here.
  const {
    composite: _composite,
    declaration: _declaration,
    declarationMap: _declarationMap,
    emitDeclarationOnly: _emitDeclarationOnly,
    incremental: _incremental,
    tsBuildInfoFile: _tsBuildInfoFile,
    ...options
  } = parsed.options
  return { ...options, noEmit: true }
}

const formatHost: ts.FormatDiagnosticsHost = {
  getCanonicalFileName: (fileName) => fileName,
  getCurrentDirectory: () => repoPath(),
  getNewLine: () => "\n"
}

// Parsed library and workspace files, kept across checks (a test checks more than one set of pages): a source
// file depends only on its text and the options, which are the same every time.
const sourceFiles = new Map<string, ts.SourceFile>()

const typeCheck = (modules: ReadonlyArray<DocModule>): ReadonlyArray<Problem> => {
  if (modules.length === 0) return []
  const options = compilerOptions()
  const byFileName = new Map(modules.map((module) => [module.fileName, module]))
  const host = ts.createCompilerHost(options, true)
  const { fileExists, readFile, getSourceFile } = host
  host.getCurrentDirectory = () => repoPath("packages/examples")
  host.fileExists = (fileName) => byFileName.has(fileName) || fileExists.call(host, fileName)
  host.readFile = (fileName) => byFileName.get(fileName)?.text ?? readFile.call(host, fileName)
  host.getSourceFile = (fileName, languageVersionOrOptions, onError, shouldCreate) => {
    const module = byFileName.get(fileName)
    if (module !== undefined) return ts.createSourceFile(fileName, module.text, languageVersionOrOptions, true)
    const format = typeof languageVersionOrOptions === "object" ? languageVersionOrOptions.impliedNodeFormat : ""
    const key = `${format}:${fileName}`
    const cached = sourceFiles.get(key)
    if (cached !== undefined) return cached
    const file = getSourceFile.call(host, fileName, languageVersionOrOptions, onError, shouldCreate)
    if (file !== undefined) sourceFiles.set(key, file)
    return file
  }
  const program = ts.createProgram({ rootNames: [...byFileName.keys()], options, host })
  const problems: Array<Problem> = []
  const message = (diagnostic: ts.Diagnostic) =>
    `TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n  ")}`
  for (const diagnostic of [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()]) {
    problems.push({ page: "tsconfig.base.json", line: 1, message: message(diagnostic) })
  }
  for (const module of modules) {
    const file = program.getSourceFile(module.fileName)!
    const diagnostics = [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)]
    for (const diagnostic of diagnostics) {
      if (unusedDiagnostics.has(diagnostic.code)) continue
      const moduleLine =
        diagnostic.file === undefined || diagnostic.start === undefined
          ? 0
          : diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line
      problems.push({ page: module.page.path, line: pageLineOf(module, moduleLine), message: message(diagnostic) })
    }
  }
  return problems
}

/** Every problem of the pages' code blocks, page by page in line order. */
export const check = (pages: ReadonlyArray<Page>): ReadonlyArray<Problem> => {
  const problems: Array<Problem> = []
  const modules: Array<DocModule> = []
  for (const page of pages) {
    const found = fencesOf(page)
    problems.push(...found.problems)
    for (const fence of found.fences) {
      if (fence.language === "") {
        problems.push({
          page: page.path,
          line: fence.line,
          message: `a code block without a language: name it (${languages}; ts is type-checked, json parsed)`
        })
      } else if (fence.language === "json") {
        const problem = jsonProblem(page, fence)
        if (problem !== undefined) problems.push(problem)
      } else if (!typeChecked.has(fence.language) && !verbatim.has(fence.language)) {
        problems.push({
          page: page.path,
          line: fence.line,
          message: `a code block in "${fence.language}", which is not one of ${languages}`
        })
      }
    }
    const code = found.fences.filter((fence) => typeChecked.has(fence.language))
    if (code.length > 0) modules.push(moduleOf(page, code))
  }
  problems.push(...typeCheck(modules))
  const order = new Map(pages.map((page, index) => [page.path, index]))
  return problems.sort((a, b) => (order.get(a.page) ?? -1) - (order.get(b.page) ?? -1) || a.line - b.line)
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === Path.resolve(process.argv[1])) {
  const problems = check(readPages())
  for (const problem of problems) console.log(formatProblem(problem))
  console.log(problems.length === 0 ? "every code block is fine" : `${problems.length} problems`)
  process.exitCode = problems.length === 0 ? 0 : 1
}
