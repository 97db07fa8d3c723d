/**
 * The clients of the rate-limit and outage workloads, each configured the way its documentation shows for retries,
 * each placing one create-call request per `Call`:
 *
 * - `faultline`: the vendor's typed client (`Nixflex.layer` / `DialNexa.layer`) with its defaults: the vendor's
 *   retry table, retry budget, pacing and outage breaker;
 * - `retryTransient`: `@effect/platform`'s HttpClient with `filterStatusOk` and `retryTransient` on an exponential,
 *   jittered schedule (the demo's `--compare` client);
 * - `ky` and `got`: their defaults, or, where a workload asks for POST retries, `retry.methods` with POST and
 *   `retry.limit: 10` (both honour `Retry-After`; ky also `X-RateLimit-Reset`);
 * - `resetSleeper`: a `fetch` loop that, on a 429, sleeps until `X-RateLimit-Reset` (up to 10 attempts);
 * - `ideal`: a `fetch` loop behind a pacer that knows the limit in advance (`IdealPacer`).
 */
import { setTimeout as sleep } from "node:timers/promises"
import { HttpClient, HttpClientRequest } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { DialNexa, DialNexaDialect } from "@faultline/dialnexa"
import { Nixflex, NixflexDialect } from "@faultline/nixflex"
import { DialNexaApi, NixflexApi } from "@faultline/simulator"
import { Context, Effect, Layer, Redacted, Schedule, type Scope } from "effect"
import got from "got"
import ky from "ky"
import { type Answered, IdealPacer } from "./idealPacer.js"
import {
  createBody,
  createPath,
  dialnexaCreate,
  type KnownLimit,
  type LoadClient,
  nixflexCreate,
  type Vendor
} from "./workloads.js"

/** Where a client sends its calls, and what the workload allows it. */
export interface Target {
  readonly vendor: Vendor
  /** The vendor's base URL on the simulator. */
  readonly baseUrl: string
  /** Whether the peers' switch for retrying POST is on. */
  readonly postRetries: boolean
  /** The rate limit, for the client that knows it in advance. */
  readonly limit: KnownLimit | undefined
}

/** One create-call request, number `index`: succeeds when the call was placed. */
export type Call = (index: number) => Effect.Effect<unknown, unknown>

/** The headers each vendor's docs say to send, made by the vendor's dialect. */
const authHeaders = (vendor: Vendor): Record<string, string> =>
  (vendor === "nixflex"
    ? NixflexDialect.dialect.authenticate(Redacted.make(NixflexApi.demoKey))
    : DialNexaDialect.dialect.authenticate(Redacted.make(DialNexaApi.demoKey))) as Record<string, string>

/**
 * The retries the peers get where a workload allows POST retries (their default methods plus POST, and the limit of ky's
 * docs' example), and the attempts of the fetch loops.
 */
const retryLimit = 10

const faultline = (target: Target): Effect.Effect<Call, never, Scope.Scope> =>
  target.vendor === "nixflex"
    ? Effect.map(
        Layer.build(
          Nixflex.layer({ baseUrl: target.baseUrl, apiKey: Redacted.make(NixflexApi.demoKey) }).pipe(
            Layer.provide(NodeHttpClient.layerUndici)
          )
        ),
        (context): Call => {
          const nixflex = Context.get(context, Nixflex.Nixflex)
          return (index) => nixflex.createOutboundCall(nixflexCreate(index))
        }
      )
    : Effect.map(
        Layer.build(
          DialNexa.layer({ baseUrl: target.baseUrl, apiKey: Redacted.make(DialNexaApi.demoKey) }).pipe(
            Layer.provide(NodeHttpClient.layerUndici)
          )
        ),
        (context): Call => {
          const dialnexa = Context.get(context, DialNexa.DialNexa)
          return (index) => dialnexa.createCall(dialnexaCreate(index))
        }
      )

