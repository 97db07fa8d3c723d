/**
 * faultline's test kit: scripted `HttpClient`s and fake vendor clients that answer from a script, virtual time
 * that drives `TestClock` against real servers, fast-check arbitraries of responses, and checks that no secret
 * shows in a failure.
 *
 * @since 0.1.0
 */

/**
 * Service-level fakes: a vendor client that answers with tagged failures and steps, without any HTTP.
 *
 * @since 0.1.0
 */
export * as FakeApiClient from "./FakeApiClient.js"

/**
 * fast-check arbitraries of HTTP responses of every kind a server or a proxy can send, for property tests.
 *
 * @since 0.1.0
 */
export * as ResponseArbitrary from "./ResponseArbitrary.js"

/**
 * Scripts: which request gets which answer, and the record of every request a script is asked.
 *
 * @since 0.1.0
 */
export * as Script from "./Script.js"

/**
 * An `HttpClient` that answers from a script of `Step`s instead of a network, recording every request.
 *
 * @since 0.1.0
 */
export * as ScriptedHttpClient from "./ScriptedHttpClient.js"

/**
 * Checking that a secret never shows in a failure, in any form a server plausibly echoes it back in.
 *
 * @since 0.1.0
 */
export * as SecretLeaks from "./SecretLeaks.js"

/**
 * The steps of a script: answer, break the connection, wait, never answer, or decide from the request.
 *
 * @since 0.1.0
 */
export * as Step from "./Step.js"

/**
 * An `HttpClient` to a real server that records what it sends and counts what is on the wire.
 *
 * @since 0.1.0
 */
export * as TrackedHttpClient from "./TrackedHttpClient.js"

/**
 * Running an effect to its end under `TestClock`: its exit, the virtual time it took, when each request arrived.
 *
 * @since 0.1.0
 */
export * as VirtualTime from "./VirtualTime.js"
