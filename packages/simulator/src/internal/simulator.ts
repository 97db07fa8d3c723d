import * as Http from "node:http"
import * as Headers from "@effect/platform/Headers"
import * as HttpRouter from "@effect/platform/HttpRouter"
import type * as HttpServer from "@effect/platform/HttpServer"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as NodeHttpServerRequest from "@effect/platform-node/NodeHttpServerRequest"
import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as Faults from "../Faults.js"
import type * as Simulator from "../Simulator.js"
import type * as Stats from "../Stats.js"
import * as Vendor from "../Vendor.js"
import * as dialnexa from "./dialnexa.js"
import {
  type Auth,
  CurrentExchange,
  canonical,
  Exchange,
  isRecord,
  json,
  type VendorDialect,
  type VendorEnv
} from "./exchange.js"
import { FaultState, htmlPage, parse as parseFaults } from "./faults.js"
import * as levrage from "./levrage.js"
import * as nixflex from "./nixflex.js"
import { type Resolved, resolve } from "./options.js"
import { deriveSeed, Prng } from "./prng.js"
import { FixedWindows, rateLimitHeaders } from "./rateLimit.js"
import { Recorder } from "./stats.js"

/** @internal */
export const demoKeys: Readonly<Record<Vendor.Vendor, string>> = {
  dialnexa: dialnexa.demoKey,
  levrage: levrage.demoKey,
  nixflex: nixflex.demoKey
}

interface IdempotencyEntry {
  readonly fingerprint: string
  readonly expiresAt: number
  response: HttpServerResponse.HttpServerResponse | undefined
}

/** Everything a reset throws away. */
interface State {
  readonly seed: number
  readonly recorder: Recorder
  readonly windows: FixedWindows
  readonly faults: FaultState
  readonly dialects: Readonly<Record<Vendor.Vendor, VendorDialect>>
  readonly idempotency: Map<string, IdempotencyEntry>
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
    idempotency: new Map()
  }
}

const bodyLimitInLog = 2000

const loggableHeaders = (headers: Headers.Headers): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (name === "authorization" || name === "cookie") continue
    out[name] = value
  }
  return out
}

const principalLabel = (auth: Auth | undefined, clientIp: string) =>
  auth?._tag === "Authenticated" ? auth.principal.label : `ip:${clientIp}`

const accountOf = (auth: Auth | undefined, clientIp: string) =>
  auth?._tag === "Authenticated" ? `account:${auth.principal.account}` : `ip:${clientIp}`

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

const hugeBody = (bytes: number): Stream.Stream<Uint8Array> => {
  const encoder = new TextEncoder()
  const head = encoder.encode('{"padding":"')
  const tail = encoder.encode('"}')
  const filler = Math.max(0, bytes - head.length - tail.length)
  const chunkSize = 64 * 1024
  const chunk = new Uint8Array(chunkSize).fill(0x78)
  const whole = Math.floor(filler / chunkSize)
  return Stream.fromChunk(Chunk.of(head)).pipe(
    Stream.concat(Stream.repeatValue(chunk).pipe(Stream.take(whole))),
    Stream.concat(Stream.fromChunk(Chunk.of(chunk.subarray(0, filler - whole * chunkSize)))),
    Stream.concat(Stream.fromChunk(Chunk.of(tail)))
  )
}

const bodyBytes = (response: HttpServerResponse.HttpServerResponse): Uint8Array => {
  const body = response.body
  if (body._tag === "Uint8Array") return body.body
  if (body._tag === "Raw" && typeof body.body === "string") return new TextEncoder().encode(body.body)
  return new Uint8Array(0)
}

/** The node objects behind a request, when it came through NodeHttpServer. */
const nodeObjects = (request: HttpServerRequest.HttpServerRequest) => {
  const response = NodeHttpServerRequest.toServerResponse(request) as Http.ServerResponse | undefined
  return response instanceof Http.ServerResponse ? response : undefined
}

const FaultsBody = Schema.Union(
  Faults.Faults,
  Schema.Struct({ faults: Faults.Faults }),
  Schema.Struct({ spec: Schema.String })
)

