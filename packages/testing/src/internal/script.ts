import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type { Pending, RecordedRequest, Route, RoutePattern, Routes } from "../Script.js"

/** @internal */
export const route = <A>(
  match: RoutePattern | ((request: RecordedRequest) => boolean),
  answers: ReadonlyArray<A>,
  options?: { readonly otherwise?: A | undefined; readonly name?: string | undefined }
): Route<A> => ({
  match,
  name: options?.name ?? (typeof match === "string" ? match : "predicate"),
  answers,
  otherwise: options?.otherwise
})

const segmentsOf = (path: string): ReadonlyArray<string> => path.split("/").filter((segment) => segment.length > 0)

/** @internal */
export const matchPattern = (
  pattern: RoutePattern,
  method: string,
  path: string
): Readonly<Record<string, string>> | undefined => {
  if (pattern === "*") return {}
  const space = pattern.indexOf(" ")
  const patternMethod = pattern.slice(0, space)
  if (patternMethod !== "*" && patternMethod !== method.toUpperCase()) return undefined
  const expected = segmentsOf(pattern.slice(space + 1))
  const actual = segmentsOf(path)
  const params: Record<string, string> = {}
  for (let index = 0; index < expected.length; index++) {
    const segment = expected[index]!
    if (segment === "*" && index === expected.length - 1) return params
    const value = actual[index]
    if (value === undefined) return undefined
    if (segment.startsWith(":")) {
      params[segment.slice(1)] = decodeURIComponent(value)
    } else if (segment !== value) {
      return undefined
    }
  }
  return actual.length === expected.length ? params : undefined
}

// Whether a scripted pattern can match a request to an endpoint's path: literal segments equal, a `:name` on either
// side matching any one segment, a final `*` in the script matching the rest.
const fitsEndpoint = (pattern: RoutePattern, endpoint: { readonly method: string; readonly path: string }): boolean => {
  if (pattern === "*") return true
  const space = pattern.indexOf(" ")
  const method = pattern.slice(0, space)
  if (method !== "*" && method !== endpoint.method) return false
  const scripted = segmentsOf(pattern.slice(space + 1))
  const declared = segmentsOf(endpoint.path)
  for (let index = 0; index < scripted.length; index++) {
    const segment = scripted[index]!
    if (segment === "*" && index === scripted.length - 1) return declared.length >= index
    const other = declared[index]
    if (other === undefined) return false
    if (!segment.startsWith(":") && !other.startsWith(":") && segment !== other) return false
  }
  return scripted.length === declared.length
}

/** @internal */
export const unknownPatterns = <A>(
  routes: Routes<A>,
  endpoints: ReadonlyArray<{ readonly method: string; readonly path: string }>
): ReadonlyArray<RoutePattern> =>
  normalize(routes).flatMap((candidate) =>
    typeof candidate.match === "string" &&
    !endpoints.some((endpoint) => fitsEndpoint(candidate.match as RoutePattern, endpoint))
      ? [candidate.match]
      : []
  )

/** @internal */
export const normalize = <A>(routes: Routes<A>): ReadonlyArray<Route<A>> => {
  if (Array.isArray(routes)) return routes as ReadonlyArray<Route<A>>
  const entries = Object.entries(routes as Readonly<Record<string, ReadonlyArray<A>>>)
  // The catch-all answers only what no other route matches, wherever it was written.
  const ordered = [...entries.filter(([pattern]) => pattern !== "*"), ...entries.filter(([pattern]) => pattern === "*")]
  return ordered.map(([pattern, answers]) => route(pattern as RoutePattern, answers))
}

const utf8 = new TextDecoder("utf-8")
const placeholderBase = "http://scripted.invalid"

