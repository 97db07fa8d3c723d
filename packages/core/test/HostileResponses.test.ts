import * as Zlib from "node:zlib"
import { FetchHttpClient, type HttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { ApiClient, ProblemJson } from "@faultline/core"
import { Effect, Exit, FastCheck as fc, Runtime, Schema, type Scope } from "effect"
import {
  type AnyFailure,
  against,
  exact,
  lawServer,
  prototypeNames,
  successOf,
  summary,
  transports,
  typedFailure
} from "./rawServer.js"

// Hostile bodies from a real server on 127.0.0.1, through the platform's own clients: each call ends in the value
// (for a usable success) or exactly one typed failure that survives its JSON, never a defect or a hang, and nothing
// a body says reaches Object.prototype.

const get = (client: ApiClient.ApiClient<ProblemJson.Problem>) => client.get("/v1/thing")
const getJson = (client: ApiClient.ApiClient<ProblemJson.Problem>) => Effect.flatMap(get(client), ApiClient.json)
const getDecoded =
  <A, I>(schema: Schema.Schema<A, I>) =>
  (client: ApiClient.ApiClient<ProblemJson.Problem>) =>
    Effect.flatMap(get(client), ApiClient.schemaJson(schema))

const problemOf = (exit: Exit.Exit<unknown, AnyFailure>): ProblemJson.Problem => {
  const failure = typedFailure(exit)
  return failure instanceof ProblemJson.Problem ? failure : expect.fail(`not a Problem: ${failure._tag}`)
}

const depth = 100_000
const deepObject = `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`
const deepArray = `${"[".repeat(depth)}${"]".repeat(depth)}`

// How far a kept value nests: each level's first object or array.
const nesting = (value: unknown): { levels: number; innermost: unknown } => {
  let levels = 0
  let inner = value
  while (typeof inner === "object" && inner !== null) {
    inner = Array.isArray(inner) ? inner[0] : Object.values(inner)[0]
    levels++
  }
  return { levels, innermost: inner }
}

const hostileKeys = `"__proto__":{"polluted":"yes","title":"evil"},"constructor":{"prototype":{"polluted":"yes"}},"prototype":{"polluted":"yes"}`

const bom = Buffer.from([0xef, 0xbb, 0xbf])
const invalidUtf8 = Buffer.from([0xff, 0xfe, 0xc3])

for (const [name, transport] of transports) {
  const run = <A>(effect: Effect.Effect<A, never, HttpClient.HttpClient | Scope.Scope>) =>
    effect.pipe(Effect.scoped, Effect.provide(transport))

  describe(`hostile bodies over ${name}`, () => {
    it.live("an error body nested 100,000 levels deep is the vendor's failure, kept 32 levels deep at most", () =>
      run(
        Effect.gen(function* () {
          for (const deep of [deepObject, deepArray]) {
            const { exit } = yield* against(exact("HTTP/1.1 400 Bad Request", `{"title":"deep","deep":${deep}}`), get)
            const problem = problemOf(exit)
            expect([problem.title, problem.category]).toEqual(["deep", "invalid_request"])
            const kept = nesting(problem.extensions.deep)
            expect(kept.levels).toBeLessThanOrEqual(32)
            expect(kept.innermost).toBe("<too deep>")
          }
        })
      )
    )

    it.live("a success body nested 100,000 levels deep is the caller's JSON, and Malformed for a schema", () =>
      run(
        Effect.gen(function* () {
          for (const deep of [deepObject, deepArray]) {
            const raw = yield* against(exact("HTTP/1.1 200 OK", deep), getJson)
            expect(nesting(successOf(raw.exit)).levels).toBe(depth)
            const decoded = yield* against(exact("HTTP/1.1 200 OK", deep), getDecoded(Schema.Unknown))
            const failure = typedFailure(decoded.exit)
            expect(failure._tag === "UnexpectedBody" && [failure.reason, failure.status, failure.detail]).toEqual([
              "Malformed",
              200,
              "nested deeper than 256 levels"
            ])
          }
        })
      )
    )

    it.live(
      "__proto__, constructor and prototype keys in an error body pollute neither Object.prototype nor the failure",
      () =>
        run(
          Effect.gen(function* () {
            const before = prototypeNames()
            const { exit } = yield* against(exact("HTTP/1.1 409 Conflict", `{"title":"x",${hostileKeys}}`), get)
            const problem = problemOf(exit)
            expect(prototypeNames()).toEqual(before)
            expect("polluted" in {}).toBe(false)
            expect([problem.title, problem.category, "polluted" in problem]).toEqual(["x", "conflict", false])
            expect(Object.getPrototypeOf(problem.extensions)).toBe(Object.prototype)
            expect("polluted" in problem.extensions).toBe(false)
            // The other two are data like any other member.
            expect(problem.extensions).toEqual({
              constructor: { prototype: { polluted: "yes" } },
              prototype: { polluted: "yes" }
            })
          })
        )
    )

    it.live("__proto__ keys in a success body never become the prototype of what a schema decodes", () =>
      run(
        Effect.gen(function* () {
          const before = prototypeNames()
          const body = `{"id":"a",${hostileKeys},"meta":{"plan":"free",${hostileKeys}}}`
          const Thing = Schema.Struct({
            id: Schema.String,
            meta: Schema.Record({ key: Schema.String, value: Schema.Unknown })
          })
          const { exit } = yield* against(exact("HTTP/1.1 200 OK", body), getDecoded(Thing))
          const thing = successOf(exit)
          expect(prototypeNames()).toEqual(before)
          expect(Object.getPrototypeOf(thing.meta)).toBe(Object.prototype)
          expect(["polluted" in thing, "polluted" in thing.meta, thing.meta.plan]).toEqual([false, false, "free"])
          // The raw JSON is JSON.parse's: the key is an own data property, not the prototype.
          const raw = successOf((yield* against(exact("HTTP/1.1 200 OK", body), getJson)).exit) as object
          expect([Object.getPrototypeOf(raw), Object.hasOwn(raw, "__proto__"), "polluted" in raw]).toEqual([
            Object.prototype,
            true,
            false
          ])
        })
      )
    )

    it.live("a 10 MB string in an error body is TooLarge at the default limit, and kept short under a higher one", () =>
      run(
        Effect.gen(function* () {
          const body = `{"title":"big","detail":"${"x".repeat(10 * 1024 * 1024)}"}`
          const capped = typedFailure((yield* against(exact("HTTP/1.1 500 Internal", body), get)).exit)
          expect(summary(capped)).toEqual({
            tag: "UnexpectedBody",
            reason: "TooLarge",
            status: 500,
            category: "server"
          })
          expect(capped.message).toContain("too large")
          const problem = problemOf(
            (yield* against(exact("HTTP/1.1 500 Internal", body), get, { bodyLimit: 16e6 })).exit
          )
          expect(problem.detail?.length).toBeLessThanOrEqual(2001)
          expect(JSON.stringify(problem).length).toBeLessThan(10_000)
        })
      )
    )

    it.live("numbers too large for a double (1e400, -1e400) are null in a failure, and its JSON reads back", () =>
      run(
        Effect.gen(function* () {
          const body = `{"title":"big","status":1e400,"balance":-1e400,"limits":[1e400,1.5,1e-400]}`
          const problem = problemOf((yield* against(exact("HTTP/1.1 402 Payment Required", body), get)).exit)
          expect([problem.problemStatus, problem.category]).toEqual([undefined, "quota"])
          expect(problem.extensions).toEqual({ balance: null, limits: [null, 1.5, 0] })
          // A success body is the caller's: JSON.parse's Infinity, which a schema may refuse.
          const success = `{"amount":1e400}`
          expect(successOf((yield* against(exact("HTTP/1.1 200 OK", success), getJson)).exit)).toEqual({
            amount: Infinity
          })
          const Finite = Schema.Struct({ amount: Schema.Finite })
          const refused = typedFailure((yield* against(exact("HTTP/1.1 200 OK", success), getDecoded(Finite))).exit)
          expect(refused._tag === "UnexpectedBody" && refused.reason).toBe("Malformed")
        })
      )
    )

    it.live("a UTF-8 byte order mark before the JSON is read past, in an error body and a success body", () =>
      run(
        Effect.gen(function* () {
          const error = Buffer.concat([bom, Buffer.from(`{"title":"with a BOM"}`)])
          expect(problemOf((yield* against(exact("HTTP/1.1 404 Not Found", error), get)).exit).title).toBe("with a BOM")
          const success = Buffer.concat([bom, Buffer.from(`{"id":"a"}`)])
          expect(successOf((yield* against(exact("HTTP/1.1 200 OK", success), getJson)).exit)).toEqual({ id: "a" })
        })
      )
    )

    it.live("invalid UTF-8 in a string is U+FFFD; outside a string the error body is NotJson", () =>
      run(
        Effect.gen(function* () {
          const inString = Buffer.concat([Buffer.from(`{"title":"a`), invalidUtf8, Buffer.from(`b"}`)])
          const problem = problemOf((yield* against(exact("HTTP/1.1 400 Bad Request", inString), get)).exit)
          expect(problem.title).toMatch(/^a\uFFFD+b$/)
          const outside = Buffer.concat([invalidUtf8, Buffer.from(`{"title":"x"}`)])
          const notJson = typedFailure((yield* against(exact("HTTP/1.1 400 Bad Request", outside), get)).exit)
          expect(summary(notJson)).toEqual({
            tag: "UnexpectedBody",
            reason: "NotJson",
            status: 400,
            category: "invalid_request"
          })
          const success = successOf((yield* against(exact("HTTP/1.1 200 OK", inString), getJson)).exit)
          expect(success).toEqual({ title: expect.stringMatching(/^a\uFFFD+b$/) })
        })
      )
    )

    it.live("a body sent as gzip that is not gzip, or is cut off, is NotJson (this client does not inflate)", () =>
      run(
        Effect.gen(function* () {
          for (const body of [Buffer.from("not gzip at all"), cutGzip]) {
            const { exit } = yield* against(exact("HTTP/1.1 500 Internal", body, [["content-encoding", "gzip"]]), get)
            expect(summary(typedFailure(exit))).toEqual({
              tag: "UnexpectedBody",
              reason: "NotJson",
              status: 500,
              category: "server"
            })
          }
        })
      )
    )

    it.live(
      "law: any JSON with hostile keys, as an error or a success body, ends in a value or one typed failure",
      () =>
        Effect.gen(function* () {
          const { answerAt, client } = yield* lawServer
          const runtime = yield* Effect.runtime<never>()
          const before = prototypeNames()
          yield* Effect.promise(() =>
            fc.assert(
              fc.asyncProperty(fc.constantFrom(200, 400, 409, 422, 429, 500, 503), hostileJson, (status, body) => {
                const path = answerAt(exact(`HTTP/1.1 ${status} Whatever`, body))
                const call = client.get(path).pipe(Effect.flatMap(ApiClient.schemaJson(Loose)), Effect.exit)
                return Runtime.runPromise(runtime)(call).then((exit) => {
                  if (Exit.isSuccess(exit)) {
                    expect(status).toBe(200)
                    expect(everyPrototypePlain(exit.value)).toBe(true)
                  } else {
                    const failure = typedFailure(exit)
                    expect("status" in failure && failure.status).toBe(status)
                    expect(everyPrototypePlain(failure instanceof ProblemJson.Problem ? failure.extensions : {})).toBe(
                      true
                    )
                  }
                  expect(prototypeNames()).toEqual(before)
                  expect("polluted" in {}).toBe(false)
                })
              }),
              { numRuns: 60 }
            )
          )
        }).pipe(Effect.scoped, Effect.provide(transport))
    )
  })
}

// Half a gzip stream of a JSON body: what a proxy that gave up mid-answer leaves. The detail is bytes that hardly
// compress, so that half the stream inflates to the first half of the JSON.
const incompressible = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 2654435761) % 251)).toString("base64")
const zipped = Zlib.gzipSync(Buffer.from(JSON.stringify({ title: "zipped", detail: incompressible })))
const cutGzip = zipped.subarray(0, Math.floor(zipped.length / 2))

