import * as Cookies from "@effect/platform/Cookies"
import * as Headers from "@effect/platform/Headers"
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as HttpIncomingMessage from "@effect/platform/HttpIncomingMessage"
import * as UrlParams from "@effect/platform/UrlParams"
import * as Effect from "effect/Effect"
import * as Inspectable from "effect/Inspectable"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import type * as Step from "../Step.js"

const utf8 = new TextDecoder("utf-8")

// The error a socket gives when the peer closes it mid-body, as undici and node:http report it.
const connectionLost = () => Object.assign(new Error("other side closed"), { code: "ECONNRESET" })

/**
 * An `HttpClientResponse` that holds its body in memory. Unlike `HttpClientResponse.fromWeb`, any status from 100
 * to 599 and any header value go through unchanged, a bodyless status may still carry bytes (servers do send
 * them), and a truncated body fails after the bytes that arrived, as a broken connection does.
 *
 * @internal
 */
export class ScriptedResponse extends Inspectable.Class implements HttpClientResponse.HttpClientResponse {
  readonly [HttpIncomingMessage.TypeId]: HttpIncomingMessage.TypeId = HttpIncomingMessage.TypeId
  readonly [HttpClientResponse.TypeId]: HttpClientResponse.TypeId = HttpClientResponse.TypeId
  readonly status: number
  readonly headers: Headers.Headers

  constructor(
    readonly request: HttpClientRequest.HttpClientRequest,
    private readonly step: Step.Response
  ) {
    super()
    this.status = step.status
    this.headers = Headers.fromInput(step.headers)
  }

  toJSON(): unknown {
    return {
      _id: "@effect/platform/HttpClientResponse",
      request: this.request.toJSON(),
      status: this.status,
      headers: Inspectable.redact(this.headers)
    }
  }

  get cookies(): Cookies.Cookies {
    const header = this.headers["set-cookie"]
    return header === undefined ? Cookies.empty : Cookies.fromSetCookie([header])
  }

  get remoteAddress(): Option.Option<string> {
    return Option.none()
  }

  private get delivered(): Uint8Array {
    const { body, truncateAfter } = this.step
    return truncateAfter === undefined ? body : body.subarray(0, truncateAfter)
  }

  private get broken(): HttpClientError.ResponseError {
    return new HttpClientError.ResponseError({
      request: this.request,
      response: this,
      reason: "Decode",
      cause: connectionLost(),
      description: `the connection closed after ${this.step.truncateAfter} of ${this.step.body.length} bytes`
    })
  }

  get stream(): Stream.Stream<Uint8Array, HttpClientError.ResponseError> {
    const bytes = this.delivered
    const arrived = bytes.length === 0 ? Stream.empty : Stream.succeed(bytes)
    return this.step.truncateAfter === undefined ? arrived : Stream.concat(arrived, Stream.fail(this.broken))
  }

  get arrayBuffer(): Effect.Effect<ArrayBuffer, HttpClientError.ResponseError> {
    return this.step.truncateAfter === undefined
      ? Effect.sync(() => this.step.body.slice().buffer)
      : Effect.fail(this.broken)
  }

  get text(): Effect.Effect<string, HttpClientError.ResponseError> {
    return Effect.map(this.arrayBuffer, (buffer) => utf8.decode(buffer))
  }

  get json(): Effect.Effect<unknown, HttpClientError.ResponseError> {
    return Effect.flatMap(this.text, (text) =>
      Effect.try({
        try: () => (text === "" ? null : (JSON.parse(text) as unknown)),
        catch: (cause) =>
          new HttpClientError.ResponseError({ request: this.request, response: this, reason: "Decode", cause })
      })
    )
  }

  get urlParamsBody(): Effect.Effect<UrlParams.UrlParams, HttpClientError.ResponseError> {
    return Effect.map(this.text, (text) => UrlParams.fromInput(new URLSearchParams(text)))
  }

  get formData(): Effect.Effect<FormData, HttpClientError.ResponseError> {
    return Effect.flatMap(this.arrayBuffer, (buffer) =>
      Effect.tryPromise({
        try: () => new Response(buffer, { headers: this.step.headers }).formData(),
        catch: (cause) =>
          new HttpClientError.ResponseError({ request: this.request, response: this, reason: "Decode", cause })
      })
    )
  }
}
