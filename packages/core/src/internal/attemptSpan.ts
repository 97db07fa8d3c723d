import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as HttpTraceContext from "@effect/platform/HttpTraceContext"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as FiberRef from "effect/FiberRef"
import * as Metric from "effect/Metric"
import * as Option from "effect/Option"
import * as Tracer from "effect/Tracer"
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
 * What the spans of one call's attempts show of its request, and the host its attempts are paced and guarded by:
 * worked out once per call (parsing the URL and redacting it cost more than the span itself).
 *
 * @internal
 */
export interface Target {
  readonly request: HttpClientRequest.HttpClientRequest
  readonly host: string
  readonly attributes: Readonly<Record<string, unknown>>
}

/** @internal */
export const targetOf = (request: HttpClientRequest.HttpClientRequest, redactor: Redaction.Redactor): Target =>
  Option.match(HttpClientRequest.toUrl(request), {
    onNone: () => ({
      request,
      host: request.url,
      attributes: { "http.request.method": request.method, "url.full": redactor.url(request.url) }
    }),
    onSome: (url) => ({
      request,
      host: url.host,
      attributes: {
        "http.request.method": request.method,
        "url.full": redactor.url(url.href),
        "server.address": url.hostname,
        "url.path": redactor.url(url.pathname)
      }
    })
  })

/**
 * One attempt as the outside world sees it: a client span `faultline.<vendor>.attempt` with the vendor, attempt
 * number, method and redacted URL, annotated on failure with the failure's tag, category, status, code and request
 * id (all already redacted); the counter of 429s.
 *
 * Tracing is turned off for the send itself, so the platform's own `http.client` span is not made: it records the
 * full URL, query and every response header verbatim, where a server may echo the key. This span replaces it, and
 * carries the trace context to the server (`traceparent`) when the platform's propagation is on. Fibers forked for the
 * send report no unhandled failures: the runtime would log the platform's raw error, URL and all, at debug level.
 *
 * @internal
 */
export const observeAttempt = <E extends Failure.Failure, R>(
  options: {
    readonly vendor: string
    readonly number: number
    readonly target: Target
    readonly rateLimited: Metric.Metric.Counter<number>
  },
  send: (request: HttpClientRequest.HttpClientRequest) => Effect.Effect<HttpClientResponse.HttpClientResponse, E, R>
): Effect.Effect<HttpClientResponse.HttpClientResponse, E, R> => {
  const { number, target } = options
  const request = target.request
  return Effect.useSpan(
    `faultline.${options.vendor}.attempt`,
    {
      kind: "client",
      captureStackTrace: false,
      attributes: { "faultline.vendor": options.vendor, "faultline.attempt": number, ...target.attributes }
    },
    (span) =>
      Effect.withFiberRuntime((fiber) =>
        sendWithin(
          span,
          send(
            fiber.getFiberRef(HttpClient.currentTracerPropagation)
              ? HttpClientRequest.setHeaders(request, HttpTraceContext.toHeaders(span))
              : request
          ).pipe(
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
  )
}

// Fibers the transport forks for the send (a body stream's) report their failures, at debug level, as "Fiber
// terminated with an unhandled error" with the platform's raw error, whose message holds the request's URL: with
// the key, when it is in the path. Those failures are all handled here, translated and redacted: not reported.
const unreported = Option.none()

// The send, within the attempt's span (its parent span) and with tracing off (not merely the platform's predicate,
// which a transport wrapped in `HttpClient.withTracerDisabledWhen` sets again, closer to the request): both set at
// once and put back on every exit, as `Effect.locally` would each.
const sendWithin = <A, E, R>(span: Tracer.Span, send: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.uninterruptibleMask((restore) =>
    Effect.withFiberRuntime((fiber) => {
      const context = fiber.getFiberRef(FiberRef.currentContext)
      const enabled = fiber.getFiberRef(FiberRef.currentTracerEnabled)
      return Effect.zipRight(
        Effect.zipRight(
          FiberRef.set(FiberRef.currentContext, Context.add(context, Tracer.ParentSpan, span)),
          FiberRef.set(FiberRef.currentTracerEnabled, false)
        ),
        Effect.onExit(restore(Effect.withUnhandledErrorLogLevel(send, unreported)), () =>
          Effect.zipRight(
            FiberRef.set(FiberRef.currentContext, context),
            FiberRef.set(FiberRef.currentTracerEnabled, enabled)
          )
        )
      )
    })
  )
