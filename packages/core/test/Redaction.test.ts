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

  it("replaces URL-encoded, JSON-escaped and base64 forms", () => {
    expect(redactor.string(encodeURIComponent(key))).toBe("<redacted>")
    expect(redactor.string(Buffer.from(key).toString("base64"))).toBe("<redacted>")
  })

  it("removes bearer tokens and credential query parameters it does not know", () => {
    expect(Redaction.generic.string("Authorization: Bearer abc.def-123")).toBe("Authorization: Bearer <redacted>")
    expect(Redaction.generic.url("https://x.test/v1/calls?limit=5&api_key=zzz&token=t#frag")).toBe(
      "https://x.test/v1/calls?limit=5&api_key=<redacted>&token=<redacted>#frag"
    )
  })

  it("redacts every string of a JSON value, and values of secret-named fields", () => {
    expect(redactor.json({ a: [`x ${key}`], key_secret: "anything", n: 1 })).toEqual({
      a: ["x <redacted>"],
      key_secret: "<redacted>",
      n: 1
    })
  })

  it("keeps a __proto__ key as data", () => {
    const value = JSON.parse(`{"__proto__": {"polluted": true}}`)
    const redacted = redactor.json(value) as Record<string, unknown>
    expect(Object.getPrototypeOf(redacted)).toBe(Object.prototype)
    expect(Object.hasOwn(redacted, "__proto__")).toBe(true)
  })

  it("ignores secrets too short to redact safely", () => {
    expect(Redaction.make(["abc"]).string("abc abc")).toBe("abc abc")
  })
})
