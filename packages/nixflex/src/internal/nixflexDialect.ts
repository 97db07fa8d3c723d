import { Category, Dialect, Failure } from "@faultline/core"
import * as Envelope from "../Envelope.js"
import type { CatalogEntry, NixflexFailure } from "../NixflexError.js"
import { catalog, categoryOfType, NixflexUnknownError } from "../NixflexError.js"

const byCode: ReadonlyMap<string, CatalogEntry> = new Map(catalog.map((entry) => [entry.code, entry]))

const retryAfterOf = (body: unknown): unknown => {
  const details = Envelope.decode(body)?.error.details
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
    const envelope = Envelope.decode(body)
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
