import * as HttpRouter from "@effect/platform/HttpRouter"
import type * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Effect from "effect/Effect"
import type { Route, Vendor } from "../Vendor.js"
import { type Auth, CurrentExchange, type Exchange, json, type Principal, type Rejection } from "./exchange.js"
import type { Prng } from "./prng.js"
import type { WindowDecision, WindowRule } from "./rateLimit.js"

/** A route's path parameters. @internal */
export type Params = Readonly<Record<string, string | undefined>>

/** A route handler that needs a caller with a valid key. @internal */
export type AuthenticatedHandler = (
  exchange: Exchange,
  principal: Principal,
  params: Params
) => Effect.Effect<HttpServerResponse.HttpServerResponse, Rejection>

/** A route handler open to anyone. @internal */
export type PublicHandler = (
  exchange: Exchange,
  params: Params
) => Effect.Effect<HttpServerResponse.HttpServerResponse, Rejection>

/** A route's handler, wrapped by `authenticated` or `open`. @internal */
export type RouteHandler = Effect.Effect<
  HttpServerResponse.HttpServerResponse,
  never,
  CurrentExchange | HttpRouter.RouteContext
>

const routed = <A, E>(run: (exchange: Exchange, params: Params) => Effect.Effect<A, E>) =>
  Effect.gen(function* () {
    const exchange = yield* CurrentExchange
    const context = yield* HttpRouter.RouteContext
    exchange.route = context.route.path
    return yield* run(exchange, context.params)
  })

/** @internal */
export const authenticated = (handler: AuthenticatedHandler): RouteHandler =>
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
export const open = (handler: PublicHandler): RouteHandler =>
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
