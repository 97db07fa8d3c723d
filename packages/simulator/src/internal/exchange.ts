import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Context from "effect/Context"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import type { Vendor } from "../Vendor.js"
import { isRecord } from "./validation.js"

/** A caller with a valid key: the key itself, the account it belongs to, and a label safe to log. @internal */
export interface Principal {
  readonly key: string
  readonly account: string
  readonly label: string
}

/** The result of reading a request's credentials. @internal */
export type Auth =
  | { readonly _tag: "Authenticated"; readonly principal: Principal }
  | { readonly _tag: "Rejected"; readonly response: HttpServerResponse.HttpServerResponse }

/** An early answer from a handler (a validation error, a 404, …). @internal */
export class Rejection extends Data.TaggedError("Rejection")<{
  readonly response: HttpServerResponse.HttpServerResponse
}> {}

/** @internal */
export const reject = (response: HttpServerResponse.HttpServerResponse): Effect.Effect<never, Rejection> =>
  Effect.fail(new Rejection({ response }))

/** @internal */
export const json = (
  status: number,
  body: unknown,
  headers?: Record<string, string>
): HttpServerResponse.HttpServerResponse =>
  HttpServerResponse.unsafeJson(body, headers === undefined ? { status } : { status, headers })

/** Epoch milliseconds as an ISO 8601 timestamp, the form every vendor dates its records in. @internal */
export const isoTime = (ms: number): string => new Date(ms).toISOString()

/** The first characters of a key, safe to log. @internal */
export const keyLabel = (key: string): string => (key.length <= 8 ? "key…" : `${key.slice(0, 8)}…`)

/** Canonical JSON (sorted keys) of a body, to compare two requests; the text itself when it is not JSON. */
const canonical = (text: string): string => {
  const sort = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(sort)
      : isRecord(value)
        ? Object.fromEntries(
            Object.keys(value)
              .sort()
              .map((k) => [k, sort(value[k])])
          )
        : value
  try {
    return JSON.stringify(sort(JSON.parse(text)))
  } catch {
    return text
  }
}

/**
 * One request as the vendor handlers see it: the vendor's own path, the body read once, the time it arrived, and
 * what the handlers did (route matched, resources created).
 *
 * @internal
 */
export class Exchange {
  route = "*"
  auth: Auth | undefined = undefined
  readonly created: Array<{ readonly kind: string; readonly id: string }> = []
  replayed = false

  constructor(
    readonly vendor: Vendor,
    readonly method: string,
    readonly path: string,
    readonly query: URLSearchParams,
    readonly headers: Readonly<Record<string, string | undefined>>,
    readonly bodyText: string,
    readonly now: number,
    readonly clientIp: string
  ) {}

  get timestamp(): string {
    return isoTime(this.now)
  }

  /** The body as canonical JSON, to compare it with another request's. */
  get canonicalBody(): string {
    return canonical(this.bodyText)
  }

  header(name: string): string | undefined {
    return this.headers[name.toLowerCase()]
  }

  /** The token of `Authorization: Bearer <token>`, if the header has that form. */
  bearerToken(): string | undefined {
    return /^Bearer\s+(.+)$/i.exec(this.header("authorization") ?? "")?.[1]?.trim()
  }

  /** Records a resource the request created (counted in the stats, checked for duplicates). */
  create(kind: string, id: string): void {
    this.created.push({ kind, id })
  }

  /** The body parsed as JSON: `undefined` when empty, `Malformed` when not JSON. */
  json(): unknown {
    if (this.bodyText.trim().length === 0) return undefined
    try {
      return JSON.parse(this.bodyText)
    } catch {
      return Malformed
    }
  }
}

/** Marks a body that is not JSON. @internal */
export const Malformed: unique symbol = Symbol.for("@faultline/simulator/Malformed")

/** @internal */
export class CurrentExchange extends Context.Tag("@faultline/simulator/internal/CurrentExchange")<
  CurrentExchange,
  Exchange
>() {}
