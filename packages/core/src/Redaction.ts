/**
 * Keeping secrets out of failures. A `Redactor` knows the secrets of one client (its API key and the parts of
 * it) and replaces them, in whatever form a server echoes them back in, and anything shaped like a credential, in
 * every string a failure keeps: messages, body snippets, vendor details and URLs.
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
   * value), the strings of an array that together spell a key (`["header", "ab12", "cd34"]`) replaced, a
   * `__proto__` key dropped, and the value bounded — strings cut at 2,000 characters, arrays and objects at 100
   * items, anything nested deeper than 32 levels replaced by "<too deep>".
   */
  readonly json: (value: unknown) => unknown
  /** Redacts a URL: known secrets, and the values of credential-like query parameters. */
  readonly url: (url: string) => string
  /**
   * The first `length` characters of a text, redacted. Only the start of the text is read; and where the text is
   * cut (by this, or because it is itself the start of something longer: `truncated`), a secret cut in two leaves
   * its first part at the end, which no pattern can know: a tail that starts a secret is dropped.
   */
  readonly head: (text: string, length: number, truncated?: boolean) => string
}

/**
 * A redactor for a set of secrets. Secrets shorter than 6 characters are ignored: replacing them would mangle
 * ordinary text without protecting anything. Each secret counts:
 *
 * - as a whole, and rejoined with other separators (ASCII punctuation or white space, up to 40 between two parts,
 *   or none) when its parts come to 6 characters: `ab12:cd34:ef56` also as `ab12.cd34.ef56`, `/ab12/cd34/ef56`
 *   or `"ab12","cd34","ef56"`;
 * - by its pieces of 6 characters or more: each half of an `id:secret` pair, and the pieces between each other
 *   kind of separator and the parts between any separators, unless they are plain words (`secret` in
 *   `nxfs_test-kit-secret`, which would otherwise turn a vendor's `key_secret_required` into nonsense);
 * - escaped, as a whole or character by character: percent-encoded in either case, form-encoded, partly or
 *   repeatedly (`%3a`, `%253A`), JSON-escaped (`\u0041`, `\/`), as HTML references, or one inside another, up to
 *   four deep (a text with escapes left after four rounds of decoding is withheld whole);
 * - in base64 and base64url, padded or not, at any of the 3 byte alignments inside a longer encoded string
 *   (`Basic base64("user:" + key)`): the whole secret and each of its pieces.
 *
 * Text with no `%`, `\` or `&` is searched as written, with two patterns built once per redactor; other text is
 * also searched decoded, and what matches there is replaced where it came from.
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
