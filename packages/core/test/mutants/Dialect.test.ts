import { describe, expect, it } from "@effect/vitest"
import { Dialect, Failure, ProblemJson, Redaction, ResponseBody } from "@faultline/core"
import { Either, Redacted } from "effect"

// Written against the survivors of `pnpm mutate` on internal/dialect.ts: what a dialect built with `Dialect.make`
// is told about a response (status, headers, request id, wait hint, snippet), which statuses and headers its
// defaults take, and what an UnexpectedBody keeps of a response it could not decode.

const encoder = new TextEncoder()
const secret = "super-secret-key"
const redactor = Redaction.make([secret])
// A key of characters of three bytes each (603 bytes, 203 characters), which a cut can go through.
const key = `sk-${"€".repeat(200)}`
const keyRedactor = Redaction.make([key])

type Told = { readonly body: unknown; readonly response: Dialect.Dialect.Response; readonly snippet: string }

// A problem+json dialect that also records what `decode` told it, as a vendor's dialect would see it.
const recording = (options: Partial<Dialect.Options<ProblemJson.Problem>> = {}) => {
  const told: Array<Told> = []
  const dialect = Dialect.make<ProblemJson.Problem>({
    vendor: "acme",
    authenticate: Dialect.bearer,
    bodyWaitSeconds: (body) =>
      typeof body === "object" && body !== null ? (body as Record<string, unknown>).retry_after : undefined,
    decodeEnvelope: (body, response) => {
      // The snippet is read twice: a dialect may read it as often as it likes and gets the same text.
      told.push({ body, response, snippet: response.snippet })
      expect(response.snippet).toBe(told.at(-1)!.snippet)
      return ProblemJson.dialect.decodeEnvelope(body, response)
    },
    ...options
  })
  return { dialect, told }
}

const decode = <E extends Failure.Failure>(
  dialect: Dialect.Dialect<E>,
  status: number,
  body: ResponseBody.ResponseBody | string,
  headers: Record<string, string> = {}
) =>
  Dialect.decode(dialect, {
    status,
    headers,
    body: typeof body === "string" ? ResponseBody.complete(encoder.encode(body)) : body,
    now: 0,
    redactor
  })

const failureOf = <R, L>(outcome: Either.Either<R, L>): L => Either.getOrThrow(Either.flip(outcome))
const unexpected = (outcome: Either.Either<unknown, unknown>) => {
  const failure = failureOf(outcome)
  return failure instanceof Failure.UnexpectedBody ? failure : expect.fail(`not UnexpectedBody: ${String(failure)}`)
}

describe("the defaults of Dialect.make", () => {
  it("2xx and 304 are successes; 199, 300, 305 and 4xx/5xx are decoded as failures", () => {
    const { dialect } = recording()
    const body = `{"title":"t"}`
    const success = (status: number) => Either.isRight(decode(dialect, status, body))
    expect([199, 200, 204, 299, 300, 303, 304, 305, 400, 500].map((status) => [status, success(status)])).toEqual([
      [199, false],
      [200, true],
      [204, true],
      [299, true],
      [300, false],
      [303, false],
      [304, true],
      [305, false],
      [400, false],
      [500, false]
    ])
    // The success is the body's bytes as they came.
    expect(new TextDecoder().decode(Either.getOrThrow(decode(dialect, 200, body)))).toBe(body)
  })

  it("a dialect's own isSuccess replaces the default", () => {
    const { dialect } = recording({ isSuccess: (status) => status === 299 })
    expect(Either.isRight(decode(dialect, 299, `{"title":"t"}`))).toBe(true)
    expect(failureOf(decode(dialect, 200, `{"title":"t"}`))._tag).toBe("Problem")
  })

  it("the request id comes from x-request-id, else request-id; an empty header is none", () => {
    const { dialect, told } = recording()
    const idOf = (headers: Record<string, string>) => {
      decode(dialect, 400, `{"title":"t"}`, headers)
      return told.at(-1)!.response.requestId
    }
    expect(idOf({ "x-request-id": "req_1", "request-id": "req_2" })).toBe("req_1")
    expect(idOf({ "request-id": "req_2" })).toBe("req_2")
    expect(idOf({ "x-request-id": "", "request-id": "req_2" })).toBe("req_2")
    expect(idOf({ "x-request-id": "" })).toBeUndefined()
    expect(idOf({ "x-correlation-id": "req_3" })).toBeUndefined()
    // A vendor's own header names replace the default ones.
    const custom = recording({ requestIdHeaders: ["x-correlation-id"] })
    decode(custom.dialect, 400, `{"title":"t"}`, { "x-correlation-id": "req_3", "x-request-id": "req_1" })
    expect(custom.told[0]!.response.requestId).toBe("req_3")
  })

  it("a request id is redacted and cut to 200 characters, in what the dialect is told and in UnexpectedBody", () => {
    const { dialect, told } = recording()
    const long = `req_${"7".repeat(300)}`
    expect(failureOf(decode(dialect, 400, `{"title":"t"}`, { "x-request-id": long })).requestId).toBe(
      long.slice(0, 200)
    )
    expect(told[0]!.response.requestId).toBe(long.slice(0, 200))
    const failure = unexpected(decode(dialect, 502, "<html/>", { "x-request-id": `id ${secret}` }))
    expect(failure.requestId).toBe(`id ${Redaction.placeholder}`)
  })

  it("Dialect.bearer is an Authorization header with the key as a bearer token", () => {
    expect(Dialect.bearer(Redacted.make("key_123"))).toEqual({ authorization: "Bearer key_123" })
  })
})

