import { describe, expect, it } from "@effect/vitest"
import { Dialect, Failure, Redaction, type ResponseBody } from "@faultline/core"
import { FastCheck as fc, Redacted } from "effect"

// What a failure keeps of a long text is its start: cutting must never leave part of a secret behind.

const key = "nxf_0123456789abcdef0123456789abcdef:nxfs_S3cr3tS3cr3tS3cr3tS3cr3tS3cr3tS3cr3tS3cr3tS3cr3tS3cr3tS3cr3t"
const secretHalf = key.split(":")[1]!
const redactor = Redaction.make([Redacted.make(key)])
const encoder = new TextEncoder()

// Whether any run of 8 characters of the secret half shows in the text.
const showsPartOfSecret = (text: string) => {
  for (let i = 0; i + 8 <= secretHalf.length; i++) if (text.includes(secretHalf.slice(i, i + 8))) return true
  return false
}

describe("redacted heads of long texts", () => {
  it("a proxy page whose earlier redactions shrink the text does not pull a cut secret into the snippet", () => {
    // Long bearer tokens (each replaced by a short placeholder) before the key, so many that the part of the page
    // the snippet is made from (2,304 bytes) ends 30 characters into the key's secret half.
    const line = (n: number) => `Authorization: Bearer ${"t".repeat(n - 23)}\n`
    const before = 2304 - 37 - 30 - "x-nixflex-key: ".length
    const tokens = line(224).repeat(Math.floor(before / 224)) + line(before % 224)
    const page = `${tokens}x-nixflex-key: ${key}\n`
    const snippet = Dialect.snippet(encoder.encode(page), redactor)
    expect(snippet.length).toBeLessThanOrEqual(Failure.snippetLength)
    expect(showsPartOfSecret(snippet)).toBe(false)
  })

  it.prop(
    "wherever a body is cut, the snippet shows no run of the secret",
    [fc.string({ maxLength: 3000 }), fc.integer({ min: 0, max: 4000 }), fc.boolean()],
    ([filler, cutAt, shrink]) => {
      const prefix = shrink ? `${filler.replace(/./g, "x").slice(0, 40).repeat(3)} Bearer ${"a".repeat(200)} ` : filler
      const text = `${prefix}${key} and again ${key}`
      const bytes = encoder.encode(text).subarray(0, cutAt)
      // The bytes are the start of a larger body, as a cut-off or too-large body's are.
      return !showsPartOfSecret(Dialect.snippet(bytes, redactor, true))
    },
    { fastCheck: { numRuns: 500 } }
  )

  it("a long JSON string cut to what a failure keeps shows no part of a secret at the cut", () => {
    // Keys over and over: each shrinks to the placeholder, and the cut of the string falls inside one.
    const value = `${key} `.repeat(45)
    const kept = redactor.json({ message: value }) as { message: string }
    expect(showsPartOfSecret(kept.message)).toBe(false)
  })

  it("a key in a validation error's list pretty-printed with deep indentation is found whole", () => {
    const uuidKey = "2fa1c3d9-11d2-883f-a0b1-0123456789ab"
    const uuidRedactor = Redaction.make([Redacted.make(uuidKey)])
    const pretty = JSON.stringify({ detail: [{ loc: ["header", ...uuidKey.split("-")], msg: "bad" }] }, null, 8)
    const snippet = Dialect.snippet(encoder.encode(pretty), uuidRedactor)
    for (const part of uuidKey.split("-")) expect(snippet).not.toContain(`"${part}"`)
  })

  it("a body too large for the limit keeps a snippet with no part of a cut secret", () => {
    const body: ResponseBody.ResponseBody = {
      _tag: "TooLarge",
      bytes: encoder.encode(`{"error":"${"z".repeat(300)}${key.slice(0, 60)}`),
      limit: 360
    }
    const outcome = Dialect.decode(
      Dialect.make({ vendor: "v", authenticate: Dialect.bearer, decodeEnvelope: () => undefined }),
      { status: 500, headers: {}, body, now: 0, redactor }
    )
    expect(outcome._tag === "Left" && showsPartOfSecret(outcome.left.message + JSON.stringify(outcome.left))).toBe(
      false
    )
  })
})
