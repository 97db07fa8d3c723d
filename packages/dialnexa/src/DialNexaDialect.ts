/**
 * The DialNexa dialect: `Authorization: Bearer <key>`, no idempotency header, the flat NestJS-style envelope, one
 * failure class per documented HTTP status (the HTTP status decides, not the body's `statusCode`), and wait hints
 * from the `Retry-After` and `X-RateLimit-Reset` headers.
 *
 * @since 0.1.0
 */
import type { Dialect } from "@faultline/core"
import type { DialNexaFailure } from "./DialNexaError.js"
import * as internal from "./internal/dialNexaDialect.js"

/**
 * The DialNexa dialect, for `ApiClient.make` and for decoding a DialNexa response with `Dialect.decode`.
 *
 * @since 0.1.0
 * @category dialects
 */
export const dialect: Dialect.Dialect<DialNexaFailure> = internal.dialect

/**
 * DialNexa's production base URL (every path starts with `/v1/`).
 *
 * @since 0.1.0
 * @category constants
 */
export const baseUrl = "https://api.dialnexa.com"
