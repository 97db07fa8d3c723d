/**
 * Test fixtures for DialNexa, on their own entry point (`@faultline/dialnexa/testing`) so that a program importing the
 * client pulls in no fast-check: the response arbitraries the property laws use, and every example error body the
 * vendor's docs show with the failure it must decode to.
 *
 * @since 0.1.0
 */

/**
 * fast-check arbitraries of DialNexa's error responses (envelopes, junk, whole responses) and the failures they
 * decode to.
 *
 * @since 0.1.0
 */
export * as DialNexaArbitrary from "./DialNexaArbitrary.js"
/**
 * Every example error response in the DialNexa docs, with the tag and category it must decode to.
 *
 * @since 0.1.0
 */
export * as DocumentedExamples from "./DocumentedExamples.js"
