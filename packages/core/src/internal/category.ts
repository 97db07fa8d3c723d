import type { Category } from "../Category.js"

/** @internal */
export const fromStatus = (status: number): Category => {
  switch (status) {
    case 400:
      return "invalid_request"
    case 401:
      return "unauthorized"
    case 402:
      return "quota"
    case 403:
      return "forbidden"
    case 404:
    case 410:
      return "not_found"
    case 408:
    case 504:
      return "timeout"
    case 409:
      return "conflict"
    case 422:
      return "unprocessable"
    case 429:
      return "rate_limited"
    case 502:
      return "upstream"
    case 503:
      return "unavailable"
  }
  if (status >= 400 && status < 500) return "invalid_request"
  if (status >= 500 && status < 600) return "server"
  // 1xx, 2xx and 3xx are not failures by themselves: a failure carrying one is a response faultline could not use.
  return "unexpected"
}

const transient: ReadonlySet<Category> = new Set<Category>([
  "rate_limited",
  "server",
  "upstream",
  "unavailable",
  "timeout",
  "transport"
])

/** @internal */
export const isTransient = (category: Category): boolean => transient.has(category)
