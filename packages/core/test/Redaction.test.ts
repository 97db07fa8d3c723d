import { describe, expect, it } from "@effect/vitest"
import { Redaction } from "@faultline/core"
import { Redacted } from "effect"

const key = "nxf_a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6:nxfs_0123456789secret"

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

  it("leaves ordinary words after 'token' or 'basic' alone", () => {
    const message = "Invalid token provided; basic plan required"
    expect(Redaction.generic.string(message)).toBe(message)
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

  it("ignores secrets too short to redact safely", () => {
    expect(Redaction.make(["abc"]).string("abc abc")).toBe("abc abc")
  })
})
