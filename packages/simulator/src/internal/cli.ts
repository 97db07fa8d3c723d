import * as Either from "effect/Either"
import type * as Simulator from "../Simulator.js"
import * as Vendor from "../Vendor.js"
import { parseDuration, parse as parseFaults } from "./faults.js"
import { defaultSeed } from "./options.js"

/** What the command line asked for. @internal */
export interface Command {
  readonly help: boolean
  readonly options: Simulator.Options
}

/** @internal */
export const defaultPort = 4010

/** @internal */
export const usage = `Usage: pnpm simulator [options]

A local server that speaks the DialNexa, Levrage and Nixflex APIs, with faults on demand.

Options:
  --port <n>                   port to listen on (default ${defaultPort}; 0 picks a free one)
  --host <address>             address to listen on (default 127.0.0.1)
  --vendor <name>              also serve one vendor at the root (/v1/…): dialnexa, levrage or nixflex
  --faults <spec>              faults from the start, e.g. outage=10s,rate502=0.1,latency=200ms
                               (outage, rate<status>, html<status>, reset, resetafter, hang, truncate,
                               huge, latency)
  --seed <n>                   seed of fault draws, jitter and ids (default 42)
  --call-duration <duration>   how long a call stays in flight (default 30s)
  --sms-interval <duration>    time between two messages of a Nixflex SMS campaign (default 1s)
  --concurrency <v>=<n>,…      calls in flight per account: dialnexa=5,nixflex=10
  --rate-limit <group>=<n>/<window>[@<phase>],…
                               request limits: dialnexa, levrage, nixflex.read, nixflex.write, nixflex.keys
                               e.g. nixflex.write=5/10s; @<phase> fixes the windows on the clock, starting
                               <phase> after each whole multiple of the window (nixflex.write=20/1s@5ms)
  --key <vendor>=<key>         a valid key (repeatable; replaces that vendor's demo key)
  --dialnexa-concurrency-status <409|429>
  --nixflex-retry-after-header also send Retry-After on Nixflex 429s
  --levrage-credits <n>        Levrage credits (each call spends one)
  --help                       this text
`

const rateLimitGroups: ReadonlyArray<Simulator.RateLimitGroup> = [
  "dialnexa",
  "levrage",
  "nixflex.read",
  "nixflex.write",
  "nixflex.keys"
]

const integer = (flag: string, text: string, min: number): Either.Either<number, string> => {
  const value = Number(text)
  return /^\d+$/.test(text) && value >= min
    ? Either.right(value)
    : Either.left(`${flag}: "${text}" is not an integer ≥ ${min}`)
}

const pairs = (flag: string, text: string): Either.Either<ReadonlyArray<readonly [string, string]>, string> => {
  const out: Array<readonly [string, string]> = []
  for (const item of text.split(",")) {
    const eq = item.indexOf("=")
    if (eq <= 0) return Either.left(`${flag}: expected name=value, got "${item}"`)
    out.push([item.slice(0, eq).trim(), item.slice(eq + 1).trim()])
  }
  return Either.right(out)
}

/**
 * Reads the command line (without the node and script arguments).
 *
 * @internal
 */
