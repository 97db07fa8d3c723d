/**
 * @since 0.1.0
 */
export * as FakeApiClient from "./FakeApiClient.js"

/**
 * @since 0.1.0
 */
export * as ResponseArbitrary from "./ResponseArbitrary.js"

/**
 * @since 0.1.0
 */
export * as Script from "./Script.js"

/**
 * @since 0.1.0
 */
export * as ScriptedHttpClient from "./ScriptedHttpClient.js"

/**
 * @since 0.1.0
 */
export * as SecretLeaks from "./SecretLeaks.js"

/**
 * @since 0.1.0
 */
export * as Step from "./Step.js"

/**
 * @since 0.1.0
 */
export * as TrackedHttpClient from "./TrackedHttpClient.js"

/**
 * @since 0.1.0
 */
export * as VirtualTime from "./VirtualTime.js"
