/**
 * One client of the bigbody workload, in a process of its own: asks for a call that does not exist, whose 404 comes
 * with a 50 MiB body, `runs` times, and reports how long each took to give the typed failure and the process's peak
 * RSS. faultline stops reading at its body limit; the others read the body to find the error code, as their users
 * would (ky's `error.response.json()`, got's parsed `error.response.body`, undici's `body.json()`).
 */
import { HttpClient, HttpClientRequest } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { Nixflex, NixflexDialect } from "@faultline/nixflex"
import { NixflexApi } from "@faultline/simulator"
import { Context, Effect, Layer, Redacted, Schedule, type Scope } from "effect"
import got, { HTTPError as GotHTTPError } from "got"
import ky, { HTTPError as KyHTTPError } from "ky"
import * as Undici from "undici"
import * as Children from "./children.js"

/** The clients compared. */
export const bigBodyClients = ["faultline", "retryTransient", "ky", "got", "undici"] as const

/** A client of the bigbody workload. */
export type BigBodyClient = (typeof bigBodyClients)[number]

/** What the child is asked. */
export interface ChildInput {
  readonly client: BigBodyClient
  readonly baseUrl: string
  readonly runs: number
}

/** What the child answers. */
export interface ChildResult {
  readonly seconds: ReadonlyArray<number>
  readonly peakRssKb: number
  readonly idleRssKb: number
  /** What the failure was, to check that it is one. */
  readonly failure: string
}

/** This file, for `Children.run`. */
export const file = new URL(import.meta.url)

const missingCall = "CAffffffffffffffffffffffffffffffff"
const path = `/v1/calls/${missingCall}`
const apiKey = Redacted.make(NixflexApi.demoKey)
const headers = NixflexDialect.dialect.authenticate(apiKey) as Record<string, string>

/** The error code a peer's user reads from the body (there is none in the padding). */
const codeOf = (body: unknown): string =>
  (body as { error?: { code?: string } } | undefined)?.error?.code ?? "no code in the body"

/** One request per client, giving what the failure was. */
const makeRequest = (
  client: BigBodyClient,
  baseUrl: string
): Effect.Effect<Effect.Effect<string>, never, Scope.Scope> =>
  Effect.gen(function* () {
    switch (client) {
      case "faultline": {
        const context = yield* Layer.build(
          Nixflex.layer({ baseUrl, apiKey }).pipe(Layer.provide(NodeHttpClient.layerUndici))
        )
        const nixflex = Context.get(context, Nixflex.Nixflex)
        return nixflex.getCall({ call_id: missingCall }).pipe(
          Effect.match({
            onFailure: (failure) => `${failure._tag}: ${failure.message}`.slice(0, 160),
            onSuccess: () => "a success"
          })
        )
      }
      case "retryTransient": {
        const context = yield* Layer.build(NodeHttpClient.layerUndici)
        const http = Context.get(context, HttpClient.HttpClient).pipe(
          HttpClient.mapRequest(HttpClientRequest.prependUrl(baseUrl)),
          HttpClient.mapRequest(HttpClientRequest.setHeaders(headers)),
          HttpClient.filterStatusOk,
          HttpClient.retryTransient({ schedule: Schedule.exponential("250 millis").pipe(Schedule.jittered), times: 6 })
        )
        return http.get(path).pipe(
          Effect.flatMap((response) => response.json),
          Effect.catchTag("ResponseError", (error) =>
            Effect.map(error.response.json, (body) => `ResponseError ${error.response.status}: ${codeOf(body)}`)
          ),
          Effect.match({ onFailure: (failure) => failure._tag, onSuccess: (outcome) => String(outcome) })
        )
      }
      case "ky": {
        const api = ky.create({ prefixUrl: baseUrl, headers })
        return Effect.promise(() =>
          api
            .get(path.slice(1))
            .json()
            .then(
              () => "a success",
              async (error: unknown) =>
                error instanceof KyHTTPError
                  ? `HTTPError ${error.response.status}: ${codeOf(await error.response.json())}`
                  : String(error)
            )
        )
      }
      case "got": {
        const api = got.extend({ prefixUrl: baseUrl, headers })
        return Effect.promise(() =>
          api
            .get(path.slice(1))
            .json()
            .then(
              () => "a success",
              (error: unknown) =>
                error instanceof GotHTTPError
                  ? `HTTPError ${error.response.statusCode}: ${codeOf(error.response.body)}`
                  : String(error)
            )
        )
      }
      case "undici": {
        const url = `${baseUrl}${path}`
        return Effect.promise(async () => {
          const response = await Undici.request(url, { headers })
          const body = await response.body.json()
          return response.statusCode >= 400 ? `status ${response.statusCode}: ${codeOf(body)}` : "a success"
        })
      }
    }
  })

const maxRssKb = () => process.resourceUsage().maxRSS

const child = (input: ChildInput): Effect.Effect<ChildResult> =>
  Effect.gen(function* () {
    const request = yield* makeRequest(input.client, input.baseUrl)
    const idleRssKb = maxRssKb()
    yield* Children.ready
    const seconds: Array<number> = []
    let failure = ""
    for (let run = 0; run < input.runs; run++) {
      const started = performance.now()
      failure = yield* request
      seconds.push((performance.now() - started) / 1000)
    }
    return { seconds, peakRssKb: maxRssKb(), idleRssKb, failure }
  }).pipe(Effect.scoped)

if (Children.isMain(import.meta.url)) Children.main(child(Children.input<ChildInput>()))
