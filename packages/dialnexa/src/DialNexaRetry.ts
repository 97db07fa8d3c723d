/**
 * DialNexa's documented retry guidance as the default retry policy:
 *
 * | status | retry | wait |
 * |---|---|---|
 * | 429 | yes | `Retry-After` seconds, else `X-RateLimit-Reset`; else 1 s doubling (the rate-limit page's sample) |
 * | 502, 503, 504, network errors | yes | exponential backoff from 1 s up to 30 s (the TypeScript guide) |
 * | 500 (with or without DialNexa's body) | twice, with backoff | the docs only say "contact support if it persists" |
 * | other 4xx | no | |
 *
 * DialNexa documents no idempotency key, so a POST is retried only when its failure proves DialNexa did not act
 * on it (a refused connection, a 429). Override one tag with `RetryPolicy.overrideTag`.
 *
 * @since 0.1.0
 */
import { Backoff, type Failure, RetryPolicy } from "@faultline/core"
import type { DialNexaFailure } from "./DialNexaError.js"

const tooManyRequests = RetryPolicy.rule({
  backoff: Backoff.exponential({ base: "1 second", max: "60 seconds" }),
  retries: 5,
  hint: "honour"
})
const internalServerError = RetryPolicy.rule({
  backoff: Backoff.exponential({ base: "1 second", max: "30 seconds" }),
  retries: 2
})
const gateway = RetryPolicy.rule({
  backoff: Backoff.exponential({ base: "1 second", max: "30 seconds" }),
  retries: 3
})

/**
 * DialNexa's documented retry guidance (the table above) as a policy: at most 6 attempts, within 5 minutes.
 *
 * @since 0.1.0
 * @category policies
 */
export const defaults: RetryPolicy.RetryPolicy<DialNexaFailure | Failure.CoreFailure> = RetryPolicy.make({
  tags: {
    TooManyRequests: tooManyRequests,
    BadGateway: gateway,
    ServiceUnavailable: gateway,
    GatewayTimeout: gateway,
    InternalServerError: internalServerError
  },
  categories: {
    rate_limited: tooManyRequests,
    server: internalServerError,
    upstream: gateway,
    unavailable: gateway,
    timeout: gateway,
    transport: gateway
  },
  maxAttempts: 6,
  deadline: "5 minutes"
})
