import { createHash } from "node:crypto"
import * as Redacted from "effect/Redacted"

/**
 * The account an API key names in Redis: the first 32 hex digits of its SHA-256 (the key itself is never written),
 * `-` without a key.
 *
 * @internal
 */
export const accountOf = (apiKey: Redacted.Redacted<string> | string | undefined): string =>
  apiKey === undefined
    ? "-"
    : createHash("sha256")
        .update(typeof apiKey === "string" ? apiKey : Redacted.value(apiKey))
        .digest("hex")
        .slice(0, 32)

/**
 * What the keys of one host and account start with. One hash slot for them all (`{…}`), so that a script's keys sit
 * on one node of a cluster.
 *
 * @internal
 */
export const baseOf = (prefix: string, account: string, host: string): string => `${prefix}{${host}:${account}}`
