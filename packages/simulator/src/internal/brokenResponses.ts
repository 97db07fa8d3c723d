// The answers of the faults that spoil a response on the wire: a huge streamed body, a cut-off one, a reset.
import * as Http from "node:http"
import type * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import type * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as NodeHttpServerRequest from "@effect/platform-node/NodeHttpServerRequest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"

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
