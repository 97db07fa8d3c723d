/**
 * The soak behind `pnpm soak`: mixed traffic (creates, reads, listings) through the three typed clients, for minutes,
 * against the simulator in the same process with seeded faults; the question is whether anything is lost, repeated
 * or left to grow when the same clients run for a long time.
 *
 * The run is cut into phases, one per report. In a phase the workers call back to back; at its end they pause, the
 * calls in flight finish (each has a 30 s deadline), and with nothing in flight the run reads the simulator's
 * counters, resets it (so its own records, which grow with every call, are not mistaken for the clients') and
 * measures the heap after a forced GC. The clients themselves live for the whole run.
 */
import * as v8 from "node:v8"
import * as vm from "node:vm"
import type * as HttpServerError from "@effect/platform/HttpServerError"
import { NodeHttpClient } from "@effect/platform-node"
import { type Failure, RetryPolicy } from "@faultline/core"
import { DialNexa, DialNexaRetry } from "@faultline/dialnexa"
import { Levrage, LevrageRetry } from "@faultline/levrage"
import { Nixflex, NixflexRetry } from "@faultline/nixflex"
import { DialNexaApi, Faults, LevrageApi, NixflexApi, Simulator } from "@faultline/simulator"
import { Cause, Effect, Exit, Fiber, Layer, Option, Random, Redacted, Scope, Stream, Supervisor } from "effect"

/** How long, how often to report, and the seed of the faults and of the traffic's choices. */
export interface Options {
  readonly durationMillis: number
  readonly reportEveryMillis: number
  readonly seed: number
  /** Calls in flight at once, at most (one per worker); 12 by default. */
  readonly workers?: number | undefined
}

/** Memory in use, in bytes. */
export interface Memory {
  readonly heapUsed: number
  /** Outside the JavaScript heap: the bytes of `Uint8Array`s and other buffers (response bodies are). */
  readonly external: number
  /** `heapUsed + external`: what a leak of objects or of buffers grows, and what the growth rule compares. */
  readonly retained: number
  readonly rss: number
}

/** The counts so far, at the end of a phase (with nothing in flight unless a call was lost). */
export interface Report {
  readonly elapsedMillis: number
  /** Requests the simulator received (the clients' retries included). */
  readonly requests: number
  readonly callsStarted: number
  readonly callsEnded: number
  /** Calls started and not ended 45 s after the traffic paused: longer than any deadline allows. */
  readonly lost: number
  /** Resources created twice for one logical request, by the simulator's count. */
  readonly duplicates: number
  /** Calls that ended in a defect or an interruption rather than a value or a typed failure. */
  readonly died: number
  readonly succeeded: number
  readonly failures: Readonly<Record<string, number>>
  readonly memory: Memory
}

/** The whole run: every report, the memory verdict, and what was left once the clients were closed. */
export interface Result {
  readonly reports: ReadonlyArray<Report>
  readonly final: Report
  readonly memory: {
    readonly start: Memory
    readonly middle: Memory
    readonly end: Memory
    /** Whether the heap was measured after a forced GC (else the rule compares the lowest samples). */
    readonly forcedGc: boolean
    readonly grew: boolean
    readonly rule: string
  }
  readonly fibersLeft: number
  readonly socketsLeft: number
  /** No call lost, no duplicate, none died, nothing left behind. */
  readonly ok: boolean
}

// A forced GC makes heap samples comparable: `--expose-gc` gives `gc`; without it, V8 can still be asked for it.
const exposedGc = (): (() => void) | undefined => {
  const global = globalThis as { gc?: () => void }
  if (typeof global.gc === "function") return global.gc
  try {
    v8.setFlagsFromString("--expose-gc")
    const gc: unknown = vm.runInNewContext("gc")
    return typeof gc === "function" ? (gc as () => void) : undefined
  } catch {
    return undefined
  }
}

const sampleMemory = (gc: (() => void) | undefined) =>
  Effect.sync((): Memory => {
    gc?.()
    const { external, heapUsed, rss } = process.memoryUsage()
    return { heapUsed, external, retained: heapUsed + external, rss }
  })

