import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Metric from "effect/Metric"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import type { ApiClient, Options } from "../ApiClient.js"
import * as Category from "../Category.js"
import * as CircuitBreaker from "../CircuitBreaker.js"
import * as Dialect from "../Dialect.js"
import * as Failure from "../Failure.js"
import * as Pacing from "../Pacing.js"
import * as Redaction from "../Redaction.js"
import * as ResponseBody from "../ResponseBody.js"
import * as RetryBudget from "../RetryBudget.js"
import * as RetryPolicy from "../RetryPolicy.js"
import type * as RetryTrace from "../RetryTrace.js"

/** @internal */
export const describeUrl = (request: HttpClientRequest.HttpClientRequest, redactor: Redaction.Redactor): string =>
  redactor.url(Option.match(HttpClientRequest.toUrl(request), { onNone: () => request.url, onSome: (url) => url.href }))

const transportCodes: Record<string, { readonly reason: Failure.TransportReason; readonly reached: boolean }> = {
  ECONNREFUSED: { reason: "ConnectionRefused", reached: false },
  ENOTFOUND: { reason: "HostNotFound", reached: false },
  EAI_AGAIN: { reason: "HostNotFound", reached: false },
  ENETUNREACH: { reason: "ConnectionRefused", reached: false },
  EHOSTUNREACH: { reason: "ConnectionRefused", reached: false },
  EADDRNOTAVAIL: { reason: "ConnectionRefused", reached: false },
  UND_ERR_CONNECT_TIMEOUT: { reason: "ConnectTimeout", reached: false },
  ERR_TLS_CERT_ALTNAME_INVALID: { reason: "Tls", reached: false },
  DEPTH_ZERO_SELF_SIGNED_CERT: { reason: "Tls", reached: false },
  SELF_SIGNED_CERT_IN_CHAIN: { reason: "Tls", reached: false },
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: { reason: "Tls", reached: false },
  CERT_HAS_EXPIRED: { reason: "Tls", reached: false },
  ECONNRESET: { reason: "ConnectionReset", reached: true },
  EPIPE: { reason: "ConnectionReset", reached: true },
  UND_ERR_SOCKET: { reason: "ConnectionReset", reached: true },
  UND_ERR_CLOSED: { reason: "ConnectionReset", reached: true },
  ETIMEDOUT: { reason: "ResponseTimeout", reached: true },
  UND_ERR_HEADERS_TIMEOUT: { reason: "ResponseTimeout", reached: true },
  UND_ERR_BODY_TIMEOUT: { reason: "ResponseTimeout", reached: true },
  HPE_INVALID_CONSTANT: { reason: "Protocol", reached: true },
  HPE_INVALID_HEADER_TOKEN: { reason: "Protocol", reached: true },
  UND_ERR_INVALID_ARG: { reason: "Protocol", reached: true }
}

// Node and undici wrap the interesting error: fetch throws `TypeError: fetch failed` with the socket error as
// `cause`, happy-eyeballs throws an AggregateError with one error per address.
type CauseLink = { readonly code?: unknown; readonly message?: unknown; readonly syscall?: unknown }

const causeChain = (error: unknown): ReadonlyArray<CauseLink> => {
  const out: Array<CauseLink> = []
  const queue: Array<unknown> = [error]
  while (queue.length > 0 && out.length < 16) {
    const next = queue.shift()
    if (typeof next !== "object" || next === null) continue
    const record = next as CauseLink & { readonly cause?: unknown; readonly errors?: unknown }
    out.push(record)
    if (record.cause !== undefined) queue.push(record.cause)
    if (Array.isArray(record.errors)) queue.push(...record.errors)
  }
  return out
}

const classifyTransport = (cause: unknown) => {
  const chain = causeChain(cause)
  for (const link of chain) {
    if (typeof link.code === "string") {
      // A socket that timed out while connecting never carried the request.
      if (link.code === "ETIMEDOUT" && link.syscall === "connect") {
        return { reason: "ConnectTimeout" as const, reached: false, code: link.code }
      }
      if (Object.hasOwn(transportCodes, link.code)) return { ...transportCodes[link.code]!, code: link.code }
      if (link.code.startsWith("ERR_TLS") || link.code.startsWith("ERR_SSL")) {
        return { reason: "Tls" as const, reached: false, code: link.code }
      }
    }
  }
  const code = chain.find((link) => typeof link.code === "string")?.code
  return { reason: "Other" as const, reached: true, code: typeof code === "string" ? code : undefined }
}

