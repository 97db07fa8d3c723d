import { HttpClientRequest, HttpClientResponse } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { ResponseBody } from "@faultline/core"
import { Effect } from "effect"

const request = HttpClientRequest.get("http://127.0.0.1/")

// A response over a real web stream that yields `chunks`, then ends, or errors when `fail` is set; `pulled`
// counts the chunks the reader asked for.
const streamed = (
  chunks: ReadonlyArray<string>,
  options: { fail?: boolean; headers?: Record<string, string> } = {}
) => {
  const state = { pulled: 0 }
  const encoder = new TextEncoder()
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[state.pulled++]
      if (chunk !== undefined) controller.enqueue(encoder.encode(chunk))
      else if (options.fail) controller.error(new Error("socket hang up"))
      else controller.close()
    }
  })
  return {
    response: HttpClientResponse.fromWeb(
      request,
      new Response(stream, { status: 500, headers: options.headers ?? {} })
    ),
    state
  }
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes)

describe("ResponseBody.read", () => {
  it.effect("reads a body within the limit completely", () =>
    Effect.gen(function* () {
      const { response } = streamed(['{"a":', "1}"])
      const body = yield* ResponseBody.read(response, 100)
      expect(body._tag).toBe("Complete")
      expect(text(body.bytes)).toBe('{"a":1}')
    })
  )

  it.effect("stops at the limit and does not read the rest", () =>
    Effect.gen(function* () {
      const { response, state } = streamed(Array.from({ length: 100 }, () => "x".repeat(10)))
      const body = yield* ResponseBody.read(response, 35)
      expect(body._tag).toBe("TooLarge")
      expect(body.bytes.length).toBe(35)
      expect(state.pulled).toBeLessThan(10)
    })
  )

  it.effect("trusts a Content-Length over the limit without reading more than one chunk", () =>
    Effect.gen(function* () {
      const { response, state } = streamed(["abc", "def", "ghi"], { headers: { "content-length": "1000000" } })
      const body = yield* ResponseBody.read(response, 100)
      expect(body._tag).toBe("TooLarge")
      expect(state.pulled).toBeLessThanOrEqual(2)
    })
  )

  it.effect("keeps what arrived when the stream breaks", () =>
    Effect.gen(function* () {
      const { response } = streamed(['{"error":', '{"co'], { fail: true })
      const body = yield* ResponseBody.read(response, 1000)
      expect(body._tag).toBe("Truncated")
      expect(text(body.bytes)).toBe('{"error":{"co')
    })
  )
})

describe("ResponseBody.read and Content-Length", () => {
  const withLength = (status: number, body: string, headers: Record<string, string>, method: "GET" | "HEAD" = "GET") =>
    HttpClientResponse.fromWeb(
      method === "HEAD" ? HttpClientRequest.head("http://127.0.0.1/") : request,
      new Response(status === 304 || status === 204 ? null : body, { status, headers })
    )

  it.effect("ignores the length of a compressed body (fetch decompresses but keeps it)", () =>
    Effect.gen(function* () {
      const body = yield* ResponseBody.read(
        withLength(200, `{"call_id":"c1"}`, { "content-encoding": "gzip", "content-length": "36" }),
        1000
      )
      expect(body._tag).toBe("Complete")
    })
  )

  it.effect("ignores the length a 304 or a HEAD response announces for a body it does not send", () =>
    Effect.gen(function* () {
      expect((yield* ResponseBody.read(withLength(304, "", { "content-length": "5000" }), 1024))._tag).toBe("Complete")
      expect((yield* ResponseBody.read(withLength(200, "", { "content-length": "5000" }, "HEAD"), 1024))._tag).toBe(
        "Complete"
      )
    })
  )
})
