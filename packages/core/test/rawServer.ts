// A server on 127.0.0.1 that writes whatever bytes a test tells it to, for the responses node:http would refuse to
// send: a status line of 999, two Content-Length headers, a length that lies, a 101 nobody asked for.
import * as Net from "node:net"
import { HttpClient } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { expect } from "@effect/vitest"
import { ApiClient, Failure, ProblemJson } from "@faultline/core"
import { Cause, Effect, Exit, type Layer, Redacted, Schema, type Scope } from "effect"

/** What the server counts, for a test to read after a call. */
export interface Counts {
  /** Requests whose head the server read, on any connection. */
  requests: number
  /** Body bytes the server managed to hand to the kernel (counted in the write callbacks, so a lost write is not). */
  bytesSent: number
}

export interface RawServer {
  readonly url: string
  readonly counts: Counts
  /** Resolves once every connection the server accepted so far has closed. */
  readonly allClosed: () => Promise<void>
}

/** The request line of a request, "GET /path HTTP/1.1", and its path. */
export interface RawRequest {
  readonly line: string
  readonly path: string
}

/** What the server does with one request. */
export type Responder = (socket: Net.Socket, request: RawRequest, counts: Counts) => void

/**
 * A server for the life of the scope. `answer` is called once per request head read (bodies are not expected: the
 * tests send GETs) with the socket to write to; it may write anything, end or destroy the socket, or do nothing.
 */
export const serveRaw = (answer: Responder): Effect.Effect<RawServer, never, Scope.Scope> => {
  const counts: Counts = { requests: 0, bytesSent: 0 }
  const sockets = new Set<Net.Socket>()
  const closing = new Set<Promise<void>>()
  return Effect.acquireRelease(
    Effect.async<Net.Server>((resume) => {
      const server = Net.createServer((socket) => {
        sockets.add(socket)
        closing.add(new Promise((resolve) => socket.once("close", () => resolve())))
        socket.once("close", () => sockets.delete(socket))
        // A client that goes away mid-answer is what several tests cause: not an error of the server.
        socket.on("error", () => {})
        let pending = ""
        socket.on("data", (data: Buffer) => {
          pending += data.toString("latin1")
          for (let end = pending.indexOf("\r\n\r\n"); end !== -1; end = pending.indexOf("\r\n\r\n")) {
            const line = pending.slice(0, pending.indexOf("\r\n"))
            pending = pending.slice(end + 4)
            counts.requests++
            answer(socket, { line, path: line.split(" ")[1] ?? "/" }, counts)
          }
        })
      })
      server.listen(0, "127.0.0.1", () => resume(Effect.succeed(server)))
    }),
    (server) =>
      Effect.async<void>((resume) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resume(Effect.void))
      })
  ).pipe(
    Effect.map((server) => ({
      url: `http://127.0.0.1:${(server.address() as Net.AddressInfo).port}`,
      counts,
      allClosed: () => Promise.all(closing).then(() => undefined)
    }))
  )
}

/** A response head as it goes on the wire: the status line as given, then each header, then the blank line. */
export const head = (statusLine: string, headers: ReadonlyArray<readonly [string, string]> = []): string =>
  `${statusLine}\r\n${headers.map(([name, value]) => `${name}: ${value}\r\n`).join("")}\r\n`

/** Writes `head`, then `body`, counting the body's bytes once the kernel took them. */
export const send = (socket: Net.Socket, counts: Counts, responseHead: string, body: Uint8Array | string = "") => {
  socket.write(responseHead, "latin1")
  const bytes = typeof body === "string" ? Buffer.from(body, "utf8") : body
  if (bytes.length === 0) return
  socket.write(bytes, (error) => {
    if (error === null || error === undefined) counts.bytesSent += bytes.length
  })
}

/**
 * Streams `total` bytes ("aaa…") as the client reads them (waiting for the socket to drain), in chunked encoding
 * or raw after a Content-Length. Stops when the client goes away: the bytes counted are those it let through.
 */
export const stream = (socket: Net.Socket, counts: Counts, total: number, options: { readonly chunked: boolean }) => {
  const chunk = Buffer.alloc(64 * 1024, 0x61)
  const framed = options.chunked
    ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n")])
    : chunk
  let left = total
  const more = () => {
    while (left > 0 && !socket.destroyed) {
      left -= chunk.length
      const ok = socket.write(framed, (error) => {
        if (error === null || error === undefined) counts.bytesSent += chunk.length
      })
      if (!ok) return socket.once("drain", more)
    }
    if (left <= 0 && options.chunked && !socket.destroyed) socket.write("0\r\n\r\n")
  }
  more()
}

// -----------------------------------------------------------------------------
// what every call against such a server must end in
// -----------------------------------------------------------------------------

/** The platform's HTTP clients the tests run over: undici and node:http (fetch where a test says so). */
export const transports: ReadonlyArray<readonly [string, Layer.Layer<HttpClient.HttpClient>]> = [
  ["undici", NodeHttpClient.layerUndici],
  ["node:http", NodeHttpClient.layer]
]

