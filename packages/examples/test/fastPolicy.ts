import { Backoff, type Failure, RetryPolicy } from "@faultline/core"
import type { Duration } from "effect"

/**
 * A vendor's policy with its decisions kept (what is retried, how many times, within how many attempts) and every
 * wait 10 ms, so that tests against a real server take milliseconds rather than the vendor's seconds. `hint:
 * "ignore"` also drops the servers' wait hints; `deadline` replaces the policy's.
 */
export const fast = <E extends Failure.Failure>(
  policy: RetryPolicy.RetryPolicy<E>,
  options: { readonly hint?: "ignore" | undefined; readonly deadline?: Duration.DurationInput | undefined } = {}
): RetryPolicy.RetryPolicy<E> => {
  const quick = (decision: RetryPolicy.Decision | undefined): RetryPolicy.Decision | undefined =>
    decision === undefined || decision._tag === "Never"
      ? decision
      : RetryPolicy.rule({
          backoff: Backoff.fixed("10 millis"),
          retries: decision.retries,
          ...(options.hint === undefined ? {} : { hint: options.hint })
        })
  const quickAll = <K extends string>(rows: { readonly [Key in K]?: RetryPolicy.Decision }) =>
    Object.fromEntries(
      Object.entries<RetryPolicy.Decision | undefined>(rows).map(([key, decision]) => [key, quick(decision)])
    ) as { readonly [Key in K]?: RetryPolicy.Decision }
  return RetryPolicy.make<E>({
    tags: quickAll(policy.tags),
    categories: quickAll(policy.categories),
    maxAttempts: policy.maxAttempts,
    deadline: options.deadline ?? policy.deadline
  })
}
