// The shared pipeline: which vendor a path belongs to, faults first, then the vendor's authentication, rate window,
// idempotency and router, and every request counted and logged. Also the control API's wiring and the node server.
import * as Http from "node:http"
import * as Headers from "@effect/platform/Headers"
import type * as HttpServer from "@effect/platform/HttpServer"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type * as Faults from "../Faults.js"
import type * as Simulator from "../Simulator.js"
import type * as Stats from "../Stats.js"
import * as Vendor from "../Vendor.js"
import {
  emptyBody,
  hugeBody,
  nodeResponse,
  resetConnection,
  untilClosed,
  withHostileHeaders,
  withInvalidUtf8,
  writeTruncated
} from "./brokenResponses.js"
import { controlApp } from "./control.js"
import * as dialnexa from "./dialnexa/dialect.js"
import { demoKey as dialnexaDemoKey } from "./dialnexa/fixtures.js"
import { CurrentExchange, Exchange, json } from "./exchange.js"
import { FaultState, htmlPage } from "./faults.js"
import { IdempotencyStore } from "./idempotency.js"
import * as levrage from "./levrage/dialect.js"
import { demoKey as levrageDemoKey } from "./levrage/fixtures.js"
import * as nixflex from "./nixflex/dialect.js"
import { demoKey as nixflexDemoKey } from "./nixflex/fixtures.js"
import { type Resolved, resolve } from "./options.js"
import { deriveSeed, Prng } from "./prng.js"
import { FixedWindows, rateLimitHeaders } from "./rateLimit.js"
import { recordExchange } from "./requestLog.js"
import { Recorder } from "./stats.js"
import type { VendorDialect, VendorEnv } from "./vendorDialect.js"

/** @internal */
export const demoKeys: Readonly<Record<Vendor.Vendor, string>> = {
  dialnexa: dialnexaDemoKey,
  levrage: levrageDemoKey,
  nixflex: nixflexDemoKey
}

/** Everything a reset throws away. */
interface State {
  readonly seed: number
  readonly recorder: Recorder
  readonly windows: FixedWindows
  readonly faults: FaultState
  readonly dialects: Readonly<Record<Vendor.Vendor, VendorDialect>>
  readonly idempotency: IdempotencyStore
}

const makeState = (options: Resolved, seed: number, now: number): State => {
  const env = (stream: number): VendorEnv<Resolved> => ({ ids: new Prng(deriveSeed(seed, stream)), options, now })
  const faults = new FaultState(new Prng(seed))
  faults.set(options.faults, now)
  return {
    seed,
    recorder: new Recorder(options.logLimit),
    windows: new FixedWindows(),
    faults,
    dialects: { dialnexa: dialnexa.make(env(1)), levrage: levrage.make(env(2)), nixflex: nixflex.make(env(3)) },
    idempotency: new IdempotencyStore(options.idempotencyTtlMs)
  }
}

/** The vendor a path belongs to, and the vendor's own path. */
const resolveTarget = (pathname: string, single: Vendor.Vendor | undefined) => {
  for (const vendor of Vendor.all) {
    const prefix = Vendor.prefix(vendor)
    if (pathname === prefix || pathname.startsWith(`${prefix}/`)) {
      return { vendor, path: pathname.slice(prefix.length) || "/" }
    }
  }
  return single === undefined ? undefined : { vendor: single, path: pathname }
}

/** A request the faults let through: authenticated, counted in its rate window, then routed (or replayed). */
const vendorPipeline = (
  current: State,
  dialect: VendorDialect,
  exchange: Exchange,
  request: HttpServerRequest.HttpServerRequest,
  search: string
): Effect.Effect<HttpServerResponse.HttpServerResponse> => {
  exchange.auth = dialect.authenticate(exchange)
  const group = dialect.rateGroup(exchange)
  const who =
    exchange.auth._tag === "Authenticated" && !group.byIp
      ? `key:${exchange.auth.principal.key}`
      : `ip:${exchange.clientIp}`
  const window = current.windows.take(`${dialect.vendor}\u0000${group.group}\u0000${who}`, group.rule, exchange.now)
  const routed: Effect.Effect<HttpServerResponse.HttpServerResponse> = dialect.router.pipe(
    Effect.provideService(HttpServerRequest.HttpServerRequest, request.modify({ url: `${exchange.path}${search}` })),
    Effect.provideService(CurrentExchange, exchange),
    Effect.catchTag("RouteNotFound", () => Effect.succeed(dialect.notFound(exchange))),
    Effect.scoped
  )
  const answered = window.limited
    ? Effect.sync(() => {
        current.recorder.countRateLimited()
        return dialect.rateLimited(window, exchange)
      })
    : current.idempotency.guard(dialect, exchange, current.recorder, routed)
  return Effect.map(answered, HttpServerResponse.setHeaders(rateLimitHeaders(window)))
}

