/**
 * The Levrage dialect: `Authorization: Bearer lev_…`, no idempotency header, both error bodies (the documented
 * `success`/`error` envelope and FastAPI's `detail`), wait hints from `X-RateLimit-Reset` (epoch seconds, read by
 * core), and the error catalog of `LevrageError`.
 *
 * @since 0.1.0
 */
import type { Dialect } from "@faultline/core"
import * as internal from "./internal/levrageDialect.js"
import type { LevrageFailure } from "./LevrageError.js"

/**
 * The Levrage dialect, for `ApiClient.make` and for decoding a Levrage response with `Dialect.decode`.
 *
 * @since 0.1.0
 * @category dialects
 */
export const dialect: Dialect.Dialect<LevrageFailure> = internal.dialect

/**
 * Levrage's production base URL (every path starts with `/v1/`).
 *
 * @since 0.1.0
 * @category constants
 */
export const baseUrl = "https://api.levrage.ai"
