/**
 * @since 0.1.0
 */
export * as Envelope from "./Envelope.js"

/**
 * @since 0.1.0
 */
export * as LevrageDialect from "./LevrageDialect.js"

/**
 * @since 0.1.0
 */
export * as LevrageError from "./LevrageError.js"

/**
 * @since 0.1.0
 */
export * as LevrageHttpClient from "./LevrageHttpClient.js"

/**
 * @since 0.1.0
 */
export * as LevrageRetry from "./LevrageRetry.js"
