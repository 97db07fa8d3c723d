/**
 * @since 0.1.0
 */
export * as ApiClient from "./ApiClient.js"

/**
 * @since 0.1.0
 */
export * as Backoff from "./Backoff.js"

/**
 * @since 0.1.0
 */
export * as Category from "./Category.js"

/**
 * @since 0.1.0
 */
export * as CircuitBreaker from "./CircuitBreaker.js"

/**
 * @since 0.1.0
 */
export * as Dialect from "./Dialect.js"

/**
 * @since 0.1.0
 */
export * as Failure from "./Failure.js"

/**
 * @since 0.1.0
 */
export * as Input from "./Input.js"

/**
 * @since 0.1.0
 */
export * as Pacing from "./Pacing.js"

/**
 * @since 0.1.0
 */
export * as ProblemJson from "./ProblemJson.js"

/**
 * @since 0.1.0
 */
export * as Redaction from "./Redaction.js"

/**
 * @since 0.1.0
 */
export * as ResponseBody from "./ResponseBody.js"

/**
 * @since 0.1.0
 */
export * as RetryBudget from "./RetryBudget.js"

/**
 * @since 0.1.0
 */
export * as RetryPolicy from "./RetryPolicy.js"

/**
 * @since 0.1.0
 */
export * as RetryTrace from "./RetryTrace.js"

/**
 * @since 0.1.0
 */
export * as VendorClient from "./VendorClient.js"

/**
 * @since 0.1.0
 */
export * as WaitHint from "./WaitHint.js"
