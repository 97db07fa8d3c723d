// The control API under `/_control`: health, stats, the log, the faults in force, and reset. Needs no key and is not
// counted in the stats.
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import type * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as Faults from "../Faults.js"
import * as Vendor from "../Vendor.js"
import { json } from "./exchange.js"
import { parse as parseFaults } from "./faults.js"
import type { Recorder } from "./stats.js"
import { isRecord } from "./validation.js"

/** What the control API reads and changes; read afresh on each request, since a reset replaces it. @internal */
export interface Controlled {
  readonly single: Vendor.Vendor | undefined
  readonly seed: () => number
  readonly recorder: () => Recorder
  readonly faults: () => ReadonlyArray<Faults.Fault>
  readonly setFaults: (faults: ReadonlyArray<Faults.Fault>) => Effect.Effect<void>
  readonly reset: (options?: { readonly seed?: number | undefined }) => Effect.Effect<void>
}

const FaultsBody = Schema.Union(
  Faults.Faults,
  Schema.Struct({ faults: Faults.Faults }),
  Schema.Struct({ spec: Schema.String })
)

const isFaultList = (body: typeof FaultsBody.Type): body is ReadonlyArray<Faults.Fault> => Array.isArray(body)

/** A fault list, `{faults}`, `{spec}`, a JSON string, or a spec string as it is. */
const readFaults = (text: string): Either.Either<ReadonlyArray<Faults.Fault>, string> => {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return parseFaults(text)
  }
  if (typeof value === "string") return parseFaults(value)
  return Schema.decodeUnknownEither(FaultsBody)(value).pipe(
    Either.mapLeft((error) => ParseResult.TreeFormatter.formatErrorSync(error)),
    Either.flatMap((body): Either.Either<ReadonlyArray<Faults.Fault>, string> => {
      if (isFaultList(body)) return Either.right(body)
      return "spec" in body ? parseFaults(body.spec) : Either.right(body.faults)
    })
  )
}

/** The control API as an HTTP app; an unknown control route is a 404. @internal */
export const controlApp = (
  controlled: Controlled
): Effect.Effect<HttpServerResponse.HttpServerResponse, never, HttpServerRequest.HttpServerRequest> => {
  const router = HttpRouter.empty.pipe(
    HttpRouter.get(
      "/_control/health",
      Effect.sync(() =>
        json(200, { ok: true, vendors: Vendor.all, single: controlled.single ?? null, seed: controlled.seed() })
      )
    ),
    HttpRouter.get(
      "/_control/stats",
      Effect.sync(() => json(200, controlled.recorder().snapshot()))
    ),
    HttpRouter.get(
      "/_control/log",
      Effect.map(HttpServerRequest.HttpServerRequest, (request) => {
        const query = new URL(request.url, "http://simulator").searchParams
        const vendor = query.get("vendor")
        const limit = Number(query.get("limit") ?? "100")
        const entries = controlled
          .recorder()
          .entries()
          .filter((entry) => vendor === null || entry.vendor === vendor)
        return json(200, {
          entries: entries.slice(Math.max(0, entries.length - (Number.isFinite(limit) ? limit : 100)))
        })
      })
    ),
    HttpRouter.get(
      "/_control/faults",
      Effect.sync(() => json(200, { faults: controlled.faults() }))
    ),
    HttpRouter.post(
      "/_control/faults",
      Effect.gen(function* () {
        const request = yield* HttpServerRequest.HttpServerRequest
        const text = yield* Effect.orElseSucceed(request.text, () => "")
        const parsed = readFaults(text)
        if (Either.isLeft(parsed)) return json(400, { error: parsed.left })
        yield* controlled.setFaults(parsed.right)
        return json(200, { faults: parsed.right })
      })
    ),
    HttpRouter.del("/_control/faults", Effect.as(controlled.setFaults([]), json(200, { faults: [] }))),
    HttpRouter.post(
      "/_control/reset",
      Effect.gen(function* () {
        const request = yield* HttpServerRequest.HttpServerRequest
        const text = yield* Effect.orElseSucceed(request.text, () => "")
        let seed: number | undefined
        if (text.trim().length > 0) {
          let body: unknown
          try {
            body = JSON.parse(text)
          } catch {
            return json(400, { error: 'body must be JSON: {"seed"?: number}' })
          }
          if (isRecord(body) && body.seed !== undefined) {
            if (typeof body.seed !== "number" || !Number.isInteger(body.seed)) {
              return json(400, { error: "seed must be an integer" })
            }
            seed = body.seed
          }
        }
        yield* controlled.reset({ seed })
        return json(200, { ok: true, seed: controlled.seed() })
      })
    )
  )
  return router.pipe(
    Effect.catchTag("RouteNotFound", () => Effect.succeed(json(404, { error: "no such control route" }))),
    Effect.scoped
  )
}