export const parseArgs = (argv: ReadonlyArray<string>): Either.Either<Command, string> => {
  const options: {
    -readonly [K in keyof Simulator.Options]: Simulator.Options[K]
  } = { port: defaultPort }
  const keys: { [V in Vendor.Vendor]?: Array<string> } = {}
  const concurrency: { dialnexa?: number; nixflex?: number } = {}
  const rateLimits: { [G in Simulator.RateLimitGroup]?: Simulator.RateLimit } = {}
  let help = false

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1
    const flag = eq > 0 ? arg.slice(0, eq) : arg
    const takeValue = (): Either.Either<string, string> => {
      if (eq > 0) return Either.right(arg.slice(eq + 1))
      const next = argv[i + 1]
      if (next === undefined) return Either.left(`${flag} needs a value`)
      i += 1
      return Either.right(next)
    }
    if (flag === "--help" || flag === "-h") {
      help = true
      continue
    }
    if (flag === "--nixflex-retry-after-header") {
      options.nixflexRetryAfterHeader = true
      continue
    }
    const value = takeValue()
    if (Either.isLeft(value)) return Either.left(`${value.left}\n\n${usage}`)
    const text = value.right
    switch (flag) {
      case "--port": {
        const port = integer(flag, text, 0)
        if (Either.isLeft(port)) return Either.left(port.left)
        options.port = port.right
        break
      }
      case "--host":
        options.host = text
        break
      case "--vendor":
        if (!Vendor.isVendor(text)) return Either.left(`--vendor: "${text}" is not one of ${Vendor.all.join(", ")}`)
        options.vendor = text
        break
      case "--faults": {
        const faults = parseFaults(text)
        if (Either.isLeft(faults)) return Either.left(`--faults: ${faults.left}`)
        options.faults = faults.right
        break
      }
      case "--seed": {
        const seed = integer(flag, text, 0)
        if (Either.isLeft(seed)) return Either.left(seed.left)
        options.seed = seed.right
        break
      }
      case "--call-duration": {
        const ms = parseDuration(text)
        if (ms === undefined) return Either.left(`--call-duration: "${text}" is not a duration`)
        options.callDuration = ms
        break
      }
      case "--sms-interval": {
        const ms = parseDuration(text)
        if (ms === undefined) return Either.left(`--sms-interval: "${text}" is not a duration`)
        options.smsInterval = ms
        break
      }
      case "--concurrency": {
        const items = pairs(flag, text)
        if (Either.isLeft(items)) return Either.left(items.left)
        for (const [vendor, count] of items.right) {
          if (vendor !== "dialnexa" && vendor !== "nixflex") {
            return Either.left(`--concurrency: "${vendor}" has no call limit (dialnexa or nixflex)`)
          }
          const n = integer(flag, count, 1)
          if (Either.isLeft(n)) return Either.left(n.left)
          concurrency[vendor] = n.right
        }
        break
      }
      case "--rate-limit": {
        const items = pairs(flag, text)
        if (Either.isLeft(items)) return Either.left(items.left)
        for (const [group, rule] of items.right) {
          const known = rateLimitGroups.find((candidate) => candidate === group)
          if (known === undefined)
            return Either.left(`--rate-limit: unknown group "${group}" (${rateLimitGroups.join(", ")})`)
          const [counted, phaseText] = rule.split("@")
          const [limitText, windowText] = (counted ?? "").split("/")
          const limit = integer(flag, limitText ?? "", 1)
          const window = parseDuration(windowText ?? "")
          const phase = phaseText === undefined ? undefined : parseDuration(phaseText)
          if (Either.isLeft(limit)) return Either.left(limit.left)
          if (window === undefined || window <= 0 || (phaseText !== undefined && phase === undefined)) {
            return Either.left(`--rate-limit: "${rule}" is not <limit>/<window>[@<phase>]`)
          }
          rateLimits[known] =
            phase === undefined ? { limit: limit.right, window } : { limit: limit.right, window, phase }
        }
        break
      }
      case "--key": {
        const eqKey = text.indexOf("=")
        const vendor = text.slice(0, eqKey)
        if (eqKey <= 0 || !Vendor.isVendor(vendor)) return Either.left(`--key: expected <vendor>=<key>, got "${text}"`)
        keys[vendor] = [...(keys[vendor] ?? []), text.slice(eqKey + 1)]
        break
      }
      case "--dialnexa-concurrency-status":
        if (text !== "409" && text !== "429") return Either.left("--dialnexa-concurrency-status: 409 or 429")
        options.dialnexaConcurrencyStatus = text === "409" ? 409 : 429
        break
      case "--levrage-credits": {
        const credits = integer(flag, text, 0)
        if (Either.isLeft(credits)) return Either.left(credits.left)
        options.levrageCredits = credits.right
        break
      }
      default:
        return Either.left(`unknown option "${flag}"\n\n${usage}`)
    }
  }
  if (Object.keys(keys).length > 0) options.keys = keys
  if (Object.keys(concurrency).length > 0) options.concurrency = concurrency
  if (Object.keys(rateLimits).length > 0) options.rateLimits = rateLimits
  return Either.right({ help, options })
}

/** The lines printed when the server is up. @internal */
export const banner = (
  running: Pick<Simulator.Running, "url" | "baseUrl">,
  options: Simulator.Options,
  demoKeys: Readonly<Record<Vendor.Vendor, string>>
): string => {
  const line = (label: string, text: string) => `  ${label.padEnd(10)}${text}`
  const lines = [`faultline simulator listening on ${running.url}`]
  for (const vendor of Vendor.all) {
    const key = options.keys?.[vendor]?.[0] ?? demoKeys[vendor]
    lines.push(line(vendor, `${running.baseUrl(vendor)}/v1   key: ${key}`))
  }
  lines.push(line("control", `${running.url}/_control/stats  (also /_control/log, /_control/faults, /_control/reset)`))
  if (options.vendor !== undefined) lines.push(`  ${options.vendor} is also served at ${running.url}/v1`)
  if (options.faults !== undefined && options.faults.length > 0) {
    lines.push(line("faults", JSON.stringify(options.faults)))
  }
  lines.push(line("seed", String(options.seed ?? defaultSeed)))
  return lines.join("\n")
}
