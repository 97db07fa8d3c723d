/**
 * @since 0.1.0
 */
export * as DialNexaDialect from "./DialNexaDialect.js"

/**
 * @since 0.1.0
 */
export * as DialNexaError from "./DialNexaError.js"

/**
 * @since 0.1.0
 */
export * as DialNexaHttpClient from "./DialNexaHttpClient.js"

/**
 * @since 0.1.0
 */
export * as DialNexaRetry from "./DialNexaRetry.js"

/**
 * @since 0.1.0
 */
export * as Envelope from "./Envelope.js"

/**
 * @since 0.1.0
 */
export * as FieldIssues from "./FieldIssues.js"
