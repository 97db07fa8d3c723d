/**
 * Checking that a secret never shows in a failure: every way a failure is seen — its JSON, `String()`, `message`
 * and the pretty-printed `Cause` a log would print — searched for the secret and for each half of an `id:secret`
 * pair.
 *
 * @since 0.1.0
 */
import * as Cause from "effect/Cause"

/**
 * Where `secret` shows in `failure`, as "json contains …", "pretty contains …"; empty when it shows nowhere.
 *
 * @example
 * ```ts
 * import { SecretLeaks } from "@faultline/testing"
 *
 * // in a test: expect(SecretLeaks.find(apiKey, failure)).toEqual([])
 * ```
 *
 * @since 0.1.0
 * @category assertions
 */
export const find = (secret: string, failure: unknown): ReadonlyArray<string> => {
  const parts = secret.split(":").filter((part) => part.length >= 6)
  const message = typeof failure === "object" && failure !== null && "message" in failure ? String(failure.message) : ""
  const views = {
    json: JSON.stringify(failure) ?? "",
    string: String(failure),
    message,
    pretty: Cause.pretty(Cause.fail(failure))
  }
  return Object.entries(views).flatMap(([view, text]) =>
    [secret, ...parts].filter((s) => text.includes(s)).map((s) => `${view} contains ${s}`)
  )
}
