// Small guards the vendors' request checks share. Each vendor words its own errors; these only say yes or no.

/** @internal */
export const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

/** E.164: a plus, a non-zero digit, and 7 to 15 digits in all. @internal */
export const isE164 = (u: unknown): u is string => typeof u === "string" && /^\+[1-9]\d{6,14}$/.test(u)

/** @internal */
export const isNonEmptyString = (u: unknown): u is string => typeof u === "string" && u.trim().length > 0

/** @internal */
export const isIsoDateTime = (u: unknown): u is string =>
  typeof u === "string" && /^\d{4}-\d{2}-\d{2}T/.test(u) && !Number.isNaN(Date.parse(u))

/** @internal */
export const isInteger = (u: unknown): u is number => typeof u === "number" && Number.isInteger(u)
