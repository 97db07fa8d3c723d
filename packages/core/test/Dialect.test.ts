import { describe, expect, it } from "@effect/vitest"
import { Dialect, Failure, ProblemJson, Redaction, ResponseBody } from "@faultline/core"
import { Either } from "effect"

const encoder = new TextEncoder()
const failureOf = <R, L>(outcome: Either.Either<R, L>): L => Either.getOrThrow(Either.flip(outcome))

const decode = (status: number, body: ResponseBody.ResponseBody | string, headers: Record<string, string> = {}) =>
  Dialect.decode(ProblemJson.dialect, {
    status,
    headers,
    body: typeof body === "string" ? ResponseBody.complete(encoder.encode(body)) : body,
    now: 0,
    redactor: Redaction.make(["super-secret-key"])
  })

const unexpected = (status: number, body: ResponseBody.ResponseBody | string, headers?: Record<string, string>) => {
  const failure = failureOf(decode(status, body, headers))
  expect(failure).toBeInstanceOf(Failure.UnexpectedBody)
  return failure as Failure.UnexpectedBody
}

describe("Dialect.decode", () => {
  it("passes success bodies through, including 304 with no body", () => {
    expect(Either.isRight(decode(200, `{"ok":true}`))).toBe(true)
    expect(Either.isRight(decode(304, ""))).toBe(true)
    expect(Either.isRight(decode(204, ""))).toBe(true)
  })

  it("turns each kind of unusable body into its UnexpectedBody reason, with the status's category", () => {
    expect([unexpected(500, "").reason, unexpected(500, "").category]).toEqual(["Empty", "server"])
    expect(unexpected(503, " \r\n ").reason).toBe("Empty")
    expect([unexpected(502, "<html>bad gateway</html>").reason, unexpected(502, "<html/>").category]).toEqual([
      "NotJson",
      "upstream"
    ])
    expect(unexpected(500, `{"type":"about:blank","tit`).reason).toBe("Truncated")
    expect(unexpected(500, `["a", "b"`).reason).toBe("Truncated")
    expect(unexpected(400, `{"unrelated":true}`).reason).toBe("NotEnvelope")
    expect(unexpected(400, `[1,2]`).reason).toBe("NotEnvelope")
    expect(unexpected(429, { _tag: "TooLarge", bytes: encoder.encode("{"), limit: 1 }).reason).toBe("TooLarge")
    expect(unexpected(500, { _tag: "Truncated", bytes: encoder.encode(`{"ti`) }).reason).toBe("Truncated")
  })

  it("fails a response whose stream broke as a transport fault; an error body that stops mid-value by its status", () => {
    // The connection broke mid-body: retried as transport faults are (a keyed request is answered by its replay).
    const cut = unexpected(201, { _tag: "Truncated", bytes: encoder.encode(`{"data":[`) })
    expect([cut.reason, cut.category]).toEqual(["Truncated", "transport"])
    // The whole body arrived and stops inside a value: the server's own fault, of the kind its status says.
    const broken = unexpected(503, `{"title":"down`)
    expect([broken.reason, broken.category]).toEqual(["Truncated", "unavailable"])
  })

  it("decodes deeply nested JSON to a failure, never a stack overflow", () => {
    const deep = `{"title":"deep","nested":${"[".repeat(20_000)}${"]".repeat(20_000)}}`
    expect(failureOf(decode(500, deep))._tag).toBe("Problem")
    expect(unexpected(500, "[".repeat(20_000) + "]".repeat(20_000)).reason).toBe("NotEnvelope")
  })

  it("keeps a short, redacted snippet, the content type, the request id and the wait hint", () => {
    const page = `<html>${"x".repeat(5000)} super-secret-key</html>`
    const failure = unexpected(503, `super-secret-key ${page}`, {
      "content-type": "text/html",
      "x-request-id": "req_123",
      "retry-after": "30"
    })
    expect(failure.snippet.length).toBe(Failure.snippetLength)
    expect(failure.snippet.startsWith("<redacted> <html>")).toBe(true)
    expect([failure.contentType, failure.requestId, failure.waitHint?.millis]).toEqual(["text/html", "req_123", 30_000])
  })

  it("decodes problem+json with every member and extension", () => {
    const failure = failureOf(
      decode(
        409,
        `{"type":"https://e.test/conflict","title":"Conflict","detail":"taken","instance":"/a/1","hint":"rename"}`
      )
    )
    expect(failure).toBeInstanceOf(ProblemJson.Problem)
    const problem = failure as ProblemJson.Problem
    expect([problem.problemType, problem.title, problem.detail, problem.instance, problem.category]).toEqual([
      "https://e.test/conflict",
      "Conflict",
      "taken",
      "/a/1",
      "conflict"
    ])
    expect(problem.extensions).toEqual({ hint: "rename" })
    expect(problem.problemStatus).toBeUndefined()
    const withStatus = failureOf(decode(500, `{"title":"Oops","status":503}`)) as ProblemJson.Problem
    expect([withStatus.status, withStatus.problemStatus, withStatus.extensions]).toEqual([500, 503, {}])
    expect(problem.message).toBe("taken")
  })
})
