/**
 * @since 0.1.0
 */
export * as ResponseArbitrary from "./ResponseArbitrary.js"
