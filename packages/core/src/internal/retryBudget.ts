import type { Options, RetryBudget } from "../RetryBudget.js"

// Tokens are kept as integer millionths: sums of fractions such as 0.1 are then exact.
const scale = 1_000_000
const units = (tokens: number) => Math.round(tokens * scale)

/** @internal */
export const make = (options: Options = {}): RetryBudget => {
  const capacity = units(options.capacity ?? 10)
  const retryCost = units(options.retryCost ?? 1)
  const successRefill = units(options.successRefill ?? 0.1)
  const buckets = new Map<string, number>()
  const unitsLeft = (host: string) => buckets.get(host) ?? capacity
  const add = (host: string, amount: number) => buckets.set(host, Math.min(capacity, unitsLeft(host) + amount))
  return {
    remaining: (host) => unitsLeft(host) / scale,
    withdraw: (host) => {
      const left = unitsLeft(host)
      if (left < retryCost) return false
      buckets.set(host, left - retryCost)
      return true
    },
    refund: (host) => add(host, retryCost),
    deposit: (host) => add(host, successRefill)
  }
}

/** @internal */
export const unlimited: RetryBudget = {
  withdraw: () => true,
  refund: () => {},
  deposit: () => {},
  remaining: () => Number.POSITIVE_INFINITY
}