const bodyText = (request: HttpClientRequest.HttpClientRequest, streams: boolean): Effect.Effect<string> => {
  const body = request.body
  switch (body._tag) {
    case "Empty":
      return Effect.succeed("")
    case "Uint8Array":
      return Effect.succeed(utf8.decode(body.body))
    case "Raw": {
      const raw = body.body
      if (typeof raw === "string") return Effect.succeed(raw)
      if (raw instanceof Uint8Array) return Effect.succeed(utf8.decode(raw))
      if (raw instanceof ArrayBuffer) return Effect.succeed(utf8.decode(new Uint8Array(raw)))
      return Effect.succeed(String(raw))
    }
    case "FormData": {
      const parts: Array<string> = []
      body.formData.forEach((value, name) => {
        parts.push(`${encodeURIComponent(name)}=${typeof value === "string" ? encodeURIComponent(value) : "<file>"}`)
      })
      return Effect.succeed(parts.join("&"))
    }
    case "Stream":
      if (!streams) return Effect.succeed("")
      return Stream.runCollect(body.stream).pipe(
        Effect.map((chunks) => Chunk.toReadonlyArray(chunks).map((chunk) => utf8.decode(chunk, { stream: true }))),
        Effect.map((parts) => parts.join("")),
        Effect.orElseSucceed(() => "<body stream failed>")
      )
  }
}

const contentTypeOf = (request: HttpClientRequest.HttpClientRequest): string | undefined => {
  const body = request.body
  return body._tag === "Empty" ? undefined : body.contentType
}

type Unrouted = Omit<RecordedRequest, "route" | "answer" | "params">

/** @internal */
export const describeRequest = (
  request: HttpClientRequest.HttpClientRequest,
  at: number,
  options?: { readonly streams?: boolean | undefined }
): Effect.Effect<Unrouted> =>
  Effect.map(bodyText(request, options?.streams ?? true), (body) => {
    const absolute = /^[a-z][a-z0-9+.-]*:/i.test(request.url)
    const url = new URL(request.url, placeholderBase)
    for (const [name, value] of request.urlParams) url.searchParams.append(name, value)
    const query: Record<string, string> = {}
    for (const [name, value] of url.searchParams) query[name] = value
    const headers: Record<string, string> = { ...request.headers }
    const contentType = contentTypeOf(request)
    if (contentType !== undefined && headers["content-type"] === undefined) headers["content-type"] = contentType
    return {
      method: request.method,
      url: absolute ? url.href : `${url.pathname}${url.search}`,
      path: url.pathname,
      query,
      headers,
      body,
      at
    }
  })

/** @internal */
export interface Played<A> {
  readonly answer: A
  readonly request: RecordedRequest
}

/** @internal */
export interface Player<A> {
  readonly play: (request: HttpClientRequest.HttpClientRequest) => Effect.Effect<Played<A>>
  readonly requests: Effect.Effect<ReadonlyArray<RecordedRequest>>
  readonly pending: Effect.Effect<Pending>
}

/** @internal */
export const makePlayer = <A>(
  routes: Routes<A>,
  otherwise: (request: RecordedRequest) => A
): Effect.Effect<Player<A>> =>
  Effect.sync(() => {
    const table = normalize(routes)
    const next = table.map(() => 0)
    const recorded: Array<RecordedRequest> = []

    const select = (request: Unrouted): Played<A> => {
      for (let index = 0; index < table.length; index++) {
        const candidate = table[index]!
        const params =
          typeof candidate.match === "string"
            ? matchPattern(candidate.match, request.method, request.path)
            : candidate.match({ ...request, params: {}, route: candidate.name, answer: undefined })
              ? {}
              : undefined
        if (params === undefined) continue
        const position = next[index]!
        const inSequence = position < candidate.answers.length
        if (inSequence) next[index] = position + 1
        const entry: RecordedRequest = {
          ...request,
          params,
          route: candidate.name,
          answer: inSequence ? position : undefined
        }
        recorded.push(entry)
        const answer = inSequence ? candidate.answers[position]! : (candidate.otherwise ?? otherwise(entry))
        return { answer, request: entry }
      }
      const entry: RecordedRequest = { ...request, params: {}, route: undefined, answer: undefined }
      recorded.push(entry)
      return { answer: otherwise(entry), request: entry }
    }

    const pending = Effect.sync(() => {
      const out: Record<string, number> = {}
      table.forEach((candidate, index) => {
        const left = candidate.answers.length - next[index]!
        if (left > 0) out[candidate.name] = (out[candidate.name] ?? 0) + left
      })
      return out
    })

    return {
      play: (request) =>
        Clock.currentTimeMillis.pipe(
          Effect.flatMap((at) => describeRequest(request, at)),
          Effect.map(select)
        ),
      requests: Effect.sync(() => recorded.slice()),
      pending
    }
  })
