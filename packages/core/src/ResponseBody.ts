/**
 * Reading response bodies with a size limit, so that memory stays bounded whatever a server sends: a body is
 * read up to the limit, a larger one is cut off without reading the rest, and a connection that breaks mid-body
 * leaves what arrived.
 *
 * @since 0.1.0
 */
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import type * as Effect from "effect/Effect"
import * as internal from "./internal/responseBody.js"

/**
 * A body read with a limit.
 *
 * - `Complete`: every byte, at most the limit.
 * - `TooLarge`: the declared or received size passed the limit; `bytes` is the prefix read before stopping.
 * - `Truncated`: the stream failed, or ended before the declared `Content-Length`; `bytes` is what arrived.
 *
 * @since 0.1.0
 * @category models
 */
export type ResponseBody =
  | { readonly _tag: "Complete"; readonly bytes: Uint8Array }
  | { readonly _tag: "TooLarge"; readonly bytes: Uint8Array; readonly limit: number }
  | { readonly _tag: "Truncated"; readonly bytes: Uint8Array }

/**
 * The default body limit: 4 MiB.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultLimit: number = internal.defaultLimit

/**
 * Reads a response body with a limit in bytes. Never fails: a broken stream becomes `Truncated`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const read: (response: HttpClientResponse.HttpClientResponse, limit: number) => Effect.Effect<ResponseBody> =
  internal.read

/**
 * A complete body.
 *
 * @since 0.1.0
 * @category constructors
 */
export const complete = (bytes: Uint8Array): ResponseBody => ({ _tag: "Complete", bytes })
