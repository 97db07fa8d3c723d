/**
 * faultline for the Levrage.AI voice-AI telephony API: the error catalog (a failure class per documented code and
 * per documented status), the dialect that reads both of Levrage's error bodies (the documented envelope and
 * FastAPI's `detail`), the documented retry table, and the typed `LevrageHttpClient`. Test fixtures are on
 * `@faultline/levrage/testing`.
 *
 * @since 0.1.0
 */

/**
 * The two Levrage error bodies, the documented envelope and FastAPI's `detail`, and their decoder.
 *
 * @since 0.1.0
 */
export * as Envelope from "./Envelope.js"
/**
 * The Levrage client: a method per endpoint, each with exactly its failures.
 *
 * @since 0.1.0
 */
export * as Levrage from "./LevrageClient.js"
/**
 * The Levrage dialect and production base URL.
 *
 * @since 0.1.0
 */
export * as LevrageDialect from "./LevrageDialect.js"
/**
 * Every endpoint the client covers, with its documented failures.
 *
 * @since 0.1.0
 */
export * as LevrageEndpoints from "./LevrageEndpoints.js"
/**
 * The Levrage error catalog: a failure class per documented code, one per documented status, and one for any other.
 *
 * @since 0.1.0
 */
export * as LevrageError from "./LevrageError.js"
/**
 * The Levrage HTTP client as a service, with its `make`, `layer` and `layerConfig` constructors.
 *
 * @since 0.1.0
 */
export * as LevrageHttpClient from "./LevrageHttpClient.js"
/**
 * The shapes of Levrage's requests and answers.
 *
 * @since 0.1.0
 */
export * as LevrageModels from "./LevrageModels.js"
/**
 * Levrage's documented retry table as the default retry policy.
 *
 * @since 0.1.0
 */
export * as LevrageRetry from "./LevrageRetry.js"