describe("hostile gzip over fetch, which inflates", () => {
  it.live("a body sent as gzip that is not gzip, or is cut off, is UnexpectedBody Truncated", () =>
    Effect.gen(function* () {
      // Bytes the inflater refuses break the stream: a transport fault. A stream that stops early inflates to JSON
      // that stops mid-value, which keeps its status's category.
      for (const [body, category] of [
        [Buffer.from("not gzip at all"), "transport"],
        [cutGzip, "server"]
      ] as const) {
        const { exit } = yield* against(exact("HTTP/1.1 500 Internal", body, [["content-encoding", "gzip"]]), get)
        expect(summary(typedFailure(exit))).toEqual({
          tag: "UnexpectedBody",
          reason: "Truncated",
          status: 500,
          category
        })
      }
    }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer))
  )
})

// An object schema over any JSON body: a body that is no object is Malformed.
const Loose = Schema.Record({ key: Schema.String, value: Schema.Unknown })

// Whether every object in a value has Object.prototype (or Array.prototype) as its prototype.
const everyPrototypePlain = (value: unknown): boolean => {
  const stack: Array<unknown> = [value]
  while (stack.length > 0) {
    const next = stack.pop()
    if (typeof next !== "object" || next === null) continue
    const prototype = Object.getPrototypeOf(next)
    if (prototype !== Object.prototype && prototype !== Array.prototype) return false
    stack.push(...Object.values(next))
  }
  return true
}

// JSON text (written out, so that "__proto__" is a key, not a prototype) with the keys that reach prototypes, the
// members a problem object has, and leaves a double cannot hold.
const hostileKey = fc.constantFrom(
  "__proto__",
  "constructor",
  "prototype",
  "polluted",
  "title",
  "status",
  "detail",
  "type"
)
const leaf = fc.oneof(
  fc.constantFrom("1e400", "-1e400", "1e-400", "null", "true", "0", `"\\ud800"`, `"\\u0000"`),
  fc.string({ maxLength: 8 }).map((text) => JSON.stringify(text)),
  fc.integer().map(String)
)
const { json: hostileJson } = fc.letrec<{ json: string; object: string; array: string }>((tie) => ({
  json: fc.oneof({ depthSize: "small", withCrossShrink: true }, leaf, tie("object"), tie("array")),
  object: fc
    .array(fc.tuple(hostileKey, tie("json")), { maxLength: 5 })
    .map((entries) => `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(",")}}`),
  array: fc.array(tie("json"), { maxLength: 4 }).map((items) => `[${items.join(",")}]`)
}))
