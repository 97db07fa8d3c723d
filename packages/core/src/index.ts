/**
 * Typed failures for Effect programs that call HTTP APIs with JSON error envelopes. `@faultline/core` holds what
 * every vendor shares: the failure model and its categories, the `Dialect` contract that decodes any response into
 * a success or exactly one tagged failure, retry policies, pacing, outages, redaction, and the typed `HttpClient`
 * layer the vendor packages (`@faultline/dialnexa`, `@faultline/levrage`, `@faultline/nixflex`) are built from.
 *
 * @since 0.1.0
 */

/**
 * The typed client layer: an `HttpClient` for one vendor whose failures are the vendor's and the core's.
 *
 * @since 0.1.0
 */
export * as ApiClient from "./ApiClient.js"

/**
 * Delay shapes for retry rules, as Effect `Schedule`s, with jitter that never exceeds the cap.
 *
 * @since 0.1.0
 */
export * as Backoff from "./Backoff.js"

/**
 * The category of a failure: what kind of thing went wrong, whatever the vendor and code.
 *
 * @since 0.1.0
 */
export * as Category from "./Category.js"

/**
 * Outages: while a vendor is down, a client's calls wait behind one probe instead of retrying into it.
 *
 * @since 0.1.0
 */
export * as CircuitBreaker from "./CircuitBreaker.js"

/**
 * The `Dialect` contract and total decoding: any response becomes a success or exactly one tagged failure.
 *
 * @since 0.1.0
 */
export * as Dialect from "./Dialect.js"

/**
 * A vendor's endpoints declared as data: method, path, input and answer schemas, documented failures.
 *
 * @since 0.1.0
 */
export * as Endpoint from "./Endpoint.js"

/**
 * The failure model: the core failures, the fields every vendor failure shares, and guards by category.
 *
 * @since 0.1.0
 */
export * as Failure from "./Failure.js"

/**
 * Local validation: checking a request's input before it is sent, failing with `InvalidInput`.
 *
 * @since 0.1.0
 */
export * as Input from "./Input.js"

/**
 * Pacing: learning a vendor's quota from its rate-limit headers and holding requests while it is spent.
 *
 * @since 0.1.0
 */
export * as Pacing from "./Pacing.js"

/**
 * Pagination schemes (page numbers, offsets) that a list endpoint reads into one stream of items.
 *
 * @since 0.1.0
 */
export * as Pagination from "./Pagination.js"

/**
 * A dialect for RFC 9457 problem details (`application/problem+json`).
 *
 * @since 0.1.0
 */
export * as ProblemJson from "./ProblemJson.js"

/**
 * Keeping secrets out of failures: API keys, in whatever form a server echoes them, and credentials.
 *
 * @since 0.1.0
 */
export * as Redaction from "./Redaction.js"

/**
 * Reading response bodies with a size limit, keeping what arrived of a body cut off or broken.
 *
 * @since 0.1.0
 */
export * as ResponseBody from "./ResponseBody.js"

/**
 * A retry budget per host, so that calls stop retrying when a vendor fails for everyone.
 *
 * @since 0.1.0
 */
export * as RetryBudget from "./RetryBudget.js"

/**
 * Retry policies as values, per failure tag and category, and the retry loop that runs them.
 *
 * @since 0.1.0
 */
export * as RetryPolicy from "./RetryPolicy.js"

/**
 * The record of a call's retries: its attempts, waits and holds, and why it stopped.
 *
 * @since 0.1.0
 */
export * as RetryTrace from "./RetryTrace.js"

/**
 * One factory for every vendor's client layers: `make`, `layer` and `layerConfig` from a vendor's declaration.
 *
 * @since 0.1.0
 */
export * as VendorClient from "./VendorClient.js"

/**
 * Wait hints: how long a server asked the client to wait, read from its headers and its body.
 *
 * @since 0.1.0
 */
export * as WaitHint from "./WaitHint.js"
