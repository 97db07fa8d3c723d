/**
 * Checking that a secret never shows in a failure: every way a failure is seen — its JSON, `String()`, `message`
 * and the pretty-printed `Cause` a log would print — searched for the secret in every form a server plausibly
 * echoes it back in, as written and decoded.
 *
 * @since 0.1.0
 */
import * as Cause from "effect/Cause"

// ASCII punctuation and white space: what a key puts between its parts.
const separator = /[\s!-/:-@[-`{-~]/g

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")

// What the redactor replaces on its own: the secret, the halves of `id:secret`, and the other pieces between each
// kind of separator and the parts (the runs between any separators) unless they are plain words ("secret" in a
// key `nxfs_test-kit-secret`); those of 6 characters or more.
const isWord = (text: string) => /^(?:[a-z]+|[A-Z]+|[A-Z][a-z]+)$/.test(text)
const edges = /^[\s!-/:-@[-`{-~]+|[\s!-/:-@[-`{-~]+$/g

const formsOf = (secret: string): ReadonlyArray<string> => {
  const pieces = [...new Set(secret.match(separator))].flatMap((s) => secret.split(s).map((p) => p.replace(edges, "")))
  const others = [...pieces, ...secret.split(separator)].filter((form) => !isWord(form))
  return [...new Set([secret, ...secret.split(":"), ...others])].filter((form) => form.length >= 6)
}

const percentDecoded = (text: string): string =>
  text.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run)
    } catch {
      return run.replace(/%([0-7][0-9a-fA-F])/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    }
  })

const jsonShort: Record<string, string> = { b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" }
const jsonUnescaped = (text: string): string =>
  text.replace(/\\u([0-9a-fA-F]{4})|\\(.)/g, (_, hex: string | undefined, char: string) =>
    hex === undefined ? (jsonShort[char] ?? char) : String.fromCharCode(Number.parseInt(hex, 16))
  )

const htmlNamed: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" }
const htmlUnescaped = (text: string): string =>
  text.replace(/&#[xX]([0-9a-fA-F]{1,6});|&#(\d{1,7});|&(amp|lt|gt|quot|apos);/g, (reference, hex, decimal, named) => {
    const code =
      hex !== undefined ? Number.parseInt(hex, 16) : decimal !== undefined ? Number.parseInt(decimal, 10) : -1
    return named !== undefined ? htmlNamed[named]! : code <= 0x10ffff ? String.fromCodePoint(code) : reference
  })

// Every escape undone, over and over: a percent-encoded JSON escape, an escape inside a JSON string in JSON.
const decoded = (text: string): string => {
  let current = text
  for (let round = 0; round < 4; round++) {
    const next = percentDecoded(htmlUnescaped(jsonUnescaped(current)))
    if (next === current) break
    current = next
  }
  return current
}

const decodings: ReadonlyArray<readonly [string, (text: string) => string]> = [
  ["percent-decoded", percentDecoded],
  ["form-decoded", (text) => percentDecoded(text.replace(/\+/g, " "))],
  ["JSON-unescaped", jsonUnescaped],
  ["HTML-unescaped", htmlUnescaped],
  ["decoded", decoded]
]

// Each run of base64 characters, of either alphabet, decoded from each of its first 4 characters (one of them
// starts a group, wherever the run was cut) to bytes, one character per byte.
const base64Decoded = (text: string): ReadonlyArray<string> =>
  (text.match(/[A-Za-z0-9+/_-]{8,}/g) ?? []).flatMap((run) =>
    [0, 1, 2, 3].map((start) => {
      const window = run.slice(start).replace(/-/g, "+").replace(/_/g, "/")
      // A last group of 2 or 3 characters still holds 1 or 2 bytes.
      return atob(window.length % 4 === 1 ? window.slice(0, -1) : window.padEnd(Math.ceil(window.length / 4) * 4, "="))
    })
  )

const bytesOf = (text: string) => String.fromCharCode(...new TextEncoder().encode(text))

/**
 * Where `secret` shows in `failure`, as "json contains …", "pretty contains …, percent-decoded"; empty when it
 * shows nowhere.
 *
 * Searched for: the secret, each piece or part of it of 6 characters or more (the halves of an `id:secret` pair, the
 * segments of a dotted key; other than plain words), and all its parts rejoined with any other separators
 * (`a.b.c`, `["a","b","c"]`). Each view is searched as written, decoded (percent-encoding in either case, form
 * encoding, repeated encoding, JSON and HTML escapes), and through base64 and base64url at any alignment.
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
  const forms = formsOf(secret)
  const parts = secret.split(separator).filter((part) => part.length > 0)
  // As the redactor does, only parts that come to 6 characters count when rejoined.
  const rejoined =
    parts.length > 1 && parts.join("").length >= 6
      ? new RegExp(parts.map(escapeRegExp).join("[^A-Za-z0-9]{0,8}"))
      : undefined
  const formBytes = forms.map(bytesOf)
  const message = typeof failure === "object" && failure !== null && "message" in failure ? String(failure.message) : ""
  const views = {
    json: JSON.stringify(failure) ?? "",
    string: String(failure),
    message,
    pretty: Cause.pretty(Cause.fail(failure))
  }
  const leaks = new Set<string>()
  for (const [view, text] of Object.entries(views)) {
    const readings: ReadonlyArray<readonly [string, string]> = [
      ["", text],
      ...decodings.map(([how, decode]) => [`, ${how}`, decode(text)] as const)
    ]
    for (const [how, reading] of readings) {
      for (const form of forms) if (reading.includes(form)) leaks.add(`${view} contains ${form}${how}`)
      if (rejoined?.test(reading)) leaks.add(`${view} contains ${parts.join(" ")} rejoined${how}`)
      for (const bytes of base64Decoded(reading)) {
        forms.forEach((form, i) => {
          if (bytes.includes(formBytes[i]!)) leaks.add(`${view} contains ${form} in base64${how}`)
        })
        if (rejoined?.test(bytes)) leaks.add(`${view} contains ${parts.join(" ")} rejoined in base64${how}`)
      }
    }
  }
  return [...leaks]
}
