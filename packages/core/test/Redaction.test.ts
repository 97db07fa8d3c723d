import { describe, expect, it } from "@effect/vitest"
import { Redaction } from "@faultline/core"
import { FastCheck as fc, Redacted } from "effect"

const key = "nxf_a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6:nxfs_0123456789secret"

// -- From outside: every way the output could still hold the key, decoded independently of the redactor. --

// What a key puts between its parts: ASCII punctuation or white space.
const separator = "[\\s!-/:-@[-`{-~]"
const partsOf = (secret: string) => secret.split(new RegExp(`${separator}+`)).filter((part) => part.length > 0)

const percentDecoded = (text: string): string => {
  let decoded = text
  for (let round = 0; round < 4; round++) {
    const next = decoded.replace(/(?:%[0-9a-f]{2})+/gi, (run) => {
      try {
        return decodeURIComponent(run)
      } catch {
        return run.replace(/%([0-7][0-9a-f])/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
      }
    })
    if (next === decoded) return decoded
    decoded = next
  }
  return decoded
}

const jsonUnescaped = (text: string): string =>
  text.replace(/\\u([0-9a-fA-F]{4})|\\(.)/g, (_, hex: string | undefined, char: string) =>
    hex === undefined
      ? (({ b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" } as Record<string, string>)[char] ?? char)
      : String.fromCharCode(Number.parseInt(hex, 16))
  )

const htmlUnescaped = (text: string): string =>
  text
    .replace(/&#[xX]([0-9a-fA-F]+);/g, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, decimal: string) => String.fromCodePoint(Number.parseInt(decimal, 10)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")

// Every run of base64 characters (either alphabet), decoded from each of the 4 starting characters.
const base64Decoded = (text: string): ReadonlyArray<string> =>
  (text.match(/[A-Za-z0-9+/_-]{6,}/g) ?? []).flatMap((run) =>
    [0, 1, 2, 3].map((start) => {
      const window = run.slice(start).replace(/-/g, "+").replace(/_/g, "/")
      return Buffer.from(window, "base64").toString("latin1")
    })
  )

// Every escape undone, over and over, in any nesting.
const decodedFully = (text: string): string => {
  let decoded = text
  for (let round = 0; round < 4; round++) decoded = percentDecoded(htmlUnescaped(jsonUnescaped(decoded)))
  return decoded
}

const views = (text: string): ReadonlyArray<string> => {
  const decoded = [
    text,
    percentDecoded(text),
    percentDecoded(text.replace(/\+/g, " ")),
    jsonUnescaped(text),
    decodedFully(text)
  ]
  const layered = decoded.flatMap((view) => [view, htmlUnescaped(view), percentDecoded(jsonUnescaped(view))])
  return [...layered, ...layered.flatMap(base64Decoded)]
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")

// What the redactor promises to replace on its own: the halves of `id:secret`, and the other pieces between each
// kind of separator and the parts, unless they are plain words; all of 6 characters or more.
const isWord = (text: string) => /^(?:[a-z]+|[A-Z]+|[A-Z][a-z]+)$/.test(text)
const piecesOf = (secret: string) =>
  [
    ...secret.split(":"),
    ...[...new Set(secret.match(new RegExp(separator, "g")))]
      .flatMap((s) =>
        secret.split(s).map((piece) => piece.replace(new RegExp(`^${separator}+|${separator}+$`, "g"), ""))
      )
      .concat(partsOf(secret))
      .filter((piece) => !isWord(piece))
  ].filter((piece) => piece.length >= 6)

/**
 * Where the key, a piece or part of it of 6 characters or more, or all its parts rejoined with any separators,
 * still show in `text`.
 */
const leaks = (secret: string, text: string): ReadonlyArray<string> => {
  const parts = partsOf(secret)
  const rejoined = new RegExp(parts.map(escapeRegExp).join("[^A-Za-z0-9]{0,8}"))
  const long = [secret, ...piecesOf(secret)]
  return views(text).flatMap((view) => [
    ...long.filter((form) => view.includes(form)),
    ...(parts.length > 1 && parts.join("").length >= 6 && rejoined.test(view) ? [`rejoined ${parts.join(" ")}`] : [])
  ])
}

// -- Keys: the vendors' formats, dotted keys, keys with ~ + / = _ - ., keys of short segments. --

const chars = (alphabet: string, minLength: number, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...alphabet.split("")), minLength, maxLength })
const hex = "0123456789abcdef"
const alphanumeric = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

const keyArbitrary: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(chars(hex, 32, 32), chars(hex, 40, 64)).map(([id, secret]) => `nxf_${id}:nxfs_${secret}`),
  fc.tuple(chars(alphanumeric, 14, 14), chars(alphanumeric, 14, 14)).map(([id, secret]) => `${id}:${secret}`),
  fc.tuple(fc.constantFrom("dnx_live_", "dnx_test_"), chars(`${alphanumeric}_-`, 16, 40)).map(([p, t]) => p + t),
  chars(`${alphanumeric}_-`, 16, 48).map((token) => `lev_${token}`),
  fc.array(chars(alphanumeric, 3, 5), { minLength: 3, maxLength: 4 }).map((parts) => parts.join(".")),
  chars(`${alphanumeric}~+/=_-.`, 12, 48).filter((k) => partsOf(k).join("").length >= 6),
  fc
    .array(fc.tuple(chars(alphanumeric, 2, 5), fc.constantFrom(":", ".", "_", "-", "/")), {
      minLength: 3,
      maxLength: 6
    })
    .map((segments) =>
      segments
        .map(([part, separator]) => part + separator)
        .join("")
        .slice(0, -1)
    )
)

// Text around an echo: words, punctuation, JSON and URL characters, and sometimes `%`, `\`, `&` and unicode.
const surrounding = fc.string({
  unit: fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789 ".split("")) },
    { weight: 2, arbitrary: fc.constantFrom(...'{}[]":,./?=-_'.split("")) },
    { weight: 1, arbitrary: fc.constantFrom("%", "%20", "\\", '\\"', "&", "&amp;", "+", "é", "€") }
  ),
  maxLength: 40
})

// -- Echoes: the forms a vendor or proxy plausibly sends a key back in. --

const percentEach = (text: string, encode: (char: string, index: number) => boolean, lower = false) =>
  [...text]
    .map((char, index) => {
      if (!encode(char, index)) return char
      const encoded = [...Buffer.from(char)].map((byte) => `%${byte.toString(16).padStart(2, "0").toUpperCase()}`)
      return lower ? encoded.join("").toLowerCase() : encoded.join("")
    })
    .join("")

const unicodeEscaped = (text: string) =>
  [...text].map((char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`).join("")

const base64Of = (bytes: Buffer, url: boolean, padded: boolean) => {
  const encoded = url ? bytes.toString("base64").replace(/\+/g, "-").replace(/\//g, "_") : bytes.toString("base64")
  return padded ? encoded : encoded.replace(/=+$/, "")
}

type Echo = (secret: string, random: ReadonlyArray<boolean>) => string

const base64Echo =
  (offset: number, url: boolean, padded: boolean, trailing: boolean): Echo =>
  (secret) =>
    base64Of(
      Buffer.concat([Buffer.from("xyz".slice(0, offset)), Buffer.from(secret), Buffer.from(trailing ? "}" : "")]),
      url,
      padded
    )

const jsonArrayOf = (parts: ReadonlyArray<string>) => JSON.stringify({ detail: [{ loc: ["header", ...parts] }] })

const echoes: Record<string, Echo> = {
  plain: (secret) => secret,
  "each piece and part alone": (secret) => piecesOf(secret).join(" and "),
  "JSON-escaped": (secret) => JSON.stringify(secret).slice(1, -1),
  "JSON-escaped with \\/": (secret) => JSON.stringify(secret).slice(1, -1).replace(/\//g, "\\/"),
  "JSON \\u escapes": unicodeEscaped,
  "JSON \\u escapes, some": (secret, random) =>
    [...secret].map((char, i) => (random[i % random.length] ? unicodeEscaped(char) : char)).join(""),
  "JSON inside JSON": (secret) => JSON.stringify(JSON.stringify({ key: secret })),
  "JSON-escaped percent-encoding": (secret) => unicodeEscaped(percentEach(secret, () => true)),
  "percent-encoded JSON escapes": (secret) => encodeURIComponent(unicodeEscaped(secret)),
  "HTML-escaped JSON escapes": (secret) => unicodeEscaped(secret).replace(/\\/g, "&#92;"),
  "percent-encoded (encodeURIComponent)": encodeURIComponent,
  "percent-encoded, every character, upper": (secret) => percentEach(secret, () => true),
  "percent-encoded, every character, lower": (secret) => percentEach(secret, () => true, true),
  "percent-encoded, lower": (secret) => encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()),
  "form-encoded": (secret) => new URLSearchParams({ k: secret }).toString().slice(2),
  "percent-encoded, partly": (secret, random) => percentEach(secret, (_, i) => random[i % random.length]!),
  "double-encoded": (secret) => encodeURIComponent(encodeURIComponent(secret)),
  "double-encoded, every character": (secret) => encodeURIComponent(percentEach(secret, () => true)),
  "HTML entities": (secret) => [...secret].map((char) => `&#${char.codePointAt(0)};`).join(""),
  "Basic user:key": (secret) => `Authorization: Basic ${Buffer.from(`user:${secret}`).toString("base64")}`,
  "user:key in base64, no scheme": (secret) => `creds=${Buffer.from(`user:${secret}`).toString("base64")}`,
  "base64 of a JSON body": (secret) => Buffer.from(JSON.stringify({ auth: secret, n: 1 })).toString("base64"),
  "base64 in a query, percent-encoded": (secret) => encodeURIComponent(Buffer.from(`u:${secret}`).toString("base64")),
  ...Object.fromEntries(
    [0, 1, 2].flatMap((offset) =>
      [false, true].flatMap((url) =>
        [false, true].flatMap((padded) =>
          [false, true].map((trailing) => [
            `base64${url ? "url" : ""} ${padded ? "padded" : "unpadded"} at offset ${offset}${trailing ? ", inside" : ", at the end"}`,
            base64Echo(offset, url, padded, trailing)
          ])
        )
      )
    )
  ),
  "path segments joined by .": (secret) => `header.${partsOf(secret).join(".")}`,
  "path segments joined by /": (secret) => `/v1/${partsOf(secret).join("/")}/calls`,
  "rejoined with another separator": (secret) => partsOf(secret).join(secret.includes("-") ? "_" : "-"),
  "JSON array text": (secret) => jsonArrayOf(partsOf(secret)),
  "JSON array text inside a JSON string": (secret) => JSON.stringify({ message: jsonArrayOf(partsOf(secret)) }),
  "JSON array text, percent-encoded": (secret) => encodeURIComponent(JSON.stringify(partsOf(secret)))
}

// Near misses: pieces of a key too short to be secrets, its parts out of order, pieces of it encoded.
const fragmentsOf = (secret: string): fc.Arbitrary<string> => {
  const window = (length: number) => fc.nat(secret.length).map((i) => secret.slice(i, i + length))
  return fc.oneof(
    window(5),
    window(4).map((piece) => Buffer.from(piece).toString("base64")),
    window(5).map(encodeURIComponent),
    window(5).map(unicodeEscaped),
    fc.constant([...partsOf(secret)].reverse().join(".")),
    fc.constant(JSON.stringify(partsOf(secret).slice(1)))
  )
}

const ordinaryText = (secret: string) =>
  fc
    .array(
      fc.oneof(surrounding, fc.string({ maxLength: 40 }), fc.base64String({ maxLength: 40 }), fragmentsOf(secret)),
      {
        maxLength: 6
      }
    )
    .map((pieces) => pieces.join(""))

const echoName = fc.constantFrom(...Object.keys(echoes))
const coins = fc.array(fc.boolean(), { minLength: 1, maxLength: 8 })

describe("Redaction", () => {
  const redactor = Redaction.make([Redacted.make(key)])

  it("replaces the whole key and each half of an id:secret pair", () => {
    expect(redactor.string(`key ${key} here`)).toBe("key <redacted> here")
    expect(redactor.string("secret nxfs_0123456789secret alone")).toBe("secret <redacted> alone")
    expect(redactor.string("id nxf_a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6 alone")).toBe("id <redacted> alone")
  })

  it("replaces URL-encoded and base64 forms", () => {
    expect(redactor.string(encodeURIComponent(key))).toBe("<redacted>")
    expect(redactor.string(Buffer.from(key).toString("base64"))).toBe("<redacted>")
  })

  it("replaces a key split into short parts, rejoined or sent back as path segments", () => {
    const split = Redaction.make(["ab12:cd34:ef56:gh78"])
    expect(split.string("bad header.ab12.cd34.ef56.gh78 here")).toBe("bad header.<redacted> here")
    expect(split.string(`{"loc":["header","ab12","cd34","ef56","gh78"]}`)).toBe(`{"loc":["header","<redacted>"]}`)
    expect(split.json({ loc: ["header", "ab12", "cd34", "ef56", "gh78"], n: 1 })).toEqual({
      loc: ["header", "<redacted>", "<redacted>", "<redacted>", "<redacted>"],
      n: 1
    })
    // Each part alone is too short to be a secret.
    expect(split.json(["ab12", 1, "cd34"])).toEqual(["ab12", 1, "cd34"])
    expect(split.string("ab12 and cd34")).toBe("ab12 and cd34")
  })

  it("reads through escapes, one inside another, and a backslash before the key", () => {
    const escaped = (text: string) => redactor.string(`a ${text} b`)
    expect(escaped(key.replace(":", "%3a"))).toBe("a <redacted> b")
    expect(escaped(key.replace(":", "%253A").replace(/_/g, "\\u005f"))).toBe("a <redacted> b")
    expect(escaped(key.replace(":", "&#58;").replace("nxfs", "nxf%5Cu0073"))).toBe("a <redacted> b")
    expect(escaped(`C:\\${key}`)).toBe("a C:\\<redacted> b")
    const unicode = Redaction.make(["clé-secrète-123456"])
    expect(unicode.string(`x ${encodeURIComponent("clé-secrète-123456")} y`)).toBe("x <redacted> y")
  })

  it("leaves a plain word of a key alone, so that a vendor's code keeps its meaning", () => {
    const fixture = Redaction.make(["nxf_0123456789abcdef0123456789abcdef:nxfs_test-kit-secret"])
    expect(fixture.json({ error: { code: "key_secret_required" } })).toEqual({ error: { code: "key_secret_required" } })
    expect(fixture.string("nxfs_test-kit-secret and nxf.0123456789abcdef0123456789abcdef")).toBe(
      "<redacted> and nxf.<redacted>"
    )
  })

  it.prop(
    "no echo of a key, embedded in any text, survives in any encoding",
    [keyArbitrary, echoName, surrounding, surrounding, coins],
    ([secret, name, before, after, random]) => {
      const secrets = Redaction.make([Redacted.make(secret)])
      const output = secrets.string(`${before}${echoes[name]!(secret, random)}${after}`)
      expect(leaks(secret, output), `${name}: ${output}`).toEqual([])
    },
    { fastCheck: { numRuns: 600 } }
  )

  it.prop(
    "no part of a key survives in a parsed JSON value, whether whole, echoed, or spelled out across an array",
    [keyArbitrary, echoName, surrounding, coins],
    ([secret, name, text, random]) => {
      const secrets = Redaction.make([secret])
      const value = {
        detail: [{ loc: ["header", ...partsOf(secret)], msg: `${text}${echoes[name]!(secret, random)}` }],
        [text]: [text, ...partsOf(secret), text]
      }
      const output = JSON.stringify(secrets.json(value))
      expect(leaks(secret, output), output).toEqual([])
    },
    { fastCheck: { numRuns: 300 } }
  )

  it.prop(
    "ordinary text that holds no form of the key, even fragments of it, is left as it is",
    [keyArbitrary.chain((secret) => fc.tuple(fc.constant(secret), ordinaryText(secret)))],
    ([[secret, text]]) => {
      fc.pre(leaks(secret, text).length === 0 && Redaction.generic.string(text) === text)
      const secrets = Redaction.make([secret])
      expect(secrets.string(text)).toBe(text)
      const list = [text, ...text.split(/[^A-Za-z0-9]+/), text]
      fc.pre(leaks(secret, JSON.stringify(list)).length === 0)
      expect(secrets.json(list)).toEqual(list)
    },
    { fastCheck: { numRuns: 300 } }
  )

  it("removes bearer tokens and credential query parameters it does not know", () => {
    expect(Redaction.generic.string("Authorization: Bearer abc.def-1234567")).toBe("Authorization: Bearer <redacted>")
    expect(Redaction.generic.url("https://x.test/v1/calls?limit=5&api_key=zzz&token=t#frag")).toBe(
      "https://x.test/v1/calls?limit=5&api_key=<redacted>&token=<redacted>#frag"
    )
    // In any text, not only in URL fields: a proxy page that echoes the request line.
    expect(Redaction.generic.string(`<p>GET /v1/calls?page=2&access_token=abc123 failed</p>`)).toBe(
      "<p>GET /v1/calls?page=2&access_token=<redacted> failed</p>"
    )
  })

  it("leaves a credential query parameter with no value as it is: there is nothing to hide", () => {
    expect(Redaction.generic.url("https://x.test/v1/calls?api_key=&limit=5")).toBe(
      "https://x.test/v1/calls?api_key=&limit=5"
    )
    // Found by the problem+json law: an extension member named `&key=` keeps its name.
    expect(Redaction.generic.json({ "&key=": false })).toEqual({ "&key=": false })
  })

  it("leaves ordinary words after 'token' or 'basic' alone", () => {
    const message = "Invalid token provided; basic plan required"
    expect(Redaction.generic.string(message)).toBe(message)
    expect(redactor.string(message)).toBe(message)
  })

  it("redacts every string of a JSON value, and values of secret-named fields", () => {
    expect(redactor.json({ a: [`x ${key}`], key_secret: "anything", n: 1 })).toEqual({
      a: ["x <redacted>"],
      key_secret: "<redacted>",
      n: 1
    })
  })

  it("drops a __proto__ key instead of letting it change what other keys read", () => {
    const value = JSON.parse(`{"__proto__": {"retry_after": 3600}, "a": 1}`)
    const redacted = redactor.json(value) as Record<string, unknown>
    expect(Object.getPrototypeOf(redacted)).toBe(Object.prototype)
    expect(redacted).toEqual({ a: 1 })
    expect(redacted.retry_after).toBeUndefined()
  })

  it("cuts JSON nested deeper than 32 levels instead of overflowing the stack", () => {
    const deep = JSON.parse("[".repeat(5000) + "]".repeat(5000))
    let value = redactor.json(deep)
    let depth = 0
    while (Array.isArray(value)) {
      value = value[0]
      depth++
    }
    expect([depth, value]).toEqual([32, "<too deep>"])
  })

  it("cuts long strings and long arrays and objects", () => {
    const value = redactor.json({
      text: "x".repeat(3000),
      list: Array.from({ length: 150 }, (_, i) => i),
      record: Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`k${i}`, i]))
    }) as { text: string; list: Array<number>; record: Record<string, number> }
    expect([value.text.length, value.list.length, Object.keys(value.record).length]).toEqual([2001, 100, 100])
  })

  it("ignores secrets too short to redact safely", () => {
    expect(Redaction.make(["abc"]).string("abc abc")).toBe("abc abc")
    // A key of 6 characters or more counts as it is written, but its letters and digits alone are too few to
    // match rejoined with other separators.
    expect(Redaction.make(["a.b.c.d"]).string("a.b.c.d a-b-c-d abcd")).toBe("<redacted> a-b-c-d abcd")
  })
})
