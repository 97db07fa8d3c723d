import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type { RecordedRequest, Routes } from "../Script.js"
import * as Script from "../Script.js"
import type { Options, ScriptedHttpClient } from "../ScriptedHttpClient.js"
import type * as Step from "../Step.js"
import { answer, notScripted } from "./answer.js"
import { makePlayer } from "./script.js"

const otherwiseOf = (options: Options | undefined): ((request: RecordedRequest) => Step.Step) => {
  const otherwise = options?.otherwise
  return otherwise === undefined ? notScripted : () => otherwise
}

const checked = (routes: Routes<Step.Step>, options: Options | undefined): Effect.Effect<void, Script.UnknownRoutes> =>
  options?.api === undefined ? Effect.void : Script.checkRoutes(routes, options.api)

/** @internal */
export const make = (
  routes: Routes<Step.Step>,
  options?: Options
): Effect.Effect<ScriptedHttpClient.Service, Script.UnknownRoutes> =>
  Effect.map(Effect.zipRight(checked(routes, options), makePlayer(routes, otherwiseOf(options))), (player) => {
    const client: HttpClient.HttpClient = HttpClient.makeWith(
      (request: Effect.Effect<HttpClientRequest.HttpClientRequest>) =>
        Effect.flatMap(request, (httpRequest) =>
          Effect.flatMap(player.play(httpRequest), (played) => answer(played.answer, httpRequest, played.request))
        ),
      Effect.succeed
    )
    return { client, requests: player.requests, pending: player.pending }
  })

/** @internal */
export const layer = (
  tag: Context.Tag<ScriptedHttpClient, ScriptedHttpClient.Service>,
  routes: Routes<Step.Step>,
  options?: Options
): Layer.Layer<HttpClient.HttpClient | ScriptedHttpClient, Script.UnknownRoutes> =>
  Layer.effectContext(
    Effect.map(make(routes, options), (script) =>
      Context.make(tag, script).pipe(Context.add(HttpClient.HttpClient, script.client))
    )
  )
