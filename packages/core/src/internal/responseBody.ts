import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type { ResponseBody } from "../ResponseBody.js"

/** @internal */
export const defaultLimit = 4 * 1024 * 1024

const concat = (chunks: ReadonlyArray<Uint8Array>, size: number): Uint8Array => {
  if (chunks.length === 1) return chunks[0]!
  const out = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.length
  }
  return out
}

// Content-Length describes the body only when the body is sent as is: a HEAD request, a 204 or 304 may carry the
// length of a body they do not send (RFC 9110), and a fetch client decompresses a gzip body but keeps the
// compressed length.
const declaredLength = (response: HttpClientResponse.HttpClientResponse): number | undefined => {
  const encoding = response.headers["content-encoding"]?.trim().toLowerCase()
  if (encoding !== undefined && encoding !== "" && encoding !== "identity") return undefined
  if (response.request.method === "HEAD" || response.status === 204 || response.status === 304) return undefined
  if (response.status < 200) return undefined
  const header = response.headers["content-length"]
  if (header === undefined || !/^\s*\d+\s*$/.test(header)) return undefined
  return Number(header)
}

/** @internal */
export const read = (response: HttpClientResponse.HttpClientResponse, limit: number): Effect.Effect<ResponseBody> =>
  Effect.suspend(() => {
    const declared = declaredLength(response)
    if (declared !== undefined && declared > limit) {
      // Pull at most one chunk (for a snippet) and stop: interrupting the stream cancels the rest of the body.
      return Stream.runHead(response.stream).pipe(
        Effect.map(
          (head): ResponseBody => ({
            _tag: "TooLarge",
            bytes: head._tag === "Some" ? head.value.subarray(0, Math.min(head.value.length, 4096)) : new Uint8Array(0),
            limit
          })
        ),
        Effect.orElseSucceed((): ResponseBody => ({ _tag: "TooLarge", bytes: new Uint8Array(0), limit }))
      )
    }
    const chunks: Array<Uint8Array> = []
    let size = 0
    let tooLarge = false
    return Stream.runForEachWhile(response.stream, (chunk) =>
      Effect.sync(() => {
        if (size + chunk.length > limit) {
          tooLarge = true
          chunks.push(chunk.subarray(0, limit - size))
          size = limit
          return false
        }
        chunks.push(chunk)
        size += chunk.length
        return true
      })
    ).pipe(
      Effect.map((): ResponseBody => {
        const bytes = concat(chunks, size)
        if (tooLarge) return { _tag: "TooLarge", bytes, limit }
        if (declared !== undefined && size < declared) return { _tag: "Truncated", bytes }
        return { _tag: "Complete", bytes }
      }),
      Effect.catchAll((error) =>
        // A response with no body at all (204, 304, HEAD through fetch) is complete, not cut off.
        Effect.succeed<ResponseBody>(
          error.reason === "EmptyBody" && size === 0
            ? { _tag: "Complete", bytes: new Uint8Array(0) }
            : { _tag: "Truncated", bytes: concat(chunks, size) }
        )
      )
    )
  })
