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

// Credentials that need no knowledge of the client: bearer/basic tokens in text, and values of query parameters
// whose names say they hold one.
const bearerPattern = /\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/:=%-]+/gi
const credentialParameter =
  /^(api[-_]?key|apikey|key|token|access[-_]?token|secret|client[-_]?secret|password|passwd|signature|sig|auth|authorization|key[-_]?secret)$/i
const credentialField = /secret|password|token|authorization|api[-_]?key/i

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
    return withoutKnown.replace(bearerPattern, (_, scheme: string) => `${scheme} ${placeholder}`)
  }

  const json = (value: unknown): unknown => {
    if (typeof value === "string") return string(value)
    if (Array.isArray(value)) return value.map(json)
    if (value !== null && typeof value === "object") {
      const out: Record<string, unknown> = {}
      for (const [key, inner] of Object.entries(value)) {
        // defineProperty, not assignment: a "__proto__" key in a body must stay data.
        Object.defineProperty(out, string(key), {
          value: credentialField.test(key) && typeof inner === "string" ? placeholder : json(inner),
          enumerable: true,
          writable: true,
          configurable: true
        })
      }
      return out
    }
    return value
  }

  const url = (raw: string): string => {
    const queryStart = raw.indexOf("?")
    if (queryStart === -1) return string(raw)
    const hashStart = raw.indexOf("#", queryStart)
    const query = raw.slice(queryStart + 1, hashStart === -1 ? undefined : hashStart)
    const redactedQuery = query
      .split("&")
      .map((pair) => {
        const equals = pair.indexOf("=")
        if (equals === -1) return pair
        const name = pair.slice(0, equals)
        let decodedName = name
        try {
          decodedName = decodeURIComponent(name)
        } catch {
          // A malformed escape is kept as written; the name is only compared, never trusted.
        }
        return credentialParameter.test(decodedName) ? `${name}=${placeholder}` : pair
      })
      .join("&")
    return string(`${raw.slice(0, queryStart)}?${redactedQuery}${hashStart === -1 ? "" : raw.slice(hashStart)}`)
  }

  return { string, json, url }
}