/** The faults of every phase: the ways the chaos test breaks answers, at rates a long run can live with. */
export const faults = (phaseMillis: number): ReadonlyArray<Faults.Fault> => [
  Faults.latency("0 millis", "20 millis"),
  // A short maintenance window in the middle of each phase (phases start with a reset of the simulator).
  Faults.matching(Faults.outage("2 seconds", { after: Math.floor(phaseMillis / 2) }), { vendor: "nixflex" }),
  Faults.reset(0.01),
  Faults.reset(0.01, { afterHandling: true }),
  Faults.truncate(0.01),
  Faults.html(0.01),
  Faults.hang(0.002),
  Faults.error(429, 0.02),
  Faults.error(503, 0.01),
  Faults.error(500, 0.01),
  Faults.empty(0.005),
  Faults.invalidUtf8(0.005),
  Faults.huge(0.001),
  Faults.hostileHeaders(0.003, { status: 429, retryAfter: "-5" }),
  Faults.hostileHeaders(0.003, { status: 503, retryAfter: "abc" }),
  Faults.hostileHeaders(0.003, { status: 429, retryAfter: ["1", "3600"] }),
  Faults.hostileHeaders(0.003, { remaining: "-3", resetInMillis: 1000 })
]

/** Each vendor's documented policy, with a 30 s deadline instead of 5 minutes so that a phase drains quickly. */
const shorter = <E extends Failure.Failure>(policy: RetryPolicy.RetryPolicy<E>) =>
  RetryPolicy.make<E>({
    tags: policy.tags,
    categories: policy.categories,
    maxAttempts: policy.maxAttempts,
    deadline: "30 seconds"
  })

const lostAfterMillis = 45_000

type Clients = Nixflex.Nixflex | DialNexa.DialNexa | Levrage.Levrage
type Call = Effect.Effect<unknown, Failure.Failure, Clients>

// The traffic: creates (each to a number of its own, so that two creates of one call would be a duplicate), reads
// of one record and short listings, weighted toward creates.
const operations = (nextNumber: () => string, lastNixflexCall: { id: string }): ReadonlyArray<() => Call> => {
  const nixflexCreate = (): Call =>
    Effect.flatMap(Nixflex.Nixflex, (nixflex) =>
      nixflex
        .createOutboundCall({
          agent_id: NixflexApi.fixtures.agentId,
          from_number: NixflexApi.fixtures.fromNumber,
          to_number: nextNumber(),
          prompt: "soak"
        })
        .pipe(
          Effect.tap((call) =>
            Effect.sync(() => {
              lastNixflexCall.id = call.call_id
            })
          )
        )
    )
  const dialnexaCreate = (): Call =>
    Effect.flatMap(DialNexa.DialNexa, (dialnexa) =>
      dialnexa.createCall({ agent_id: DialNexaApi.fixtures.agentId, to_phone_number: nextNumber() })
    )
  const levrageCreate = (): Call =>
    Effect.flatMap(Levrage.Levrage, (levrage) =>
      levrage.makeCall({
        agent_id: LevrageApi.fixtures.agentId,
        source_number: LevrageApi.fixtures.sourceNumber,
        phone_number: nextNumber()
      })
    )
  const reads: ReadonlyArray<() => Call> = [
    () => Effect.flatMap(Nixflex.Nixflex, (nixflex) => nixflex.getCall({ call_id: lastNixflexCall.id })),
    () => Effect.flatMap(Nixflex.Nixflex, (nixflex) => Stream.runDrain(Stream.take(nixflex.listCalls({}), 20))),
    () =>
      Effect.flatMap(DialNexa.DialNexa, (dialnexa) => dialnexa.getAgent({ agent_id: DialNexaApi.fixtures.agentId })),
    () => Effect.flatMap(DialNexa.DialNexa, (dialnexa) => Stream.runDrain(Stream.take(dialnexa.listAgents(), 20))),
    () => Effect.flatMap(Levrage.Levrage, (levrage) => levrage.getAgent({ agent_id: LevrageApi.fixtures.agentId })),
    () => Effect.flatMap(Levrage.Levrage, (levrage) => Stream.runDrain(Stream.take(levrage.listCalls({}), 20)))
  ]
  return [nixflexCreate, nixflexCreate, dialnexaCreate, dialnexaCreate, levrageCreate, levrageCreate, ...reads]
}

const clientsFor = (sim: Simulator.Running): Layer.Layer<Clients> =>
  Layer.mergeAll(
    Nixflex.layer({
      baseUrl: sim.baseUrl("nixflex"),
      apiKey: Redacted.make(NixflexApi.demoKey),
      retry: shorter(NixflexRetry.defaults),
      timeout: "5 seconds"
    }),
    DialNexa.layer({
      baseUrl: sim.baseUrl("dialnexa"),
      apiKey: Redacted.make(DialNexaApi.demoKey),
      retry: shorter(DialNexaRetry.defaults),
      timeout: "5 seconds"
    }),
    Levrage.layer({
      baseUrl: sim.baseUrl("levrage"),
      apiKey: Redacted.make(LevrageApi.demoKey),
      retry: shorter(LevrageRetry.defaults),
      timeout: "5 seconds"
    })
  ).pipe(Layer.provide(NodeHttpClient.layerUndici))

