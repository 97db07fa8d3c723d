/**
 * A local HTTP server that answers with every documented example error response of the three vendors, plus the
 * faults no vendor documents but every client meets: an HTML 502 page from a proxy, an empty 500, a body cut off
 * mid-stream, a body larger than any limit, a connection reset, a response that never comes.
 *
 * It is plain `node:http` on purpose: faults like a reset socket or a short body need the raw socket. The
 * vendor-faithful simulator is `@faultline/simulator`'s job; this server replays fixed responses for the demo and
 * the integration tests.
 *
 * Routes: `GET /examples/{vendor}/{index}`, `GET /faults/{name}`, `GET /echo` (200 with the request's
 * headers and URL in the body, as a careless server would echo them).
 */

import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import { DocumentedExamples as DialNexaExamples } from "@faultline/dialnexa/testing"
import { DocumentedExamples as LevrageExamples } from "@faultline/levrage/testing"
import { DocumentedExamples as NixflexExamples } from "@faultline/nixflex/testing"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"

export interface Example {
  readonly name: string
  readonly source: string
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
  readonly expectedTag: string
  readonly expectedCategory: string
}

export const vendors = {
  dialnexa: DialNexaExamples.examples,
  levrage: LevrageExamples.examples,
  nixflex: NixflexExamples.examples
} as const satisfies Record<string, ReadonlyArray<Example>>

export type Vendor = keyof typeof vendors

export const faults = ["html-502", "empty-500", "truncated", "huge", "reset", "hang", "echo", "problem"] as const

export type Fault = (typeof faults)[number]

const htmlPage =
  "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"

const answerFault = (fault: string, request: Http.IncomingMessage, response: Http.ServerResponse): boolean => {
  switch (fault) {
    case "html-502":
      response.writeHead(502, { "content-type": "text/html", "content-length": Buffer.byteLength(htmlPage) })
      response.end(htmlPage)
      return true
    case "empty-500":
      response.writeHead(500, { "content-length": "0" })
      response.end()
      return true
    case "truncated": {
      const body = JSON.stringify({
        error: { type: "server_error", code: "server_error", message: "Something went wrong" }
      })
      response.writeHead(500, { "content-type": "application/json", "content-length": String(body.length) })
      response.write(body.slice(0, 30))
      // Let the first bytes leave, then cut the connection before the declared length.
      setTimeout(() => response.socket?.destroy(), 20)
      return true
    }
    case "huge": {
      const chunk = Buffer.alloc(64 * 1024, "x")
      response.writeHead(500, { "content-type": "text/plain" })
      let sent = 0
      const pump = () => {
        while (sent < 64 * 1024 * 1024 && !response.destroyed) {
          sent += chunk.length
          if (!response.write(chunk)) return void response.once("drain", pump)
        }
        response.end()
      }
      pump()
      return true
    }
    case "reset":
      request.socket.destroy()
      return true
    case "hang":
      // Never answer; the client's attempt timeout has to end the wait.
      return true
    case "problem": {
      // The example of RFC 9457 §3, with its `balance` and `accounts` extension members.
      const body = JSON.stringify({
        type: "https://example.com/probs/out-of-credit",
        title: "You do not have enough credit.",
        status: 403,
        detail: "Your current balance is 30, but that costs 50.",
        instance: "/account/12345/msgs/abc",
        balance: 30,
        accounts: ["/account/12345", "/account/67890"]
      })
      response.writeHead(403, { "content-type": "application/problem+json" })
      response.end(body)
      return true
    }
    case "echo": {
      const body = JSON.stringify({ url: request.url, headers: request.headers })
      response.writeHead(200, { "content-type": "application/json" })
      response.end(body)
      return true
    }
  }
  return false
}

const handle = (request: Http.IncomingMessage, response: Http.ServerResponse) => {
  const [, kind, first, second] = (request.url ?? "/").split("?")[0]!.split("/")
  if (kind === "faults" && first !== undefined && answerFault(first, request, response)) return
  if (kind === "examples" && first !== undefined && Object.hasOwn(vendors, first)) {
    const example = vendors[first as Vendor][Number(second)]
    if (example !== undefined) {
      response.writeHead(example.status, example.headers)
      response.end(example.body)
      return
    }
  }
  response.writeHead(404, { "content-type": "text/plain" })
  response.end("no such example")
}

/**
 * Starts the server on 127.0.0.1 on a free port for the life of the scope, and returns its base URL.
 */
export const start: Effect.Effect<string, never, Scope.Scope> = Effect.acquireRelease(
  Effect.async<Http.Server>((resume) => {
    const server = Http.createServer(handle)
    server.listen(0, "127.0.0.1", () => resume(Effect.succeed(server)))
  }),
  (server) =>
    Effect.async<void>((resume) => {
      server.closeAllConnections()
      server.close(() => resume(Effect.void))
    })
).pipe(Effect.map((server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`))
