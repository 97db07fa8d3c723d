/**
 * faultline for the DialNexa voice-AI telephony API: the error catalog (one failure class per documented status),
 * the dialect that decodes DialNexa's NestJS-style envelope, field issues read from its validation messages, the
 * documented retry table, and the typed `DialNexaHttpClient`. Test fixtures are on `@faultline/dialnexa/testing`.
 *
 * @since 0.1.0
 */

/**
 * The DialNexa client: a method per endpoint, each with exactly its failures.
 *
 * @since 0.1.0
 */
export * as DialNexa from "./DialNexaClient.js"
/**
 * The DialNexa dialect and production base URL.
 *
 * @since 0.1.0
 */
export * as DialNexaDialect from "./DialNexaDialect.js"
/**
 * Every endpoint the client covers, with its documented failures.
 *
 * @since 0.1.0
 */
export * as DialNexaEndpoints from "./DialNexaEndpoints.js"
/**
 * The DialNexa error catalog: one failure class per documented status, and one for any other.
 *
 * @since 0.1.0
 */
export * as DialNexaError from "./DialNexaError.js"
/**
 * The DialNexa HTTP client as a service, with its `make`, `layer` and `layerConfig` constructors.
 *
 * @since 0.1.0
 */
export * as DialNexaHttpClient from "./DialNexaHttpClient.js"
/**
 * The shapes of DialNexa's requests and answers.
 *
 * @since 0.1.0
 */
export * as DialNexaModels from "./DialNexaModels.js"
/**
 * DialNexa's documented retry guidance as the default retry policy.
 *
 * @since 0.1.0
 */
export * as DialNexaRetry from "./DialNexaRetry.js"
/**
 * The DialNexa error envelope, `{ statusCode, message, error }`, and its decoder.
 *
 * @since 0.1.0
 */
export * as Envelope from "./Envelope.js"
/**
 * Field issues read from DialNexa's class-validator messages, which give no field paths.
 *
 * @since 0.1.0
 */
export * as FieldIssues from "./FieldIssues.js"
