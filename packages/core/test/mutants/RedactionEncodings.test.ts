import { describe, expect, it } from "@effect/vitest"
import { Redaction } from "@faultline/core"

// Written against the survivors of `pnpm mutate` on internal/redaction.ts: reading a key through escapes (UTF-8
// percent-encoding, JSON and HTML escapes, escapes that are no characters), replacing what was found where it was
// written, and the head of a long text, which a failure keeps as its snippet. Redactors are made inside the tests,
// so that a changed redactor is the one tested.

const percent = (text: string) =>
  [...Buffer.from(text)].map((byte) => `%${byte.toString(16).padStart(2, "0").toUpperCase()}`).join("")

describe("percent-encoded UTF-8", () => {
  it("a key with characters of 2, 3 and 4 bytes is found percent-encoded", () => {
    // Lead bytes C3, E0 (the lowest 3-byte lead), E2, F0 (the lowest 4-byte lead) and F4 (the last code point).
    for (const char of ["é", "अ", "€", "😀", "\u{10FFFF}"]) {
      const secret = `k3y${char}s3cr3t`
      const redactor = Redaction.make([secret])
      expect(redactor.string(`bad ${secret.replace(char, percent(char))} here`), char).toBe("bad <redacted> here")
    }
  })

  it("an overlong encoding of a separator reads as the separator", () => {
    // `%C0%AF` is `/` written in 2 bytes, as lenient decoders read it.
    const redactor = Redaction.make(["ab12/cd34/ef56"])
    expect(redactor.string("path ab12%C0%AFcd34%C0%AFef56 end")).toBe("path <redacted> end")
  })

  it("a byte that cannot start a character is left as written, and is no character of a key", () => {
    // `%AF` and `%80%AF` are not `/`, nor is `%80` U+0080 (that is `%C2%80`).
    const slashed = Redaction.make(["ab12/cd34/ef56"])
    for (const text of ["ab12%AFcd34%AFef56", "ab12%80%AFcd34%80%AFef56"]) expect(slashed.string(text)).toBe(text)
    const control = Redaction.make(["k3y\u0080s3cr3t"])
    expect(control.string("k3y%80s3cr3t")).toBe("k3y%80s3cr3t")
    expect(control.string("k3y%C2%80s3cr3t")).toBe("<redacted>")
  })

  it("a lead byte without its continuation, or past the last code point, is left as written", () => {
    const redactor = Redaction.make(["k3ys3cr3tv4lue"])
    for (const text of ["caf%C3 and %E2%82 x", "%F4%90%80%80 x", "&#x110000; &#1114112; x", "%C3"]) {
      expect(redactor.string(`${text} k3ys3cr3tv4lue`)).toBe(`${text} <redacted>`)
      expect(redactor.string(text)).toBe(text)
    }
  })
})

describe("JSON and HTML escapes", () => {
  // Keys whose letters and digits come to 5: they are matched only as written, separator included.
  it("\\/, &amp;, &#58; and &#x3a; stand for their characters", () => {
    expect(Redaction.make(["ab/cd1"]).string('"ab\\/cd1"')).toBe('"<redacted>"')
    expect(Redaction.make(["ab&cd1"]).string("<p>ab&amp;cd1</p>")).toBe("<p><redacted></p>")
    expect(Redaction.make(["ab:cd1"]).string("<p>ab&#58;cd1 ab&#x3a;cd1</p>")).toBe("<p><redacted> <redacted></p>")
  })
})

