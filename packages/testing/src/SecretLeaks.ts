/**
 * Checking that a secret never shows in a failure: every way a failure is seen — its JSON, `String()`, `message`,
 * its fields walked recursively, its schema's encoding and the pretty-printed `Cause` a log would print — and
 * everything a program logged or traced (`observe` records both), searched for the secret in every form a server
 * plausibly echoes it back in (`echoes`), as written and decoded.
 *
 * @since 0.1.0
 */
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import type * as Exit from "effect/Exit"
import * as FiberRef from "effect/FiberRef"
import * as HashSet from "effect/HashSet"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import type * as Tracer from "effect/Tracer"
import { type Recording, recordingTracer, textsOfSpan } from "./internal/recordingTracer.js"

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
 * One way a server plausibly sends a secret back.
 *
 * @since 0.1.0
 * @category echoes
 */
export interface Echo {
  /** The text sent, for a secret and the text the server put before it (which decides base64's alignment). */
  readonly encode: (secret: string, prefix: string) => string
  /** Whether the text is already the content of a JSON string, with escapes a JSON parser undoes. */
  readonly inJson: boolean
}

const percentEvery = (text: string) =>
  [...new TextEncoder().encode(text)].map((byte) => `%${byte.toString(16).padStart(2, "0").toUpperCase()}`).join("")
