// The answers of the faults that spoil a response on the wire: a huge streamed body, a cut-off one, a reset, an
// empty or undecodable body, hostile wait headers.
import * as Http from "node:http"
import * as Headers from "@effect/platform/Headers"
import type * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as NodeHttpServerRequest from "@effect/platform-node/NodeHttpServerRequest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type { HostileHeaderValues } from "./faults.js"

/** A JSON body of `bytes` bytes, `{"padding":"xxx…"}`, streamed in 64 KiB chunks. @internal */
export const hugeBody = (bytes: number): Stream.Stream<Uint8Array> => {
  const encoder = new TextEncoder()
  const head = encoder.encode('{"padding":"')
  const tail = encoder.encode('"}')
  const filler = Math.max(0, bytes - head.length - tail.length)
  const chunkSize = 64 * 1024
  const chunk = new Uint8Array(chunkSize).fill(0x78)
  const whole = Math.floor(filler / chunkSize)
  return Stream.fromChunk(Chunk.of(head)).pipe(
    Stream.concat(Stream.repeatValue(chunk).pipe(Stream.take(whole))),
    Stream.concat(Stream.fromChunk(Chunk.of(chunk.subarray(0, filler - whole * chunkSize)))),
    Stream.concat(Stream.fromChunk(Chunk.of(tail)))
  )
}

const bodyBytes = (response: HttpServerResponse.HttpServerResponse): Uint8Array => {
  const body = response.body
  if (body._tag === "Uint8Array") return body.body
  if (body._tag === "Raw" && typeof body.body === "string") return new TextEncoder().encode(body.body)
  return new Uint8Array(0)
}

/** The node response behind a request, when it came through NodeHttpServer. @internal */
export const nodeResponse = (request: HttpServerRequest.HttpServerRequest): Http.ServerResponse | undefined => {
  const response = NodeHttpServerRequest.toServerResponse(request) as Http.ServerResponse | undefined
  return response instanceof Http.ServerResponse ? response : undefined
}

/**
 * Ends a handler that will send nothing: once the request's connection has closed (at once after a reset or a
 * cut-off body; when the client gives up on a hang), the handler is interrupted. Never-ending handlers would keep
 * the process alive after the simulator stops.
 *
 * @internal
 */
export const untilClosed = (request: HttpServerRequest.HttpServerRequest): Effect.Effect<never> => {
  const socket = nodeResponse(request)?.socket
  if (socket === undefined || socket === null) return Effect.never
  if (socket.destroyed) return Effect.interrupt
  return Effect.flatMap(
    Effect.async<void>((resume) => {
      const closed = () => resume(Effect.void)
      socket.once("close", closed)
      return Effect.sync(() => socket.off("close", closed))
    }),
    () => Effect.interrupt
  )
}

/** Resets the request's TCP connection, if it has one. @internal */
export const resetConnection = (request: HttpServerRequest.HttpServerRequest): void => {
  nodeResponse(request)?.socket?.resetAndDestroy()
}

/**
 * Writes `response`'s status and headers with the full `Content-Length` (at least 64), half its body, then closes
 * the socket.
 *
 * @internal
 */
export const writeTruncated = (node: Http.ServerResponse, response: HttpServerResponse.HttpServerResponse) =>
  Effect.async<void>((resume) => {
    const bytes = bodyBytes(response)
    const declared = Math.max(bytes.length, 64)
    node.writeHead(response.status, { ...response.headers, "content-length": String(declared) })
    node.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => {
      node.socket?.destroy()
      resume(Effect.void)
    })
  })

/** The response's status and headers with no body: `Content-Length: 0`, its `Content-Type` kept. @internal */
export const emptyBody = (response: HttpServerResponse.HttpServerResponse): HttpServerResponse.HttpServerResponse =>
  HttpServerResponse.empty({
    status: response.status,
    headers: Headers.set(response.headers, "content-length", "0"),
    cookies: response.cookies
  })

// An overlong encoding's lead byte, a byte UTF-8 never uses, and a lead byte followed by a non-continuation byte.
const notUtf8 = new Uint8Array([0xff, 0xfe, 0xc3, 0x28])

/**
 * The response with bytes that are not UTF-8 inside its first JSON string value (after the first `:"`), or in front
 * of the body when there is none.
 *
 * @internal
 */
export const withInvalidUtf8 = (
  response: HttpServerResponse.HttpServerResponse
): HttpServerResponse.HttpServerResponse => {
  const bytes = bodyBytes(response)
  let at = 0
  for (let i = 0; i + 1 < bytes.length; i++) {
    if (bytes[i] === 0x3a && bytes[i + 1] === 0x22) {
      at = i + 2
      break
    }
  }
  const spoiled = new Uint8Array(bytes.length + notUtf8.length)
  spoiled.set(bytes.subarray(0, at), 0)
  spoiled.set(notUtf8, at)
  spoiled.set(bytes.subarray(at), at + notUtf8.length)
  const contentType =
    response.headers["content-type"] ?? (response.body._tag === "Empty" ? undefined : response.body.contentType)
  return HttpServerResponse.uint8Array(spoiled, {
    status: response.status,
    headers: Headers.remove(response.headers, "content-length"),
    cookies: response.cookies,
    ...(contentType === undefined ? {} : { contentType })
  })
}

/**
 * The response with a `headers` fault's hostile headers in place of its own of the same name. Two or more
 * `Retry-After` values go out as that many header lines, which only the node response can write: they are set on
 * it, and the platform merges them into the headers it writes. Served elsewhere, they are joined into one line.
 *
 * @internal
 */
export const withHostileHeaders = (
  request: HttpServerRequest.HttpServerRequest,
  response: HttpServerResponse.HttpServerResponse,
  hostile: HostileHeaderValues,
  now: number
): HttpServerResponse.HttpServerResponse => {
  let headers = response.headers
  if (hostile.remaining !== undefined) headers = Headers.set(headers, "x-ratelimit-remaining", hostile.remaining)
  if (hostile.resetInMillis !== undefined) {
    headers = Headers.set(headers, "x-ratelimit-reset", String(Math.round(now + hostile.resetInMillis)))
  }
  const retryAfter = hostile.retryAfter
  if (retryAfter !== undefined) {
    const node = retryAfter.length > 1 ? nodeResponse(request) : undefined
    if (node !== undefined) {
      node.setHeader("retry-after", [...retryAfter])
      headers = Headers.remove(headers, "retry-after")
    } else {
      headers = Headers.set(headers, "retry-after", retryAfter.join(", "))
    }
  }
  return HttpServerResponse.setBody(
    HttpServerResponse.empty({ status: response.status, headers, cookies: response.cookies }),
    response.body
  )
}
