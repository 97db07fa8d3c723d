/**
 * @since 0.1.0
 */
export * as Envelope from "./Envelope.js"

/**
 * @since 0.1.0
 */
export * as NixflexDialect from "./NixflexDialect.js"

/**
 * @since 0.1.0
 */
export * as NixflexError from "./NixflexError.js"

/**
 * @since 0.1.0
 */
export * as NixflexHttpClient from "./NixflexHttpClient.js"

/**
 * @since 0.1.0
 */
export * as NixflexRetry from "./NixflexRetry.js"
