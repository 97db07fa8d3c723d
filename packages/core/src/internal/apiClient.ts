import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as DefaultServices from "effect/DefaultServices"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Fiber from "effect/Fiber"
import * as Metric from "effect/Metric"
import type { ApiClient, Options } from "../ApiClient.js"
import * as CircuitBreaker from "../CircuitBreaker.js"
import * as Dialect from "../Dialect.js"
import * as Failure from "../Failure.js"
import * as Pacing from "../Pacing.js"
import * as Redaction from "../Redaction.js"
import * as ResponseBody from "../ResponseBody.js"
import * as RetryBudget from "../RetryBudget.js"
import * as RetryPolicy from "../RetryPolicy.js"
import * as RetryTrace from "../RetryTrace.js"
import * as WaitHint from "../WaitHint.js"
import {
  observeAttempt,
  rateLimitedTotal,
  retriesTotal,
  type Target,
  targetOf,
  waitedMillisTotal
} from "./attemptSpan.js"
import * as Gate from "./gate.js"
import { read, readWhole } from "./responseBody.js"
import { type AttemptInput, retryWith } from "./retryLoop.js"
import { withoutStackTrace } from "./stackTrace.js"
import { buffered, keepTrace } from "./successBody.js"
import { monotonicMillis, sleepMillis } from "./time.js"
import { describeUrl, fromHttpClientError } from "./transportError.js"

/** @internal */
export const defaultTimeout = Duration.seconds(30)

const waitHintOf = (failure: Failure.Failure): WaitHint.WaitHint | undefined =>
  "waitHint" in failure && failure.waitHint instanceof WaitHint.WaitHint ? failure.waitHint : undefined

const liveClock = Context.get(DefaultServices.liveServices, Clock.Clock)

// The longest delay a timer of the platform holds (longer ones fire at once).
const longestTimer = 2 ** 31 - 1

/**
 * `Effect.timeoutFail`, for the one timeout of every attempt. `Effect.timeoutFail` races two forked fibers, the
 * effect and a sleep, which costs more than the rest of a request's machinery together. On the live clock this forks
 * only the effect and waits for it beside a timer, as the live clock's own sleep does; on any other clock
 * (`TestClock`, a program's own) it is `Effect.timeoutFail`, so virtual time still decides.
 *
 * @internal
 */
export const timeoutFail = <A, E, R, E1>(
  self: Effect.Effect<A, E, R>,
  millis: number,
  onTimeout: () => E1
): Effect.Effect<A, E | E1, R> =>
  Effect.clockWith((clock) => {
    // Longer than a timer holds: the timeout is slept in pieces, as every long wait is.
    if (millis > longestTimer)
      return Effect.raceFirst(self, Effect.zipRight(sleepMillis(millis), Effect.fail(onTimeout())))
    if (clock !== liveClock || !(millis <= longestTimer)) {
      return Effect.timeoutFail(self, { duration: Duration.millis(millis), onTimeout })
    }
    return Effect.flatMap(Effect.fork(self), (fiber) =>
      Effect.async<A, E | E1>((resume) => {
        let settled = false
        const timer = setTimeout(() => {
          if (settled) return
          settled = true
          resume(Effect.zipRight(Fiber.interrupt(fiber), Effect.fail(onTimeout())))
        }, millis)
        fiber.addObserver((exit) => {
          if (settled) return
          settled = true
          clearTimeout(timer)
          // As `Effect.timeoutFail` does: what the attempt set in its fiber's references is the caller's.
          resume(Effect.zipRight(Fiber.inheritAll(fiber), exit))
        })
        // The caller interrupted: so is the attempt, and the caller waits for it to end.
        return Effect.suspend(() => {
          settled = true
          clearTimeout(timer)
          return Fiber.interrupt(fiber)
        })
      })
    )
  })

