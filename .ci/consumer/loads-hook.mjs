import { appendFileSync } from "node:fs"

// One line per module loaded: the importer, a tab, the module.
export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context)
  appendFileSync(process.env.FAULTLINE_LOADS, `${context.parentURL ?? ""}\t${resolved.url}\n`)
  return resolved
}
