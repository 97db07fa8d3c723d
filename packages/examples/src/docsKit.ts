/**
 * What the generated docs share: reading a failure class's tag and category, Markdown tables, and writing a page
 * when its script is run (`pnpm docs:…`) rather than imported by its freshness test.
 */

import * as Fs from "node:fs"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import { Failure } from "@faultline/core"

export type FailureClass = new (props: never, options: typeof Failure.checked) => Failure.Failure

// An instance of a class with placeholder fields (constructing with `checked` skips their validation): the tag
// and category are the class's own.
const sample = (failure: FailureClass) =>
  new failure({ status: 0, message: "", type: "", messages: [], issues: [] } as never, Failure.checked)

export const tagOf = (failure: FailureClass): string => sample(failure)._tag

export const categoryOf = (failure: FailureClass): string => sample(failure).category

export const escapePipes = (text: string): string => text.replaceAll("|", "\\|")

export const table = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): string =>
  [
    `| ${header.join(" | ")} |`,
    `|${header.map(() => "---").join("|")}|`,
    ...rows.map((row) => `| ${row.join(" | ")} |`)
  ].join("\n")

/** The path of a file under the repository's root. */
export const repoPath = (...segments: ReadonlyArray<string>): string =>
  Path.resolve(Path.dirname(fileURLToPath(import.meta.url)), "../../..", ...segments)

/** Writes the pages when `moduleUrl` is the script node was started with. */
export const writeWhenRun = (moduleUrl: string, pages: () => ReadonlyArray<readonly [path: string, text: string]>) => {
  if (process.argv[1] === undefined || fileURLToPath(moduleUrl) !== Path.resolve(process.argv[1])) return
  for (const [path, text] of pages()) {
    Fs.mkdirSync(Path.dirname(path), { recursive: true })
    Fs.writeFileSync(path, text)
    console.log(`wrote ${path}`)
  }
}
