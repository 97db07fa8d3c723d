import * as Http from "node:http"
import { HttpClient } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { ApiClient, Backoff, CircuitBreaker, Pacing, ProblemJson, RetryPolicy } from "@faultline/core"
import { Effect, Exit, Fiber, Redacted } from "effect"

// Interrupts over real sockets: a node:http server on 127.0.0.1 and undici, in real time (about 5 s). Calls are
// interrupted while their request is in flight, held by the quota, in a retry wait, behind the open breaker and as
// the probe; then the server must see the client behave as a fresh one would. (The core package cannot start the
// simulator, which depends on it; the server here speaks problem+json, with the X-RateLimit-* headers.)

interface Reply {
  readonly status: number
  readonly headers?: Record<string, string>
  readonly delayMillis?: number
}

interface Arrival {
  readonly at: number
  /** Requests open at the server as this one arrived, itself included. */
  readonly openAtArrival: number
  answered: boolean
  aborted: boolean
}

// The server answers every request with `reply()`, after its delay; it records each arrival, and whether the client
// gave up on it before the answer (the socket closed under it).
const serve = (reply: () => Reply) =>
  Effect.acquireRelease(
    Effect.async<{ readonly server: Http.Server; readonly arrivals: Array<Arrival> }>((resume) => {
      const arrivals: Array<Arrival> = []
      let open = 0
      const server = Http.createServer((request, response) => {
        const answer = reply()
        open++
        const arrival: Arrival = { at: Date.now(), openAtArrival: open, answered: false, aborted: false }
        arrivals.push(arrival)
        const timer = setTimeout(() => {
          arrival.answered = true
          const body = answer.status === 200 ? "{}" : `{"title":"HTTP ${answer.status}"}`
          response.writeHead(answer.status, { "content-type": "application/json", ...answer.headers })
          response.end(body)
        }, answer.delayMillis ?? 0)
        response.on("close", () => {
          open--
          if (!arrival.answered) {
            arrival.aborted = true
            clearTimeout(timer)
          }
        })
        request.resume()
      })
      server.listen(0, "127.0.0.1", () => resume(Effect.succeed({ server, arrivals })))
    }),
    ({ server }) =>
      Effect.async<void>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      })
  )

// The server learns that the client gave up a little after it did: wait until `done` holds (for a second at most).
const eventually = (done: () => boolean) =>
  Effect.gen(function* () {
    for (let i = 0; i < 100 && !done(); i++) yield* Effect.sleep("10 millis")
  })

// Epoch milliseconds `millis` from now: an exact reset.
const resetIn = (millis: number) => String(Date.now() + millis)
const quotaHeaders = (remaining: number, resetMillis: number) => ({
  "x-ratelimit-limit": "2",
  "x-ratelimit-remaining": String(remaining),
  "x-ratelimit-reset": resetIn(resetMillis)
})

const retry = RetryPolicy.make<ProblemJson.Problem>({
  categories: {
    rate_limited: RetryPolicy.rule({ backoff: Backoff.fixed("50 millis"), retries: 10 }),
    unavailable: RetryPolicy.rule({ backoff: Backoff.fixed("50 millis"), retries: 50 })
  },
  maxAttempts: 60,
  deadline: "10 seconds"
})

