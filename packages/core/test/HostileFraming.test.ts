import type { HttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { ApiClient, Category, type ProblemJson } from "@faultline/core"
import { Effect, Exit, FastCheck as fc, Runtime, type Scope } from "effect"
import {
  against,
  clientOf,
  exact,
  head,
  lawServer,
  prototypeNames,
  raw,
  send,
  serveRaw,
  stream,
  successOf,
  summary,
  transports,
  typedFailure
} from "./rawServer.js"

// Responses that lie in their framing, written byte by byte by a node:net server on 127.0.0.1: lengths that are
// wrong, doubled or not numbers, statuses no server should send, headers past any sane size, bodies far past the
// limit. Each call ends in a value or exactly one typed failure with a sensible status and category: never a defect,
// never a hang.

type Client = ApiClient.ApiClient<ProblemJson.Problem>

const get = (client: Client) => client.get("/v1/thing")

// How a call ended, as plain data: the response's status and what `ApiClient.json` made of its body, or the summary
// of the one typed failure.
const outcome = (client: Client, path = "/v1/thing") =>
  Effect.map(
    Effect.exit(
      Effect.flatMap(client.get(path), (response) =>
        Effect.map(Effect.exit(ApiClient.json(response)), (body) => ({
          status: response.status,
          json: Exit.isSuccess(body) ? body.value : summary(typedFailure(body))
        }))
      )
    ),
    (exit) => (Exit.isSuccess(exit) ? { value: exit.value } : { failure: summary(typedFailure(exit)) })
  )

const problemBody = `{"title":"cut short"}`

const transportFault = (reason: string) => ({ failure: { tag: "TransportError", reason, category: "transport" } })

// Odd statuses on the wire, each with what it must end in over undici and over node:http where the two differ (their
// parsers accept different things; either way it is a value or a typed failure that says what happened).
const statuses: ReadonlyArray<{
  readonly name: string
  readonly answer: string
  readonly expected: unknown
  readonly overNodeHttp?: unknown
}> = [
  {
    name: "status 0",
    answer: `${head("HTTP/1.1 0 Zero", [["content-length", "2"]])}{}`,
    expected: transportFault("Protocol")
  },
  {
    name: "status 000",
    answer: `${head("HTTP/1.1 000 Zero", [["content-length", "2"]])}{}`,
    // undici's own assertion (status >= 100) fails; node:http hands the status on.
    expected: transportFault("Other"),
    overNodeHttp: { failure: { tag: "UnexpectedBody", reason: "NotEnvelope", status: 0, category: "unexpected" } }
  },
  {
    name: "101 that nobody asked for",
    answer: `${head("HTTP/1.1 101 Switching Protocols", [
      ["upgrade", "websocket"],
      ["connection", "upgrade"]
    ])}garbage`,
    expected: transportFault("ConnectionReset"),
    overNodeHttp: { failure: { tag: "UnexpectedBody", reason: "Empty", status: 101, category: "unexpected" } }
  },
  {
    name: "103 then the final answer",
    answer: `${head("HTTP/1.1 103 Early Hints", [["link", "</a.css>; rel=preload"]])}${head("HTTP/1.1 200 OK", [["content-length", "2"]])}{}`,
    expected: { value: { status: 200, json: {} } }
  },
  {
    name: "103 alone, then the socket closes",
    answer: head("HTTP/1.1 103 Early Hints", [["link", "</a.css>; rel=preload"]]),
    expected: transportFault("ConnectionReset")
  },
  {
    name: "204 with a body",
    answer: `${head("HTTP/1.1 204 No Content", [["content-length", "5"]])}hello`,
    expected: {
      value: { status: 204, json: { tag: "UnexpectedBody", reason: "Empty", status: 204, category: "unexpected" } }
    }
  },
  {
    name: "304 announcing a length",
    answer: head("HTTP/1.1 304 Not Modified", [["content-length", "5000"]]),
    expected: {
      value: { status: 304, json: { tag: "UnexpectedBody", reason: "Empty", status: 304, category: "unexpected" } }
    }
  },
  {
    name: "600",
    answer: `${head("HTTP/1.1 600 Beyond", [["content-length", "2"]])}{}`,
    expected: { failure: { tag: "UnexpectedBody", reason: "NotEnvelope", status: 600, category: "unexpected" } }
  },
  {
    name: "999 with a problem body",
    answer: `${head("HTTP/1.1 999 Odd", [["content-length", "15"]])}{"title":"odd"}`,
    expected: { failure: { tag: "Problem", status: 999, category: "unexpected" } }
  }
]

for (const [name, transport] of transports) {
  const run = <A>(effect: Effect.Effect<A, never, HttpClient.HttpClient | Scope.Scope>) =>
    effect.pipe(Effect.scoped, Effect.provide(transport))

  describe(`lying framing over ${name}`, () => {
    it.live("a Content-Length longer than the body, then a closed socket, is Truncated, a transport fault", () =>
      run(
        Effect.gen(function* () {
          for (const status of [500, 200]) {
            const answer = raw(head(`HTTP/1.1 ${status} X`, [["content-length", "100"]]) + problemBody, { close: true })
            const failure = typedFailure((yield* against(answer, get)).exit)
            expect(summary(failure)).toEqual({
              tag: "UnexpectedBody",
              reason: "Truncated",
              status,
              category: "transport"
            })
          }
        })
      )
    )

    it.live("a Content-Length shorter than the body cuts it there, and the rest never answers the next call", () =>
      run(
        Effect.gen(function* () {
          // What follows the announced length is a whole response of its own: it must not be taken for the next answer.
          const smuggled = `${head("HTTP/1.1 200 OK", [["content-length", "17"]])}{"smuggled":true}`
          const server = yield* serveRaw((socket, request, counts) => {
            if (request.path === "/next") return exact("HTTP/1.1 200 OK", `{"real":true}`)(socket, request, counts)
            const status = request.path === "/error" ? 500 : 200
            socket.write(head(`HTTP/1.1 ${status} X`, [["content-length", "10"]]) + problemBody + smuggled)
          })
          const client = yield* clientOf(server.url)
          // The error body stops mid-value, though the framing said it was whole: cut, in the status's category.
          const failure = typedFailure(yield* Effect.exit(client.get("/error")))
          expect(summary(failure)).toEqual({
            tag: "UnexpectedBody",
            reason: "Truncated",
            status: 500,
            category: "server"
          })
          expect(failure._tag === "UnexpectedBody" && failure.snippet).toBe(problemBody.slice(0, 10))
          // A success is the bytes announced, which are not JSON.
          expect(yield* outcome(client, "/ok")).toEqual({
            value: {
              status: 200,
              json: { tag: "UnexpectedBody", reason: "NotJson", status: 200, category: "unexpected" }
            }
          })
          expect(yield* outcome(client, "/next")).toEqual({ value: { status: 200, json: { real: true } } })
          // The server was asked for it: the answer did not come from the bytes left over.
          expect(server.counts.requests).toBe(3)
        })
      )
    )

    it.live("a Content-Length that is not a number, or two different ones, is a Protocol transport fault", () =>
      run(
        Effect.gen(function* () {
          const lengths = [["abc"], ["-1"], ["0x15"], ["21", "20"]]
          for (const values of lengths) {
            const answer = raw(
              head(
                "HTTP/1.1 500 X",
                values.map((value) => ["content-length", value])
              ) + problemBody
            )
            const failure = typedFailure((yield* against(answer, get)).exit)
            expect([values, summary(failure)]).toEqual([values, transportFault("Protocol").failure])
            expect(failure._tag === "TransportError" && failure.mayHaveReachedServer).toBe(true)
          }
        })
      )
    )

    it.live("odd statuses sent raw end in a value or a typed failure with a sensible status and category", () =>
      run(
        Effect.gen(function* () {
          for (const status of statuses) {
            const { exit } = yield* against(raw(status.answer, { close: true }), (client) => outcome(client))
            const expected =
              name === "node:http" && status.overNodeHttp !== undefined ? status.overNodeHttp : status.expected
            expect([status.name, successOf(exit)]).toEqual([status.name, expected])
          }
        })
      )
    )

    it.live("a 64 KB header, or 5,000 headers, is a Protocol transport fault; 2,000 small ones are read", () =>
      run(
        Effect.gen(function* () {
          const big = raw(
            `${head("HTTP/1.1 200 OK", [
              ["x-big", "a".repeat(64 * 1024)],
              ["content-length", "2"]
            ])}{}`
          )
          const many = Array.from({ length: 5000 }, (_, i) => [`x-header-${i}`, "value"] as const)
          for (const answer of [big, raw(`${head("HTTP/1.1 200 OK", [...many, ["content-length", "2"]])}{}`)]) {
            expect(summary(typedFailure((yield* against(answer, get)).exit))).toEqual(
              transportFault("Protocol").failure
            )
          }
          // Within the transports' 16 KB: the request id, sent a hundred times, is kept short (first: node:http keeps
          // only the first 2,000 headers).
          const small = [
            ...Array.from({ length: 100 }, () => ["x-request-id", "req_1"] as const),
            ...Array.from({ length: 2000 }, (_, i) => [`h${i % 10}`, "1"] as const)
          ]
          const answer = exact("HTTP/1.1 503 Service Unavailable", `{"title":"busy"}`, small)
          const failure = typedFailure((yield* against(answer, get)).exit)
          expect(summary(failure)).toEqual({ tag: "Problem", status: 503, category: "unavailable" })
          expect(failure._tag === "Problem" && failure.requestId?.startsWith("req_1")).toBe(true)
          expect(failure._tag === "Problem" && failure.requestId!.length).toBeLessThanOrEqual(200)
          const success = yield* against(exact("HTTP/1.1 200 OK", "{}", small), (client) => outcome(client))
          expect(successOf(success.exit)).toEqual({ value: { status: 200, json: {} } })
        })
      )
    )

    it.live("a 50 MB body is cut at the limit: the client stops reading and the server cannot send it", () =>
      run(
        Effect.gen(function* () {
          const total = 50 * 1024 * 1024
          const limit = 1024 * 1024
          for (const [status, chunked] of [
            [500, true],
            [500, false],
            [200, true],
            [200, false]
          ] as const) {
            const before = process.memoryUsage()
            const { exit, server } = yield* against(
              (socket, _, counts) => {
                const framing = chunked ? ["transfer-encoding", "chunked"] : ["content-length", String(total)]
                send(socket, counts, head(`HTTP/1.1 ${status} X`, [framing as [string, string]]))
                stream(socket, counts, total, { chunked })
              },
              get,
              { bodyLimit: limit }
            )
            const failure = typedFailure(exit)
            expect(failure._tag === "UnexpectedBody" && [failure.reason, failure.status]).toEqual(["TooLarge", status])
            expect(failure.message).toContain("too large")
            // The client hangs up: once the connection is closed, the server has sent what the kernel's buffers held.
            yield* Effect.promise(() => server.allClosed())
            const after = process.memoryUsage()
            console.log(
              `${name}, ${status}, ${chunked ? "chunked" : "Content-Length"}: the server sent ${server.counts.bytesSent} of ${total} bytes;` +
                ` rss ${mebibytes(after.rss - before.rss)}, heap ${mebibytes(after.heapUsed - before.heapUsed)},` +
                ` buffers ${mebibytes(after.arrayBuffers - before.arrayBuffers)} MiB more`
            )
            expect(server.counts.bytesSent).toBeLessThan(16 * 1024 * 1024)
          }
        })
      )
    )

    it.live("law: any status line, body and framing ends in a value or one typed failure, never the timeout", () =>
      Effect.gen(function* () {
        const { answerAt, client } = yield* lawServer
        const runtime = yield* Effect.runtime<never>()
        const before = prototypeNames()
        yield* Effect.promise(() =>
          fc.assert(
            fc.asyncProperty(statusLine, body, framing, ([status, line], bytes, frame) => {
              const path = answerAt((socket) => {
                socket.write(frame(line, bytes))
                socket.end()
              })
              return Runtime.runPromise(runtime)(outcome(client, path)).then((ended) => {
                if ("value" in ended) {
                  expect(ended.value.status).toBe(status)
                  expect((status >= 200 && status < 300) || status === 304).toBe(true)
                } else {
                  const failure = ended.failure
                  if ("status" in failure) {
                    expect(failure.status).toBe(status)
                    expect(["transport", Category.fromStatus(status)]).toContain(failure.category)
                  } else {
                    expect(failure.category).toBe("transport")
                  }
                }
                expect(prototypeNames()).toEqual(before)
              })
            }),
            { numRuns: 80 }
          )
        )
      }).pipe(Effect.scoped, Effect.provide(transport))
    )
  })
}

const mebibytes = (bytes: number) => (bytes / 1024 / 1024).toFixed(1)

// A status as a number and as written on the status line: padded to three digits or not, odd ones often.
const statusLine = fc
  .tuple(
    fc.oneof(fc.integer({ min: 0, max: 999 }), fc.constantFrom(0, 100, 101, 103, 204, 304, 600, 999)),
    fc.boolean()
  )
  .map(
    ([status, padded]) => [status, `HTTP/1.1 ${padded ? String(status).padStart(3, "0") : status} Whatever`] as const
  )

const body = fc.oneof(
  fc.constantFrom(`{"title":"x","__proto__":{"polluted":1}}`, `{"status":1e400}`, "", "null", `{"title":"cut`),
  fc.integer({ min: 1, max: 20_000 }).map((depth) => `${"[".repeat(depth)}${"]".repeat(depth)}`),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes).toString("latin1"))
)

// How the body is framed: truthfully, shorter or longer than it is, chunked (whole or cut), or up to the close.
const framing = fc.constantFrom<(line: string, body: string) => Buffer>(
  (line, body) => Buffer.from(head(line, [["content-length", String(body.length)]]) + body, "latin1"),
  (line, body) => Buffer.from(head(line, [["content-length", String(Math.floor(body.length / 2))]]) + body, "latin1"),
  (line, body) => Buffer.from(head(line, [["content-length", String(body.length + 10)]]) + body, "latin1"),
  (line, body) =>
    Buffer.from(
      `${head(line, [["transfer-encoding", "chunked"]])}${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`,
      "latin1"
    ),
  (line, body) =>
    Buffer.from(
      `${head(line, [["transfer-encoding", "chunked"]])}${(body.length + 5).toString(16)}\r\n${body}`,
      "latin1"
    ),
  (line, body) => Buffer.from(head(line) + body, "latin1")
)
