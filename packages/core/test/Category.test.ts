import { describe, expect, it } from "@effect/vitest"
import { Category, Failure } from "@faultline/core"

describe("Category", () => {
  it("maps statuses to categories", () => {
    const table: ReadonlyArray<readonly [number, Category.Category]> = [
      [400, "invalid_request"],
      [401, "unauthorized"],
      [402, "quota"],
      [403, "forbidden"],
      [404, "not_found"],
      [405, "invalid_request"],
      [408, "timeout"],
      [409, "conflict"],
      [410, "not_found"],
      [418, "invalid_request"],
      [422, "unprocessable"],
      [429, "rate_limited"],
      [500, "server"],
      [501, "server"],
      [502, "upstream"],
      [503, "unavailable"],
      [504, "timeout"],
      [599, "server"],
      [200, "unexpected"],
      [304, "unexpected"],
      [101, "unexpected"]
    ]
    expect(table.map(([status]) => [status, Category.fromStatus(status)])).toEqual(table)
  })

  it("calls rate limits, server-side failures, timeouts and transport faults transient, and nothing else", () => {
    expect(Category.all.filter(Category.isTransient)).toEqual([
      "rate_limited",
      "server",
      "upstream",
      "unavailable",
      "timeout",
      "transport"
    ])
  })
})

describe("Failure guards", () => {
  const timeout = new Failure.AttemptTimeout({ method: "GET", url: "https://x.test/", timeoutMillis: 5 })
  const refused = new Failure.TransportError({
    reason: "ConnectionRefused",
    mayHaveReachedServer: false,
    method: "GET",
    url: "https://x.test/",
    detail: "ECONNREFUSED"
  })
  const page = new Failure.UnexpectedBody({
    vendor: "v",
    reason: "NotJson",
    status: 502,
    snippet: "<html>",
    category: "upstream"
  })
  const input = new Failure.InvalidInput({ operation: "op", issues: [] })

  it("decide classes of failure by category", () => {
    expect(
      [timeout, refused, page, input].map((f) => [
        Failure.isTimeout(f),
        Failure.isTransport(f),
        Failure.isServerSide(f),
        Failure.isTransient(f),
        Failure.isRateLimited(f)
      ])
    ).toEqual([
      [true, false, false, true, false],
      [false, true, false, true, false],
      [false, false, true, true, false],
      [false, false, false, false, false]
    ])
  })

  it("recognise only faultline failures", () => {
    expect([
      Failure.isFailure(page),
      Failure.isFailure(new Error("x")),
      Failure.isFailure({ _tag: "X", category: "nope" })
    ]).toEqual([true, false, false])
  })

  it("write messages that read well in a log", () => {
    expect(refused.message).toBe("ConnectionRefused on GET https://x.test/: ECONNREFUSED")
    expect(page.message).toBe("v answered 502 with a body that is not JSON")
    expect(timeout.message).toBe("GET https://x.test/ took longer than 5 ms")
  })
})
