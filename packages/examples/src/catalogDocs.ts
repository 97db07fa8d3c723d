/**
 * Renders `docs/catalogs.md` from the vendors' catalogs, so the documented table is the code's table.
 * `pnpm docs:catalogs` writes the file; a test fails when the committed file is out of date.
 */

import { DialNexaError } from "@faultline/dialnexa"
import { LevrageError } from "@faultline/levrage"
import { NixflexError } from "@faultline/nixflex"
import {
  categoryOf,
  escapePipes,
  type FailureClass,
  tagOf as rawTagOf,
  repoPath,
  table,
  writeWhenRun
} from "./docsKit.js"

const tagOf = (failure: FailureClass) => `\`${rawTagOf(failure)}\``

export const render = (): string => `# Error catalogs

Generated from the catalogs in the vendor packages by \`pnpm docs:catalogs\`; a test fails when this file is out
of date. "Status" is the status the vendor documents for the code ("–" where the docs do not say); the failure
keeps the status the response really had. The category is the failure's, fixed by its class: the code decides it
before the status does. Every vendor also has an unknown failure for codes and statuses it did not document, and
every call can fail with the core failures (\`TransportError\`, \`AttemptTimeout\`, \`HeldPastDeadline\`,
\`UnexpectedBody\`, \`InvalidInput\`; see [failure-model.md](failure-model.md)).

## Nixflex (\`@faultline/nixflex\`)

One tag per documented \`error.code\`. Unknown codes decode to \`NixflexUnknownError\`, whose category comes from
the envelope's \`type\` when Nixflex documents it, else from the status.

${table(
  ["tag", "code", "status", "type", "category", "cause"],
  NixflexError.catalog.map((entry) => [
    tagOf(entry.failure),
    `\`${entry.code}\``,
    entry.status === undefined ? "–" : String(entry.status),
    `\`${entry.type}\``,
    categoryOf(entry.failure),
    escapePipes(entry.cause)
  ])
)}

Categories of the documented \`type\` values (for unknown codes):

${table(
  ["type", "category"],
  Object.entries(NixflexError.typeCategories).map(([type, category]) => [`\`${type}\``, category])
)}

## Levrage (\`@faultline/levrage\`)

Tags for the four documented \`error.code\` values, and, for bodies without a code (FastAPI's \`{"detail": …}\`),
one tag per documented status; 401 and 404 share the tag of the code with the same meaning. Any other code, or an
undocumented status without a code, decodes to \`LevrageUnknownError\` (category from the status).

${table(
  ["tag", "code", "category", "cause", "fix"],
  LevrageError.codeCatalog.map((entry) => [
    tagOf(entry.failure),
    `\`${entry.code}\``,
    categoryOf(entry.failure),
    escapePipes(entry.cause),
    escapePipes(entry.fix)
  ])
)}

${table(
  ["tag", "status", "name", "category", "when", "retry (docs)"],
  LevrageError.statusCatalog.map((entry) => [
    tagOf(entry.failure),
    String(entry.status),
    entry.name,
    categoryOf(entry.failure),
    escapePipes(entry.when),
    escapePipes([entry.retry, entry.strategy].filter((part) => part !== undefined).join(": ") || "–")
  ])
)}

## DialNexa (\`@faultline/dialnexa\`)

DialNexa has no machine-readable codes: one tag per documented status. Validation messages are kept as a list
(\`messages\`) and parsed into field issues (\`issues\`). Any other status decodes to \`DialNexaUnknownError\`
(category from the status).

${table(
  ["tag", "status", "name", "category", "cause"],
  DialNexaError.catalog.map((entry) => [
    tagOf(entry.failure),
    String(entry.status),
    entry.name,
    categoryOf(entry.failure),
    escapePipes(entry.cause)
  ])
)}
`

export const docsPath = repoPath("docs/catalogs.md")

writeWhenRun(import.meta.url, () => [[docsPath, render()]])
