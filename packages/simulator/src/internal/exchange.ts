import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Context from "effect/Context"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import type { Route, Vendor } from "../Vendor.js"
import type { Prng } from "./prng.js"
import type { WindowDecision, WindowRule } from "./rateLimit.js"

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
    return new Date(this.now).toISOString()
  }

  header(name: string): string | undefined {
    return this.headers[name.toLowerCase()]
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

/** A route handler that needs a caller with a valid key. @internal */
export type AuthenticatedHandler = (
  exchange: Exchange,
  principal: Principal,
  params: Readonly<Record<string, string | undefined>>
) => Effect.Effect<HttpServerResponse.HttpServerResponse, Rejection>

/** A route handler open to anyone. @internal */
export type PublicHandler = (
  exchange: Exchange,
  params: Readonly<Record<string, string | undefined>>
) => Effect.Effect<HttpServerResponse.HttpServerResponse, Rejection>

const routed = <A, E>(
  run: (exchange: Exchange, params: Readonly<Record<string, string | undefined>>) => Effect.Effect<A, E>
) =>
  Effect.gen(function* () {
    const exchange = yield* CurrentExchange
    const context = yield* HttpRouter.RouteContext
    exchange.route = context.route.path
    return yield* run(exchange, context.params)
  })

/** @internal */
export const authenticated = (handler: AuthenticatedHandler) =>
  routed((exchange, params) => {
    const auth = exchange.auth
    if (auth === undefined || auth._tag === "Rejected") {
      return Effect.succeed(auth?.response ?? json(401, { message: "Unauthorized" }))
    }
    return handler(exchange, auth.principal, params).pipe(
      Effect.catchTag("Rejection", (r) => Effect.succeed(r.response))
    )
  })

/** @internal */
export const open = (handler: PublicHandler) =>
  routed((exchange, params) =>
    handler(exchange, params).pipe(Effect.catchTag("Rejection", (r) => Effect.succeed(r.response)))
  )

/** Which rate-limit window a request counts against. @internal */
export interface RateGroup {
  readonly group: string
  readonly rule: WindowRule
  /** Count per client IP rather than per key (unauthenticated endpoints). */
  readonly byIp: boolean
}

/**
 * What the shared pipeline needs from a vendor: its routes and the answers it gives outside them.
 *
 * @internal
 */
export interface VendorDialect {
  readonly vendor: Vendor
  readonly router: HttpRouter.HttpRouter<never, CurrentExchange>
  readonly authenticate: (exchange: Exchange) => Auth
  readonly rateGroup: (exchange: Exchange) => RateGroup
  readonly rateLimited: (decision: WindowDecision, exchange: Exchange) => HttpServerResponse.HttpServerResponse
  readonly notFound: (exchange: Exchange) => HttpServerResponse.HttpServerResponse
  /** The vendor's body for an error status a fault asks for. */
  readonly errorResponse: (status: number, exchange: Exchange) => HttpServerResponse.HttpServerResponse
  /** The header that makes a mutating request replayable, if the vendor has one. */
  readonly idempotency:
    | {
        readonly header: string
        readonly conflict: (
          reason: "reused" | "in_progress",
          exchange: Exchange
        ) => HttpServerResponse.HttpServerResponse
      }
    | undefined
}

/** Shared by every vendor's state: the seeded id generator and the resolved options. @internal */
export interface VendorEnv<Options> {
  readonly ids: Prng
  readonly options: Options
  /** When the state was (re)built, epoch milliseconds: seeded records are dated before it. */
  readonly now: number
}

// --- small validation helpers --------------------------------------------------------------------------------------

/** @internal */
export const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

/** E.164: a plus, a non-zero digit, and 7 to 15 digits in all. @internal */
export const isE164 = (u: unknown): u is string => typeof u === "string" && /^\+[1-9]\d{6,14}$/.test(u)

/** @internal */
export const isNonEmptyString = (u: unknown): u is string => typeof u === "string" && u.trim().length > 0

/** @internal */
export const isIsoDateTime = (u: unknown): u is string =>
  typeof u === "string" && /^\d{4}-\d{2}-\d{2}T/.test(u) && !Number.isNaN(Date.parse(u))

/** @internal */
export const isInteger = (u: unknown): u is number => typeof u === "number" && Number.isInteger(u)

/** The first characters of a key, safe to log. @internal */
export const keyLabel = (key: string): string => (key.length <= 8 ? "key…" : `${key.slice(0, 8)}…`)

/** A query parameter as a positive integer, its default when absent, or `undefined` when not one. @internal */
export const queryInt = (query: URLSearchParams, name: string, fallback: number): number | undefined => {
  const text = query.get(name)
  if (text === null) return fallback
  return /^-?\d+$/.test(text) ? Number(text) : undefined
}

/** Canonical JSON (sorted keys) of a body, to compare two requests. @internal */
export const canonical = (text: string): string => {
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

/** A route's handler, wrapped by `authenticated` or `open`. @internal */
export type RouteHandler = Effect.Effect<
  HttpServerResponse.HttpServerResponse,
  never,
  CurrentExchange | HttpRouter.RouteContext
>

/**
 * Builds a vendor's router from its documented route table, so the table (and the docs made from it) cannot drift
 * from what is served: every route needs a handler keyed `"METHOD /path"`, and every handler a route.
 *
 * @internal
 */
export const routerFrom = (
  routes: ReadonlyArray<Route>,
  handlers: Readonly<Record<string, RouteHandler>>
): HttpRouter.HttpRouter<never, CurrentExchange> => {
  const keys = new Set(routes.map((route) => `${route.method} ${route.path}`))
  for (const key of Object.keys(handlers)) {
    if (!keys.has(key)) throw new Error(`handler without a documented route: ${key}`)
  }
  return routes.reduce(
    (router, route) => {
      const handler = handlers[`${route.method} ${route.path}`]
      if (handler === undefined) throw new Error(`documented route without a handler: ${route.method} ${route.path}`)
      return HttpRouter.route(route.method)(route.path as HttpRouter.PathInput, handler)(router)
    },
    HttpRouter.empty as HttpRouter.HttpRouter<never, CurrentExchange>
  )
}
