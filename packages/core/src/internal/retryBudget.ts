import type { Options, RetryBudget } from "../RetryBudget.js"

/** @internal */
export const make = (options: Options = {}): RetryBudget => {
  const capacity = options.capacity ?? 10
  const retryCost = options.retryCost ?? 1
  const successRefill = options.successRefill ?? 0.1
  const buckets = new Map<string, number>()
  const remaining = (host: string) => buckets.get(host) ?? capacity
  return {
    remaining,
    withdraw: (host) => {
      const tokens = remaining(host)
      if (tokens < retryCost) return false
      buckets.set(host, tokens - retryCost)
      return true
    },
    deposit: (host) => {
      buckets.set(host, Math.min(capacity, remaining(host) + successRefill))
    }
  }
}

/** @internal */
export const unlimited: RetryBudget = {
  withdraw: () => true,
  deposit: () => {},
  remaining: () => Number.POSITIVE_INFINITY
}
