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

// The answer to a HEAD request, a 204 or a 304 never has a body (RFC 9110), whatever its headers say.
const hasNoBody = (response: HttpClientResponse.HttpClientResponse): boolean =>
  response.request.method === "HEAD" || response.status === 204 || response.status === 304

// Content-Length describes the body only when the body is sent as is: a HEAD request, a 204 or 304 may carry the
// length of a body they do not send (RFC 9110), and a fetch client decompresses a gzip body but keeps the
// compressed length.
const declaredLength = (
  response: HttpClientResponse.HttpClientResponse,
  headers: Readonly<Record<string, string>>
): number | undefined => {
  const encoding = headers["content-encoding"]?.trim().toLowerCase()
  if (encoding !== undefined && encoding !== "" && encoding !== "identity") return undefined
  if (hasNoBody(response)) return undefined
  if (response.status < 200) return undefined
  const header = headers["content-length"]
  if (header === undefined || !/^\s*\d+\s*$/.test(header)) return undefined
  return Number(header)
}

/** @internal */
export const read = (
  response: HttpClientResponse.HttpClientResponse,
  limit: number,
  headers: Readonly<Record<string, string>> = response.headers
): Effect.Effect<ResponseBody> =>
  Effect.suspend(() => {
    const declared = declaredLength(response, headers)
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
        // A response with no body at all (204, 304, HEAD through fetch) is complete, not cut off: so is one that has
        // none by definition when its transport fails it for a length it announced (undici, a 204 with a length).
        Effect.succeed<ResponseBody>(
          (error.reason === "EmptyBody" || hasNoBody(response)) && size === 0
            ? { _tag: "Complete", bytes: new Uint8Array(0) }
            : { _tag: "Truncated", bytes: concat(chunks, size) }
        )
      )
    )
  })

/**
 * `read` for a response whose body is the caller's data (a success): a body that declares its length, within the
 * limit, is read by the platform at once, which reads no more than that length. Streaming it costs several times
 * the rest of a request; what is given up is the start of a body cut off before its end (`Truncated` then holds no
 * bytes), which only a failure's snippet would show. Any other body is read as `read` does.
 *
 * @internal
 */
export const readWhole = (
  response: HttpClientResponse.HttpClientResponse,
  limit: number,
  headers: Readonly<Record<string, string>> = response.headers
): Effect.Effect<ResponseBody> => {
  const declared = declaredLength(response, headers)
  if (declared === undefined || declared > limit || headers["transfer-encoding"] !== undefined) {
    return read(response, limit, headers)
  }
  return Effect.match(response.arrayBuffer, {
    onFailure: (): ResponseBody => ({ _tag: "Truncated", bytes: new Uint8Array(0) }),
    onSuccess: (buffer): ResponseBody => {
      const bytes = new Uint8Array(buffer)
      if (bytes.length > limit) return { _tag: "TooLarge", bytes: bytes.subarray(0, limit), limit }
      return bytes.length < declared ? { _tag: "Truncated", bytes } : { _tag: "Complete", bytes }
    }
  })
}