const describeCause = (cause: unknown): string => {
  const messages = causeChain(cause)
    .map((link) => (typeof link.message === "string" ? link.message : ""))
    .filter((message) => message.length > 0)
  return [...new Set(messages)].join(": ").slice(0, 500)
}

/** @internal */
export const fromHttpClientError = (
  error: HttpClientError.HttpClientError,
  redactor: Redaction.Redactor
): Failure.TransportError | Failure.InvalidInput => {
  const method = error.request.method
  const url = describeUrl(error.request, redactor)
  if (error._tag === "RequestError" && error.reason !== "Transport") {
    return new Failure.InvalidInput({
      operation: `${method} ${url}`,
      issues: [
        new Failure.InputIssue({
          path: error.reason === "InvalidUrl" ? "url" : "body",
          message: redactor.string(error.description ?? describeCause(error.cause) ?? error.reason)
        })
      ]
    })
  }
  const transport = classifyTransport(error.cause)
  const detail = [transport.code, error.description ?? describeCause(error.cause)]
    .filter((part) => part !== undefined && part.length > 0)
    .join(" ")
  return new Failure.TransportError({
    reason: error._tag === "ResponseError" ? "Protocol" : transport.reason,
    mayHaveReachedServer: error._tag === "ResponseError" ? true : transport.reached,
    method,
    url,
    detail: redactor.string(detail.length > 0 ? detail : "no detail")
  })
}

/** @internal */
export const retriesTotal = Metric.counter("faultline_retries_total", { description: "attempts after the first" })

/** @internal */
export const rateLimitedTotal = Metric.counter("faultline_rate_limited_total", {
  description: "responses with status 429"
})

// The retry trace of each successful call made with a retry policy, beside its response.
const traces = new WeakMap<HttpClientResponse.HttpClientResponse, RetryTrace.RetryTrace>()

/** @internal */
export const traceOf = (response: HttpClientResponse.HttpClientResponse): Option.Option<RetryTrace.RetryTrace> =>
  Option.fromNullable(traces.get(response))

const bodyless = new Set([101, 103, 204, 205, 304])

// What a success response needs to fail well later, when its body is decoded: the client's vendor and redactor.
// Kept beside the buffered response, so that `json` and `schemaJson` never copy a secret into a failure.
const origins = new WeakMap<
  HttpClientResponse.HttpClientResponse,
  { readonly vendor: string; readonly redactor: Redaction.Redactor }
>()

const buffered = (
  response: HttpClientResponse.HttpClientResponse,
  bytes: Uint8Array,
  origin: { readonly vendor: string; readonly redactor: Redaction.Redactor }
) => {
  const copy = HttpClientResponse.fromWeb(
    response.request,
    new Response(bodyless.has(response.status) || bytes.length === 0 ? null : (bytes as Uint8Array<ArrayBuffer>), {
      status: response.status,
      headers: response.headers
    })
  )
  origins.set(copy, origin)
  return copy
}

const downCategories: ReadonlySet<string> = new Set(["server", "upstream", "unavailable", "transport"])

// What an attempt's end says of the vendor, for the circuit breaker.
const outcomeOf = (exit: Exit.Exit<unknown, Failure.Failure>): CircuitBreaker.Outcome => {
  if (Exit.isSuccess(exit)) return { _tag: "Up" }
  const failure = Cause.failureOption(exit.cause)
  if (Option.isNone(failure)) return { _tag: "Unknown" }
  if (!downCategories.has(failure.value.category)) return { _tag: "Up" }
  const value: Failure.Failure & { readonly status?: unknown; readonly waitHint?: { readonly millis: number } } =
    failure.value
  return {
    _tag: "Down",
    status: typeof value.status === "number" ? value.status : undefined,
    waitHintMillis: value.waitHint?.millis
  }
}

