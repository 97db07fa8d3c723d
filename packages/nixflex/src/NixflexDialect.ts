/**
 * The Nixflex dialect: `Authorization: Bearer KEY_ID:KEY_SECRET`, an `Idempotency-Key` header for mutating
 * requests, the nested `error` envelope, wait hints from `details.retry_after` (seconds) or the headers, and the
 * error catalog of `NixflexError`.
 *
 * @since 0.1.0
 */
import type { Dialect } from "@faultline/core"
import * as internal from "./internal/nixflexDialect.js"
import type { NixflexFailure } from "./NixflexError.js"

/**
 * The Nixflex dialect, for `ApiClient.make` and for decoding a Nixflex response with `Dialect.decode`.
 *
 * @since 0.1.0
 * @category dialects
 */
export const dialect: Dialect.Dialect<NixflexFailure> = internal.dialect

/**
 * Nixflex's production base URL (every path starts with `/v1/`).
 *
 * @since 0.1.0
 * @category constants
 */
export const baseUrl = "https://api.nixflex.com"
