import * as Encoding from "effect/Encoding"
import * as Redacted from "effect/Redacted"
import type { Redactor } from "../Redaction.js"

/** @internal */
export const placeholder = "<redacted>"

const minimumSecretLength = 6

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")

const variantsOf = (secret: string): ReadonlyArray<string> => {
  const parts = secret.split(":").filter((part) => part.length >= minimumSecretLength)
  const forms = [secret, ...(parts.length > 1 ? parts : [])]
  const variants = new Set<string>()
  for (const form of forms) {
    variants.add(form)
    variants.add(encodeURIComponent(form))
    variants.add(JSON.stringify(form).slice(1, -1))
    variants.add(Encoding.encodeBase64(form))
  }
  return [...variants].filter((variant) => variant.length >= minimumSecretLength)
}

// Credentials that need no knowledge of the client: bearer/basic tokens in text (long enough to be tokens, so
// that "Invalid token provided" survives), and values of query parameters whose names say they hold one, wherever
// a URL appears in the text.
const bearerPattern = /\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/:=%-]{12,}/gi
const credentialNames =
  "api[-_]?key|apikey|key|token|access[-_]?token|secret|client[-_]?secret|password|passwd|signature|sig|auth|authorization|key[-_]?secret"
const credentialParameter = new RegExp(`([?&;](?:${credentialNames})=)[^&#\\s"'<>]*`, "gi")
const credentialField = /secret|password|token|authorization|api[-_]?key/i

// What a failure keeps of a body is short: deeper JSON than this is cut (nothing a vendor sends nests this far,
// and walking it could exhaust the stack), and so are long strings, arrays and objects.
const maximumDepth = 32
const maximumString = 2000
const maximumItems = 100

/** @internal */
export const tooDeep = "<too deep>"

/** @internal */
export const make = (secrets: Iterable<Redacted.Redacted<string> | string>): Redactor => {
  const variants = new Set<string>()
  for (const secret of secrets) {
    const value = Redacted.isRedacted(secret) ? Redacted.value(secret) : secret
    if (value.length >= minimumSecretLength) for (const variant of variantsOf(value)) variants.add(variant)
  }
  // Longest first, so that a whole `id:secret` is replaced before its parts.
  const known = [...variants].sort((a, b) => b.length - a.length)
  const knownPattern = known.length > 0 ? new RegExp(known.map(escapeRegExp).join("|"), "g") : undefined

  const string = (text: string): string => {
    const withoutKnown = knownPattern === undefined ? text : text.replace(knownPattern, placeholder)
    return withoutKnown
      .replace(bearerPattern, (_, scheme: string) => `${scheme} ${placeholder}`)
      .replace(credentialParameter, (_, name: string) => `${name}${placeholder}`)
  }

  const json = (value: unknown, depth = 0): unknown => {
    if (typeof value === "string") {
      const redacted = string(value)
      return redacted.length > maximumString ? `${redacted.slice(0, maximumString)}…` : redacted
    }
    if (value === null || typeof value !== "object") return value
    if (depth >= maximumDepth) return tooDeep
    if (Array.isArray(value)) return value.slice(0, maximumItems).map((item) => json(item, depth + 1))
    const out: Record<string, unknown> = {}
    for (const [key, inner] of Object.entries(value).slice(0, maximumItems)) {
      // A "__proto__" key cannot be kept as data by the schemas downstream (they assign, which sets the
      // prototype), so it is dropped rather than let it change what other keys read.
      if (key === "__proto__") continue
      out[string(key)] = credentialField.test(key) && typeof inner === "string" ? placeholder : json(inner, depth + 1)
    }
    return out
  }

  return { string, json: (value) => json(value), url: string }
}
