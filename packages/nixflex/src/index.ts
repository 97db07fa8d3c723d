/**
 * faultline for the Nixflex voice-AI telephony API: the error catalog (one failure class per documented error
 * code), the dialect that decodes its nested `error` envelope and `details.retry_after` hints, the documented retry
 * table, and the typed `NixflexHttpClient`. Test fixtures are on `@faultline/nixflex/testing`.
 *
 * @since 0.1.0
 */

/**
 * The Nixflex error envelope, `{ error: { type, code, message, doc_url, details } }`, and its decoder.
 *
 * @since 0.1.0
 */
export * as Envelope from "./Envelope.js"
/**
 * The Nixflex client: a method per endpoint, each with exactly its failures.
 *
 * @since 0.1.0
 */
export * as Nixflex from "./NixflexClient.js"
/**
 * The Nixflex dialect and production base URL.
 *
 * @since 0.1.0
 */
export * as NixflexDialect from "./NixflexDialect.js"
/**
 * Every endpoint the client covers, with its documented failures.
 *
 * @since 0.1.0
 */
export * as NixflexEndpoints from "./NixflexEndpoints.js"
/**
 * The Nixflex error catalog: one failure class per documented error code, and one for any other.
 *
 * @since 0.1.0
 */
export * as NixflexError from "./NixflexError.js"
/**
 * The Nixflex HTTP client as a service, with its `make`, `layer` and `layerConfig` constructors.
 *
 * @since 0.1.0
 */
export * as NixflexHttpClient from "./NixflexHttpClient.js"
/**
 * The shapes of Nixflex's requests and answers.
 *
 * @since 0.1.0
 */
export * as NixflexModels from "./NixflexModels.js"
/**
 * Nixflex's documented retry guidance as the default retry policy.
 *
 * @since 0.1.0
 */
export * as NixflexRetry from "./NixflexRetry.js"
