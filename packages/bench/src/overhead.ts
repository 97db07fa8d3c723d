/**
 * The overhead workload: sequential round trips that succeed, against the simulator in this process, so that the
 * difference between clients is what each spends per request. faultline's typed client (decoding, retry policy,
 * pacing and breaker on) against the bare `@effect/platform` HttpClient over undici and undici's own `request`.
 */
import { HttpClient, HttpClientRequest } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { Nixflex, NixflexDialect } from "@faultline/nixflex"
import { NixflexApi, Simulator } from "@faultline/simulator"
import { Context, Effect, Layer, Redacted } from "effect"
import * as Undici from "undici"
import { median } from "./runner.js"

/** The clients compared. */
export const overheadClients = ["faultline", "bare", "undici"] as const

type OverheadClient = (typeof overheadClients)[number]

const roundTrips = 2000
const warmUpTrips = 200

const path = `/v1/calls/${NixflexApi.fixtures.callId}`
const apiKey = Redacted.make(NixflexApi.demoKey)
const headers = NixflexDialect.dialect.authenticate(apiKey) as Record<string, string>

/** One round trip per client, each reading the whole answer. */
const makeClients = (baseUrl: string, origin: string) =>
  Effect.gen(function* () {
    const http = yield* Layer.build(NodeHttpClient.layerUndici)
    const nixflexContext = yield* Layer.build(
      Nixflex.layer({ baseUrl, apiKey }).pipe(Layer.provide(Layer.succeedContext(http)))
    )
    const nixflex = Context.get(nixflexContext, Nixflex.Nixflex)
    const bare = Context.get(http, HttpClient.HttpClient).pipe(
      HttpClient.mapRequest(HttpClientRequest.prependUrl(baseUrl)),
      HttpClient.mapRequest(HttpClientRequest.setHeaders(headers))
    )
    const pool = new Undici.Pool(origin)
    yield* Effect.addFinalizer(() => Effect.promise(() => pool.close()))
    const undiciPath = `${new URL(baseUrl).pathname.replace(/\/$/, "")}${path}`
    const clients: Record<OverheadClient, Effect.Effect<unknown, unknown>> = {
      faultline: nixflex.getCall({ call_id: NixflexApi.fixtures.callId }),
      bare: Effect.flatMap(bare.get(path), (response) => response.json),
      undici: Effect.tryPromise(async () => {
        const response = await pool.request({ path: undiciPath, method: "GET", headers })
        return response.body.json()
      })
    }
    return clients
  })

/** Requests per second over `roundTrips` sequential round trips. */
const time = (one: Effect.Effect<unknown, unknown>) =>
  Effect.gen(function* () {
    yield* Effect.repeatN(one, warmUpTrips - 1)
    const started = performance.now()
    yield* Effect.repeatN(one, roundTrips - 1)
    return roundTrips / ((performance.now() - started) / 1000)
  })

/** The overhead workload: `runs` rounds, the clients in a different order each round. */
export const run = (runs: number) =>
  Effect.gen(function* () {
    const sim = yield* Simulator.start({ rateLimits: { "nixflex.read": { limit: 100_000_000, window: "1 minute" } } })
    const clients = yield* makeClients(sim.baseUrl("nixflex"), sim.url)
    const samples: Record<OverheadClient, Array<number>> = { faultline: [], bare: [], undici: [] }
    for (let round = 0; round < runs; round++) {
      for (let i = 0; i < overheadClients.length; i++) {
        const client = overheadClients[(round + i) % overheadClients.length]!
        samples[client].push(yield* time(clients[client]))
        yield* Effect.sync(() => process.stderr.write(`  overhead ${client} ${round + 1}/${runs}\n`))
      }
    }
    return {
      faultline: median(samples.faultline)!,
      bare: median(samples.bare)!,
      undici: median(samples.undici)!
    }
  }).pipe(Effect.scoped)
