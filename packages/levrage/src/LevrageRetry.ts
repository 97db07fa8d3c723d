/**
 * Levrage's documented retry table as the default retry policy (the error-handling page's "Retry Strategy"):
 *
 * | status | retry | wait |
 * |---|---|---|
 * | 429 | yes | until `X-RateLimit-Reset` (backoff from 1 s when absent) |
 * | 500 | yes | exponential backoff (1 s, 2 s, 4 s, capped at 30 s) |
 * | 502 | yes | 1–2 s |
 * | 503 | yes | 30 s or more (a longer hint is honoured) |
 * | 504 | yes | backoff, each attempt with twice the timeout |
 * | 400, 401, 403, 404, 409, 422, quota | no | |
 *
 * Failures without a Levrage status tag (an HTML gateway page, a transport fault, an attempt timeout, an unknown
 * code) follow the same table by category. Override one tag with `RetryPolicy.overrideTag`.
 *
 * @since 0.1.0
 */
import { Backoff, type Failure, RetryPolicy } from "@faultline/core"
import type { LevrageFailure } from "./LevrageError.js"

const rateLimited = RetryPolicy.rule({
  backoff: Backoff.exponential({ base: "1 second", max: "60 seconds" }),
  retries: 5,
  hint: "honour"
})
const serverError = RetryPolicy.rule({
  backoff: Backoff.exponential({ base: "1 second", max: "30 seconds" }),
  retries: 3
})
const badGateway = RetryPolicy.rule({ backoff: Backoff.between("1 second", "2 seconds"), retries: 3 })
const unavailable = RetryPolicy.rule({
  backoff: Backoff.fixed("30 seconds"),
  retries: 3,
  minimumDelay: "30 seconds"
})
const gatewayTimeout = RetryPolicy.rule({
  backoff: Backoff.exponential({ base: "1 second", max: "30 seconds" }),
  retries: 3,
  timeoutGrowth: 2
})

/**
 * Levrage's documented retry table (above) as a policy: at most 6 attempts, within 5 minutes.
 *
 * @since 0.1.0
 * @category policies
 */
export const defaults: RetryPolicy.RetryPolicy<LevrageFailure | Failure.CoreFailure> = RetryPolicy.make({
  tags: {
    RateLimited: rateLimited,
    InternalError: serverError,
    BadGateway: badGateway,
    ServiceUnavailable: unavailable,
    GatewayTimeout: gatewayTimeout,
    BadRequest: RetryPolicy.never,
    ValidationError: RetryPolicy.never,
    AuthenticationError: RetryPolicy.never,
    Forbidden: RetryPolicy.never,
    NotFound: RetryPolicy.never,
    Conflict: RetryPolicy.never,
    UnprocessableEntity: RetryPolicy.never,
    QuotaExceeded: RetryPolicy.never
  },
  categories: {
    rate_limited: rateLimited,
    server: serverError,
    upstream: badGateway,
    unavailable,
    timeout: gatewayTimeout,
    transport: serverError
  },
  maxAttempts: 6,
  deadline: "5 minutes"
})
