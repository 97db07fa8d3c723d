import { Category, Dialect, Failure } from "@faultline/core"
import * as Schema from "effect/Schema"
import * as Envelope from "../Envelope.js"
import type { CatalogEntry, NixflexFailure } from "../NixflexError.js"
import { catalog, categoryOfType, NixflexUnknownError } from "../NixflexError.js"

const byCode: ReadonlyMap<string, CatalogEntry> = new Map(catalog.map((entry) => [entry.code, entry]))

// The envelope's own schema, to plain objects: the dialect reads the fields once and has no use for the classes.
const EnvelopeFields = Schema.Struct({ error: Schema.Struct(Envelope.ErrorObject.fields) })

// Its fields are plain JSON (nothing to transform): a body the schema accepts is the envelope itself.
const isEnvelope = Schema.is(EnvelopeFields)

// The core reads the body's wait hint and then decodes its envelope, from the same parsed body: it is checked once.
const checkedBodies = new WeakMap<object, boolean>()

const envelopeOf = (body: unknown): typeof EnvelopeFields.Type | undefined => {
  if (typeof body !== "object" || body === null) return undefined
  let envelope = checkedBodies.get(body)
  if (envelope === undefined) {
    envelope = isEnvelope(body)
    checkedBodies.set(body, envelope)
  }
  return envelope ? (body as typeof EnvelopeFields.Type) : undefined
}

const retryAfterOf = (body: unknown): unknown => {
  const details = envelopeOf(body)?.error.details
  return details !== undefined && details !== null && Object.hasOwn(details, "retry_after")
    ? details.retry_after
    : undefined
}

/** @internal */
export const dialect: Dialect.Dialect<NixflexFailure> = Dialect.make<NixflexFailure>({
  vendor: "nixflex",
  authenticate: Dialect.bearer,
  idempotencyKeyHeader: "Idempotency-Key",
  bodyWaitSeconds: retryAfterOf,
  decodeEnvelope: (body, response) => {
    const envelope = envelopeOf(body)
    if (envelope === undefined) return undefined
    const { code } = envelope.error
    // `null` counts as absent.
    const details = envelope.error.details ?? undefined
    const doc_url = envelope.error.doc_url ?? undefined
    const message = envelope.error.message ?? undefined
    const type = envelope.error.type ?? undefined
    const common = {
      status: response.status,
      message: message ?? code,
      ...(response.requestId === undefined ? {} : { requestId: response.requestId }),
      ...(response.waitHint === undefined ? {} : { waitHint: response.waitHint }),
      ...(doc_url === undefined ? {} : { docUrl: doc_url }),
      ...(details === undefined ? {} : { details })
    }
    const known = byCode.get(code)
    if (known !== undefined) return new known.failure({ ...common, type: type ?? known.type }, Failure.checked)
    const typeCategory = type === undefined ? undefined : categoryOfType(type)
    return new NixflexUnknownError(
      {
        ...common,
        code,
        body: response.snippet,
        category: typeCategory ?? Category.fromStatus(response.status),
        ...(type === undefined ? {} : { type })
      },
      Failure.checked
    )
  }
})
