/**
 * The demo's call list: contacts spread over the three vendors, generated from a seed. Most numbers are E.164;
 * some are written the way people write them ("07386 172392", "(415) 555-0142"), which the service can fix, a
 * few are not numbers at all; a few contacts name an agent of another account.
 */
import { Effect, Random } from "effect"

export type Vendor = "nixflex" | "dialnexa" | "levrage"

export const vendors: ReadonlyArray<Vendor> = ["nixflex", "dialnexa", "levrage"]

/** The country a contact's number is in, for writing a national number as E.164. */
export type Country = "GB" | "US" | "IN"

export interface Contact {
  readonly id: number
  readonly vendor: Vendor
  readonly phone: string
  readonly country: Country
  /** Whether the contact names an agent of this account, or one it does not own. */
  readonly agent: "ours" | "theirs"
}

// A subscriber number of a country, as digits after the country code.
const subscriber = (country: Country, n: number): string => {
  const tail = String(n).padStart(6, "0")
  switch (country) {
    case "GB":
      return `7386${tail}`
    case "US":
      return `415555${tail.slice(-4)}`
    case "IN":
      return `98${tail}${String(n % 100).padStart(2, "0")}`
  }
}

const prefix: Record<Country, string> = { GB: "44", US: "1", IN: "91" }

// The same number as a person might type it: national format with spaces or punctuation.
const national = (country: Country, digits: string): string => {
  switch (country) {
    case "GB":
      return `0${digits.slice(0, 4)} ${digits.slice(4)}`
    case "US":
      return `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}`
    case "IN":
      return `0${digits.slice(0, 5)} ${digits.slice(5)}`
  }
}

const unusable = ["n/a", "12", "call me", "+44", "unknown"]

/**
 * `count` contacts, the same for the same seed: about 8% of numbers in national format, 2% unusable, 5% with
 * another account's agent, the vendors taken in turn (or only `only`).
 */
export const generate = (count: number, seed: number, only?: Vendor): ReadonlyArray<Contact> =>
  Effect.runSync(
    Effect.gen(function* () {
      const contacts: Array<Contact> = []
      const countries: ReadonlyArray<Country> = ["GB", "US", "IN"]
      for (let id = 0; id < count; id++) {
        const vendor = only ?? vendors[id % vendors.length]!
        const country = countries[yield* Random.nextIntBetween(0, countries.length)]!
        const digits = subscriber(country, 100_000 + id)
        const draw = yield* Random.next
        const phone =
          draw < 0.02
            ? unusable[id % unusable.length]!
            : draw < 0.1
              ? national(country, digits)
              : `+${prefix[country]}${digits}`
        const agent = (yield* Random.next) < 0.05 ? "theirs" : "ours"
        contacts.push({ id, vendor, phone, country, agent })
      }
      return contacts
    }).pipe(Effect.withRandom(Random.make(seed)))
  )

/**
 * A number as written, as E.164: spaces and punctuation dropped, a national trunk 0 or an international 00 turned
 * into the country code. `undefined` when what is left is not a number of 7 to 15 digits.
 */
export const toE164 = (written: string, country: Country): string | undefined => {
  const compact = written.replace(/[\s().-]/g, "")
  const e164 = compact.startsWith("+")
    ? compact
    : compact.startsWith("00")
      ? `+${compact.slice(2)}`
      : compact.startsWith("0")
        ? `+${prefix[country]}${compact.slice(1)}`
        : country === "US" && compact.length === 10
          ? `+1${compact}`
          : undefined
  return e164 !== undefined && /^\+[1-9]\d{6,14}$/.test(e164) ? e164 : undefined
}