describe("what is found decoded is replaced where it was written", () => {
  const key = "k3ys3cr3tv4lue"

  it("with escapes before, inside and after the key", () => {
    const redactor = Redaction.make([key])
    expect(redactor.string("a %41%42 k%33ys3cr3tv4lue z")).toBe("a %41%42 <redacted> z")
    expect(redactor.string("k%33ys3cr3tv4lue%20tail")).toBe("<redacted>%20tail")
    expect(redactor.string("%41 k3ys3cr3tv4lu%65")).toBe("%41 <redacted>")
    expect(redactor.string("k3ys3cr3tv4lu%65%20%41")).toBe("<redacted>%20%41")
    expect(redactor.string("%41%42%43%44k3ys3cr3tv4lu%65")).toBe("%41%42%43%44<redacted>")
  })

  it("a key that starts with an escape, after another escape", () => {
    const redactor = Redaction.make([key])
    expect(redactor.string("%41 %6B3ys3cr3tv4lue end")).toBe("%41 <redacted> end")
    expect(redactor.string("%6B3ys3cr3tv4lue end")).toBe("<redacted> end")
  })

  it("one escape inside another, with others around", () => {
    const redactor = Redaction.make([key])
    expect(redactor.string("a&amp;b k&amp;#51;ys3cr3tv4lue &#51; c")).toBe("a&amp;b <redacted> &#51; c")
    expect(redactor.string("%2541 k3ys%5Cu0033cr3tv4lue%2541")).toBe("%2541 <redacted>%2541")
    // Four rounds: `&amp;amp;amp;#107;` is `&amp;amp;#107;`, `&amp;#107;`, `&#107;` and then `k`.
    expect(redactor.string("x &amp;amp;amp;#107;3ys3cr3tv4lue y")).toBe("x <redacted> y")
  })

  it("a text with escapes left after four rounds is withheld whole", () => {
    const redactor = Redaction.make([key])
    // Five rounds: `&amp;amp;amp;amp;#107;` is `&#107;` only after the fourth, and `k` after the fifth.
    expect(redactor.string("x &amp;amp;amp;amp;#107;3ys3cr3tv4lue y")).toBe("<redacted>")
    // With no key in it at all: what the fifth round would find is not looked for.
    expect(redactor.string("x &amp;amp;amp;amp;amp; y")).toBe("<redacted>")
  })

  it("a hostile nest of escapes costs four rounds, not one a level", () => {
    // 200,000 levels of `&amp;`: decoded a round per level, this would take hours; withheld after four, it does not.
    const nest = `&${"amp;".repeat(200_000)}lt;`
    expect(Redaction.make([key]).string(nest)).toBe("<redacted>")
  })

  it("an escape that a decoded character completes", () => {
    // `%4%31` decodes to `%41`, which is `A`: the key's first letter encoded twice, the second time in part.
    const redactor = Redaction.make(["Abc123XYZ789"])
    expect(redactor.string("bad %4%31bc123XYZ789 here")).toBe("bad <redacted> here")
    expect(redactor.string("bad \\u00%34%31bc123XYZ789 here")).toBe("bad <redacted> here")
  })

  it("a character of two UTF-16 units, decoded before and inside the key", () => {
    const secret = "k3y😀s3cr3t"
    const redactor = Redaction.make([secret])
    expect(redactor.string(`x %F0%9F%98%80 k3y${percent("😀")}s3cr3t y`)).toBe("x %F0%9F%98%80 <redacted> y")
    expect(redactor.string(`%F0%9F%98%80k3y😀s3cr3%74!`)).toBe("%F0%9F%98%80<redacted>!")
  })
})

describe("the head of a long text, as a failure's snippet keeps it", () => {
  // Whatever is cut, the end of what is kept must not be the start of the key; whatever is not cut is kept.
  const key = "id12345678:a1b2c3d4e5f"
  // The redactor reads twice what it keeps and the longest form of the key more (here its base64, 30 characters).
  const window = 2 * 40 + Buffer.from(key).toString("base64").replace(/=+$/, "").length
  // A long bearer token shrinks to a placeholder: what follows it moves into the 40 characters kept.
  const bearer = (length: number) => `Bearer ${"t".repeat(length - 8)} `

  it("text that is not cut is kept as it is, to the length asked", () => {
    const redactor = Redaction.make([key])
    expect(redactor.head("hello world", 5)).toBe("hello")
    expect(redactor.head("hello world", 5, true)).toBe("hello")
    expect(redactor.head("x i", 50, true)).toBe("x i")
  })

  it("a cut text that ends with the start of the key loses that end, however short", () => {
    const redactor = Redaction.make([key])
    expect(redactor.head("x id", 50, true)).toBe("x ")
    expect(redactor.head(`key ${key} and a1`, 100, true)).toBe("key <redacted> and ")
  })

  it("only what follows the last placeholder is taken for a cut secret, never the placeholder itself", () => {
    // The key starts like the placeholder ends (`ed>`): `<redacted>ab12` must not read as `ed>ab12` cut.
    const redactor = Redaction.make(["ed>ab12cd34"])
    expect(redactor.head("ed>ab12cd34ab12", 100, true)).toBe("<redacted>")
  })

  it("the longest start of a secret at the cut goes, not the start of a later one", () => {
    // `ab12cd34e` starts the key and its first half; `cd34e` starts the second half.
    const redactor = Redaction.make(["ab12cd34ef:cd34ef56gh"])
    expect(redactor.head("bad ab12cd34e", 100, true)).toBe("bad ")
  })

  it("a key that starts within what is read is seen whole", () => {
    const redactor = Redaction.make([key])
    const text = `${bearer(80)}${key} tail`
    expect(redactor.head(text, 40)).toBe("Bearer <redacted> <redacted> tail")
  })

  it("a key cut by the end of what is read leaves no part of it", () => {
    const redactor = Redaction.make([key])
    // The key's first 10 characters are its first half; its first 5 are no form of it.
    expect(redactor.head(`${bearer(window - 10)}${key} tail`, 40)).toBe("Bearer <redacted> <redacted>")
    expect(redactor.head(`${bearer(window - 5)}${key} tail`, 40)).toBe("Bearer <redacted> ")
  })

  it("a text exactly as long as what is read is not cut", () => {
    const redactor = Redaction.make([key])
    const text = `${bearer(window - 3)} id`
    expect(text.length).toBe(window)
    expect(redactor.head(text, 40)).toBe("Bearer <redacted>  id")
  })
})