describe("what a dialect is told", () => {
  it("the status, the headers, the request id and the wait hint from the headers", () => {
    const { dialect, told } = recording()
    const headers = { "retry-after": "7", "x-request-id": "req_9", "x-other": "kept" }
    const failure = failureOf(decode(dialect, 429, `{"title":"slow down"}`, headers))
    const { response } = told[0]!
    expect([response.status, response.headers, response.requestId]).toEqual([429, headers, "req_9"])
    expect([response.waitHint?.millis, response.waitHint?.source]).toEqual([7000, "retry-after"])
    expect([failure.waitHint?.millis, failure.requestId]).toEqual([7000, "req_9"])
  })

  it("the body's own wait hint, read from the redacted body, wins over the headers", () => {
    const { dialect, told } = recording()
    const failure = failureOf(decode(dialect, 429, `{"title":"slow","retry_after":2}`, { "retry-after": "9" }))
    expect([failure.waitHint?.millis, failure.waitHint?.source]).toEqual([2000, "body"])
    expect(told[0]!.response.waitHint?.source).toBe("body")
  })

  it("no wait hint when neither the headers nor the body give one", () => {
    const { dialect, told } = recording()
    const failure = failureOf(decode(dialect, 500, `{"title":"t"}`))
    expect([failure.waitHint, told[0]!.response.waitHint]).toEqual([undefined, undefined])
  })

  it("the body, parsed and redacted", () => {
    const { dialect, told } = recording()
    decode(dialect, 400, `{"title":"t","token":"${secret}","list":[1,"${secret}"]}`)
    expect(told[0]!.body).toEqual({ title: "t", token: Redaction.placeholder, list: [1, Redaction.placeholder] })
  })

  it("a snippet of the body: the redacted text, cut to Failure.snippetLength", () => {
    const { dialect, told } = recording()
    decode(dialect, 400, `{"title":"${secret}"}`)
    expect(told[0]!.snippet).toBe(`{"title":"${Redaction.placeholder}"}`)
    const long = `{"title":"t","pad":"${"x".repeat(5000)}"}`
    decode(dialect, 400, long)
    expect(told[1]!.snippet).toBe(long.slice(0, Failure.snippetLength))
  })

  it("the snippet is the one Dialect.snippet gives for the body's bytes, at and around the window it reads", () => {
    const { dialect, told } = recording()
    // Bodies of many sizes, ending in the start of the secret: where a body was read whole its end is kept.
    for (const size of [100, 600, 1100, 2303, 2304, 2305, 2400, 6000]) {
      const text = `{"title":"t","pad":"${"y".repeat(size)} ${secret.slice(0, 6)}"}`
      decode(dialect, 400, text)
      expect([size, told.at(-1)!.snippet]).toEqual([size, Dialect.snippet(encoder.encode(text), redactor)])
    }
  })

  it("the snippet is Dialect.snippet's too for a body past the window whose secrets shrink it under what is kept", () => {
    // 2,424 bytes but 824 characters: the full text would show the fourth secret as a placeholder, the window cuts
    // it at byte 2,304, so it is left out as any cut secret is, the same as in an UnexpectedBody.
    const { dialect, told } = recording()
    const text = `{"title":"${key.repeat(4)}"}`
    Dialect.decode(dialect, {
      status: 400,
      headers: {},
      body: ResponseBody.complete(encoder.encode(text)),
      now: 0,
      redactor: keyRedactor
    })
    expect(told[0]!.snippet).toBe(Dialect.snippet(encoder.encode(text), keyRedactor))
    expect(told[0]!.snippet).toBe(`{"title":"${Redaction.placeholder.repeat(3)}`)
  })

  it("a dialect that answers undefined leaves an UnexpectedBody NotEnvelope, with the body's wait hint", () => {
    const dialect = Dialect.make<ProblemJson.Problem>({
      vendor: "acme",
      authenticate: Dialect.bearer,
      bodyWaitSeconds: () => 3,
      decodeEnvelope: () => undefined
    })
    const failure = unexpected(decode(dialect, 503, `{"error":"busy"}`, { "content-type": "application/json" }))
    expect([failure.reason, failure.vendor, failure.status, failure.category]).toEqual([
      "NotEnvelope",
      "acme",
      503,
      "unavailable"
    ])
    expect([failure.waitHint?.millis, failure.waitHint?.source]).toEqual([3000, "body"])
    expect([failure.snippet, failure.contentType]).toEqual([`{"error":"busy"}`, "application/json"])
  })
})

