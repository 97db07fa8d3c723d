import { describe, expect, it } from "@effect/vitest"
import { Dialect, Failure, ProblemJson, Redaction, ResponseBody } from "@faultline/core"
import { Either, FastCheck as fc } from "effect"

// Written against the survivors of `pnpm mutate` on internal/dialect.ts: how an error body that is not JSON is told
// apart from one that was cut off (`Truncated` vs `NotJson`, decided from the text), and how numbers too large for a
// double reach a dialect and a failure (null, as JSON would write them).

const encoder = new TextEncoder()

const decode = (status: number, body: string) =>
  Dialect.decode(ProblemJson.dialect, {
    status,
    headers: {},
    body: ResponseBody.complete(encoder.encode(body)),
    now: 0,
    redactor: Redaction.generic
  })

const failureOf = <R, L>(outcome: Either.Either<R, L>): L => Either.getOrThrow(Either.flip(outcome))

const reasonOf = (body: string) => {
  const failure = failureOf(decode(500, body))
  return failure instanceof Failure.UnexpectedBody ? failure.reason : failure._tag
}

const problemOf = (body: string) => {
  const failure = failureOf(decode(400, body))
  return failure instanceof ProblemJson.Problem ? failure : expect.fail(`not a Problem: ${failure._tag}`)
}

// Each body with the reason it must get: a table reads better than a test per line.
const expectReasons = (cases: ReadonlyArray<readonly [string, string]>) =>
  expect(cases.map(([body]) => [body, reasonOf(body)])).toEqual(cases)

describe("a body that stops inside a value is Truncated", () => {
  it("an object, an array or a string still open at the end, after leading whitespace", () => {
    expectReasons([
      [`{"title":"down`, "Truncated"],
      [`{"title":"down"`, "Truncated"],
      [`{"a":1`, "Truncated"],
      [`[1,2`, "Truncated"],
      [`  \n [1,{"a":[`, "Truncated"],
      [` {"a":1`, "Truncated"],
      [`"an open string`, "Truncated"],
      // An inner array closed, the object around it still open.
      [`{"a":[1]`, "Truncated"],
      [`[[1],[2]`, "Truncated"],
      // A closing bracket inside a string closes nothing.
      [`{"title":"}`, "Truncated"],
      [`["]"`, "Truncated"]
    ])
  })

  it("an escaped quote does not end a string, an escaped backslash does", () => {
    expectReasons([
      [`["a\\"]`, "Truncated"],
      [`{"title":"say \\"hi\\"}`, "Truncated"],
      [`{"title":"a\\\\"}x`, "NotJson"],
      [`{"title":"ends in a backslash\\`, "Truncated"]
    ])
  })

  it.prop(
    "law: any object or array cut anywhere before its end is Truncated",
    [
      fc.oneof(fc.array(fc.jsonValue()), fc.dictionary(fc.string(), fc.jsonValue())),
      fc.double({ min: 0, max: 1, noNaN: true })
    ],
    ([value, at]) => {
      const text = JSON.stringify(value)
      const cut = 1 + Math.floor(at * (text.length - 1))
      return reasonOf(text.slice(0, Math.min(cut, text.length - 1))) === "Truncated"
    },
    { fastCheck: { numRuns: 100 } }
  )
})

describe("a body that is not JSON is NotJson, even where it holds brackets or quotes", () => {
  it("text that does not start a JSON value", () => {
    expectReasons([
      [`<html>{"title":"x`, "NotJson"],
      [`error: "unterminated`, "NotJson"],
      [`tru`, "NotJson"],
      [`nope [1,2`, "NotJson"],
      [`1 {`, "NotJson"]
    ])
  })

  it("a value closed, then more text, whatever the text opens", () => {
    expectReasons([
      [`[1] x`, "NotJson"],
      [`{"a":1} x`, "NotJson"],
      [`{"a" x}`, "NotJson"],
      [`[1] ["a`, "NotJson"],
      [`{"a":1} {"b":`, "NotJson"],
      [`{"title":"t"}"`, "NotJson"],
      // A string that ends, then a bracket that closes nothing.
      [`"a"] ["b`, "NotJson"],
      [`"a"} {`, "NotJson"],
      [`"abc" x`, "NotJson"]
    ])
  })

  it.prop(
    "law: any object or array followed by text that is not whitespace is NotJson",
    [
      fc.oneof(fc.array(fc.jsonValue()), fc.dictionary(fc.string(), fc.jsonValue())),
      fc.oneof(fc.constantFrom("[", "{", '"', "]", "}", ",", 'x"', '["a'), fc.string({ minLength: 1 })),
      fc.stringMatching(/^[ \n]{0,2}$/)
    ],
    ([value, tail, space]) => {
      const body = `${JSON.stringify(value)}${space}${tail}`
      // A tail of only whitespace leaves valid JSON, which is not what this law is about.
      fc.pre(tail.trim() !== "")
      return reasonOf(body) === "NotJson"
    },
    { fastCheck: { numRuns: 100 } }
  )
})

describe("numbers too large for a double", () => {
  it("are null wherever they are, and nothing else in the body changes", () => {
    const problem = problemOf(
      `{"title":"big","status":1e400,"n":-1E+400,"list":[1e400,1.5,"1e400",null,true,{"deep":1e400}],` +
        `"s":"text","z":null,"small":1e-400,"max":1.7976931348623157e308}`
    )
    expect(problem.problemStatus).toBeUndefined()
    expect(problem.extensions).toEqual({
      n: null,
      list: [null, 1.5, "1e400", null, true, { deep: null }],
      s: "text",
      z: null,
      small: 0,
      max: Number.MAX_VALUE
    })
    // A failure's JSON reads back as the failure was made.
    expect(JSON.parse(JSON.stringify(problem.extensions))).toEqual(problem.extensions)
  })

  it("with an exponent of three digits, signed or not, in a body with nothing else that looks like one", () => {
    // No other text here that an exponent's pattern might catch ("status" has no "e"): each body stands alone.
    for (const big of ["1e400", "1E400", "1e+400", "1E+400", "-1e400", "1e0400"]) {
      expect([big, problemOf(`{"status":${big},"n":${big}}`).extensions]).toEqual([big, { n: null }])
    }
  })

  it("as a long run of digits without an exponent", () => {
    const huge = `1${"0".repeat(400)}`
    expect(problemOf(`{"title":"t","n":${huge},"m":-${huge}.5}`).extensions).toEqual({ n: null, m: null })
    // 250 digits is still a double: kept as the number it is.
    const large = `1${"0".repeat(250)}`
    expect(problemOf(`{"title":"t","n":${large}}`).extensions).toEqual({ n: Number(large) })
  })

  it("are null in what the dialect reads a wait hint from and decodes the envelope from", () => {
    const told: Array<unknown> = []
    const dialect = Dialect.make<ProblemJson.Problem>({
      vendor: "acme",
      authenticate: Dialect.bearer,
      bodyWaitSeconds: (body) => {
        told.push(body)
        return undefined
      },
      decodeEnvelope: (body, response) => {
        told.push(body)
        return ProblemJson.dialect.decodeEnvelope(body, response)
      }
    })
    const body = `{"title":"t","retry_after":1e999,"nested":[[{"x":[1e400]}]]}`
    Dialect.decode(dialect, {
      status: 429,
      headers: {},
      body: ResponseBody.complete(encoder.encode(body)),
      now: 0,
      redactor: Redaction.generic
    })
    const cleaned = { title: "t", retry_after: null, nested: [[{ x: [null] }]] }
    expect(told).toEqual([cleaned, cleaned])
  })
})
