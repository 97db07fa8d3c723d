import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
import * as Failure from "../Failure.js"

/** @internal */
export const RuleId: unique symbol = Symbol.for("@faultline/core/Input/Rule")

// The name of the rule a schema checks: its own `Input.rule` annotation, else its identifier or title, else what it
// is (`string`, `{ readonly to: string }`).
const ruleOf = (ast: AST.AST): string => {
  const own = ast.annotations[RuleId]
  if (typeof own === "string") return own
  return Option.getOrElse(
    Option.orElse(AST.getIdentifierAnnotation(ast), () => AST.getTitleAnnotation(ast)),
    () => String(ast)
  )
}

interface Leaf {
  readonly path: ReadonlyArray<PropertyKey>
  readonly rule: string
  readonly message: string
  readonly undefinedBranch: boolean
}

const message = (issue: ParseResult.ParseIssue): string => ParseResult.TreeFormatter.formatIssueSync(issue)

// Every leaf of a parse issue: where it is, which rule it broke, and the message the schema gives for it.
const leavesOf = (issue: ParseResult.ParseIssue, path: ReadonlyArray<PropertyKey>): ReadonlyArray<Leaf> => {
  const leaf = (rule: string, text: string, undefinedBranch = false): ReadonlyArray<Leaf> => [
    { path, rule, message: text, undefinedBranch }
  ]
  switch (issue._tag) {
    case "Pointer":
      return leavesOf(issue.issue, [...path, ...(Array.isArray(issue.path) ? issue.path : [issue.path])])
    case "Composite":
      return (Array.isArray(issue.issues) ? issue.issues : [issue.issues]).flatMap((inner) => leavesOf(inner, path))
    case "Transformation":
      return leavesOf(issue.issue, path)
    case "Refinement":
      // A filter over an object may name the fields it refuses (`Schema.filter` returning issues with paths).
      return issue.kind === "From" || issue.issue._tag === "Pointer" || issue.issue._tag === "Composite"
        ? leavesOf(issue.issue, path)
        : leaf(ruleOf(issue.ast), message(issue))
    case "Type":
      return leaf(ruleOf(issue.ast), message(issue), issue.ast._tag === "UndefinedKeyword")
    case "Missing":
      return leaf("required", "is required")
    case "Unexpected":
      return leaf("not allowed", "is not allowed here")
    case "Forbidden":
      return leaf("forbidden", message(issue))
  }
}

/** @internal */
export const fromParseError = (operation: string, error: ParseResult.ParseError): Failure.InvalidInput => {
  const leaves = leavesOf(error.issue, [])
  // An optional field is `X | undefined` to a schema, so a bad value reports both "Expected undefined" and what X
  // wants. Only the second says anything.
  const key = (leaf: Leaf) => leaf.path.map(String).join(".")
  const informative = leaves.filter(
    (leaf) => !leaf.undefinedBranch || !leaves.some((other) => other !== leaf && key(other) === key(leaf))
  )
  return new Failure.InvalidInput({
    operation,
    issues: informative.map(
      (leaf) => new Failure.InputIssue({ path: key(leaf), rule: leaf.rule, message: leaf.message })
    )
  })
}

/** @internal */
export const validate = <A, I, R>(operation: string, schema: Schema.Schema<A, I, R>) => {
  const decode = Schema.decodeUnknown(schema, { errors: "all", onExcessProperty: "preserve" })
  return (input: unknown): Effect.Effect<A, Failure.InvalidInput, R> =>
    Effect.mapError(decode(input), (error) => fromParseError(operation, error))
}

// The object type a schema decodes from, through the refinements and transformations around it.
const objectOf = (ast: AST.AST): AST.TypeLiteral | undefined => {
  switch (ast._tag) {
    case "TypeLiteral":
      return ast
    case "Refinement":
      return objectOf(ast.from)
    case "Transformation":
      return objectOf(ast.from)
    case "Suspend":
      return objectOf(ast.f())
    default:
      return undefined
  }
}

// The rules named along a chain of refinements, innermost first.
const chainRules = (ast: AST.AST): ReadonlyArray<string> => {
  if (ast._tag !== "Refinement") return []
  const own = ast.annotations[RuleId]
  return [...chainRules(ast.from), ...(typeof own === "string" ? [own] : [])]
}

// The rule of a field's type, without the `| undefined` an optional field adds: every rule of a chain of
// refinements (`Input.text(100)` is "not empty, at most 100 characters"), and both sides of a composition.
const fieldRule = (ast: AST.AST): string => {
  if (ast._tag === "Union") {
    const defined = ast.types.filter((member) => member._tag !== "UndefinedKeyword")
    if (defined.length === 1) return fieldRule(defined[0]!)
  }
  const chain = chainRules(ast)
  if (chain.length > 0) return chain.join(", ")
  if (ast._tag === "Transformation" && ast.annotations[RuleId] === undefined) {
    const rules = [fieldRule(ast.from), fieldRule(ast.to)].filter((rule) => rule !== "string")
    return [...new Set(rules)].join(", ") || "string"
  }
  return ruleOf(ast)
}

/** @internal */
export const fields = <A, I, R>(
  schema: Schema.Schema<A, I, R>
): ReadonlyArray<{ readonly name: string; readonly required: boolean; readonly rule: string }> => {
  const object = objectOf(schema.ast)
  if (object === undefined) return []
  return object.propertySignatures.map((signature) => ({
    name: String(signature.name),
    required: !signature.isOptional,
    rule: fieldRule(signature.type)
  }))
}
