/**
 * Renders `docs/vendors/<vendor>.md`: every method of a vendor's client with its route, what it checks in its
 * input, and its failure union, generated from the endpoint declarations (their JSDoc read with the TypeScript
 * parser), with a worked example taken from `src/clients/`, which the typecheck compiles and a test runs against
 * the simulator. `pnpm docs:vendors` writes the pages; a test fails when one is out of date.
 */

import * as Fs from "node:fs"
import { type Endpoint, Failure, Input, RetryPolicy } from "@faultline/core"
import { DialNexaDialect, DialNexaEndpoints, DialNexaError, DialNexaModels } from "@faultline/dialnexa"
import { LevrageDialect, LevrageEndpoints, LevrageError, LevrageModels } from "@faultline/levrage"
import { NixflexDialect, NixflexEndpoints, NixflexError, NixflexModels } from "@faultline/nixflex"
import { Schema, type SchemaAST } from "effect"
import ts from "typescript"
import { categoryOf, escapePipes, type FailureClass, repoPath, table, tagOf, writeWhenRun } from "./docsKit.js"

interface Vendor {
  readonly name: string
  readonly slug: string
  /** The client module's name in the package's index (`Nixflex` for `Nixflex.Nixflex`, `Nixflex.layer`). */
  readonly client: string
  readonly endpoints: Readonly<Record<string, Endpoint.Any>>
  readonly common: ReadonlyArray<string>
  readonly failures: ReadonlyArray<FailureClass>
  /** What the docs say a failure is: its code, or its status and name. */
  readonly documented: (failure: FailureClass) => string
  readonly models: Readonly<Record<string, unknown>>
  readonly idempotencyHeader: string | undefined
  readonly about: string
}

const documentedOf = (failure: FailureClass): Record<string, unknown> | undefined =>
  (failure as unknown as { readonly documented?: Record<string, unknown> }).documented

const code = (text: unknown) => (typeof text === "string" ? `\`${text}\`` : undefined)

const withoutKeys = (name: string) =>
  `${name} takes no idempotency key, so a create that fails after the request may have reached ${name} (no ` +
  "answer, no answer in time, a 5xx, an unreadable answer) fails with `OutcomeUnknown`: it carries the " +
  "operation, the input as sent (redacted), when it was sent and the failure underneath (`cause`), so the caller " +
  "can look the resource up before creating it again. The client retries such a create only when the failure " +
  "proves the request was not processed (a 429, a refused connection)."

const vendors: ReadonlyArray<Vendor> = [
  {
    name: "Nixflex",
    slug: "nixflex",
    client: "Nixflex",
    endpoints: NixflexEndpoints.endpoints,
    common: NixflexEndpoints.common,
    failures: NixflexError.NixflexFailure.members as unknown as ReadonlyArray<FailureClass>,
    documented: (failure) => {
      const documented = documentedOf(failure)
      if (documented === undefined) return "any other code"
      return [code(documented.code), documented.status === undefined ? undefined : `(${documented.status})`]
        .filter((part) => part !== undefined)
        .join(" ")
    },
    models: NixflexModels,
    idempotencyHeader: NixflexDialect.dialect.idempotencyKeyHeader,
    about:
      "Nixflex takes an `Idempotency-Key` on every mutating request: the client sends a new one per call (or the one " +
      "you give in `{ idempotencyKey }`), keeps it across retries, and puts it on every failure of the call " +
      "(`failure.idempotencyKey`), so the same logical call can be tried again later without a duplicate."
  },
  {
    name: "DialNexa",
    slug: "dialnexa",
    client: "DialNexa",
    endpoints: DialNexaEndpoints.endpoints,
    common: DialNexaEndpoints.common,
    failures: DialNexaError.DialNexaFailure.members as unknown as ReadonlyArray<FailureClass>,
    documented: (failure) => {
      const documented = documentedOf(failure)
      return documented === undefined ? "any other status" : `${documented.status} ${documented.name}`
    },
    models: DialNexaModels,
    idempotencyHeader: DialNexaDialect.dialect.idempotencyKeyHeader,
    about: withoutKeys("DialNexa")
  },
  {
    name: "Levrage",
    slug: "levrage",
    client: "Levrage",
    endpoints: LevrageEndpoints.endpoints,
    common: LevrageEndpoints.common,
    failures: LevrageError.LevrageFailure.members as unknown as ReadonlyArray<FailureClass>,
    documented: (failure) => {
      const documented = documentedOf(failure)
      if (documented === undefined) return "any other code or status"
      const parts = [code(documented.code), documented.status === undefined ? undefined : String(documented.status)]
      return parts.filter((part) => part !== undefined).join(", ")
    },
    models: LevrageModels,
    idempotencyHeader: LevrageDialect.dialect.idempotencyKeyHeader,
    about: withoutKeys("Levrage")
  }
]

// The JSDoc of each `export const` of a module, without its tags.
const descriptions = (file: string): ReadonlyMap<string, string> => {
  const source = ts.createSourceFile(file, Fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true)
  const found = new Map<string, string>()
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue
    for (const declaration of statement.declarationList.declarations) {
      const doc = ts.getJSDocCommentsAndTags(declaration).find(ts.isJSDoc)
      const text = doc === undefined ? undefined : ts.getTextOfJSDocComment(doc.comment)
      if (ts.isIdentifier(declaration.name) && text !== undefined) {
        found.set(declaration.name.text, text.replace(/\s*\n\s*/g, " ").trim())
      }
    }
  }
  return found
}

const coreFailures = Failure.CoreFailure.members as unknown as ReadonlyArray<FailureClass>

