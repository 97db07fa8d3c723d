/**
 * A real HTTP server that speaks the DialNexa, Levrage and Nixflex APIs as their docs describe them, with rate
 * limits, outages and broken responses on demand, a control API, counters and a request log: for testing clients
 * against failures, in-process under `TestClock` or as a standalone server (`faultline-simulator`).
 *
 * @since 0.1.0
 */

/**
 * The simulator's DialNexa: the routes it serves, as the DialNexa docs describe them.
 *
 * @since 0.1.0
 */
export * as DialNexaApi from "./DialNexaApi.js"

/**
 * Faults on demand: outages, error statuses, proxy pages, resets, hangs, cut-off and huge bodies, latency.
 *
 * @since 0.1.0
 */
export * as Faults from "./Faults.js"

/**
 * The simulator's Levrage: the routes it serves, as the Levrage docs describe them.
 *
 * @since 0.1.0
 */
export * as LevrageApi from "./LevrageApi.js"

/**
 * The simulator's Nixflex: the routes it serves, as the Nixflex docs describe them.
 *
 * @since 0.1.0
 */
export * as NixflexApi from "./NixflexApi.js"

/**
 * The simulator itself: the server for all three vendors and its controls, as an effect or a layer.
 *
 * @since 0.1.0
 */
export * as Simulator from "./Simulator.js"

/**
 * What the simulator saw and did: its counters and its request log.
 *
 * @since 0.1.0
 */
export * as Stats from "./Stats.js"

/**
 * The three vendors the simulator speaks, and where each is mounted.
 *
 * @since 0.1.0
 */
export * as Vendor from "./Vendor.js"
