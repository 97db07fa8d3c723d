import { type BareItem, type Parameters, parseDictionary, parseItem, parseList } from "structured-headers"

/**
 * The IETF `RateLimit` fields (draft-ietf-httpapi-ratelimit-headers), read as Structured Fields (RFC 9651) by
 * `structured-headers`, in the three shapes servers send:
 *
 * - drafts 8 and later: a List of policies, `RateLimit: "burst";r=0;t=3, "daily";r=500;t=86000`;
 * - draft 7: a Dictionary, `RateLimit: limit=10, remaining=0, reset=5`;
 * - draft 6 and earlier: separate `RateLimit-Remaining` and `RateLimit-Reset` Items.
 *
 * A field that does not parse says nothing (no policy), rather than a guess from part of it.
 */

/** What a response says of one quota policy: requests left, and seconds until the policy's window resets. */
export interface Policy {
  readonly remaining: number | undefined
  readonly resetSeconds: number | undefined
}

const count = (value: BareItem | undefined): number | undefined =>
  typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : undefined

const attempt = <A>(parse: () => A): A | undefined => {
  try {
    return parse()
  } catch {
    return undefined
  }
}

const fromParameters = (parameters: Parameters): Policy | undefined => {
  const remaining = count(parameters.get("r"))
  const resetSeconds = count(parameters.get("t"))
  return remaining === undefined && resetSeconds === undefined ? undefined : { remaining, resetSeconds }
}

const fromList = (field: string): ReadonlyArray<Policy> | undefined => {
  const list = attempt(() => parseList(field))
  if (list === undefined) return undefined
  const policies: Array<Policy> = []
  for (const [, parameters] of list) {
    const policy = fromParameters(parameters)
    if (policy !== undefined) policies.push(policy)
  }
  return policies.length === 0 ? undefined : policies
}

const fromDictionary = (field: string): ReadonlyArray<Policy> => {
  const dictionary = attempt(() => parseDictionary(field))
  if (dictionary === undefined) return []
  const member = (key: string) => {
    const value = dictionary.get(key)
    return value === undefined || Array.isArray(value[0]) ? undefined : count(value[0] as BareItem)
  }
  const remaining = member("remaining")
  const resetSeconds = member("reset")
  return remaining === undefined && resetSeconds === undefined ? [] : [{ remaining, resetSeconds }]
}

const fromItem = (field: string | undefined): number | undefined => {
  if (field === undefined) return undefined
  const item = attempt(() => parseItem(field))
  return item === undefined ? undefined : count(item[0])
}

/**
 * The policies of a response's IETF `RateLimit` fields (header names in lower case), or none.
 *
 * @internal
 */
export const policies = (headers: Readonly<Record<string, string>>): ReadonlyArray<Policy> => {
  const field = headers["ratelimit"]
  if (field !== undefined) return fromList(field) ?? fromDictionary(field)
  const remaining = fromItem(headers["ratelimit-remaining"])
  const resetSeconds = fromItem(headers["ratelimit-reset"])
  return remaining === undefined && resetSeconds === undefined ? [] : [{ remaining, resetSeconds }]
}

/**
 * Whether a policy is spent: nothing remains, or (when it does not say what remains) the response is a 429.
 *
 * @internal
 */
export const isSpent = (policy: Policy, status: number): boolean =>
  policy.remaining === undefined ? status === 429 : policy.remaining === 0

/**
 * The seconds until every spent policy has reset: the longest reset among them, or `undefined` when none is spent
 * (or no spent one says when it resets).
 *
 * @internal
 */
export const spentResetSeconds = (all: ReadonlyArray<Policy>, status: number): number | undefined => {
  let longest: number | undefined
  for (const policy of all) {
    if (!isSpent(policy, status) || policy.resetSeconds === undefined) continue
    longest = longest === undefined ? policy.resetSeconds : Math.max(longest, policy.resetSeconds)
  }
  return longest
}
