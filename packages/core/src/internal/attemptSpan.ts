import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as HttpTraceContext from "@effect/platform/HttpTraceContext"
import * as Effect from "effect/Effect"
import * as FiberRef from "effect/FiberRef"
import * as Metric from "effect/Metric"
import * as Option from "effect/Option"
import type * as Failure from "../Failure.js"
import type * as Redaction from "../Redaction.js"

/** @internal */
export const retriesTotal = Metric.counter("faultline_retries_total", {
  description: "retries decided, tagged with the vendor and the failure tag that caused each (reason)"
})

/** @internal */
export const waitedMillisTotal = Metric.counter("faultline_waited_millis_total", {
  description:
    "milliseconds calls waited, tagged with the vendor, the kind of wait (retry: before a retry; hold: before " +
    "sending, by pacing or the breaker) and its source"
})

/** @internal */
export const rateLimitedTotal = Metric.counter("faultline_rate_limited_total", {
  description: "responses with status 429"
})

const fieldOf = (failure: Failure.Failure, name: "status" | "code" | "requestId"): unknown =>
  (failure as unknown as Readonly<Record<string, unknown>>)[name]

/**
 * One attempt as the outside world sees it: a client span `faultline.<vendor>.attempt` with the vendor, attempt
 * number, method and redacted URL, annotated on failure with the failure's tag, category, status, code and request
 * id (all already redacted); the counter of 429s.
 *
 * Tracing is turned off for the send itself, so the platform's own `http.client` span is not made: it records the
 * full URL, query and every response header verbatim, where a server may echo the key. This span replaces it, and
 * carries the trace context to the server (`traceparent`) when the platform's propagation is on.
 *
 * @internal
 */
export const observeAttempt = <E extends Failure.Failure, R>(
  options: {
    readonly vendor: string
    readonly number: number
    readonly request: HttpClientRequest.HttpClientRequest
    readonly redactor: Redaction.Redactor
    readonly rateLimited: Metric.Metric.Counter<number>
  },
  send: (request: HttpClientRequest.HttpClientRequest) => Effect.Effect<HttpClientResponse.HttpClientResponse, E, R>
): Effect.Effect<HttpClientResponse.HttpClientResponse, E, R> => {
  const { number, redactor, request } = options
  const url = HttpClientRequest.toUrl(request)
  return Effect.useSpan(
    `faultline.${options.vendor}.attempt`,
    {
      kind: "client",
      captureStackTrace: false,
      attributes: {
        "faultline.vendor": options.vendor,
        "faultline.attempt": number,
        "http.request.method": request.method,
        "url.full": redactor.url(Option.match(url, { onNone: () => request.url, onSome: (u) => u.href })),
        ...Option.match(url, {
          onNone: () => ({}),
          onSome: (u) => ({ "server.address": u.hostname, "url.path": redactor.url(u.pathname) })
        })
      }
    },
    (span) =>
      Effect.flatMap(FiberRef.get(HttpClient.currentTracerPropagation), (propagate) =>
        send(propagate ? HttpClientRequest.setHeaders(request, HttpTraceContext.toHeaders(span)) : request).pipe(
          // Tracing off for the send itself (not merely the platform's predicate, which a transport wrapped in
          // `HttpClient.withTracerDisabledWhen` sets again, closer to the request).
          Effect.withTracerEnabled(false),
          Effect.withParentSpan(span),
          Effect.tap((response) => span.attribute("http.response.status_code", response.status)),
          Effect.tapError((failure) => {
            const status = fieldOf(failure, "status")
            const code = fieldOf(failure, "code")
            const requestId = fieldOf(failure, "requestId")
            span.attribute("faultline.failure.tag", failure._tag)
            span.attribute("faultline.failure.category", failure.category)
            if (typeof status === "number") span.attribute("http.response.status_code", status)
            if (typeof code === "string") span.attribute("faultline.failure.code", code)
            if (typeof requestId === "string") span.attribute("faultline.request_id", requestId)
            return status === 429 ? Metric.increment(options.rateLimited) : Effect.void
          })
        )
      )
  )
}