const unicodeEscaped = (text: string) =>
  [...text].map((char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`).join("")
const base64Of = (text: string, url: boolean) => {
  const encoded = btoa(bytesOf(text))
  return url ? encoded.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "") : encoded
}
const partsOf = (secret: string) => secret.split(/[^A-Za-z0-9]+/).filter((part) => part.length > 0)
const text = (encode: Echo["encode"]): Echo => ({ encode, inJson: false })

/**
 * The echoes `find` sees through, by name: as sent; base64 and base64url after a prefix (any alignment);
 * percent-encoded (as `encodeURIComponent` does, and every byte); form-encoded; the parts split into path segments
 * (`/v1/keys/ab12/cd34/ef56/calls`); JSON `\u` escapes and `\/` (inside a JSON string); JSON text inside a JSON
 * string.
 *
 * @since 0.1.0
 * @category echoes
 */
export const echoes: Readonly<Record<string, Echo>> = {
  raw: text((secret) => secret),
  base64: text((secret, prefix) => base64Of(prefix + secret, false)),
  base64url: text((secret, prefix) => base64Of(prefix + secret, true)),
  "percent-encoded": text(encodeURIComponent),
  "percent-encoded, every byte": text(percentEvery),
  "form-encoded": text((secret) => new URLSearchParams({ k: secret }).toString().slice(2)),
  "path segments": text((secret) => `/v1/keys/${partsOf(secret).join("/")}/calls`),
  "JSON \\u escapes": { encode: unicodeEscaped, inJson: true },
  "JSON escapes with \\/": {
    encode: (secret) => JSON.stringify(secret).slice(1, -1).replace(/\//g, "\\/"),
    inJson: true
  },
  "JSON inside a JSON string": text((secret) => JSON.stringify({ api_key: secret }))
}

/**
 * An echo as the content of a JSON string, to write between the quotes of a JSON body.
 *
 * @since 0.1.0
 * @category echoes
 */
export const inJsonString = (echo: Echo, secret: string, prefix = ""): string => {
  const sent = echo.encode(secret, prefix)
  return echo.inJson ? sent : JSON.stringify(sent).slice(1, -1)
}

// Every own field of a value, walked recursively (non-enumerable ones too: `stack`, `cause`; keys and values
// alike), one `path: value` line each: what a debugger, an error reporter or a structured log would show of it.
const fieldsOf = (value: unknown): string => {
  const lines: Array<string> = []
  const seen = new Set<object>()
  const utf8 = new TextDecoder()
  const walk = (current: unknown, path: string, depth: number): void => {
    if (typeof current === "string") return void lines.push(`${path}: ${current}`)
    if (typeof current === "number" || typeof current === "bigint" || typeof current === "boolean") {
      return void lines.push(`${path}: ${String(current)}`)
    }
    if (typeof current !== "object" || current === null || depth > 64 || seen.has(current)) return
    seen.add(current)
    if (ArrayBuffer.isView(current)) {
      return void lines.push(`${path}: ${utf8.decode(current as Uint8Array)}`)
    }
    if (current instanceof Map || current instanceof Set) {
      for (const [key, inner] of current instanceof Map ? current : [...current].entries()) {
        walk(key, `${path}.<key>`, depth + 1)
        walk(inner, `${path}[${String(key)}]`, depth + 1)
      }
    }
    for (const key of Reflect.ownKeys(current)) {
      const name = `${path}.${String(key)}`
      lines.push(name)
      let inner: unknown
      try {
        inner = (current as Record<PropertyKey, unknown>)[key]
      } catch {
        continue
      }
      walk(inner, name, depth + 1)
    }
  }
  walk(value, "", 0)
  return lines.join("\n")
}

// The failure as its schema encodes it (to send it on or store it), or what the schema says when it cannot.
const encodedWith = (schema: Schema.Schema.AnyNoContext, failure: unknown): string => {
  const encoded = Schema.encodeUnknownEither(schema)(failure)
  return encoded._tag === "Right"
    ? (JSON.stringify(encoded.right) ?? "")
    : ParseResult.TreeFormatter.formatErrorSync(encoded.left)
}

/**
 * More places a failure is seen, for `find` to search too.
 *
 * @since 0.1.0
 * @category models
 */
export interface Surfaces {
  /** The schema the failure is encoded with: its encoded JSON (or the schema's error, when it cannot) is searched. */
  readonly schema?: Schema.Schema.AnyNoContext | undefined
  /** The cause a program ended with (its exit's), pretty-printed as a log would print it. */
  readonly cause?: Cause.Cause<unknown> | undefined
  /** Any other texts, each named: the lines a logger wrote, a span's attributes and events (see `observe`). */
  readonly texts?: Iterable<readonly [string, string]> | undefined
}

/**
 * Where `secret` shows in `failure`, as "json contains …", "pretty contains …, percent-decoded"; empty when it
 * shows nowhere.
 *
 * Each view of the failure is searched: its JSON, `String()`, `message`, the pretty-printed `Cause.fail` of it, and
 * every own field walked recursively (non-enumerable ones such as `stack` and `cause` too); with `surfaces`, also
 * the failure encoded with its schema, the pretty-printed cause a program ended with, and any other texts (the
 * logs and spans `observe` records).
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
export const find = (secret: string, failure: unknown, surfaces?: Surfaces): ReadonlyArray<string> => {
  const message = typeof failure === "object" && failure !== null && "message" in failure ? String(failure.message) : ""
  const views: Array<readonly [string, string]> = [
    ["json", JSON.stringify(failure) ?? ""],
    ["string", String(failure)],
    ["message", message],
    ["pretty", Cause.pretty(Cause.fail(failure))],
    ["fields", fieldsOf(failure)]
  ]
  if (surfaces?.schema !== undefined) views.push(["encoded", encodedWith(surfaces.schema, failure)])
  if (surfaces?.cause !== undefined) {
    views.push(["exit pretty", Cause.pretty(surfaces.cause)], ["exit fields", fieldsOf(surfaces.cause)])
  }
  for (const text of surfaces?.texts ?? []) views.push(text)
  return findInTexts(secret, views)
}

/**
 * Where `secret` shows in any of the named texts, searched as `find` searches the views of a failure.
 *
 * @since 0.1.0
 * @category assertions
 */
export const findInTexts = (secret: string, texts: Iterable<readonly [string, string]>): ReadonlyArray<string> => {
  const forms = formsOf(secret)
  const parts = secret.split(separator).filter((part) => part.length > 0)
  // As the redactor does, only parts that come to 6 characters count when rejoined.
  const rejoined =
    parts.length > 1 && parts.join("").length >= 6
      ? new RegExp(parts.map(escapeRegExp).join("[^A-Za-z0-9]{0,8}"))
      : undefined
  const formBytes = forms.map(bytesOf)
  const leaks = new Set<string>()
  for (const [view, text] of texts) {
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

/**
 * One span an effect made, as a tracing backend would receive it.
 *
 * @since 0.1.0
 * @category models
 */
export interface RecordedSpan {
  readonly name: string
  readonly attributes: ReadonlyMap<string, unknown>
  readonly events: ReadonlyArray<{ readonly name: string; readonly attributes: Record<string, unknown> | undefined }>
  readonly links: ReadonlyArray<Tracer.SpanLink>
  readonly exit: Exit.Exit<unknown, unknown> | undefined
}

/**
 * What an effect left for the outside world to see: its exit, every line its loggers got (at every level, debug
 * included, each rendered as logfmt and as JSON) and every span it made, with all of them as named texts for
 * `find`'s `texts`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Observed<A, E> {
  readonly exit: Exit.Exit<A, E>
  readonly logs: ReadonlyArray<string>
  readonly spans: ReadonlyArray<RecordedSpan>
  readonly texts: ReadonlyArray<readonly [string, string]>
}

/**
 * Runs `effect` with a tracer that records every span, faultline's and the platform's (tracing on, whatever was
 * set), and with a logger that records everything logged at every level instead of the loggers in place.
 *
 * @example
 * ```ts
 * import { SecretLeaks } from "@faultline/testing"
 * import { Effect, Exit } from "effect"
 *
 * // Where the key shows in the call's failure, its exit, its logs or its spans.
 * const leaksOf = (apiKey: string, call: Effect.Effect<unknown, unknown>) =>
 *   Effect.map(SecretLeaks.observe(call), ({ exit, texts }) =>
 *     SecretLeaks.find(apiKey, exit, { ...(Exit.isFailure(exit) ? { cause: exit.cause } : {}), texts })
 *   )
 * ```
 *
 * @since 0.1.0
 * @category recording
 */
export const observe = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<Observed<A, E>, never, R> =>
  Effect.suspend(() => {
    const logs: Array<string> = []
    const spans: Array<Recording> = []
    const recorder = Logger.make((options) => {
      logs.push(Logger.logfmtLogger.log(options), Logger.jsonLogger.log(options))
    })
    return effect.pipe(
      Effect.withTracer(recordingTracer(spans)),
      Effect.withTracerEnabled(true),
      Effect.locally(FiberRef.currentLoggers, HashSet.make(recorder)),
      Effect.locally(FiberRef.currentMinimumLogLevel, LogLevel.All),
      Effect.exit,
      Effect.map((exit) => ({
        exit,
        logs,
        spans,
        texts: [
          ...logs.map((line, i) => [`log ${i + 1}`, line] as const),
          ...spans.flatMap((span, i) => textsOfSpan(span, `span ${i + 1} ${span.name}`))
        ]
      }))
    )
  })