/**
 * The memory retained at the end against the middle: more than 10 MB or 10 % (whichever is more) above it is
 * growth. A linear leak adds as much in the second half as in the first, so comparing the two halves' ends finds
 * it; a ratio of the totals would not (the middle already holds half the leak). After a forced GC the samples say
 * what is still referenced; without one, a sample may hold garbage, so the lowest sample of the last third is
 * compared with the lowest of the first. The start is not compared: it is taken before the clients have warmed up
 * (their pools, caches and compiled code).
 */
const growthRule = (forcedGc: boolean, samples: ReadonlyArray<Memory>, middle: Memory, end: Memory) => {
  const over = (later: number, earlier: number) => later - earlier > Math.max(10 * 1024 * 1024, earlier * 0.1)
  if (forcedGc) {
    return {
      grew: over(end.retained, middle.retained),
      rule: "heap + buffers after GC: end above the middle by more than 10 MB or 10 %, whichever is more"
    }
  }
  const third = Math.max(1, Math.floor(samples.length / 3))
  const lowest = (part: ReadonlyArray<Memory>) => Math.min(...part.map((sample) => sample.retained))
  return {
    grew: over(lowest(samples.slice(-third)), lowest(samples.slice(0, third))),
    rule: "lowest heap + buffers of the last third above the lowest of the first by more than 10 MB or 10 %, whichever is more"
  }
}

/**
 * Runs the soak, calling `onReport` at the end of each phase. Needs nothing: it starts its own simulator, on a free
 * port, and its own clients.
 */
export const run = <E = never>(
  options: Options,
  onReport: (report: Report) => Effect.Effect<void, E> = () => Effect.void
): Effect.Effect<Result, E | HttpServerError.ServeError> =>
  Effect.scoped(
    Effect.gen(function* () {
      const phaseMillis = options.reportEveryMillis
      const phases = Math.max(1, Math.ceil(options.durationMillis / phaseMillis))
      const unlimited = { limit: 1_000_000, window: "1 minute" } as const
      const sim = yield* Simulator.start({
        seed: options.seed,
        levrageCredits: 1_000_000_000,
        rateLimits: { "nixflex.write": unlimited, "nixflex.read": unlimited, dialnexa: unlimited, levrage: unlimited },
        concurrency: { nixflex: 1_000_000, dialnexa: 1_000_000 },
        faults: faults(phaseMillis)
      })
      const gc = exposedGc()

      const counts = { started: 0, ended: 0, died: 0, succeeded: 0, requests: 0, duplicates: 0 }
      const failures: Record<string, number> = {}
      let inFlight = 0
      let numbers = 0
      const nextNumber = () => `+4479${String(numbers++ % 100_000_000).padStart(8, "0")}`
      // A call to read back: the last one created, or the seeded one after the simulator forgot it in a reset.
      const lastNixflexCall = { id: NixflexApi.fixtures.callId }
      const ops = operations(nextNumber, lastNixflexCall)

      // One logical call, counted when it starts and when it ends, by how it ended.
      const once = (call: Call) =>
        Effect.suspend(() => {
          counts.started++
          inFlight++
          return Effect.flatMap(Effect.exit(call), (exit) =>
            Effect.sync(() => {
              counts.ended++
              inFlight--
              if (Exit.isSuccess(exit)) counts.succeeded++
              else {
                const failure = Cause.failureOption(exit.cause)
                if (Option.isSome(failure)) failures[failure.value._tag] = (failures[failure.value._tag] ?? 0) + 1
                else counts.died++
              }
            })
          )
        })

      const gate = yield* Effect.makeLatch(true)
      const worker = Effect.gen(function* () {
        while (true) {
          yield* gate.await
          const pick = yield* Random.nextIntBetween(0, ops.length)
          yield* once(ops[pick]!())
          yield* Effect.sleep(yield* Random.nextIntBetween(20, 120))
        }
      })

      // Pause the workers and wait for the calls in flight, at most until a call would be lost.
      const drain = Effect.gen(function* () {
        yield* gate.close
        for (let waited = 0; inFlight > 0 && waited < lostAfterMillis; waited += 20) yield* Effect.sleep("20 millis")
      })

      const started = Date.now()
      const reports: Array<Report> = []
      const samples: Array<Memory> = []
      const supervisor = yield* Supervisor.track
      const start = yield* sampleMemory(gc)

      // The clients' scope: they live for the whole run, and are closed before counting what they left behind.
      const clientsScope = yield* Scope.make()
      const context = yield* Layer.buildWithScope(clientsFor(sim), clientsScope).pipe(Effect.supervised(supervisor))
      const traffic = Effect.all(
        Array.from({ length: options.workers ?? 12 }, () => worker),
        { concurrency: "unbounded", discard: true }
      ).pipe(Effect.provide(context), Effect.withRandom(Random.make(options.seed)))
      const workers = yield* Effect.supervised(Effect.forkIn(traffic, clientsScope), supervisor)

      for (let phase = 1; phase <= phases; phase++) {
        yield* Effect.sleep(Math.min(phaseMillis, options.durationMillis - (phase - 1) * phaseMillis))
        yield* drain
        const stats = yield* sim.stats
        counts.requests += stats.requests
        counts.duplicates += stats.duplicates
        // A fresh simulator state for the next phase, with its own draws of the faults.
        yield* sim.reset({ seed: options.seed + phase })
        lastNixflexCall.id = NixflexApi.fixtures.callId
        const memory = yield* sampleMemory(gc)
        samples.push(memory)
        const report: Report = {
          elapsedMillis: Date.now() - started,
          requests: counts.requests,
          callsStarted: counts.started,
          callsEnded: counts.ended,
          lost: inFlight,
          duplicates: counts.duplicates,
          died: counts.died,
          succeeded: counts.succeeded,
          failures: { ...failures },
          memory
        }
        reports.push(report)
        yield* onReport(report)
        if (phase < phases) yield* gate.open
      }

      yield* Fiber.interrupt(workers)
      yield* Scope.close(clientsScope, Exit.void)
      const fibersLeft = (yield* supervisor.value).length
      let socketsLeft = yield* sim.connections
      // The server hears of the closed sockets when their FINs arrive. Not more than 2 s: undici closes an idle
      // socket after 4 s by itself, so a longer wait would hide a client that left its pool open.
      for (let waited = 0; socketsLeft > 0 && waited < 2000; waited += 20) {
        yield* Effect.sleep("20 millis")
        socketsLeft = yield* sim.connections
      }

      const final = reports.at(-1)!
      const middle = samples[Math.floor((samples.length - 1) / 2)]!
      const end = samples.at(-1)!
      const verdict = growthRule(gc !== undefined, samples, middle, end)
      return {
        reports,
        final,
        memory: { start, middle, end, forcedGc: gc !== undefined, ...verdict },
        fibersLeft,
        socketsLeft,
        ok: final.lost === 0 && final.duplicates === 0 && final.died === 0 && fibersLeft === 0 && socketsLeft === 0
      }
    })
  )

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`

const clock = (millis: number) => {
  const seconds = Math.round(millis / 1000)
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`
}

