/**
 * The workloads: what each one sends, to which simulator, and which clients run it. The rate-limit and outage
 * workloads ("loads") place calls through a client under test; decode, overhead and bigbody are measured by their own
 * modules and only named and described here.
 */
import { DialNexaApi, Faults, NixflexApi, type Simulator } from "@faultline/simulator"

/** The clients of the rate-limit and outage workloads. */
export const loadClients = ["faultline", "retryTransient", "ky", "got", "resetSleeper", "ideal"] as const

/** A client of the rate-limit and outage workloads. */
export type LoadClient = (typeof loadClients)[number]

/** The workloads that place calls through a client against a limited or failing simulator. */
export const loadNames = ["w1", "w1d", "w1p", "w1dp", "w2", "w2post"] as const

/** A workload that places calls. */
export type LoadName = (typeof loadNames)[number]

/**
 * The loads that one client's process runs one after the other; the groups run side by side, each client's too, so
 * that the whole bench fits in about five minutes.
 */
export const laneGroups: ReadonlyArray<ReadonlyArray<LoadName>> = [
  ["w1", "w1d", "w1p", "w1dp"],
  ["w2", "w2post"]
]

/** Every workload, in the order they run and print. */
export const workloadNames = [...loadNames, "decode", "overhead", "bigbody", "scale"] as const

/** Any workload. */
export type WorkloadName = (typeof workloadNames)[number]

/** The workloads run without `--only`: all but scale, which needs redis-server and takes a minute and a half more. */
export const defaultWorkloads: ReadonlyArray<WorkloadName> = workloadNames.filter((name) => name !== "scale")

/** The vendors the workloads call. */
export type Vendor = "nixflex" | "dialnexa"

/** A request limit as a client that knows it in advance knows it. */
export interface KnownLimit {
  readonly limit: number
  readonly windowMillis: number
  /** The windows' phase on the wall clock; absent when a window opens with the first request after the last. */
  readonly phaseMillis?: number | undefined
}

/** A workload that places `calls` calls from `workers` workers. */
export interface Load {
  readonly name: LoadName
  readonly vendor: Vendor
  readonly calls: number
  readonly workers: number
  readonly simulator: Simulator.Options
  /** The rate limit on the create route, when there is one. */
  readonly limit: KnownLimit | undefined
  /** How long the create route answers 503 without `Retry-After`, from the start of the run. */
  readonly outageMillis: number | undefined
  /** Whether the peers have their switch for retrying POST turned on. */
  readonly postRetries: boolean
  readonly clients: ReadonlyArray<LoadClient>
  /** One sentence for docs/benchmarks.md. */
  readonly description: string
}

/** Each run of a load starts this far into a wall-clock second, so that every client meets the same phase. */
export const startPhaseMillis = 505

const rateLimit: KnownLimit = { limit: 20, windowMillis: 1000 }
const phased: KnownLimit = { ...rateLimit, phaseMillis: 5 }
// Calls stay in flight 30 s by default: no concurrency limit in these workloads, only the request windows.
const noCallLimit = { nixflex: 1_000_000, dialnexa: 1_000_000 }

const limitOption = (limit: KnownLimit): Simulator.RateLimit =>
  limit.phaseMillis === undefined
    ? { limit: limit.limit, window: `${limit.windowMillis} millis` }
    : { limit: limit.limit, window: `${limit.windowMillis} millis`, phase: `${limit.phaseMillis} millis` }

const rateLimited = (name: LoadName, vendor: Vendor, limit: KnownLimit, description: string): Load => ({
  name,
  vendor,
  calls: 200,
  workers: 16,
  simulator: {
    concurrency: noCallLimit,
    rateLimits: vendor === "nixflex" ? { "nixflex.write": limitOption(limit) } : { dialnexa: limitOption(limit) }
  },
  limit,
  outageMillis: undefined,
  postRetries: true,
  clients: loadClients,
  description
})

const outage = (
  name: LoadName,
  postRetries: boolean,
  clients: ReadonlyArray<LoadClient>,
  description: string
): Load => ({
  name,
  vendor: "nixflex" as const,
  calls: 100,
  workers: 16,
  simulator: {
    concurrency: noCallLimit,
    rateLimits: { "nixflex.write": { limit: 1_000_000, window: "1 minute" } }
  },
  limit: undefined,
  outageMillis: 10_000,
  postRetries,
  clients,
  description
})