describe("what an UnexpectedBody keeps", () => {
  const { dialect } = recording()
  const decodeWith = (body: ResponseBody.ResponseBody) =>
    unexpected(Dialect.decode(dialect, { status: 500, headers: {}, body, now: 0, redactor: keyRedactor }))

  it("no content type, request id or wait hint where the response had none", () => {
    const failure = unexpected(decode(dialect, 500, "<html>oops</html>"))
    expect(failure.reason).toBe("NotJson")
    for (const field of ["contentType", "requestId", "waitHint"]) expect(Object.hasOwn(failure, field)).toBe(false)
    expect(JSON.parse(JSON.stringify(failure))).not.toHaveProperty("contentType")
  })

  it("the content type, redacted and cut to 200 characters", () => {
    const long = `text/html; charset=utf-8; ${"x".repeat(300)}`
    expect(unexpected(decode(dialect, 502, "<html/>", { "content-type": long })).contentType).toBe(long.slice(0, 200))
    const leaky = unexpected(decode(dialect, 502, "<html/>", { "content-type": `text/plain; key=${secret}` }))
    expect(leaky.contentType).toBe(`text/plain; key=${Redaction.placeholder}`)
  })

  it("the wait hint from the headers, for every reason", () => {
    const headers = { "retry-after": "4" }
    const reasons = [
      decode(dialect, 503, "", headers),
      decode(dialect, 503, "<html/>", headers),
      decode(dialect, 503, `{"title":"cut`, headers),
      decode(dialect, 503, `{"unrelated":1}`, headers),
      decode(dialect, 503, { _tag: "TooLarge", bytes: encoder.encode("{"), limit: 1 }, headers),
      decode(dialect, 503, { _tag: "Truncated", bytes: encoder.encode("{") }, headers)
    ].map((outcome) => {
      const failure = unexpected(outcome)
      return [failure.reason, failure.waitHint?.millis]
    })
    expect(reasons).toEqual([
      ["Empty", 4000],
      ["NotJson", 4000],
      ["Truncated", 4000],
      ["NotEnvelope", 4000],
      ["TooLarge", 4000],
      ["Truncated", 4000]
    ])
  })

  it("a body read only in part keeps no tail that could be a cut secret; a body read whole keeps its end", () => {
    const start = `<html>error ${secret.slice(0, 8)}`
    const bytes = encoder.encode(start)
    expect(unexpected(decode(dialect, 500, start)).snippet).toBe(start)
    expect(unexpected(decode(dialect, 500, { _tag: "TooLarge", bytes, limit: 10 })).snippet).toBe("<html>error ")
    expect(unexpected(decode(dialect, 500, { _tag: "Truncated", bytes })).snippet).toBe("<html>error ")
  })

  it("a body cut inside a character of a secret keeps no part of the secret", () => {
    // The key cut by the limit, by a broken stream or by the snippet's window in the middle of a character: no first
    // part of it is kept, as for a cut between characters.
    const page = encoder.encode(`<p>${key}`)
    for (const end of [3 + 3 + 3 * 50 + 1, 3 + 3 + 3 * 50 + 2]) {
      const bytes = page.subarray(0, end)
      expect(decodeWith({ _tag: "TooLarge", bytes, limit: end }).snippet).toBe("<p>")
      expect(decodeWith({ _tag: "Truncated", bytes }).snippet).toBe("<p>")
    }
    // A page longer than the window, whose window ends inside the fourth key.
    const long = decodeWith(ResponseBody.complete(encoder.encode(`<p> ${key.repeat(5)}`)))
    expect([long.reason, long.snippet]).toEqual(["NotJson", `<p> ${Redaction.placeholder.repeat(3)}`])
  })

  it("a body of exactly the window's 2,304 bytes was read whole; one byte more, and the window's end is a cut", () => {
    // The whole page's end is kept as it is; where the window cuts, what may start the secret is dropped.
    const whole = `<p>${key.repeat(3)}${key.slice(0, 166)}`
    expect(encoder.encode(whole).length).toBe(2304)
    expect(decodeWith(ResponseBody.complete(encoder.encode(whole))).snippet).toBe(
      `<p>${Redaction.placeholder.repeat(3)}${key.slice(0, 166)}`
    )
    expect(decodeWith(ResponseBody.complete(encoder.encode(`${whole} `))).snippet).toBe(
      `<p>${Redaction.placeholder.repeat(3)}`
    )
  })

  it("a body read whole that ends in a broken character shows it, as U+FFFD", () => {
    const bytes = new Uint8Array([...encoder.encode("<p>broken "), 0xe2, 0x82])
    expect(unexpected(decode(dialect, 500, ResponseBody.complete(bytes))).snippet).toBe("<p>broken \uFFFD")
  })

  it("a tab, like a space, a carriage return or a line feed, is an empty body", () => {
    for (const blank of ["\t", " ", "\r", "\n", "\t \r\n"]) {
      expect([JSON.stringify(blank), unexpected(decode(dialect, 500, blank)).reason]).toEqual([
        JSON.stringify(blank),
        "Empty"
      ])
    }
    // Other whitespace is not one of JSON's, and a body of it is not JSON.
    expect(unexpected(decode(dialect, 500, "\u00a0")).reason).toBe("NotJson")
  })
})

