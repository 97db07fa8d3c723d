/**
 * Test fixtures for DialNexa, on their own entry point (`@faultline/dialnexa/testing`) so that a program importing the
 * client pulls in no fast-check: the response arbitraries the property laws use, and every example error body the
 * vendor's docs show with the failure it must decode to.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as DialNexaArbitrary from "./DialNexaArbitrary.js"
/**
 * @since 0.1.0
 */
export * as DocumentedExamples from "./DocumentedExamples.js"