/** @internal */
export const make =
  <E extends Failure.Failure>(dialect: Dialect.Dialect<E>, options: Options) =>
  (client: HttpClient.HttpClient): ApiClient<E> => {
    const redactor = Redaction.make([options.apiKey, ...(options.secrets ?? [])])
    const bodyLimit = options.bodyLimit ?? ResponseBody.defaultLimit
    const timeout = options.timeout === false ? undefined : Duration.decode(options.timeout ?? defaultTimeout)
    const timeoutMillis = timeout === undefined || !Duration.isFinite(timeout) ? undefined : Duration.toMillis(timeout)
    const authentication = dialect.authenticate(options.apiKey)
    const pacing = options.pacing === false ? undefined : (options.pacing ?? Pacing.memoryStore())
    const breaker =
      options.circuitBreaker === false ? CircuitBreaker.disabled : (options.circuitBreaker ?? CircuitBreaker.make())
    const retryBudget = options.retryBudget ?? RetryBudget.make()
    const idempotencyHeader = dialect.idempotencyKeyHeader?.toLowerCase()
    const retries = retriesTotal.pipe(Metric.tagged("vendor", dialect.vendor))
    const rateLimited = rateLimitedTotal.pipe(Metric.tagged("vendor", dialect.vendor))
    const waited = waitedMillisTotal.pipe(Metric.tagged("vendor", dialect.vendor))
    const countRetry = (retried: RetryTrace.RetriedAttempt) =>
      Effect.zipRight(
        Metric.increment(Metric.tagged(retries, "reason", retried.tag)),
        retried.delayMillis > 0
          ? Metric.incrementBy(
              waited.pipe(Metric.tagged("kind", "retry"), Metric.tagged("source", retried.source)),
              retried.delayMillis
            )
          : Effect.void
      )

    // The user's headers, then the authentication: merged once.
    const headers = Headers.merge(Headers.fromInput(options.headers), Headers.fromInput(authentication))
    const origin = { vendor: dialect.vendor, redactor }
    const prepare = (request: HttpClientRequest.HttpClientRequest) =>
      HttpClientRequest.setHeaders(HttpClientRequest.prependUrl(request, options.baseUrl), headers)

    // The response, read within the limit and decoded: the success (buffered, readable again) or one failure; and
    // what it said of the quota, for the pacer. A success's body is the caller's data, read at once when it can be.
    const classify = (response: HttpClientResponse.HttpClientResponse, seen: { quota?: Pacing.Quota | undefined }) => {
      // Read once: a transport may build them anew on each access.
      const { headers, status } = response
      const success = dialect.isSuccess(status)
      return Effect.flatMap(
        success ? readWhole(response, bodyLimit, headers) : read(response, bodyLimit, headers),
        (body) =>
          Effect.flatMap(Clock.currentTimeMillis, (now) => {
            const outcome = Dialect.decode(dialect, { status, headers, body, now, redactor })
            if (pacing !== undefined) {
              const waitHint = Either.isLeft(outcome) ? waitHintOf(outcome.left) : undefined
              seen.quota = Pacing.quotaFromResponse({ status, headers, now, waitHint })
            }
            return Either.isRight(outcome)
              ? Effect.succeed(buffered(response, headers, outcome.right, origin))
              : Effect.fail(outcome.left)
          })
      )
    }

    const exchange = (
      request: HttpClientRequest.HttpClientRequest,
      timeoutScale: number,
      seen: { quota?: Pacing.Quota }
    ) => {
      const exchanged = client.execute(request).pipe(
        Effect.mapError((error) => fromHttpClientError(error, redactor)),
        Effect.flatMap((response) => classify(response, seen))
      )
      if (timeoutMillis === undefined) return exchanged
      const scaled = timeoutMillis * timeoutScale
      return timeoutFail(exchanged, scaled, () =>
        withoutStackTrace(
          () =>
            new Failure.AttemptTimeout({
              method: request.method,
              url: describeUrl(request, redactor),
              timeoutMillis: scaled
            })
        )
      )
    }

    const heldPastDeadline = (
      request: HttpClientRequest.HttpClientRequest,
      by: RetryTrace.HoldReason,
      heldMillis: number,
      remainingMillis: number | undefined
    ) =>
      new Failure.HeldPastDeadline({
        by,
        method: request.method,
        url: describeUrl(request, redactor),
        heldMillis,
        category: by === "quota" ? "rate_limited" : "unavailable",
        ...(remainingMillis === undefined
          ? {}
          : { waitHint: new WaitHint.WaitHint({ millis: Math.max(0, remainingMillis), source: "client" }) })
      })

    // One attempt: wait for an outage to end (the circuit breaker), then for the quota (pacing), then send. Each
    // admission is taken where it cannot be interrupted and given back on every exit, so an interrupted call leaves
    // no probe or in-flight slot behind; only the waits themselves can be interrupted.
    const attempt = (
      target: Target,
      input: AttemptInput,
      holds: Array<RetryTrace.Hold>
    ): Effect.Effect<HttpClientResponse.HttpClientResponse, E | Failure.CoreFailure> => {
      const { host, request } = target
      const note = (by: RetryTrace.HoldReason, admission: Gate.Admission<unknown>) => {
        const hold = Gate.holdOf(input.number, by, admission)
        if (hold === undefined) return Effect.void
        holds.push(new RetryTrace.Hold(hold, Failure.checked))
        return Metric.incrementBy(waited.pipe(Metric.tagged("kind", "hold"), Metric.tagged("source", by)), hold.millis)
      }
      return Effect.uninterruptibleMask((restore) =>
        Effect.gen(function* () {
          const outage = yield* Gate.outage(breaker, host, input.deadlineAt, restore)
          yield* note("outage", outage)
          if (outage._tag === "Expired") {
            return yield* Effect.fail(heldPastDeadline(request, "outage", outage.waitedMillis, outage.remainingMillis))
          }
          const { probe } = outage.value
          let sent = false
          const send = Effect.gen(function* () {
            if (pacing !== undefined) {
              // Early near a coarse reset only when a 429 met there is retried, never the caller's failure.
              const mayGoEarly = options.retry !== undefined && input.number < options.retry.maxAttempts
              const quota = yield* Gate.quota(pacing, host, input.deadlineAt, restore, { mayGoEarly })
              yield* note("quota", quota)
              if (quota._tag === "Expired") {
                return yield* Effect.fail(heldPastDeadline(request, "quota", quota.waitedMillis, quota.remainingMillis))
              }
            }
            const seen: { quota?: Pacing.Quota } = {}
            sent = true
            input.sending()
            const sending = restore(
              observeAttempt({ vendor: dialect.vendor, number: input.number, target, rateLimited }, (traced) =>
                exchange(traced, input.timeoutScale, seen)
              )
            )
            return yield* pacing === undefined ? sending : Effect.onExit(sending, () => pacing.settle(host, seen.quota))
          })
          return yield* send.pipe(
            Effect.onExit((exit) =>
              sent
                ? breaker.record(host, probe, CircuitBreaker.outcomeOf(exit))
                : // Never sent (held past its deadline by the quota): it says nothing of the vendor, and a probe
                  // it was given goes to the next caller.
                  probe
                  ? breaker.record(host, true, { _tag: "Unknown" })
                  : Effect.void
            )
          )
        })
      )
    }

    // One logical call: the idempotency key is chosen once, so every attempt carries the same one.
    const call = (request: HttpClientRequest.HttpClientRequest) =>
      Effect.suspend(() => {
        const mutating = !RetryPolicy.isSafeToRepeat(request.method, false)
        const keyed =
          idempotencyHeader !== undefined && mutating && request.headers[idempotencyHeader] === undefined
            ? HttpClientRequest.setHeader(request, idempotencyHeader, globalThis.crypto.randomUUID())
            : request
        const holds: Array<RetryTrace.Hold> = []
        const target = targetOf(keyed, redactor)
        if (options.retry === undefined) {
          // Without a policy the call's deadline is its attempt timeout: a hold longer than that is not waited.
          return Effect.flatMap(monotonicMillis, (now) =>
            attempt(
              target,
              { number: 1, timeoutScale: 1, deadlineAt: now + (timeoutMillis ?? Infinity), sending: () => {} },
              holds
            )
          )
        }
        const { host } = target
        let succeeded: (() => RetryTrace.RetryTrace) | undefined
        return retryWith<E | Failure.CoreFailure>(options.retry, {
          safe: RetryPolicy.isSafeToRepeat(
            keyed.method,
            idempotencyHeader !== undefined && keyed.headers[idempotencyHeader] !== undefined
          ),
          budget: { budget: retryBudget, key: host },
          inOutage: () => breaker.isOpen(host),
          holds: () => holds,
          onRetry: countRetry,
          onSucceeded: (trace) => {
            succeeded = trace
          }
        })((input) => attempt(target, input, holds)).pipe(
          Effect.tap((response) => {
            if (succeeded !== undefined) keepTrace(response, succeeded)
          })
        )
      })

    return HttpClient.makeWith(
      (request: Effect.Effect<HttpClientRequest.HttpClientRequest>) => Effect.flatMap(request, call),
      (request) => Effect.succeed(prepare(request))
    )
  }
