import { describe, expect, it } from "@effect/vitest"
import { Redaction } from "@faultline/core"

// Written against the survivors of `pnpm mutate` on internal/redaction.ts: which pieces of a key count as secrets,
// how the whole key is matched, its base64 forms, the strings of a JSON list and the redactor's memory of clean
// text. Each test states what a failure's message or JSON would show. Redactors are made inside the tests, so that
// a changed redactor is the one tested.

const base64 = (text: string) => Buffer.from(text).toString("base64")
const base64url = (text: string) => Buffer.from(text).toString("base64url")

describe("the pieces of a key that count as secrets", () => {
  it("a part with digits is a secret even where it starts with letters; a plain word is not", () => {
    const redactor = Redaction.make(["Capitalized-ABCDEFGH-lowercase-a1b2c3d4"])
    // A vendor's message that uses the key's words is left readable.
    expect(redactor.string("Capitalized ABCDEFGH lowercase")).toBe("Capitalized ABCDEFGH lowercase")
    expect(redactor.string("unknown part a1b2c3d4")).toBe("unknown part <redacted>")
  })

  it("a piece between one kind of separator is a secret, for every kind of separator in the key", () => {
    // Pieces between `-`: abc1, def2.ghi3, jkl4 (too short but one); between `.`: abc1-def2 and ghi3-jkl4.
    const redactor = Redaction.make(["abc1-def2.ghi3-jkl4"])
    expect(redactor.string("bad abc1-def2 here")).toBe("bad <redacted> here")
    expect(redactor.string("bad ghi3-jkl4 here")).toBe("bad <redacted> here")
    expect(redactor.string("bad def2.ghi3 here")).toBe("bad <redacted> here")
  })

  it("a piece that only shows between separators of other kinds is a secret without them", () => {
    // `cd34_ef56` sits between `-.` and `-.`: it is no piece between a single kind of separator.
    const redactor = Redaction.make(["ab12-.cd34_ef56-.gh78"])
    expect(redactor.string("bad cd34_ef56 here")).toBe("bad <redacted> here")
  })

  it("each half of id:secret is a secret, even a plain word", () => {
    const redactor = Redaction.make(["acmecorp:9f8e7d6c5b4a3210"])
    expect(redactor.string("key id acmecorp is not allowed")).toBe("key id <redacted> is not allowed")
    expect(redactor.string("secret 9f8e7d6c5b4a3210")).toBe("secret <redacted>")
  })

  it("a key or a part of exactly 6 characters is a secret", () => {
    expect(Redaction.make(["k3y4b5"]).string("k3y4b5")).toBe("<redacted>")
    expect(Redaction.make(["k3y4b5"]).string("bad k3y4b5")).toBe("bad <redacted>")
    expect(Redaction.make(["k3y4b5-q9w8e7r6"]).string("part k3y4b5 alone")).toBe("part <redacted> alone")
  })

  it("a key whose letters and digits come to exactly 6 is matched rejoined with other separators", () => {
    expect(Redaction.make(["a1.b2.c3"]).string("path a1/b2/c3 here")).toBe("path <redacted> here")
  })

  it("of two keys, one the start of the other, the longer goes whole, whichever is given first", () => {
    for (const secrets of [
      ["abc123", "abc123xyz789"],
      ["abc123xyz789", "abc123"]
    ]) {
      expect(Redaction.make(secrets).string("keys abc123xyz789 and abc123")).toBe("keys <redacted> and <redacted>")
    }
  })

  it("a piece that starts with a part goes whole, not as the part and what follows", () => {
    const redactor = Redaction.make(["a1b2c3-d4e5f6.g7h8i9"])
    expect(redactor.string("bad a1b2c3-d4e5f6 here")).toBe("bad <redacted> here")
  })
})

describe("the whole key, rejoined", () => {
  it("a separator at the edge of a key goes with it, and no more of the text around it", () => {
    const trailing = Redaction.make(["abc123def456="])
    expect(trailing.string("token abc123def456=, next")).toBe("token <redacted>, next")
    expect(trailing.string("token abc123def456, next")).toBe("token <redacted>, next")
    const leading = Redaction.make(["/abc123def456"])
    expect(leading.string("path: /abc123def456 next")).toBe("path: <redacted> next")
  })
})