/** @internal */
export const make =
  <E extends Failure.Failure>(dialect: Dialect.Dialect<E>, options: Options) =>
  (client: HttpClient.HttpClient): ApiClient<E> => {
    const redactor = Redaction.make([options.apiKey, ...(options.secrets ?? [])])
    const bodyLimit = options.bodyLimit ?? ResponseBody.defaultLimit
    const timeout = options.timeout === undefined ? undefined : Duration.decode(options.timeout)
    const authentication = dialect.authenticate(options.apiKey)

    const prepare = (request: HttpClientRequest.HttpClientRequest) =>
      request.pipe(
        HttpClientRequest.prependUrl(options.baseUrl),
        HttpClientRequest.setHeaders(options.headers ?? {}),
        HttpClientRequest.setHeaders(authentication)
      )

    const hostOf = (request: HttpClientRequest.HttpClientRequest) =>
      Option.match(HttpClientRequest.toUrl(request), { onNone: () => request.url, onSome: (url) => url.host })
    const pacing = options.pacing === false ? undefined : (options.pacing ?? Pacing.memoryStore())
    const breaker =
      options.circuitBreaker === false ? CircuitBreaker.disabled : (options.circuitBreaker ?? CircuitBreaker.make())

    // What an attempt's response said of the quota, kept until the attempt ends and is settled with the store.
    type Seen = { quota: Pacing.Quota | undefined }
    const noteQuota = (response: HttpClientResponse.HttpClientResponse, now: number, seen: Seen) =>
      Effect.sync(() => {
        if (pacing !== undefined) seen.quota = Pacing.quotaFromHeaders(response.headers, now)
      })

    const classify = (response: HttpClientResponse.HttpClientResponse, seen: Seen) =>
      Effect.flatMap(ResponseBody.read(response, bodyLimit), (body) =>
        Effect.flatMap(Clock.currentTimeMillis, (now) => {
          const outcome = Dialect.decode(dialect, {
            status: response.status,
            headers: response.headers,
            body,
            now,
            redactor
          })
          return Effect.zipRight(
            noteQuota(response, now, seen),
            Either.isRight(outcome)
              ? Effect.succeed(buffered(response, outcome.right, { vendor: dialect.vendor, redactor }))
              : Effect.fail(outcome.left)
          )
        })
      )

    const attempt = (request: HttpClientRequest.HttpClientRequest, timeoutScale: number, seen: Seen) => {
      const exchange = client.execute(request).pipe(
        Effect.mapError((error) => fromHttpClientError(error, redactor)),
        Effect.flatMap((response) => classify(response, seen))
      )
      if (timeout === undefined) return exchange
      const scaled = Duration.times(timeout, timeoutScale)
      return exchange.pipe(
        Effect.timeoutFail({
          duration: scaled,
          onTimeout: () =>
            new Failure.AttemptTimeout({
              method: request.method,
              url: describeUrl(request, redactor),
              timeoutMillis: Duration.toMillis(scaled)
            })
        })
      )
    }

    const retries = retriesTotal.pipe(Metric.tagged("vendor", dialect.vendor))
    const rateLimited = rateLimitedTotal.pipe(Metric.tagged("vendor", dialect.vendor))

    // One attempt as the outside world sees it: a span with the vendor, method, redacted URL and attempt number,
    // annotated with the failure's tag, status, code and request id; counters of retries and 429s.
    const observed = (request: HttpClientRequest.HttpClientRequest, number: number, timeoutScale: number, seen: Seen) =>
      Effect.zipRight(number > 1 ? Metric.increment(retries) : Effect.void, attempt(request, timeoutScale, seen)).pipe(
        Effect.tapError((failure) => {
          const status = "status" in failure && typeof failure.status === "number" ? failure.status : undefined
          const code = "code" in failure && typeof failure.code === "string" ? failure.code : undefined
          const requestId =
            "requestId" in failure && typeof failure.requestId === "string" ? failure.requestId : undefined
          return Effect.zipRight(
            Effect.annotateCurrentSpan({
              "faultline.failure.tag": failure._tag,
              "faultline.failure.category": failure.category,
              ...(status === undefined ? {} : { "http.response.status_code": status }),
              ...(code === undefined ? {} : { "faultline.failure.code": code }),
              ...(requestId === undefined ? {} : { "faultline.request_id": requestId })
            }),
            status === 429 ? Metric.increment(rateLimited) : Effect.void
          )
        }),
        Effect.withSpan(`faultline.${dialect.vendor}.attempt`, {
          kind: "client",
          attributes: {
            "faultline.vendor": dialect.vendor,
            "faultline.attempt": number,
            "http.request.method": request.method,
            "url.full": describeUrl(request, redactor)
          }
        })
      )

    // Before an attempt: wait for the quota (pacing) and for an outage to end (the circuit breaker). After it:
    // tell the breaker whether the vendor is up. `held` adds up the time the call was held.
    const gated = (
      request: HttpClientRequest.HttpClientRequest,
      number: number,
      timeoutScale: number,
      held: { millis: number }
    ) => {
      const host = hostOf(request)
      return Effect.gen(function* () {
        if (pacing !== undefined) held.millis += yield* Pacing.admit(pacing, host)
        const admission = yield* breaker.admit(host)
        held.millis += admission.waitedMillis
        const seen: Seen = { quota: undefined }
        return yield* observed(request, number, timeoutScale, seen).pipe(
          Effect.onExit((exit) =>
            Effect.zipRight(
              breaker.record(host, admission, outcomeOf(exit)),
              pacing === undefined ? Effect.void : pacing.settle(host, seen.quota)
            )
          )
        )
      })
    }

    const idempotencyHeader = dialect.idempotencyKeyHeader?.toLowerCase()
    const retryBudget = options.retryBudget ?? RetryBudget.make()

    // One logical call: the idempotency key is chosen once, so every attempt carries the same one.
    const call = (request: HttpClientRequest.HttpClientRequest) => {
      const mutating = !RetryPolicy.isSafeToRepeat(request.method, false)
      const keyed =
        idempotencyHeader !== undefined && mutating && request.headers[idempotencyHeader] === undefined
          ? HttpClientRequest.setHeader(request, idempotencyHeader, globalThis.crypto.randomUUID())
          : request
      const held = { millis: 0 }
      let succeeded: RetryTrace.RetryTrace | undefined
      if (options.retry === undefined) return gated(keyed, 1, 1, held)
      const safe = RetryPolicy.isSafeToRepeat(
        keyed.method,
        idempotencyHeader !== undefined && keyed.headers[idempotencyHeader] !== undefined
      )
      return RetryPolicy.retry<E | Failure.CoreFailure>(options.retry, {
        safe,
        budget: { budget: retryBudget, key: hostOf(keyed) },
        inOutage: () => breaker.isOpen(hostOf(keyed)),
        heldMillis: () => held.millis,
        onSuccess: (trace) => {
          succeeded = trace
        }
      })((number, timeoutScale) => gated(keyed, number, timeoutScale, held)).pipe(
        Effect.tap((response) => {
          if (succeeded !== undefined) traces.set(response, succeeded)
        })
      )
    }

    return HttpClient.makeWith(
      (request: Effect.Effect<HttpClientRequest.HttpClientRequest>) => Effect.flatMap(request, call),
      (request) => Effect.succeed(prepare(request))
    )
  }

