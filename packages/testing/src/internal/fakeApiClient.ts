import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { ApiClient, type Failure, Redaction } from "@faultline/core"
import * as Clock from "effect/Clock"
import type * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type { FakeApiClient, Handler, Options, Outcome } from "../FakeApiClient.js"
import type { RecordedRequest, Routes } from "../Script.js"
import type * as Step from "../Step.js"
import { answer } from "./answer.js"
import { describeRequest, makePlayer } from "./script.js"
import { isStep } from "./step.js"

const missing: unique symbol = Symbol.for("@faultline/testing/FakeApiClient/missing")

type Answer<E> = Outcome<E> | Effect.Effect<Step.Step, E | Failure.CoreFailure> | typeof missing

// Steps play as they do in a scripted HttpClient; a transport fault becomes the TransportError the real client
// would have failed with.
const playStep = <E>(
  step: Step.Step,
  httpRequest: HttpClientRequest.HttpClientRequest,
  request: RecordedRequest
): Effect.Effect<HttpClientResponse.HttpClientResponse, E | Failure.CoreFailure> =>
  Effect.mapError(answer(step, httpRequest, request), (error) =>
    ApiClient.fromHttpClientError(error, Redaction.generic)
  )

const playAnswer = <E>(
  answer: Answer<E>,
  httpRequest: HttpClientRequest.HttpClientRequest,
  request: RecordedRequest
): Effect.Effect<HttpClientResponse.HttpClientResponse, E | Failure.CoreFailure> => {
  if (answer === missing) {
    return Effect.dieMessage(`faultline FakeApiClient: nothing scripted for ${request.method} ${request.url}`)
  }
  if (isStep(answer)) return playStep<E>(answer, httpRequest, request)
  // A tagged failure is itself an effect that fails with it; a handler's effect succeeds with a step.
  if (Effect.isEffect(answer)) {
    return Effect.flatMap(answer as Effect.Effect<Step.Step, E | Failure.CoreFailure>, (step) =>
      playStep<E>(step, httpRequest, request)
    )
  }
  return Effect.fail(answer)
}

const clientOf = <E>(
  respond: (
    httpRequest: HttpClientRequest.HttpClientRequest
  ) => Effect.Effect<HttpClientResponse.HttpClientResponse, E | Failure.CoreFailure>
): ApiClient.ApiClient<E> =>
  HttpClient.makeWith(
    (request: Effect.Effect<HttpClientRequest.HttpClientRequest>) => Effect.flatMap(request, respond),
    Effect.succeed
  )

/** @internal */
export const make = <E>(
  script: Routes<Outcome<E>> | Handler<E>,
  options?: Options<E>
): Effect.Effect<FakeApiClient<E>> => {
  const otherwise = options?.otherwise
  const routes: Routes<Answer<E>> = typeof script === "function" ? [] : script
  const fallback = (request: RecordedRequest): Answer<E> =>
    typeof script === "function" ? script(request) : otherwise === undefined ? missing : otherwise
  return Effect.map(makePlayer(routes, fallback), (player) => ({
    client: clientOf<E>((httpRequest) =>
      Effect.flatMap(player.play(httpRequest), (played) => playAnswer<E>(played.answer, httpRequest, played.request))
    ),
    requests: player.requests,
    pending: player.pending
  }))
}

/** @internal */
export const fromHandler = <E>(handler: Handler<E>): ApiClient.ApiClient<E> =>
  clientOf<E>((httpRequest) =>
    Clock.currentTimeMillis.pipe(
      Effect.flatMap((at) => describeRequest(httpRequest, at)),
      Effect.flatMap((described) => {
        const request: RecordedRequest = { ...described, params: {}, route: undefined, answer: undefined }
        return playAnswer<E>(handler(request), httpRequest, request)
      })
    )
  )

/** @internal */
export const layer = <I, E>(
  tag: Context.Tag<I, ApiClient.ApiClient<E>>,
  script: Routes<Outcome<E>> | Handler<E>,
  options?: Options<E>
): Layer.Layer<I> =>
  Layer.effect(
    tag,
    Effect.map(make<E>(script, options), (fake) => fake.client)
  )
