import { HttpClient, HttpClientResponse } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { ApiClient, ProblemJson } from "@faultline/core"
import { Cause, Effect, Exit, FastCheck as fc, Option, Redacted, Tracer } from "effect"

// Every span a call makes, faultline's and the platform's, recorded with its attributes, events and exit.
interface Recorded {
  readonly name: string
  readonly attributes: Map<string, unknown>
  readonly events: Array<{ readonly name: string; readonly attributes: Record<string, unknown> | undefined }>
  exit: Exit.Exit<unknown, unknown> | undefined
}

const recordingTracer = () => {
  const spans: Array<Recorded> = []
  const tracer = Tracer.make({
    span: (name, parent, context, links, startTime, kind) => {
      const recorded: Recorded = { name, attributes: new Map(), events: [], exit: undefined }
      spans.push(recorded)
      let status: Tracer.SpanStatus = { _tag: "Started", startTime }
      return {
        _tag: "Span",
        name,
        spanId: `span-${spans.length}`,
        traceId: "trace-1",
        parent,
        context,
        get status() {
          return status
        },
        attributes: recorded.attributes,
        links,
        sampled: true,
        kind,
        end: (endTime, exit) => {
          status = { _tag: "Ended", startTime, endTime, exit }
          recorded.exit = exit
        },
        attribute: (key, value) => {
          recorded.attributes.set(key, value)
        },
        event: (eventName, _, attributes) => {
          recorded.events.push({ name: eventName, attributes })
        },
        addLinks: () => {}
      }
    },
    context: (f) => f()
  })
  return { spans, tracer }
}

// Every text a tracing backend would get from a span.
const textsOf = (span: Recorded): ReadonlyArray<string> => [
  span.name,
  ...[...span.attributes].map(([key, value]) => `${key}=${String(value)}`),
  ...span.events.map((event) => `${event.name} ${JSON.stringify(event.attributes ?? {})}`),
  ...(span.exit === undefined || Exit.isSuccess(span.exit)
    ? []
    : [Cause.pretty(span.exit.cause), JSON.stringify(Cause.squash(span.exit.cause))])
]

// The forms of the key a server plausibly echoes: whole or by its halves, raw, percent-encoded, base64.
const formsOf = (key: string): ReadonlyArray<string> => {
  const parts = [key, ...key.split(":").filter((part) => part.length >= 6)]
  return parts.flatMap((part) => [
    part,
    encodeURIComponent(part),
    Buffer.from(part).toString("base64").replace(/=+$/, ""),
    Buffer.from(part).toString("base64url")
  ])
}

const keyArbitrary = fc.oneof(
  fc.stringMatching(/^nxf_[0-9a-f]{32}:nxfs_[0-9A-Za-z]{40}$/),
  fc.stringMatching(/^lev_[0-9A-Za-z]{32}$/),
  fc.stringMatching(/^dnx_live_[0-9A-Za-z]{24}$/),
  fc.stringMatching(/^[A-Za-z0-9]{12}\.[A-Za-z0-9]{12}\.[A-Za-z0-9_-]{16}$/)
)

describe("spans", () => {
  it.effect.prop(
    "no span of a call, faultline's or the platform's, shows the key, whatever the server echoes",
    [keyArbitrary, fc.constantFrom(200, 401, 429, 502)],
    ([key, status]) =>
      Effect.gen(function* () {
        const { spans, tracer } = recordingTracer()
        // A server that echoes the key in a header, in Location, in WWW-Authenticate and in the body.
        const client = HttpClient.make((request) =>
          Effect.succeed(
            HttpClientResponse.fromWeb(
              request,
              new Response(status === 200 ? "{}" : JSON.stringify({ title: `bad key ${key}`, status }), {
                status,
                headers: {
                  "x-echo-authorization": `Bearer ${key}`,
                  location: `https://vendor.test/v1/callback?api_key=${encodeURIComponent(key)}`,
                  "www-authenticate": `Bearer realm="api", error="invalid_token", token="${key}"`,
                  "x-request-id": "req_1"
                }
              })
            )
          )
        )
        const api = ApiClient.make(ProblemJson.dialect, {
          baseUrl: "https://vendor.test",
          apiKey: Redacted.make(key),
          pacing: false
        })(client)
        // The key also sits in the request's own URL, as a vendor with query authentication would want it.
        yield* Effect.exit(api.get("/v1/calls", { urlParams: { api_key: key, page: "2" } })).pipe(
          Effect.withTracer(tracer)
        )
        const attempt = spans.find((span) => span.name === "faultline.problem.attempt")
        const leaks = spans.flatMap((span) =>
          textsOf(span).flatMap((text) => formsOf(key).filter((form) => text.includes(form)))
        )
        return (
          attempt !== undefined &&
          attempt.attributes.get("http.response.status_code") === status &&
          Option.isSome(Option.fromNullable(attempt.attributes.get("url.full"))) &&
          leaks.length === 0
        )
      }),
    { fastCheck: { numRuns: 100 } }
  )

  it.effect("no platform span either when the transport sets its own tracer predicate", () =>
    Effect.gen(function* () {
      const { spans, tracer } = recordingTracer()
      const key = "nxf_0123456789abcdef0123456789abcdef:nxfs_predicate0123456789"
      const echoing = HttpClient.make((request) =>
        Effect.succeed(
          HttpClientResponse.fromWeb(
            request,
            new Response("{}", { status: 200, headers: { "www-authenticate": `Bearer token="${key}"` } })
          )
        )
      )
      // The usual way to silence health-check spans: a predicate on the transport, which re-enables everything else.
      const transport = HttpClient.withTracerDisabledWhen(echoing, (request) => request.url.endsWith("/health"))
      const api = ApiClient.make(ProblemJson.dialect, {
        baseUrl: "https://vendor.test",
        apiKey: Redacted.make(key)
      })(transport)
      yield* api.get("/v1/calls", { urlParams: { api_key: key } }).pipe(Effect.withTracer(tracer))
      expect(spans.map((span) => span.name)).toEqual(["faultline.problem.attempt"])
      expect(spans.flatMap(textsOf).filter((text) => formsOf(key).some((form) => text.includes(form)))).toEqual([])
    })
  )

  it.effect("the attempt span carries the trace context to the server, as the platform's span would", () =>
    Effect.gen(function* () {
      const { spans, tracer } = recordingTracer()
      const seen: Array<Record<string, string>> = []
      const client = HttpClient.make((request) => {
        seen.push({ ...request.headers })
        return Effect.succeed(HttpClientResponse.fromWeb(request, new Response("{}", { status: 200 })))
      })
      const api = ApiClient.make(ProblemJson.dialect, {
        baseUrl: "https://vendor.test",
        apiKey: Redacted.make("trace-context-key-0123")
      })(client)
      yield* api.get("/v1/calls").pipe(Effect.withTracer(tracer))
      expect(spans.map((span) => span.name)).toEqual(["faultline.problem.attempt"])
      expect(seen[0]?.traceparent).toMatch(/^00-trace-1-span-1-01$/)
    })
  )
})