/** The same response without one header. */
const withoutHeader = (response: HttpServerResponse.HttpServerResponse, name: string) =>
  HttpServerResponse.setBody(
    HttpServerResponse.empty({
      status: response.status,
      headers: Headers.remove(response.headers, name),
      cookies: response.cookies
    }),
    response.body
  )

/** @internal */
export interface Instance {
  readonly options: Resolved
  readonly app: Effect.Effect<HttpServerResponse.HttpServerResponse, never, HttpServerRequest.HttpServerRequest>
  readonly stats: Effect.Effect<Stats.Stats>
  readonly log: Effect.Effect<ReadonlyArray<Stats.LogEntry>>
  readonly faults: Effect.Effect<ReadonlyArray<Faults.Fault>>
  readonly setFaults: (faults: ReadonlyArray<Faults.Fault>) => Effect.Effect<void>
  readonly reset: (options?: { readonly seed?: number | undefined }) => Effect.Effect<void>
}

/** @internal */
export const make = (options: Resolved): Effect.Effect<Instance> =>
  Effect.gen(function* () {
    let state = makeState(options, options.seed, yield* Clock.currentTimeMillis)

    const setFaults = (faults: ReadonlyArray<Faults.Fault>) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) => Effect.sync(() => state.faults.set(faults, now)))

    const reset = (resetOptions?: { readonly seed?: number | undefined }) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) =>
        Effect.sync(() => {
          state = makeState(options, resetOptions?.seed ?? state.seed, now)
        })
      )

    const vendorRequest = (
      request: HttpServerRequest.HttpServerRequest,
      vendor: Vendor.Vendor,
      path: string,
      url: URL
    ) =>
      Effect.gen(function* () {
        const current = state
        const started = yield* Clock.currentTimeMillis
        const seq = current.recorder.nextSeq()
        const method = request.method
        const bodyText =
          method === "GET" || method === "HEAD" ? "" : yield* Effect.orElseSucceed(request.text, () => "")
        const decision = current.faults.decide({ vendor, method, path }, started)
        if (decision.latencyMs > 0) {
          current.recorder.countFault("latency")
          yield* Effect.sleep(decision.latencyMs)
        }
        const now = yield* Clock.currentTimeMillis
        const exchange = new Exchange(
          vendor,
          method,
          path,
          url.searchParams,
          request.headers,
          bodyText,
          now,
          Option.getOrElse(request.remoteAddress, () => "unknown")
        )
        const dialect = current.dialects[vendor]
        const record = (finished: number, status: number, fault: string | undefined) =>
          recordExchange(current.recorder, exchange, { seq, started, finished, status, fault })
        const finish = (response: HttpServerResponse.HttpServerResponse, fault?: string) =>
          Effect.map(Clock.currentTimeMillis, (finished) => {
            record(finished, response.status, fault)
            return response
          })
        const action = decision.action

        switch (action?.kind) {
          case "outage": {
            const unavailable = dialect.errorResponse(503, exchange)
            return yield* finish(
              action.retryAfterSeconds === undefined
                ? // DialNexa's own 503 body comes with `Retry-After: 1`: an outage that does not say drops it.
                  withoutHeader(unavailable, "retry-after")
                : HttpServerResponse.setHeader(unavailable, "retry-after", String(action.retryAfterSeconds)),
              "outage"
            )
          }
          case "error":
            return yield* finish(dialect.errorResponse(action.status, exchange), "error")
          case "html":
            return yield* finish(
              HttpServerResponse.text(htmlPage(action.status), { status: action.status, contentType: "text/html" }),
              "html"
            )
          case "headers":
            if (action.status === undefined) break
            return yield* finish(
              withHostileHeaders(request, dialect.errorResponse(action.status, exchange), action, now),
              "headers"
            )
          case "reset":
          case "hang": {
            if (action.kind === "reset" && action.afterHandling) break
            record(now, 0, action.kind)
            if (action.kind === "reset") resetConnection(request)
            return yield* untilClosed(request)
          }
        }

        const response = yield* vendorPipeline(current, dialect, exchange, request, url.search)

        if (action?.kind === "reset") {
          // Handled, and the answer lost on the way back.
          record(yield* Clock.currentTimeMillis, 0, "reset-after-handling")
          resetConnection(request)
          return yield* untilClosed(request)
        }

        if (action?.kind === "truncate") {
          const node = nodeResponse(request)
          if (node !== undefined) {
            record(yield* Clock.currentTimeMillis, response.status, "truncate")
            yield* writeTruncated(node, response)
            return yield* untilClosed(request)
          }
        }
        if (action?.kind === "headers") {
          return yield* finish(withHostileHeaders(request, response, action, yield* Clock.currentTimeMillis), "headers")
        }
        if (action?.kind === "empty") return yield* finish(emptyBody(response), "empty")
        if (action?.kind === "invalid-utf8") return yield* finish(withInvalidUtf8(response), "invalid-utf8")
        if (action?.kind === "huge") {
          return yield* finish(
            HttpServerResponse.stream(hugeBody(action.bytes), {
              status: response.status,
              headers: Headers.remove(Headers.remove(response.headers, "content-length"), "content-type"),
              contentType: "application/json"
            }),
            "huge"
          )
        }
        return yield* finish(response)
      })

    const control = controlApp({
      single: options.vendor,
      seed: () => state.seed,
      recorder: () => state.recorder,
      faults: () => state.faults.list(),
      setFaults,
      reset
    })

    const app = Effect.gen(function* () {
      const request = yield* HttpServerRequest.HttpServerRequest
      const url = new URL(request.url, "http://simulator")
      if (url.pathname === "/_control" || url.pathname.startsWith("/_control/")) return yield* control
      const target = resolveTarget(url.pathname, options.vendor)
      if (target === undefined) {
        return json(404, {
          error: "No vendor at this path",
          vendors: Object.fromEntries(Vendor.all.map((vendor) => [vendor, `${Vendor.prefix(vendor)}/v1/…`]))
        })
      }
      return yield* vendorRequest(request, target.vendor, target.path, url)
    })

    return {
      options,
      app,
      stats: Effect.sync(() => state.recorder.snapshot()),
      log: Effect.sync(() => state.recorder.entries()),
      faults: Effect.sync(() => state.faults.list()),
      setFaults,
      reset
    }
  })

