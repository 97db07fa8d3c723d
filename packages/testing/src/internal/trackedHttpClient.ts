import type * as Cookies from "@effect/platform/Cookies"
import type * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as HttpIncomingMessage from "@effect/platform/HttpIncomingMessage"
import type * as UrlParams from "@effect/platform/UrlParams"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Inspectable from "effect/Inspectable"
import * as Layer from "effect/Layer"
import type * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import type { RecordedRequest } from "../Script.js"
import type { TrackedHttpClient } from "../TrackedHttpClient.js"
import { describeRequest } from "./script.js"

// What is on the wire: a count that every send and every body read holds while it lasts.
class Wire {
  inFlight = 0
  readonly recorded: Array<RecordedRequest> = []

  readonly hold: Effect.Effect<void, never, Scope.Scope> = Effect.acquireRelease(
    Effect.sync(() => {
      this.inFlight++
    }),
    () =>
      Effect.sync(() => {
        this.inFlight--
      })
  )

  during<A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> {
    return Effect.scoped(Effect.zipRight(this.hold, effect))
  }
}

/**
 * The response as the wrapped client gave it, with every read of its body counted as on the wire.
 *
 * @internal
 */
class TrackedResponse extends Inspectable.Class implements HttpClientResponse.HttpClientResponse {
  readonly [HttpIncomingMessage.TypeId]: HttpIncomingMessage.TypeId = HttpIncomingMessage.TypeId
  readonly [HttpClientResponse.TypeId]: HttpClientResponse.TypeId = HttpClientResponse.TypeId

  constructor(
    private readonly response: HttpClientResponse.HttpClientResponse,
    private readonly wire: Wire
  ) {
    super()
  }

  toJSON(): unknown {
    return this.response.toJSON()
  }

  get request() {
    return this.response.request
  }

  get status(): number {
    return this.response.status
  }

  get headers(): Headers.Headers {
    return this.response.headers
  }

  get cookies(): Cookies.Cookies {
    return this.response.cookies
  }

  get remoteAddress(): Option.Option<string> {
    return this.response.remoteAddress
  }

  get stream(): Stream.Stream<Uint8Array, HttpClientError.ResponseError> {
    return Stream.unwrapScoped(Effect.as(this.wire.hold, this.response.stream))
  }

  get json(): Effect.Effect<unknown, HttpClientError.ResponseError> {
    return this.wire.during(this.response.json)
  }

  get text(): Effect.Effect<string, HttpClientError.ResponseError> {
    return this.wire.during(this.response.text)
  }

  get arrayBuffer(): Effect.Effect<ArrayBuffer, HttpClientError.ResponseError> {
    return this.wire.during(this.response.arrayBuffer)
  }

  get urlParamsBody(): Effect.Effect<UrlParams.UrlParams, HttpClientError.ResponseError> {
    return this.wire.during(this.response.urlParamsBody)
  }

  get formData(): Effect.Effect<FormData, HttpClientError.ResponseError> {
    return this.wire.during(this.response.formData)
  }
}

/** @internal */
export const make = (client: HttpClient.HttpClient): Effect.Effect<TrackedHttpClient.Service> =>
  Effect.sync(() => {
    const wire = new Wire()
    const tracked = HttpClient.transform(client, (send, request) =>
      Clock.currentTimeMillis.pipe(
        // A streamed body is the wrapped client's to send: reading it here would spend it.
        Effect.flatMap((at) => describeRequest(request, at, { streams: false })),
        Effect.flatMap((described) =>
          Effect.sync(() => {
            wire.recorded.push({ ...described, params: {}, route: undefined, answer: undefined })
          })
        ),
        Effect.zipRight(wire.during(send)),
        Effect.map((response): HttpClientResponse.HttpClientResponse => new TrackedResponse(response, wire))
      )
    )
    return {
      client: tracked,
      requests: Effect.sync(() => wire.recorded.slice()),
      inFlight: Effect.sync(() => wire.inFlight)
    }
  })

/** @internal */
export const layer = (
  tag: Context.Tag<TrackedHttpClient, TrackedHttpClient.Service>
): Layer.Layer<HttpClient.HttpClient | TrackedHttpClient, never, HttpClient.HttpClient> =>
  Layer.effectContext(
    Effect.flatMap(HttpClient.HttpClient, make).pipe(
      Effect.map((tracked) => Context.make(tag, tracked).pipe(Context.add(HttpClient.HttpClient, tracked.client)))
    )
  )