describe("base64", () => {
  // Both alphabets: the key's bytes are chosen so that its encoding holds `+` and `/` (`-` and `_` in base64url).
  const key = "k3y~~~???z9"

  it("a key whose encoding holds + and / is found in base64, base64url and form-decoded base64", () => {
    const redactor = Redaction.make([key])
    const encoded = base64(key)
    expect(encoded).toMatch(/\+.*\//)
    expect(redactor.string(`data ${encoded} end`)).toBe("data <redacted> end")
    expect(redactor.string(`data ${base64url(key)} end`)).toBe("data <redacted> end")
    // A `+` read from a form body is a space.
    expect(redactor.string(`data=${encoded.replace(/\+/g, " ")}`)).toBe("data=<redacted>")
    // Basic credentials: the characters that encode only the user name `user:` (`dXNlcjp`) stay.
    expect(redactor.string(`Basic ${base64(`user:${key}`)}`)).toBe("Basic dXNlcjp<redacted>")
    expect(redactor.string(`Basic ${base64url(`user:${key}`)}`)).toBe("Basic dXNlcjp<redacted>")
  })

  it("the last character and the padding of an encoding go with it", () => {
    // No separators: the whole key is its only form. Lengths 16, 17 and 18 end in `==`, `=` and no padding.
    for (const secret of ["k3yS3cr3tValue99", "k3yS3cr3tValue99x", "k3yS3cr3tValue99xy"]) {
      const redactor = Redaction.make([secret])
      expect(redactor.string(`x ${base64(secret)} y`)).toBe("x <redacted> y")
      expect(redactor.string(`x ${base64url(secret)} y`)).toBe("x <redacted> y")
    }
  })

  it("what follows an encoding that ends on a whole group is kept", () => {
    // 18 bytes encode to 24 characters with no partial group; `undefined` is valid base64 that follows them.
    const secret = "k3yS3cr3tValue99xy"
    expect(Redaction.make([secret]).string(`${base64(secret)}undefined`)).toBe("<redacted>undefined")
  })

  it("a key id:secret is replaced whole in base64, with the bytes of the colon between its halves", () => {
    const secret = "k3yid12345:s3cr3tv4lue99"
    const redactor = Redaction.make([secret])
    expect(redactor.string(base64(secret))).toBe("<redacted>")
    expect(redactor.string(`Basic ${base64(`u:${secret}`)}`)).toBe("Basic dTp<redacted>")
  })

  it("each part of a key, and a half whose parts are too short, is found alone in base64", () => {
    const redactor = Redaction.make(["nxf_a1b2c3d4e5f6"])
    expect(redactor.string(`x ${base64("a1b2c3d4e5f6")} y`)).toBe("x <redacted> y")
    // A key id with an empty password, as Basic credentials: `base64("ab12_cd34_ef56:")`.
    const pair = Redaction.make(["ab12_cd34_ef56:zz98_yy87_xx76"])
    // Not after `Basic `, which is replaced as a token anyway. What stays (`6`) holds only bits of the colon.
    expect(pair.string(`creds ${base64("ab12_cd34_ef56:")} end`)).toBe("creds <redacted>6 end")
  })
})

describe("a piece of a key in base64", () => {
  it("a piece that crosses the halves of id:secret is found in base64, at any alignment", () => {
    // `cd34:ef56`, between the `-` of `ab12-cd34:ef56-gh78`, holds no part of 6 characters: its own encoding is
    // all that can show it.
    const redactor = Redaction.make(["ab12-cd34:ef56-gh78"])
    for (const prefix of ["", "u:", "us:"]) {
      const encoded = base64(`${prefix}cd34:ef56`)
      expect(redactor.string(`creds ${encoded} end`), prefix).not.toContain(encoded.slice(4, 12))
    }
    expect(redactor.string(`creds ${base64url("cd34:ef56")} end`)).toBe("creds <redacted> end")
  })
})

describe("the strings of a JSON list", () => {
  it("two strings that together spell a key are both replaced", () => {
    expect(Redaction.make(["ab12:cd34"]).json(["ab12", "cd34"])).toEqual(["<redacted>", "<redacted>"])
  })

  it("a key inside one string replaces only the key, and no other string of the list", () => {
    const redactor = Redaction.make(["k3yid1:s3cr3t99"])
    expect(redactor.json(["bad key k3yid1:s3cr3t99 here", "other", "more"])).toEqual([
      "bad key <redacted> here",
      "other",
      "more"
    ])
  })

  it("anything but a string between the parts breaks the spelling: nothing is replaced", () => {
    // An empty list or object between them too, although its JSON (`[]`, `{}`) is punctuation, as separators are.
    for (const between of [1, null, [], {}]) {
      expect(Redaction.make(["ab12:cd34"]).json(["ab12", between, "cd34"])).toEqual(["ab12", between, "cd34"])
    }
  })

  it("a key copied with its JSON quotes and comma replaces the strings that spell it, and no neighbour", () => {
    // Copied from a JSON list, with the quotes and a comma after it or before it.
    for (const secret of ['"ab12-cd34",', ',"ab12-cd34"']) {
      expect(Redaction.make([secret]).json(["x", "ab12", "cd34", "y"])).toEqual(["x", "<redacted>", "<redacted>", "y"])
    }
  })

  it("strings that spell only the end of a key are left alone", () => {
    // The key starts with `here`: `["ab12","cd34"]` lacks it.
    expect(Redaction.make(["here:ab12:cd34"]).json(["ab12", "cd34"])).toEqual(["ab12", "cd34"])
  })
})

describe("what the redactor remembers", () => {
  it("a string that held a secret is redacted again each time it comes back", () => {
    const redactor = Redaction.make(["k3yid1:s3cr3t99"])
    const message = "bad key k3yid1:s3cr3t99"
    expect(redactor.json({ a: message, b: [message, message] })).toEqual({
      a: "bad key <redacted>",
      b: ["bad key <redacted>", "bad key <redacted>"]
    })
    expect(redactor.json({ c: message })).toEqual({ c: "bad key <redacted>" })
  })

  it("a string too long to keep whole is cut each time it comes back", () => {
    // 2,001 characters: one more than a failure keeps of a string.
    const long = "x".repeat(2001)
    const kept = Redaction.make(["k3yid1:s3cr3t99"]).json([long, long, long]) as Array<string>
    expect(kept.map((text) => [text.length, text.endsWith("…")])).toEqual([
      [2001, true],
      [2001, true],
      [2001, true]
    ])
  })

  it("a field named by a secret is redacted again each time it comes back", () => {
    const redactor = Redaction.make(["k3yid1:s3cr3t99"])
    expect(redactor.json([{ s3cr3t99: 1 }, { s3cr3t99: 2 }])).toEqual([{ "<redacted>": 1 }, { "<redacted>": 2 }])
  })
})

describe("JSON values", () => {
  it("null, numbers and objects under fields named like credentials are kept as they are", () => {
    // `max_tokens` says "token": only a string there is taken for a credential.
    const redactor = Redaction.make(["k3yid1:s3cr3t99"])
    expect(redactor.json({ a: null, b: [null, 1], max_tokens: 100, token: { type: "bearer", ttl: 60 } })).toEqual({
      a: null,
      b: [null, 1],
      max_tokens: 100,
      token: { type: "bearer", ttl: 60 }
    })
  })

  it("a string longer than a failure keeps is cut, and marked as cut; one of exactly that length is whole", () => {
    const redactor = Redaction.make(["k3yid1:s3cr3t99"])
    expect(redactor.json({ text: `${"y".repeat(2000)}zz` })).toEqual({ text: `${"y".repeat(2000)}…` })
    expect(redactor.json({ text: "y".repeat(2000) })).toEqual({ text: "y".repeat(2000) })
  })

  it("objects nested deeper than 32 levels are cut like arrays", () => {
    let deep: unknown = "bottom"
    for (let i = 0; i < 40; i++) deep = { inner: deep }
    let value = Redaction.make(["k3yid1:s3cr3t99"]).json(deep)
    let depth = 0
    while (typeof value === "object" && value !== null) {
      value = (value as { inner: unknown }).inner
      depth++
    }
    expect([depth, value]).toEqual([32, "<too deep>"])
  })
})