/** @internal */
export const resolveOptions = (options: Simulator.Options): Resolved => resolve(options, demoKeys)

/** @internal */
export const start = (options: Simulator.Options) =>
  Effect.gen(function* () {
    const resolved = resolveOptions(options)
    const instance = yield* make(resolved)
    const nodeServer = Http.createServer()
    const server = yield* NodeHttpServer.make(() => nodeServer, { port: resolved.port, host: resolved.host })
    // Close open connections first (a hanging request, a client's keep-alive), or closing the server waits on them.
    yield* Effect.addFinalizer(() => Effect.sync(() => nodeServer.closeAllConnections()))
    yield* server.serve(instance.app)
    const address = server.address as HttpServer.TcpAddress
    const host = resolved.host === "0.0.0.0" || resolved.host === "::" ? "127.0.0.1" : resolved.host
    const url = `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`
    // Open TCP connections, whatever state their requests are in: what a client left behind.
    const connections = Effect.async<number>((resume) => {
      nodeServer.getConnections((error, count) => resume(error ? Effect.die(error) : Effect.succeed(count)))
    })
    return {
      ...instance,
      url,
      port: address.port,
      connections,
      baseUrl: (vendor: Vendor.Vendor) => (resolved.vendor === vendor ? url : `${url}${Vendor.prefix(vendor)}`)
    }
  })
