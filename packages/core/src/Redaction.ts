/**
 * Keeping secrets out of failures. A `Redactor` knows the secrets of one client (its API key and the parts of
 * it) and replaces them, and anything shaped like a credential, in every string a failure keeps: messages,
 * body snippets, vendor details and URLs.
 *
 * @since 0.1.0
 */
import type * as Redacted from "effect/Redacted"
import * as internal from "./internal/redaction.js"

/**
 * What a secret is replaced with.
 *
 * @since 0.1.0
 * @category constants
 */
export const placeholder: string = internal.placeholder

/**
 * Replaces secrets in strings and in JSON values.
 *
 * @since 0.1.0
 * @category models
 */
export interface Redactor {
  /** Replaces every known secret, bearer token (12 characters or more) and credential query parameter in a string. */
  readonly string: (text: string) => string
  /**
   * Makes a JSON value fit to keep in a failure: every string redacted (keys whose names say "secret" lose their
   * value), a `__proto__` key dropped, and the value bounded — strings cut at 2,000 characters, arrays and objects
   * at 100 items, anything nested deeper than 32 levels replaced by "<too deep>".
   */
  readonly json: (value: unknown) => unknown
  /** Redacts a URL: known secrets, and the values of credential-like query parameters. */
  readonly url: (url: string) => string
}

/**
 * A redactor for a set of secrets. Each secret also counts in its URL-encoded and JSON-escaped forms, and a
 * `id:secret` pair counts as a whole and as each part. Secrets shorter than 6 characters are ignored: replacing
 * them would mangle ordinary text without protecting anything.
 *
 * @example
 * ```ts
 * import { Redaction } from "@faultline/core"
 * import { Redacted } from "effect"
 *
 * const redactor = Redaction.make([Redacted.make("nxf_0123456789:nxfs_abcdef")])
 * redactor.string("bad key nxfs_abcdef") // "bad key <redacted>"
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: (secrets: Iterable<Redacted.Redacted<string> | string>) => Redactor = internal.make

/**
 * A redactor with no known secrets: it still removes bearer tokens and credential query parameters.
 *
 * @since 0.1.0
 * @category constructors
 */
export const generic: Redactor = internal.make([])