const utf8 = new TextDecoder("utf-8")

const originOf = (response: HttpClientResponse.HttpClientResponse) =>
  origins.get(response) ?? { vendor: "unknown", redactor: Redaction.generic }

const unexpectedSuccess = (
  response: HttpClientResponse.HttpClientResponse,
  reason: Failure.UnexpectedBodyReason,
  bytes: Uint8Array,
  detail?: string
) => {
  const { redactor, vendor } = originOf(response)
  const contentType = response.headers["content-type"]
  return new Failure.UnexpectedBody({
    vendor,
    reason,
    status: response.status,
    snippet: Dialect.snippet(bytes, redactor),
    category: Category.fromStatus(response.status),
    ...(contentType === undefined ? {} : { contentType: redactor.string(contentType.slice(0, 200)) }),
    ...(detail === undefined ? {} : { detail: redactor.string(detail).slice(0, 1000) })
  })
}

const jsonWithBytes = (response: HttpClientResponse.HttpClientResponse) =>
  Effect.flatMap(
    Effect.orElseSucceed(response.arrayBuffer, () => new ArrayBuffer(0)),
    (buffer) => {
      const bytes = new Uint8Array(buffer)
      const text = utf8.decode(bytes)
      if (text.trim().length === 0) return Effect.fail(unexpectedSuccess(response, "Empty", bytes))
      try {
        return Effect.succeed({ value: JSON.parse(text) as unknown, bytes })
      } catch {
        return Effect.fail(unexpectedSuccess(response, "NotJson", bytes))
      }
    }
  )

/** @internal */
export const json = (response: HttpClientResponse.HttpClientResponse): Effect.Effect<unknown, Failure.UnexpectedBody> =>
  Effect.map(jsonWithBytes(response), ({ value }) => value)

/** @internal */
export const schemaJson = <A, I, R>(schema: Schema.Schema<A, I, R>) => {
  const decode = Schema.decodeUnknown(schema, { onExcessProperty: "ignore" })
  return (response: HttpClientResponse.HttpClientResponse): Effect.Effect<A, Failure.UnexpectedBody, R> =>
    Effect.flatMap(jsonWithBytes(response), ({ bytes, value }) =>
      decode(value).pipe(
        Effect.mapError((error) =>
          unexpectedSuccess(response, "Malformed", bytes, ParseResult.TreeFormatter.formatErrorSync(error))
        )
      )
    )
}