/** The loads by name. */
export const loads: Readonly<Record<LoadName, Load>> = {
  w1: rateLimited(
    "w1",
    "nixflex",
    rateLimit,
    "Nixflex `POST /v1/calls/outbound`, 20 requests per 1-second window (opened by the first request after the last one ended), 200 calls from 16 workers. Nixflex's 429 says when in the body (`details.retry_after`, whole seconds) and `X-RateLimit-Reset` (epoch seconds, rounded up); no `Retry-After`."
  ),
  w1d: rateLimited(
    "w1d",
    "dialnexa",
    rateLimit,
    "The same on DialNexa `POST /v1/calls`, whose 429 carries `Retry-After` (whole seconds to the reset) besides `X-RateLimit-Reset`."
  ),
  w1p: rateLimited(
    "w1p",
    "nixflex",
    phased,
    "w1 with the windows fixed on the wall clock, each starting 5 ms after a whole second: the reset, announced in whole seconds rounded up, is 995 ms late."
  ),
  w1dp: rateLimited("w1dp", "dialnexa", phased, "w1d with the same clock-fixed windows, 5 ms after each whole second."),
  w2: outage(
    "w2",
    false,
    ["faultline", "retryTransient", "ky", "got", "resetSleeper"],
    "Nixflex `POST /v1/calls/outbound` answers 503 without `Retry-After` for the first 10 s while 16 workers send 100 calls (no rate limit to speak of); each client with its defaults."
  ),
  w2post: outage(
    "w2post",
    true,
    ["ky", "got"],
    "w2 again for the peers that have a switch for retrying POST (ky's and got's `retry.methods`), with it on and the limit at 10. faultline (idempotency keys) and retryTransient (no method filter) already retry POST in w2; the fetch loop retries only 429s."
  )
}

/** What decode, overhead and bigbody measure, for docs/benchmarks.md. */
export const microDescriptions: Readonly<Record<"decode" | "overhead" | "bigbody" | "scale", string>> = {
  decode:
    "A Nixflex 429 body (`rate_limit_exceeded`, with its headers) and a 400 with a code Nixflex does not document, each decoded from bytes into faultline's failure through the Nixflex dialect (`Dialect.decode`, with the client's redactor), against what a Stainless-style SDK does (`JSON.parse`, a switch on the code, `new` an `Error` subclass); ns per body, the two bodies alternating.",
  overhead:
    "2,000 sequential round trips to the in-process simulator that succeed (Nixflex `GET /v1/calls/:id`, a 200 with the call), after 200 to warm up: faultline's typed client (`getCall`, decoding, retry policy, pacing and breaker on) against the bare `@effect/platform` HttpClient (`NodeHttpClient.layerUndici`, reading the JSON) and undici's `request`; requests per second.",
  bigbody:
    "Nixflex `GET /v1/calls/:id` answered 404 with a 50 MiB JSON body (the simulator's `huge` fault, in the parent process), each client in a child process of its own: the child's peak RSS and the time to the typed failure (faultline stops at its 4 MiB body limit; the others read the body to find the error code, as their users would).",
  scale:
    "Only with `--only scale` (it needs `redis-server` on PATH): 4 processes × 16 workers place 400 Nixflex create calls through the typed client with one API key against one simulator allowing 20 writes per second, once paced and kept out of outages through one Redis (`RedisPacing`, `RedisBreaker`), once with each process's own pacing and breaker; then a 10-second outage (503 without `Retry-After`) met by 4 × 16 workers with 100 calls, in both modes. Figures in docs/scale-out.md. Run once, whatever `--runs` says."
}

// Each call its own destination number.
const destination = (index: number) => `+4474464${String(index).padStart(5, "0")}`

/** The body of Nixflex's create-call request number `index`. */
export const nixflexCreate = (index: number) => ({
  agent_id: NixflexApi.fixtures.agentId,
  to_number: destination(index),
  from_number: NixflexApi.fixtures.fromNumber,
  prompt: "Confirm the appointment"
})

/** The body of DialNexa's create-call request number `index`. */
export const dialnexaCreate = (index: number) => ({
  agent_id: DialNexaApi.fixtures.agentId,
  to_phone_number: destination(index)
})

/** The create-call body of request number `index`, as JSON for the clients that take any body. */
export const createBody = (vendor: Vendor, index: number): object =>
  vendor === "nixflex" ? nixflexCreate(index) : dialnexaCreate(index)

/** The create-call route per vendor. */
export const createPath = (vendor: Vendor): string => (vendor === "nixflex" ? "/v1/calls/outbound" : "/v1/calls")

/** The outage of w2: the create route only, no `Retry-After`. */
export const outageFault = (millis: number): Faults.Fault =>
  Faults.matching(Faults.outage(`${millis} millis`, { retryAfter: false }), {
    vendor: "nixflex",
    method: "POST",
    path: "/v1/calls/outbound"
  })
