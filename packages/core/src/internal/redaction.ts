import * as Encoding from "effect/Encoding"
import * as Redacted from "effect/Redacted"
import type { Redactor } from "../Redaction.js"

/** @internal */
export const placeholder = "<redacted>"

const minimumSecretLength = 6

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")

// -- The forms of a secret --------------------------------------------------------------------------------------

// What a key puts between its parts, and what a server puts between them when it echoes them back as path
// segments, a dotted path or a list: ASCII punctuation and white space.
const separatorClass = "[\\s\\x21-\\x2f\\x3a-\\x40\\x5b-\\x60\\x7b-\\x7e]"
const separatorRun = new RegExp(`${separatorClass}+`)
const partsAndSeparators = new RegExp(`(${separatorClass}+)`)
const edgeSeparators = new RegExp(`^${separatorClass}+|${separatorClass}+$`, "g")

// A plain word ("secret" in a key `nxfs_test-kit-secret`) is no secret on its own: replacing it everywhere would
// turn a vendor's code `key_secret_required` into an unknown one. Key material has digits or mixed case.
const isWord = (text: string) => /^(?:[a-z]+|[A-Z]+|[A-Z][a-z]+)$/.test(text)

// The whole secret; the halves of `id:secret`; the other pieces between each kind of separator in it, and its
// parts, the runs between any separators, unless they are plain words. Only those of 6 characters or more.
const formsOf = (secret: string): ReadonlyArray<string> => {
  const others = new Set(secret.split(separatorRun))
  for (const separator of new Set(secret.match(new RegExp(separatorClass, "g")))) {
    for (const piece of secret.split(separator)) others.add(piece.replace(edgeSeparators, ""))
  }
  const forms = new Set([secret, ...secret.split(":"), ...[...others].filter((form) => !isWord(form))])
  return [...forms].filter((form) => form.length >= minimumSecretLength)
}

// A secret's pattern: its parts with any run of up to 40 separators between them, or none (40, so that a JSON list
// `","`, `", "` or one pretty-printed with deep indentation counts as one), and the separators at its edges if they
// are there. When the parts alone are too short to be a secret, the secret is matched as written ("a.b.c.d" must not
// match "a-b-c-d"). Its pieces and parts are always matched as written: only the whole key is spelled out again.
const looseSource = (secret: string): string => {
  const tokens = secret.split(partsAndSeparators)
  const partsLength = tokens.reduce((sum, token, i) => (i % 2 === 0 ? sum + token.length : sum), 0)
  if (partsLength < minimumSecretLength) return escapeRegExp(secret)
  return tokens
    .map((token, i) => {
      if (i % 2 === 0) return escapeRegExp(token)
      return tokens[i - 1] === "" || tokens[i + 1] === "" ? `(?:${escapeRegExp(token)})?` : `${separatorClass}{0,40}`
    })
    .join("")
}

const utf8 = new TextEncoder()

// Base64 of a form inside a larger base64 string (`Basic base64("user:" + key)`, a JSON body) starts at one of 3
// byte alignments. For each, the characters whose 6 bits all come from the form are fixed, whatever surrounds it;
// when the form ends the encoded bytes, its last character and the padding are fixed too. Either alphabet, padded
// or not; a `+` may have been form-decoded to a space.
const base64Char = (char: string): string => (char === "+" ? "[+ -]" : char === "/" ? "[/_]" : char)

const base64Sources = (form: string): ReadonlyArray<string> => {
  const bytes = utf8.encode(form)
  return [0, 1, 2].map((alignment) => {
    const aligned = new Uint8Array(alignment + bytes.length)
    aligned.set(bytes, alignment)
    const encoded = Encoding.encodeBase64(aligned)
    const first = Math.ceil((8 * alignment) / 6)
    const last = Math.floor((8 * (alignment + bytes.length)) / 6)
    const core = [...encoded.slice(first, last)].map(base64Char).join("")
    const [end, ...padding] = encoded.slice(last)
    if (end === undefined) return core
    return `${core}(?:${base64Char(end)}${padding.length === 0 ? "" : `(?:${padding.join("")})?`})?`
  })
}

// -- Reading through escapes ------------------------------------------------------------------------------------