describe("Dialect.snippet", () => {
  it("keeps the end of text given whole, and drops a tail that may start a secret from text said to be cut", () => {
    const bytes = encoder.encode(`tail ${secret.slice(0, 5)}`)
    expect(Dialect.snippet(bytes, redactor)).toBe(`tail ${secret.slice(0, 5)}`)
    expect(Dialect.snippet(bytes, redactor, true)).toBe("tail ")
  })
})

describe("Dialect.decodeText", () => {
  it("decodes text as a complete body: a success is its bytes, a failure is decoded as from the wire", () => {
    const ok = Dialect.decodeText(ProblemJson.dialect, { status: 200, headers: {}, body: `{"ok":1}`, now: 0 })
    expect(new TextDecoder().decode(Either.getOrThrow(ok))).toBe(`{"ok":1}`)
    const failure = failureOf(
      Dialect.decodeText(ProblemJson.dialect, { status: 404, headers: {}, body: `{"title":"gone"}`, now: 0 })
    )
    expect([failure._tag, failure.status]).toEqual(["Problem", 404])
  })

  it("redacts with the redactor given, and with the generic one when none is", () => {
    const body = `{"title":"${secret}","detail":"Bearer abcdefghijklmnopqrstuvwxyz"}`
    const given = failureOf(
      Dialect.decodeText(ProblemJson.dialect, { status: 401, headers: {}, body, now: 0, redactor })
    ) as ProblemJson.Problem
    expect(given.title).toBe(Redaction.placeholder)
    const generic = failureOf(
      Dialect.decodeText(ProblemJson.dialect, { status: 401, headers: {}, body, now: 0 })
    ) as ProblemJson.Problem
    expect([generic.title, generic.detail]).toEqual([secret, `Bearer ${Redaction.placeholder}`])
  })
})
