/**
 * The typed client layer: an `HttpClient` for one vendor whose error channel holds that vendor's failures and
 * the core failures, and nothing else. It sets the base URL and the authentication headers, reads every body
 * with a limit, decodes every non-success response through the vendor's dialect, maps transport faults to
 * `TransportError`, and bounds each attempt with a timeout.
 *
 * It wraps whatever `HttpClient` the program provides (NodeHttpClient over undici, FetchHttpClient, a test
 * client), so the choice of transport stays the user's.
 *
 * @since 0.1.0
 */

import type * as Headers from "@effect/platform/Headers"
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import type * as Duration from "effect/Duration"
import type * as Effect from "effect/Effect"
import type * as Metric from "effect/Metric"
import type * as Option from "effect/Option"
import type * as Redacted from "effect/Redacted"
import type * as Schema from "effect/Schema"
import type * as CircuitBreaker from "./CircuitBreaker.js"
import type * as Dialect from "./Dialect.js"
import type * as Failure from "./Failure.js"
import * as internal from "./internal/apiClient.js"
import * as attemptSpan from "./internal/attemptSpan.js"
import * as successBody from "./internal/successBody.js"
import * as transportError from "./internal/transportError.js"
import type * as Pacing from "./Pacing.js"
import type * as Redaction from "./Redaction.js"
import type * as RetryBudget from "./RetryBudget.js"
import type * as RetryPolicy from "./RetryPolicy.js"
import type * as RetryTrace from "./RetryTrace.js"

/**
 * An `HttpClient` whose failures are exactly `E` plus the core failures.
 *
 * @since 0.1.0
 * @category models
 */
export interface ApiClient<E> extends HttpClient.HttpClient.With<E | Failure.CoreFailure> {}

/**
 * The options of `make`: where the vendor is and how to authenticate (base URL, API key, headers), the limits of an
 * attempt (body limit, timeout), the secrets to redact, and how to live with the vendor's failures (retry policy, retry
 * budget, pacing, circuit breaker).
 *
 * @since 0.1.0
 * @category models
 */
export interface Options<E extends Failure.Failure = Failure.Failure> {
  /** Prefixed to every request URL ("https://api.nixflex.com"). */
  readonly baseUrl: string
  readonly apiKey: Redacted.Redacted<string>
  /** Extra headers on every request. */
  readonly headers?: Headers.Input | undefined
  /** The most bytes read of any response body (default 4 MiB). A larger body is a `TooLarge` failure. */
  readonly bodyLimit?: number | undefined
  /**
   * Timeout of one attempt, from sending to the end of the body (default 30 seconds; `false` for none). A retry
   * rule may grow it (`timeoutGrowth`). Without a retry policy it is also the longest the call may be held for the
   * quota or an outage before it is sent.
   */
  readonly timeout?: Duration.DurationInput | false | undefined
  /** Other secrets to keep out of failures (a webhook secret, a second key). */
  readonly secrets?: Iterable<Redacted.Redacted<string>> | undefined
  /**
   * How to retry failed attempts (see `RetryPolicy`); no retries when absent. Mutating requests get an
   * idempotency key (in the dialect's header, when it has one) that stays the same on every attempt; a key the
   * request already carries wins.
   */
  readonly retry?: RetryPolicy.RetryPolicy<E | Failure.CoreFailure> | undefined
  /**
   * The budget the client's retries draw on, per host (see `RetryBudget`). Each client gets its own
   * `RetryBudget.make()` by default; pass one to share it between clients, or `RetryBudget.unlimited`.
   */
  readonly retryBudget?: RetryBudget.RetryBudget | undefined
  /**
   * Where the client keeps what the `X-RateLimit-*` headers say of the quota, to hold requests while it is spent
   * (see `Pacing`). Each client gets its own `Pacing.memoryStore()` by default; `false` turns pacing off.
   */
  readonly pacing?: Pacing.PacingStore | false | undefined
  /**
   * Holds the client's calls behind one probe while the vendor is down (see `CircuitBreaker`). Each client gets
   * its own `CircuitBreaker.make()` by default; `false` turns it off.
   */
  readonly circuitBreaker?: CircuitBreaker.CircuitBreaker | false | undefined
}