// A secret may come back escaped, as a whole or character by character: percent-encoded in either case and any
// number of times (`%3a`, `%253A`, form encoding), JSON-escaped (`\u0041`, `\/`) or as an HTML reference. Text
// holding any of `%`, `\` or `&` is also searched decoded, in up to 4 rounds (an escape inside an escape, or one
// that a decoded character completes: `%4%31` is `%41`), and what matches there is mapped back to the characters it
// came from; a text with escapes left after the fourth round is withheld whole.
const escapes =
  /%(?:25)*([0-9a-fA-F]{2})|\\u([0-9a-fA-F]{4})|\\([\\/"bfnrt])|&#(?:(\d{1,7})|[xX]([0-9a-fA-F]{1,6}));|&(amp|lt|gt|quot|apos);/g
const continuationByte = /%(?:25)*([89abAB][0-9a-fA-F])/y
const jsonShort: Record<string, string> = { b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" }
const htmlNamed: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" }
const maximumRounds = 4

const needsDecoding = (text: string) => text.includes("%") || text.includes("\\") || text.includes("&")

const codePointOf = (code: number) => (code <= 0x10ffff ? String.fromCodePoint(code) : undefined)

// The character an escape stands for, or `undefined` to leave it as written. A percent-encoded UTF-8 lead byte
// takes its continuation bytes with it (moving `escapes.lastIndex` past them).
const unescaped = (match: RegExpExecArray, text: string): string | undefined => {
  const [, percent, unicode, short, decimal, hex, named] = match
  if (percent !== undefined) {
    const byte = Number.parseInt(percent, 16)
    if (byte < 0x80) return String.fromCharCode(byte)
    const size = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 0
    let code = byte & (0xff >> (size + 1))
    continuationByte.lastIndex = escapes.lastIndex
    for (let i = 1; i < size; i++) {
      const next = continuationByte.exec(text)
      if (next === null) return undefined
      code = (code << 6) | (Number.parseInt(next[1]!, 16) & 0x3f)
    }
    const char = size === 0 ? undefined : codePointOf(code)
    if (char !== undefined) escapes.lastIndex = continuationByte.lastIndex
    return char
  }
  if (unicode !== undefined) return String.fromCharCode(Number.parseInt(unicode, 16))
  if (short !== undefined) return jsonShort[short] ?? short
  if (named !== undefined) return htmlNamed[named]
  return codePointOf(decimal === undefined ? Number.parseInt(hex!, 16) : Number.parseInt(decimal, 10))
}

// One round of decoding: the decoded text, and for each escape where its characters start in that text
// (`at`, `length`) and which characters of the input it replaced (`from`, `to`).
interface Layer {
  readonly text: string
  readonly at: ReadonlyArray<number>
  readonly length: ReadonlyArray<number>
  readonly from: ReadonlyArray<number>
  readonly to: ReadonlyArray<number>
}

const decodeLayer = (text: string): Layer | undefined => {
  const at: Array<number> = []
  const length: Array<number> = []
  const from: Array<number> = []
  const to: Array<number> = []
  let out = ""
  let copied = 0
  escapes.lastIndex = 0
  for (let match = escapes.exec(text); match !== null; match = escapes.exec(text)) {
    const char = unescaped(match, text)
    if (char === undefined) continue
    out += text.slice(copied, match.index)
    copied = escapes.lastIndex
    at.push(out.length)
    length.push(char.length)
    from.push(match.index)
    to.push(copied)
    out += char
  }
  return at.length === 0 ? undefined : { text: out + text.slice(copied), at, length, from, to }
}

// Which characters of a layer's input the character at `index` of its text came from.
const inputOf = (layer: Layer, index: number): readonly [number, number] => {
  let low = 0
  let high = layer.at.length - 1
  let before = -1
  while (low <= high) {
    const middle = (low + high) >> 1
    if (layer.at[middle]! <= index) {
      before = middle
      low = middle + 1
    } else high = middle - 1
  }
  if (before === -1) return [index, index + 1]
  const offset = index - layer.at[before]!
  if (offset < layer.length[before]!) return [layer.from[before]!, layer.to[before]!]
  const input = layer.to[before]! + offset - layer.length[before]!
  return [input, input + 1]
}

// -- Credentials the redactor needs no knowledge of -------------------------------------------------------------

// Bearer/basic tokens in text (long enough to be tokens, so that "Invalid token provided" survives), and values of
// query parameters whose names say they hold one, wherever a URL appears in the text.
const bearerPattern = /\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/:=%-]{12,}/gi
const credentialNames =
  "api[-_]?key|apikey|key|token|access[-_]?token|secret|client[-_]?secret|password|passwd|signature|sig|auth|authorization|key[-_]?secret"
// A credential parameter with no value holds no secret: it is left as written (a JSON key `&key=` stays one).
const credentialParameter = new RegExp(`([?&;](?:${credentialNames})=)[^&#\\s"'<>]+`, "gi")
const credentialField = /secret|password|token|authorization|api[-_]?key/i

// What a failure keeps of a body is short: deeper JSON than this is cut (nothing a vendor sends nests this far,
// and walking it could exhaust the stack), and so are long strings, arrays and objects.
const maximumDepth = 32
const maximumString = 2000
const maximumItems = 100

// The strings a redactor remembers it found nothing in: up to this many, of at most this length.
const memoEntries = 512
const memoLength = 256

/** @internal */
export const tooDeep = "<too deep>"

/** @internal */
export const make = (secrets: Iterable<Redacted.Redacted<string> | string>): Redactor => {
  const forms = new Set<string>()
  const wholes = new Set<string>()
  // What a cut can leave the first part of, as written: each form, URL-encoded, and in base64 at offset 0.
  const cuttable = new Set<string>()
  let spansParts = false
  for (const secret of secrets) {
    const value = Redacted.isRedacted(secret) ? Redacted.value(secret) : secret
    if (value.length < minimumSecretLength) continue
    wholes.add(value)
    for (const form of formsOf(value)) {
      forms.add(form)
      cuttable.add(form)
      cuttable.add(encodeURIComponent(form))
      cuttable.add(Encoding.encodeBase64(form).replace(/=+$/, ""))
    }
    spansParts ||= separatorRun.test(value)
  }
  // Longest first, so that a whole `id:secret` is replaced before its parts. Two patterns rather than their union,
  // which V8 scans several times slower.
  const patternOf = (sources: ReadonlyArray<string>) =>
    sources.length === 0 ? undefined : new RegExp(sources.join("|"), "g")
  const longestFirst = (set: ReadonlySet<string>) => [...set].sort((a, b) => b.length - a.length)
  const patterns = [
    patternOf(longestFirst(forms).map((form) => (wholes.has(form) ? looseSource(form) : escapeRegExp(form)))),
    patternOf(longestFirst(forms).flatMap(base64Sources))
  ].filter((pattern) => pattern !== undefined)

  // Where secrets are in `text`, as ranges of its characters, in no particular order and possibly overlapping.
  // Searched as written and after each round of decoding: a backslash before a key (`C:\nxf_…`) reads as an escape.
  const secretsIn = (text: string): ReadonlyArray<readonly [number, number]> => {
    if (patterns.length === 0 || text.length < minimumSecretLength) return []
    const layers: Array<Layer> = []
    for (let layer = needsDecoding(text) ? decodeLayer(text) : undefined; layer !== undefined; ) {
      layers.push(layer)
      // Another round whenever one decoded anything: a decoded character may start an escape (`%2541`, `&amp;#58;`)
      // or complete one begun before it (`%4%31`).
      layer = decodeLayer(layer.text)
      // Escapes nested deeper than that are no echo a server makes by accident: the whole text is withheld, rather
      // than decoded a round per level (`&amp;amp;amp;…`) or searched short of its end.
      if (layer !== undefined && layers.length === maximumRounds) return [[0, text.length]]
    }
    const ranges: Array<readonly [number, number]> = []
    for (let depth = 0; depth <= layers.length; depth++) {
      const view = depth === 0 ? text : layers[depth - 1]!.text
      for (const pattern of patterns) {
        pattern.lastIndex = 0
        for (let match = pattern.exec(view); match !== null; match = pattern.exec(view)) {
          // No pattern matches the empty string; were one to, this keeps the loop moving.
          if (match[0].length === 0) {
            pattern.lastIndex++
            continue
          }
          let start = match.index
          let last = match.index + match[0].length - 1
          for (let i = depth - 1; i >= 0; i--) {
            start = inputOf(layers[i]!, start)[0]
            last = inputOf(layers[i]!, last)[1] - 1
          }
          ranges.push([start, last + 1])
        }
      }
    }
    return ranges
  }

  const withoutSecrets = (text: string): string => {
    const ranges = [...secretsIn(text)].sort((a, b) => a[0] - b[0])
    if (ranges.length === 0) return text
    let out = ""
    let copied = 0
    for (const [start, end] of ranges) {
      if (start >= copied) out += text.slice(copied, start) + placeholder
      copied = Math.max(copied, end)
    }
    return out + text.slice(copied)
  }

  const string = (text: string): string => {
    const out = withoutSecrets(text).replace(bearerPattern, (_, scheme: string) => `${scheme} ${placeholder}`)
    return out.includes("=") ? out.replace(credentialParameter, (_, name: string) => `${name}${placeholder}`) : out
  }

  // A list whose strings are each harmless but together spell a key split on its separators, as a validation
  // error's `loc: ["header", "ab12", "cd34"]`: those strings are replaced. Searched for in the list's JSON text.
  const spelledAcross = (items: ReadonlyArray<unknown>): ReadonlySet<number> => {
    const spelled = new Set<number>()
    if (!spansParts || items.reduce<number>((n, item) => (typeof item === "string" ? n + 1 : n), 0) < 2) return spelled
    const starts: Array<number> = []
    let text = ""
    for (const item of items) {
      starts.push(text.length)
      // Anything but a string breaks the spelling.
      text += `${typeof item === "string" ? JSON.stringify(item) : "\u0000"},`
    }
    starts.push(text.length)
    for (const [start, end] of secretsIn(text)) {
      const touched = items.flatMap((_, i) => (starts[i]! < end && start < starts[i + 1]! - 1 ? [i] : []))
      // A match within one string is left to `string`, which replaces only the match.
      if (touched.length > 1) for (const i of touched) spelled.add(i)
    }
    return spelled
  }

  const longestCuttable = Math.max(0, ...[...cuttable].map((form) => form.length))

  // The text without a tail that is the start of a secret (at least 2 characters of it).
  const withoutCutSecret = (text: string): string => {
    let cut = 0
    for (const form of cuttable) {
      for (let k = Math.min(form.length - 1, text.length); k >= 2 && k > cut; k--) {
        if (text.endsWith(form.slice(0, k))) {
          cut = k
          break
        }
      }
    }
    return cut === 0 ? text : text.slice(0, text.length - cut)
  }

  const head = (text: string, length: number, truncated = false): string => {
    // Read twice what is kept, and the longest secret more, so that one that starts in the kept part is seen whole.
    const window = 2 * length + longestCuttable
    const cut = truncated || text.length > window
    const redacted = string(text.length > window ? text.slice(0, window) : text)
    if (!cut) return redacted.slice(0, length)
    // What follows the last secret found may be the start of one the cut went through.
    const last = redacted.lastIndexOf(placeholder)
    const tail = last === -1 ? 0 : last + placeholder.length
    return (redacted.slice(0, tail) + withoutCutSecret(redacted.slice(tail))).slice(0, length)
  }

  // A vendor's bodies repeat their keys and most values (codes, types, messages, documentation URLs) over and over:
  // those the redactor found nothing in are remembered (a bounded number of them), so that only new text is read.
  // Nothing that held a secret is kept.
  const clean = new Set<string>()
  const cleanKeys = new Map<string, boolean>()
  const isClean = (text: string, redacted: string) => text === redacted && text.length <= memoLength
  const forget = (memo: Set<string> | Map<string, boolean>) => {
    if (memo.size >= memoEntries) memo.clear()
  }
  const jsonString = (text: string): string => {
    if (clean.has(text)) return text
    const kept = head(text, maximumString + 1)
    if (isClean(text, kept)) {
      forget(clean)
      clean.add(text)
    }
    return kept.length > maximumString ? `${kept.slice(0, maximumString)}…` : kept
  }
  // A key, redacted, and whether its name says its value is a credential.
  const jsonKey = (key: string): readonly [string, boolean] => {
    const credential = cleanKeys.get(key)
    if (credential !== undefined) return [key, credential]
    const redacted = string(key)
    const isCredential = credentialField.test(key)
    if (isClean(key, redacted)) {
      forget(cleanKeys)
      cleanKeys.set(key, isCredential)
    }
    return [redacted, isCredential]
  }

  const json = (value: unknown, depth = 0): unknown => {
    if (typeof value === "string") return jsonString(value)
    if (value === null || typeof value !== "object") return value
    if (depth >= maximumDepth) return tooDeep
    if (Array.isArray(value)) {
      const items = value.slice(0, maximumItems)
      const spelled = spelledAcross(items)
      return items.map((item, i) => (spelled.has(i) ? placeholder : json(item, depth + 1)))
    }
    const out: Record<string, unknown> = {}
    for (const [key, inner] of Object.entries(value).slice(0, maximumItems)) {
      // A "__proto__" key cannot be kept as data by the schemas downstream (they assign, which sets the
      // prototype), so it is dropped rather than let it change what other keys read.
      if (key === "__proto__") continue
      const [redactedKey, credential] = jsonKey(key)
      out[redactedKey] = credential && typeof inner === "string" ? placeholder : json(inner, depth + 1)
    }
    return out
  }

  return { string, json: (value) => json(value), url: string, head }
}