const isFaultList = (body: typeof FaultsBody.Type): body is ReadonlyArray<Faults.Fault> => Array.isArray(body)

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

    const record = (
      current: State,
      exchange: Exchange,
      seq: number,
      started: number,
      finished: number,
      status: number,
      fault: string | undefined
    ) => {
      let duplicate = false
      if (exchange.created.length > 0) {
        const key = exchange.header("idempotency-key")
        const identity = [
          exchange.vendor,
          accountOf(exchange.auth, exchange.clientIp),
          exchange.method,
          exchange.path,
          key === undefined ? `body:${canonical(exchange.bodyText)}` : `key:${key}`
        ].join("\u0000")
        duplicate = current.recorder.countLogical(identity, exchange.created.length)
        for (const created of exchange.created) current.recorder.countCreated(exchange.vendor, created.kind)
      }
      if (fault !== undefined) current.recorder.countFault(fault)
      const search = exchange.query.toString()
      const idempotencyKey = exchange.header("idempotency-key")
      current.recorder.record({
        seq,
        at: started,
        vendor: exchange.vendor,
        method: exchange.method,
        path: search.length > 0 ? `${exchange.path}?${search}` : exchange.path,
        route: exchange.route,
        status,
        durationMs: finished - started,
        principal: principalLabel(exchange.auth, exchange.clientIp),
        ...(fault === undefined ? {} : { fault }),
        ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
        created: exchange.created.map((created) => created.id),
        duplicate,
        replayed: exchange.replayed,
        headers: loggableHeaders(exchange.headers as Headers.Headers),
        body: exchange.bodyText.slice(0, bodyLimitInLog)
      })
    }

    const withIdempotency = (
      current: State,
      dialect: VendorDialect,
      exchange: Exchange,
      run: Effect.Effect<HttpServerResponse.HttpServerResponse>
    ): Effect.Effect<HttpServerResponse.HttpServerResponse> => {
      const idempotency = dialect.idempotency
      const key = idempotency === undefined ? undefined : exchange.header(idempotency.header)
      const auth = exchange.auth
      // Keys are kept per API key; an unauthenticated endpoint (Nixflex `POST /v1/keys`) keeps them per client IP,
      // and a request that will be refused with 401 keeps nothing.
      const publicRoute = dialect.rateGroup(exchange).byIp
      if (
        idempotency === undefined ||
        key === undefined ||
        ["GET", "HEAD", "OPTIONS"].includes(exchange.method) ||
        auth === undefined ||
        (auth._tag === "Rejected" && !publicRoute)
      ) {
        return run
      }
      const scope = auth._tag === "Authenticated" ? auth.principal.key : `ip:${exchange.clientIp}`
      const storeKey = `${dialect.vendor}\u0000${scope}\u0000${key}`
      const fingerprint = `${exchange.method} ${exchange.path}?${exchange.query.toString()} ${canonical(exchange.bodyText)}`
      const entry = current.idempotency.get(storeKey)
      if (entry !== undefined && entry.expiresAt > exchange.now) {
        if (entry.fingerprint !== fingerprint) return Effect.succeed(idempotency.conflict("reused", exchange))
        if (entry.response === undefined) return Effect.succeed(idempotency.conflict("in_progress", exchange))
        exchange.replayed = true
        current.recorder.countReplay()
        return Effect.succeed(entry.response)
      }
      const fresh: IdempotencyEntry = {
        fingerprint,
        expiresAt: exchange.now + options.idempotencyTtlMs,
        response: undefined
      }
      if (current.idempotency.size >= 10_000) {
        for (const [key, stored] of current.idempotency) {
          if (stored.expiresAt <= exchange.now) current.idempotency.delete(key)
        }
      }
      current.idempotency.set(storeKey, fresh)
      const forget = Effect.sync(() => {
        if (current.idempotency.get(storeKey) === fresh) current.idempotency.delete(storeKey)
      })
      return run.pipe(
        Effect.tap((response) =>
          response.status >= 200 && response.status < 300
            ? Effect.sync(() => {
                fresh.response = response
              })
            : forget
        ),
        Effect.onInterrupt(() => forget)
      )
    }

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
        Effect.provideService(
          HttpServerRequest.HttpServerRequest,
          request.modify({ url: `${exchange.path}${search}` })
        ),
        Effect.provideService(CurrentExchange, exchange),
        Effect.catchTag("RouteNotFound", () => Effect.succeed(dialect.notFound(exchange))),
        Effect.scoped
      )
      const answered = window.limited
        ? Effect.sync(() => {
            current.recorder.countRateLimited()
            return dialect.rateLimited(window, exchange)
          })
        : withIdempotency(current, dialect, exchange, routed)
      return Effect.map(answered, HttpServerResponse.setHeaders(rateLimitHeaders(window)))
    }

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
        const facts = { vendor, method, path }
        const decision = current.faults.decide(facts, started)
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
        const finish = (response: HttpServerResponse.HttpServerResponse, fault?: string) =>
          Effect.map(Clock.currentTimeMillis, (finished) => {
            record(current, exchange, seq, started, finished, response.status, fault)
            return response
          })
        const action = decision.action

        switch (action?.kind) {
          case "outage":
            return yield* finish(
              HttpServerResponse.setHeader(
                dialect.errorResponse(503, exchange),
                "retry-after",
                String(action.retryAfterSeconds)
              ),
              "outage"
            )
          case "error":
            return yield* finish(dialect.errorResponse(action.status, exchange), "error")
          case "html":
            return yield* finish(
              HttpServerResponse.text(htmlPage(action.status), { status: action.status, contentType: "text/html" }),
              "html"
            )
          case "reset":
          case "hang": {
            record(current, exchange, seq, started, now, 0, action.kind)
            const node = nodeObjects(request)
            if (action.kind === "reset" && node !== undefined) node.socket?.resetAndDestroy()
            return yield* Effect.never
          }
        }

        const response = yield* vendorPipeline(current, dialect, exchange, request, url.search)

        if (action?.kind === "truncate") {
          const node = nodeObjects(request)
          if (node !== undefined) {
            const finished = yield* Clock.currentTimeMillis
            record(current, exchange, seq, started, finished, response.status, "truncate")
            const bytes = bodyBytes(response)
            const declared = Math.max(bytes.length, 64)
            yield* Effect.async<void>((resume) => {
              node.writeHead(response.status, { ...response.headers, "content-length": String(declared) })
              node.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => {
                node.socket?.destroy()
                resume(Effect.void)
              })
            })
            return yield* Effect.never
          }
        }
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

    // --- the control API ----------------------------------------------------------------------------------------

    const readFaults = (text: string): Either.Either<ReadonlyArray<Faults.Fault>, string> => {
      let value: unknown
      try {
        value = JSON.parse(text)
      } catch {
        return parseFaults(text)
      }
      if (typeof value === "string") return parseFaults(value)
      return Schema.decodeUnknownEither(FaultsBody)(value).pipe(
        Either.mapLeft((error) => ParseResult.TreeFormatter.formatErrorSync(error)),
        Either.flatMap((body): Either.Either<ReadonlyArray<Faults.Fault>, string> => {
          if (isFaultList(body)) return Either.right(body)
          return "spec" in body ? parseFaults(body.spec) : Either.right(body.faults)
        })
      )
    }

    const control = HttpRouter.empty.pipe(
      HttpRouter.get(
        "/_control/health",
        Effect.sync(() =>
          json(200, { ok: true, vendors: Vendor.all, single: options.vendor ?? null, seed: state.seed })
        )
      ),
      HttpRouter.get(
        "/_control/stats",
        Effect.sync(() => json(200, state.recorder.snapshot()))
      ),
      HttpRouter.get(
        "/_control/log",
        Effect.map(HttpServerRequest.HttpServerRequest, (request) => {
          const query = new URL(request.url, "http://simulator").searchParams
          const vendor = query.get("vendor")
          const limit = Number(query.get("limit") ?? "100")
          const entries = state.recorder.entries().filter((entry) => vendor === null || entry.vendor === vendor)
          return json(200, {
            entries: entries.slice(Math.max(0, entries.length - (Number.isFinite(limit) ? limit : 100)))
          })
        })
      ),
      HttpRouter.get(
        "/_control/faults",
        Effect.sync(() => json(200, { faults: state.faults.list() }))
      ),
      HttpRouter.post(
        "/_control/faults",
        Effect.gen(function* () {
          const request = yield* HttpServerRequest.HttpServerRequest
          const text = yield* Effect.orElseSucceed(request.text, () => "")
          const parsed = readFaults(text)
          if (Either.isLeft(parsed)) return json(400, { error: parsed.left })
          yield* setFaults(parsed.right)
          return json(200, { faults: parsed.right })
        })
      ),
      HttpRouter.del("/_control/faults", Effect.as(setFaults([]), json(200, { faults: [] }))),
      HttpRouter.post(
        "/_control/reset",
        Effect.gen(function* () {
          const request = yield* HttpServerRequest.HttpServerRequest
          const text = yield* Effect.orElseSucceed(request.text, () => "")
          let seed: number | undefined
          if (text.trim().length > 0) {
            let body: unknown
            try {
              body = JSON.parse(text)
            } catch {
              return json(400, { error: 'body must be JSON: {"seed"?: number}' })
            }
            if (isRecord(body) && body.seed !== undefined) {
              if (typeof body.seed !== "number" || !Number.isInteger(body.seed)) {
                return json(400, { error: "seed must be an integer" })
              }
              seed = body.seed
            }
          }
          yield* reset({ seed })
          return json(200, { ok: true, seed: state.seed })
        })
      )
    )

    const app = Effect.gen(function* () {
      const request = yield* HttpServerRequest.HttpServerRequest
      const url = new URL(request.url, "http://simulator")
      if (url.pathname === "/_control" || url.pathname.startsWith("/_control/")) {
        return yield* control.pipe(
          Effect.catchTag("RouteNotFound", () => Effect.succeed(json(404, { error: "no such control route" }))),
          Effect.scoped
        )
      }
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
    return {
      ...instance,
      url,
      port: address.port,
      baseUrl: (vendor: Vendor.Vendor) => (resolved.vendor === vendor ? url : `${url}${Vendor.prefix(vendor)}`)
    }
  })