const failureRows = (vendor: Vendor, tags: ReadonlyArray<string>) =>
  tags.map((tag) => {
    const failure = vendor.failures.find((candidate) => tagOf(candidate) === tag)
    if (failure === undefined) throw new Error(`${vendor.name}: no failure class for ${tag}`)
    // The unknown failure's category is the response's (its type, else its status), not its class's.
    const category = documentedOf(failure) === undefined ? "from the response" : categoryOf(failure)
    return [`\`${tag}\``, category, escapePipes(vendor.documented(failure))]
  })

const modelName = (vendor: Vendor, ast: SchemaAST.AST) =>
  Object.entries(vendor.models).find(([, value]) => Schema.isSchema(value) && value.ast === ast)?.[0]

// The model an answer decodes to, by name: itself, or the model in a `{ data }` envelope (Levrage's).
const schemaName = (vendor: Vendor, schema: Schema.Schema.Any) => {
  const own = modelName(vendor, schema.ast)
  if (own !== undefined) return `\`${vendor.client}Models.${own}\``
  const from = schema.ast._tag === "Transformation" ? schema.ast.from : undefined
  const data = from?._tag === "TypeLiteral" ? from.propertySignatures.find((field) => field.name === "data") : undefined
  const inner = data === undefined ? undefined : modelName(vendor, data.type)
  return inner === undefined ? "the decoded answer" : `\`${vendor.client}Models.${inner}\` (in \`{ data }\`)`
}

const signature = (vendor: Vendor, name: string, endpoint: Endpoint.Any) => {
  const optional = Input.fields(endpoint.input).every((field) => !field.required)
  const input = optional ? "input?" : "input"
  if (endpoint._tag === "List") return `${name}(${input}, { pageSize?, max? }?)`
  const keyed = vendor.idempotencyHeader !== undefined && !RetryPolicy.isSafeToRepeat(endpoint.method, false)
  return keyed ? `${name}(${input}, { idempotencyKey? }?)` : `${name}(${input})`
}

// An endpoint's JSDoc without the route it starts with, as a sentence.
const sentence = (description: string) => {
  const text = description.replace(/^`[^`]*`:\s*/, "")
  return text.charAt(0).toUpperCase() + text.slice(1)
}

const method = (vendor: Vendor, name: string, endpoint: Endpoint.Any, description: string | undefined) => {
  const fields = Input.fields(endpoint.input)
  const answer =
    endpoint._tag === "List"
      ? `A \`Stream\` of the items of every page (pages of ${schemaName(vendor, endpoint.success)}), each page ` +
        `fetched as the stream is read: \`pageSize\` items per page (at most and by default ` +
        `${endpoint.pagination.maxPageSize}), \`max\` items in all.`
      : `An \`Effect\` of ${schemaName(vendor, endpoint.success)}.`
  const notes = [
    endpoint.conditional
      ? "Conditional: sends `If-None-Match` with the ETag of the last answer, and answers a 304 from that answer."
      : undefined,
    endpoint._tag === "Operation" && endpoint.creates && vendor.idempotencyHeader === undefined
      ? "A create: fails with `OutcomeUnknown` when the request may have reached the server (see above)."
      : undefined
  ].filter((note) => note !== undefined)
  return [
    `### \`${signature(vendor, name, endpoint)}\``,
    "",
    `\`${endpoint.method} ${endpoint.path}\`${description === undefined ? "" : `: ${sentence(description)}`}`,
    "",
    answer,
    ...notes.map((note) => `\n${note}`),
    "",
    fields.length === 0
      ? "Input: none."
      : table(
          ["input", "required", "checked as"],
          fields.map((field) => [`\`${field.name}\``, field.required ? "yes" : "no", escapePipes(field.rule)])
        ),
    "",
    endpoint.failures.length === 0
      ? "Failures: only those every call can have."
      : table(["failure", "category", "documented as"], failureRows(vendor, endpoint.failures)),
    ""
  ].join("\n")
}

const exampleOf = (vendor: Vendor) =>
  Fs.readFileSync(repoPath("packages/examples/src/clients", `${vendor.slug}.ts`), "utf8").trimEnd()

export const render = (vendor: Vendor): string => {
  const documented = descriptions(repoPath(`packages/${vendor.slug}/src/${vendor.client}Endpoints.ts`))
  const methods = Object.entries(vendor.endpoints)
  return `# ${vendor.name} client (\`@faultline/${vendor.slug}\`)

Generated from \`packages/${vendor.slug}/src/${vendor.client}Endpoints.ts\` by \`pnpm docs:vendors\`; a test fails
when this page is out of date.

\`${vendor.client}.${vendor.client}\` is a service with one method per endpoint below. A method checks its input
against the endpoint's schema before anything is sent (\`InvalidInput\`, naming each field and the rule it
breaks), decodes the answer (\`UnexpectedBody\` when it does not match), and fails with exactly the failures listed
for its endpoint, plus those every call can have. A failure ${vendor.name} sends that the endpoint does not
document arrives as \`${vendor.client}UnknownError\`, with its code and status kept. \`http\` is the typed
\`HttpClient\` underneath, for anything the methods do not cover.

${vendor.about}

## Example

\`\`\`ts
${exampleOf(vendor)}
\`\`\`

## Failures every call can have

${table(["failure", "category", "documented as"], failureRows(vendor, vendor.common))}

And the core failures: ${coreFailures.map((failure) => `\`${tagOf(failure)}\``).join(", ")} (see
[failure-model.md](../failure-model.md)).

## Methods

${methods.map(([name, endpoint]) => method(vendor, name, endpoint, documented.get(name))).join("\n")}`
}

export const pages = (): ReadonlyArray<readonly [path: string, text: string]> =>
  vendors.map((vendor) => [repoPath("docs/vendors", `${vendor.slug}.md`), render(vendor)])

writeWhenRun(import.meta.url, pages)