/** One line per report. */
export const formatReport = (report: Report): string => {
  const failed = Object.entries(report.failures)
    .sort(([, a], [, b]) => b - a)
    .map(([tag, n]) => `${tag} ${n}`)
    .join(", ")
  const counts = [
    `requests ${report.requests}`,
    `calls ended ${report.callsEnded}/${report.callsStarted} (ok ${report.succeeded})`,
    `lost ${report.lost}`,
    `duplicates ${report.duplicates}`,
    `died ${report.died}`,
    `heap ${mb(report.memory.heapUsed)} + buffers ${mb(report.memory.external)}`,
    `rss ${mb(report.memory.rss)}`,
    `failures: ${failed.length === 0 ? "none" : failed}`
  ]
  return `[${clock(report.elapsedMillis)}] ${counts.join(" · ")}`
}

/** The closing lines: totals, memory at start, middle and end, and the verdict. */
export const formatResult = (result: Result): string => {
  const { final, memory } = result
  const at = (label: string, sample: Memory) =>
    `${label} heap ${mb(sample.heapUsed)} + buffers ${mb(sample.external)}, rss ${mb(sample.rss)}`
  return [
    `calls: ${final.callsEnded} ended of ${final.callsStarted} started, ${final.succeeded} succeeded; ${final.requests} requests`,
    `lost ${final.lost}, duplicates ${final.duplicates}, died ${final.died}`,
    `left after closing the clients: ${result.fibersLeft} fibers, ${result.socketsLeft} sockets`,
    `memory${memory.forcedGc ? " (after a forced GC)" : ""}: ${at("start", memory.start)}; ${at("middle", memory.middle)}; ${at("end", memory.end)}`,
    `memory grew: ${memory.grew ? "yes" : "no"} (${memory.rule})`,
    result.ok ? "soak: ok" : "soak: FAILED"
  ].join("\n")
}
