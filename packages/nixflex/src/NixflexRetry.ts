/**
 * Nixflex's documented retry guidance as the default retry policy:
 *
 * | failure | retry | wait |
 * |---|---|---|
 * | `rate_limit_exceeded` (429) | yes | `details.retry_after`, else Retry-After, else the reset header; backoff from 1 s when none |
 * | `concurrent_call_limit` (429) | yes | "back off and retry": 2 s, 4 s, 8 s … up to 60 s |
 * | `outbound_failed` (502) | no | Twilio refused the dial; repeating it places no call |
 * | server errors (`server_error` type, 5xx) | yes | backoff from 1 s up to 30 s |
 * | every other documented code (4xx) | no | |
 *
 * Mutating requests carry an `Idempotency-Key` (Nixflex documents it for POST, PUT, PATCH and DELETE), so they are
 * safe to retry. Override one tag with `RetryPolicy.overrideTag`.
 *
 * @since 0.1.0
 */
import { Backoff, type Failure, RetryPolicy } from "@faultline/core"
import type { NixflexFailure } from "./NixflexError.js"

const rateLimited = RetryPolicy.rule({
  backoff: Backoff.exponential({ base: "1 second", max: "60 seconds" }),
  retries: 5,
  hint: "honour"
})
const serverSide = RetryPolicy.rule({
  backoff: Backoff.exponential({ base: "1 second", max: "30 seconds" }),
  retries: 3
})

/**
 * Nixflex's documented retry guidance (above) as a policy: at most 6 attempts, within 5 minutes.
 *
 * @since 0.1.0
 * @category policies
 */
export const defaults: RetryPolicy.RetryPolicy<NixflexFailure | Failure.CoreFailure> = RetryPolicy.make({
  tags: {
    RateLimitExceeded: rateLimited,
    ConcurrentCallLimit: RetryPolicy.rule({
      backoff: Backoff.exponential({ base: "2 seconds", max: "60 seconds" }),
      retries: 5
    }),
    OutboundFailed: RetryPolicy.never
  },
  categories: {
    rate_limited: rateLimited,
    server: serverSide,
    upstream: serverSide,
    unavailable: serverSide,
    transport: serverSide,
    timeout: RetryPolicy.rule({
      backoff: Backoff.exponential({ base: "1 second", max: "30 seconds" }),
      retries: 2,
      timeoutGrowth: 2
    })
  },
  maxAttempts: 6,
  deadline: "5 minutes"
})