const retryTransient = (target: Target): Effect.Effect<Call, never, Scope.Scope> =>
  Effect.map(Layer.build(NodeHttpClient.layerUndici), (context): Call => {
    const client = Context.get(context, HttpClient.HttpClient).pipe(
      HttpClient.mapRequest(HttpClientRequest.prependUrl(target.baseUrl)),
      HttpClient.mapRequest(HttpClientRequest.setHeaders(authHeaders(target.vendor))),
      HttpClient.filterStatusOk,
      HttpClient.retryTransient({ schedule: Schedule.exponential("250 millis").pipe(Schedule.jittered), times: 6 })
    )
    const path = createPath(target.vendor)
    return (index) =>
      client
        .execute(HttpClientRequest.bodyUnsafeJson(HttpClientRequest.post(path), createBody(target.vendor, index)))
        .pipe(Effect.flatMap((response) => response.json))
  })

const kyClient = (target: Target): Effect.Effect<Call> =>
  Effect.sync(() => {
    const api = ky.create({
      prefixUrl: target.baseUrl,
      headers: authHeaders(target.vendor),
      ...(target.postRetries
        ? { retry: { limit: retryLimit, methods: ["get", "put", "head", "delete", "options", "trace", "post"] } }
        : {})
    })
    const path = createPath(target.vendor).slice(1)
    return (index) => Effect.tryPromise(() => api.post(path, { json: createBody(target.vendor, index) }).json())
  })

const gotClient = (target: Target): Effect.Effect<Call> =>
  Effect.sync(() => {
    const api = got.extend({
      prefixUrl: target.baseUrl,
      headers: authHeaders(target.vendor),
      ...(target.postRetries
        ? {
            retry: {
              limit: retryLimit,
              methods: ["GET", "PUT", "HEAD", "DELETE", "OPTIONS", "TRACE", "POST"]
            }
          }
        : {})
    })
    const path = createPath(target.vendor).slice(1)
    return (index) => Effect.tryPromise(() => api.post(path, { json: createBody(target.vendor, index) }).json())
  })

/**
 * A fetch loop: `take` before each attempt (what it gives is called when the answer's headers are in); on a 429,
 * `onTooMany`, then the next attempt, up to 10 attempts.
 */
const fetchLoop =
  (target: Target, take: () => Promise<Answered>, onTooMany: (response: Response) => Promise<void>): Call =>
  (index) =>
    Effect.tryPromise(async () => {
      const url = `${target.baseUrl}${createPath(target.vendor)}`
      const headers = { ...authHeaders(target.vendor), "content-type": "application/json" }
      const body = JSON.stringify(createBody(target.vendor, index))
      for (let attempt = 1; ; attempt++) {
        const answered = await take()
        const response = await fetch(url, { method: "POST", headers, body }).finally(answered)
        const text = await response.text()
        if (response.ok) return JSON.parse(text) as unknown
        if (response.status !== 429 || attempt === retryLimit) throw new Error(`HTTP ${response.status}: ${text}`)
        await onTooMany(response)
      }
    })

const resetSleeper = (target: Target): Effect.Effect<Call> =>
  Effect.succeed(
    fetchLoop(
      target,
      () => Promise.resolve(() => {}),
      async (response) => {
        const reset = Number(response.headers.get("x-ratelimit-reset"))
        if (Number.isFinite(reset)) await sleep(Math.max(0, reset * 1000 - Date.now()))
      }
    )
  )

const ideal = (target: Target): Effect.Effect<Call> =>
  Effect.sync(() => {
    const pacer = new IdealPacer(target.limit)
    return fetchLoop(
      target,
      () => pacer.take(),
      async () => pacer.spend()
    )
  })

/** Each client's constructor, for one run against `target`. */
export const make: Readonly<Record<LoadClient, (target: Target) => Effect.Effect<Call, never, Scope.Scope>>> = {
  faultline,
  retryTransient,
  ky: kyClient,
  got: gotClient,
  resetSleeper,
  ideal
}