describe("interrupts against a real server", () => {
  it.live(
    "interrupted in flight, held, in a retry wait, behind the breaker and as the probe: nothing is left taken",
    () =>
      Effect.gen(function* () {
        let reply: () => Reply = () => ({ status: 200 })
        const { server, arrivals } = yield* serve(() => reply())
        const address = server.address()
        if (address === null || typeof address === "string") return expect.fail("no port")
        const client = ApiClient.make(ProblemJson.dialect, {
          baseUrl: `http://127.0.0.1:${address.port}`,
          apiKey: Redacted.make("live-interrupts-key-0123456789"),
          retry,
          pacing: Pacing.memoryStore(),
          circuitBreaker: CircuitBreaker.make({ failureThreshold: 2, baseDelayMillis: 500, maxDelayMillis: 500 })
        })(yield* HttpClient.HttpClient)
        const get = () => client.get("/v1/things")
        const since = (index: number) => arrivals.slice(index)
        // Starts `count` calls, waits until `ready` holds (at most a second) and `settle` more, then interrupts them.
        const interruptWhen = (count: number, ready: () => boolean, settle = 0) =>
          Effect.gen(function* () {
            const fibers = yield* Effect.forEach(Array.from({ length: count }), () => Effect.fork(get()))
            yield* eventually(ready)
            if (settle > 0) yield* Effect.sleep(settle)
            yield* Effect.forEach(fibers, Fiber.interrupt)
          })

        // In flight: the server holds its answers for two seconds; two calls are interrupted once it has both.
        reply = () => ({ status: 200, delayMillis: 2000 })
        yield* interruptWhen(2, () => arrivals.length === 2)
        yield* eventually(() => since(0).every((a) => a.aborted))
        expect(since(0).map((a) => a.aborted)).toEqual([true, true])

        // Held by the quota: an answer says it is spent for 600 ms; two calls held by it are interrupted after 100 ms.
        let mark = arrivals.length
        reply = () => ({ status: 200, headers: quotaHeaders(0, 600) })
        yield* get()
        yield* interruptWhen(2, () => true, 100)
        expect(since(mark)).toHaveLength(1)
        yield* Effect.sleep("500 millis")

        // In a retry wait: a 429 asks for a second (the quota is not spent: the wait is the call's own).
        mark = arrivals.length
        reply = () => ({ status: 429, headers: { ...quotaHeaders(1, 50), "retry-after": "1" } })
        yield* interruptWhen(1, () => since(mark).length === 1 && since(mark)[0]!.answered, 100)
        expect(since(mark)).toHaveLength(1)

        // Behind the breaker: two 503s open it for 500 ms; the calls retrying behind it are interrupted there. Then the
        // probe: the server hangs, and the call that probes is interrupted.
        mark = arrivals.length
        reply = () => ({ status: 503 })
        yield* interruptWhen(2, () => since(mark).length === 2 && since(mark).every((a) => a.answered), 100)
        expect(since(mark)).toHaveLength(2)
        yield* Effect.sleep("500 millis")
        reply = () => ({ status: 503, delayMillis: 2000 })
        yield* interruptWhen(1, () => since(mark).length === 3)
        yield* eventually(() => since(mark + 2).every((a) => a.aborted))
        expect(since(mark + 2).map((a) => a.aborted)).toEqual([true])

        // Faults over. A call goes (as the next probe) and succeeds.
        reply = () => ({ status: 200 })
        expect(Exit.isSuccess(yield* Effect.exit(get()))).toBe(true)

        // A quota of 2 lets exactly 2 of 3 calls through at once, as the server sees them; the third once the first
        // answers say the window is spent and it has turned. No slot is left taken by the calls interrupted in flight
        // or held, none was given back twice.
        mark = arrivals.length
        reply = () => ({ status: 200, delayMillis: 300, headers: quotaHeaders(0, 300) })
        const quota = yield* Effect.all([get(), get(), get()].map(Effect.exit), { concurrency: "unbounded" })
        expect(quota.every(Exit.isSuccess)).toBe(true)
        expect(since(mark).map((a) => a.openAtArrival)).toEqual([1, 2, 1])

        // A new outage of two seconds gets one probe at a time: the two calls' first requests, together (the quota
        // lets both go at once: still no slot left taken), then one request at each probe, never two at once; and
        // both calls succeed when it ends.
        mark = arrivals.length
        const downUntil = Date.now() + 2000
        reply = () =>
          Date.now() >= downUntil
            ? { status: 200 }
            : { status: 503, delayMillis: arrivals.length < mark + 2 ? 300 : 50 }
        const outage = yield* Effect.all([get(), get()].map(Effect.exit), { concurrency: "unbounded" })
        expect(outage.every(Exit.isSuccess)).toBe(true)
        expect(
          since(mark)
            .slice(0, 2)
            .map((a) => a.openAtArrival)
        ).toEqual([1, 2])
        const probes = since(mark + 2).filter((a) => a.at < downUntil)
        expect(probes.length).toBeGreaterThanOrEqual(2)
        expect(probes.length).toBeLessThanOrEqual(4)
        expect(probes.map((a) => a.openAtArrival)).toEqual(probes.map(() => 1))
      }).pipe(Effect.scoped, Effect.provide(NodeHttpClient.layerUndici))
  )
})
