/**
 * @since 0.1.0
 */
export * as DialNexaApi from "./DialNexaApi.js"

/**
 * @since 0.1.0
 */
export * as Faults from "./Faults.js"

/**
 * @since 0.1.0
 */
export * as LevrageApi from "./LevrageApi.js"

/**
 * @since 0.1.0
 */
export * as NixflexApi from "./NixflexApi.js"

/**
 * @since 0.1.0
 */
export * as Simulator from "./Simulator.js"

/**
 * @since 0.1.0
 */
export * as Stats from "./Stats.js"

/**
 * @since 0.1.0
 */
export * as Vendor from "./Vendor.js"
