// Shared by the simulator's tests: a plain HTTP client over the platform's FetchHttpClient, and a scoped simulator.
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type { HttpMethod } from "@effect/platform/HttpMethod"
import type * as HttpServerError from "@effect/platform/HttpServerError"
import * as Effect from "effect/Effect"
import * as Simulator from "../src/Simulator.js"

export interface Reply {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly text: string
  /** The body parsed as JSON, or `undefined` when it is not JSON. */
  readonly body: unknown
}

export interface SendOptions {
  readonly headers?: Record<string, string>
  /** Sent as JSON. */
  readonly json?: unknown
  /** Sent as is, with `contentType`. */
  readonly text?: string
  readonly contentType?: string
}

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** One request; the whole body is read. Fails with the client's error on resets and cut-off bodies. */
export const send = (
  method: HttpMethod,
  url: string,
  options: SendOptions = {}
): Effect.Effect<Reply, HttpClientError.HttpClientError> =>
  Effect.gen(function* () {
    const client = yield* HttpClient.HttpClient
    let request = HttpClientRequest.make(method)(url).pipe(HttpClientRequest.setHeaders(options.headers ?? {}))
    if (options.json !== undefined) request = HttpClientRequest.bodyUnsafeJson(request, options.json)
    if (options.text !== undefined) {
      request = HttpClientRequest.bodyText(request, options.text, options.contentType ?? "text/plain")
    }
    const response = yield* client.execute(request)
    const text = yield* response.text
    return { status: response.status, headers: response.headers, text, body: parse(text) }
  }).pipe(Effect.provide(FetchHttpClient.layer))

/** `Authorization: Bearer <key>`. */
export const bearer = (key: string): Record<string, string> => ({ authorization: `Bearer ${key}` })

/** Runs `f` against a fresh simulator on port 0, stopped afterwards. */
export const withSimulator = <A, E>(
  options: Simulator.Options,
  f: (simulator: Simulator.Running) => Effect.Effect<A, E>
): Effect.Effect<A, E | HttpServerError.ServeError> => Effect.scoped(Effect.flatMap(Simulator.start(options), f))

/** A value inside a JSON body: `at(body, "error", "code")`. */
export const at = (value: unknown, ...path: ReadonlyArray<string | number>): unknown => {
  let current = value
  for (const key of path) {
    if (typeof current !== "object" || current === null) return undefined
    current = (current as Record<string | number, unknown>)[key]
  }
  return current
}

/** A string inside a JSON body, or a test failure. */
export const str = (value: unknown, ...path: ReadonlyArray<string | number>): string => {
  const found = at(value, ...path)
  if (typeof found !== "string") throw new Error(`expected a string at ${path.join(".")}, got ${JSON.stringify(found)}`)
  return found
}