export const apiKey = Redacted.make("hostile-key-0123456789")

/**
 * The client under test: problem+json, no retries, pacing or breaker (each answer is on its own). The attempt timeout
 * only keeps a broken test from running forever: no test expects it, so a hang fails as `AttemptTimeout`.
 */
export const clientOf = (url: string, options: { readonly bodyLimit?: number } = {}) =>
  Effect.map(HttpClient.HttpClient, (http) =>
    ApiClient.make(ProblemJson.dialect, {
      baseUrl: url,
      apiKey,
      timeout: "10 seconds",
      pacing: false,
      circuitBreaker: false,
      ...options
    })(http)
  )

export type AnyFailure = Failure.CoreFailure | ProblemJson.Problem

const AnyFailure = Schema.Union(Failure.CoreFailure, ProblemJson.Problem)

/**
 * A failure encodes to JSON with its schema and decodes back to a failure of the same class with equal fields (a
 * field JSON cannot hold, such as Infinity, comes back as something else, or fails to decode).
 */
export const expectRoundTrip = (failure: AnyFailure) => {
  const encoded = JSON.stringify(Schema.encodeSync(AnyFailure)(failure))
  const decoded = Schema.decodeUnknownSync(AnyFailure)(JSON.parse(encoded))
  expect(decoded.constructor).toBe(failure.constructor)
  // Field by field: the instances differ in what their constructors kept (validated arguments or not).
  expect({ ...decoded }).toEqual({ ...failure })
  expect(JSON.stringify(Schema.encodeSync(AnyFailure)(decoded))).toBe(encoded)
}

/**
 * The one typed failure an exit ends in: a single `Fail` (not a defect, an interruption, or two failures), a
 * faultline failure with a category, never the attempt timeout, and it survives its JSON.
 */
export const typedFailure = <A>(exit: Exit.Exit<A, AnyFailure>): AnyFailure => {
  if (Exit.isSuccess(exit)) return expect.fail("expected a failure, got a value")
  if (exit.cause._tag !== "Fail") return expect.fail(`expected one typed failure, got:\n${Cause.pretty(exit.cause)}`)
  const failure = exit.cause.error
  expect(Failure.isFailure(failure)).toBe(true)
  expect(failure._tag).not.toBe("AttemptTimeout")
  expectRoundTrip(failure)
  return failure
}

/** The value an exit ends in. */
export const successOf = <A>(exit: Exit.Exit<A, AnyFailure>): A =>
  Exit.isSuccess(exit) ? exit.value : expect.fail(`expected a value, got:\n${Cause.pretty(exit.cause)}`)

/** What a test compares of a failure: its tag, its reason if it has one, its status if it has one, its category. */
export const summary = (failure: AnyFailure) => ({
  tag: failure._tag,
  ...("reason" in failure ? { reason: failure.reason } : {}),
  ...("status" in failure ? { status: failure.status } : {}),
  category: failure.category
})

/** The names on `Object.prototype`, to compare before and after a hostile body. */
export const prototypeNames = () => [
  ...Object.getOwnPropertyNames(Object.prototype),
  ...Object.getOwnPropertySymbols(Object.prototype).map(String)
]

/** An answer whose Content-Length tells the truth, with a JSON content type and then `headers`. */
export const exact =
  (statusLine: string, body: Uint8Array | string, headers: ReadonlyArray<readonly [string, string]> = []): Responder =>
  (socket, _, counts) =>
    send(
      socket,
      counts,
      head(statusLine, [
        ["content-type", "application/json"],
        ["content-length", String(typeof body === "string" ? Buffer.byteLength(body) : body.length)],
        ...headers
      ]),
      body
    )

/** Bytes written as they are; with `close`, the server then ends the connection. */
export const raw =
  (bytes: string | Uint8Array, options: { readonly close?: boolean } = {}): Responder =>
  (socket) => {
    socket.write(typeof bytes === "string" ? Buffer.from(bytes, "latin1") : bytes)
    if (options.close === true) socket.end()
  }

/** One call with a fresh server answering with `respond`: how it ended, and the server, for its counts. */
export const against = <A>(
  respond: Responder,
  use: (client: ApiClient.ApiClient<ProblemJson.Problem>) => Effect.Effect<A, AnyFailure>,
  options: { readonly bodyLimit?: number } = {}
) =>
  Effect.gen(function* () {
    const server = yield* serveRaw(respond)
    const client = yield* clientOf(server.url, options)
    return { exit: yield* Effect.exit(use(client)), server }
  })

/**
 * A server for a law: each run answers its own path (`answerAt`), so that runs never share a connection's answer;
 * with the client against it.
 */
export const lawServer = Effect.gen(function* () {
  const answers = new Map<string, Responder>()
  const server = yield* serveRaw((socket, request, counts) => answers.get(request.path)?.(socket, request, counts))
  const client = yield* clientOf(server.url)
  let next = 0
  const answerAt = (respond: Responder) => {
    const path = `/law/${next++}`
    answers.set(path, respond)
    return path
  }
  return { client, answerAt }
})
