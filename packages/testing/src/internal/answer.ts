import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import type { RecordedRequest } from "../Script.js"
import type * as Step from "../Step.js"
import { ScriptedResponse } from "./scriptedResponse.js"
import * as internalStep from "./step.js"

/** @internal */
export const notScripted = (request: RecordedRequest): Step.Step =>
  internalStep.json(404, {
    error: "not_scripted",
    message: `faultline ScriptedHttpClient: no step for ${request.method} ${request.path}`
  })

const transportCause = (step: Step.Transport, request: RecordedRequest) => {
  const host = URL.canParse(request.url) ? new URL(request.url).host : ""
  // undici wraps the socket error: `TypeError: fetch failed`, whose cause has the code.
  return new TypeError("fetch failed", {
    cause: Object.assign(new Error(host === "" ? step.message : `${step.message} ${host}`), { code: step.code })
  })
}

/** @internal */
export const transportError = (
  step: Step.Transport,
  httpRequest: HttpClientRequest.HttpClientRequest,
  request: RecordedRequest
): HttpClientError.RequestError =>
  new HttpClientError.RequestError({
    request: httpRequest,
    reason: "Transport",
    cause: transportCause(step, request)
  })

/** @internal */
export const answer = (
  step: Step.Step,
  httpRequest: HttpClientRequest.HttpClientRequest,
  request: RecordedRequest
): Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.RequestError> => {
  switch (step._tag) {
    case "Response":
      return step.clockHeaders.length === 0
        ? Effect.succeed(new ScriptedResponse(httpRequest, step))
        : Effect.map(
            Clock.currentTimeMillis,
            (now) => new ScriptedResponse(httpRequest, { ...step, headers: internalStep.headersAt(step, now) })
          )
    case "Transport":
      return Effect.fail(transportError(step, httpRequest, request))
    case "Delay":
      return Effect.zipRight(Effect.sleep(step.duration), answer(step.step, httpRequest, request))
    case "Hang":
      return Effect.never
    case "FromRequest":
      return Effect.suspend(() => answer(step.f(request), httpRequest, request))
  }
}