/**
 * Wraps an `HttpClient` for one dialect.
 *
 * @example
 * ```ts
 * import { FetchHttpClient, HttpClient } from "@effect/platform"
 * import { ApiClient, ProblemJson } from "@faultline/core"
 * import { Effect, Redacted } from "effect"
 *
 * const program = Effect.gen(function*() {
 *   const client = ApiClient.make(ProblemJson.dialect, {
 *     baseUrl: "https://api.example.com",
 *     apiKey: Redacted.make("secret-key")
 *   })(yield* HttpClient.HttpClient)
 *   return yield* client.get("/v1/things").pipe(Effect.flatMap(ApiClient.json))
 * }).pipe(Effect.provide(FetchHttpClient.layer))
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: <E extends Failure.Failure>(
  dialect: Dialect.Dialect<E>,
  options: Options<E>
) => (client: HttpClient.HttpClient) => ApiClient<E> = internal.make

/**
 * Counts the retries of every client, tagged with `vendor` and `reason`, the tag of the failure each retry answers
 * (`RateLimitExceeded`, `TransportError`, …). Each attempt is also a span,
 * `faultline.<vendor>.attempt` (kind client), with the attempt number, method, redacted URL, host and path, the
 * response status and, on failure, its tag, category, code and request id. It replaces the platform's own
 * `http.client` span, which records URLs and response headers verbatim.
 *
 * @since 0.1.0
 * @category metrics
 */
export const retriesTotal: Metric.Metric.Counter<number> = attemptSpan.retriesTotal

/**
 * Counts responses with status 429, of every client, tagged with `vendor`.
 *
 * @since 0.1.0
 * @category metrics
 */
export const rateLimitedTotal: Metric.Metric.Counter<number> = attemptSpan.rateLimitedTotal

/**
 * Counts the milliseconds calls waited, of every client, tagged with `vendor`, `kind` and `source`: `kind: "retry"`
 * for the wait before a retry, whose `source` is where its length came from (`backoff`, `hint`, `clamp`,
 * `minimum`, `outage`, as in `RetryTrace.DelaySource`); `kind: "hold"` for the wait before sending, whose `source`
 * is what held the call (`quota`: pacing, `outage`: the circuit breaker).
 *
 * @example
 * ```ts
 * import { Effect, Metric, MetricState } from "effect"
 *
 * // How long calls waited for the quota, across vendors, once a program has run.
 * const heldForQuota = Effect.map(Metric.snapshot, (pairs) =>
 *   pairs
 *     .filter((pair) => pair.metricKey.name === "faultline_waited_millis_total")
 *     .filter((pair) => pair.metricKey.tags.some((tag) => tag.key === "source" && tag.value === "quota"))
 *     .reduce((sum, pair) => sum + (MetricState.isCounterState(pair.metricState) ? Number(pair.metricState.count) : 0), 0)
 * )
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const waitedMillisTotal: Metric.Metric.Counter<number> = attemptSpan.waitedMillisTotal

/**
 * The retry trace of a successful call made with a retry policy: how many attempts it took, each wait and where
 * it came from, the time held by pacing or an outage. `None` for a response of a client without a policy.
 *
 * @since 0.1.0
 * @category accessors
 */
export const traceOf: (response: HttpClientResponse.HttpClientResponse) => Option.Option<RetryTrace.RetryTrace> =
  successBody.traceOf

/**
 * Translates an `HttpClientError` into a core failure: transport faults become `TransportError` (with whether
 * the request may have reached the server), a request that could not be built becomes `InvalidInput`.
 *
 * @since 0.1.0
 * @category errors
 */
export const fromHttpClientError: (
  error: HttpClientError.HttpClientError,
  redactor: Redaction.Redactor
) => Failure.TransportError | Failure.InvalidInput = transportError.fromHttpClientError

/**
 * The URL of a request as failures show it: query included, secrets and credential parameters redacted.
 *
 * @since 0.1.0
 * @category errors
 */
export const describeUrl: (request: HttpClientRequest.HttpClientRequest, redactor: Redaction.Redactor) => string =
  transportError.describeUrl

/**
 * The JSON body of a success response from an `ApiClient` (already read within the body limit). A body that is
 * not JSON is an `UnexpectedBody` failure.
 *
 * @since 0.1.0
 * @category decoding
 */
export const json: (response: HttpClientResponse.HttpClientResponse) => Effect.Effect<unknown, Failure.UnexpectedBody> =
  successBody.json

/**
 * Decodes the JSON body of a success response with a schema. A body that is not JSON, or does not match, is an
 * `UnexpectedBody` failure (`NotJson` or `Malformed`), never a defect: so is a body nested deeper than 256 levels
 * (schemas decode recursively; no vendor's answer nests anywhere near that), and a schema that throws. Own
 * `__proto__` keys of the body are dropped before decoding, so a server cannot give a decoded value (a record, or a
 * struct that keeps excess properties) fields it would inherit.
 *
 * @since 0.1.0
 * @category decoding
 */
export const schemaJson: <A, I, R>(
  schema: Schema.Schema<A, I, R>
) => (response: HttpClientResponse.HttpClientResponse) => Effect.Effect<A, Failure.UnexpectedBody, R> =
  successBody.schemaJson
