import { Category, Dialect, Failure } from "@faultline/core"
import * as Envelope from "../Envelope.js"
import type { CodeCatalogEntry, LevrageFailure, StatusCatalogEntry } from "../LevrageError.js"
import { codeCatalog, DetailIssue, LevrageUnknownError, statusCatalog } from "../LevrageError.js"

const byCode: ReadonlyMap<string, CodeCatalogEntry> = new Map(codeCatalog.map((entry) => [entry.code, entry]))

const byStatus: ReadonlyMap<number, StatusCatalogEntry> = new Map(statusCatalog.map((entry) => [entry.status, entry]))

const issueOf = (item: Envelope.DetailItem): DetailIssue =>
  new DetailIssue(
    {
      path: item.loc.map(String).join("."),
      message: item.msg,
      ...(item.type === undefined || item.type === null ? {} : { type: item.type })
    },
    Failure.checked
  )

// What both shapes say, in one form: the documented envelope gives a code, a message, a request id and a
// timestamp; FastAPI's gives a message or a list of issues.
interface Said {
  readonly code: string | undefined
  readonly message: string | undefined
  readonly requestId: string | undefined
  readonly timestamp: string | undefined
  readonly issues: ReadonlyArray<DetailIssue>
}

const saidBy = (decoded: Envelope.Envelope): Said => {
  if (decoded._tag === "ErrorEnvelope") {
    const { error, request_id, timestamp } = decoded.envelope
    return {
      code: error.code,
      message: error.message ?? undefined,
      requestId: request_id ?? undefined,
      timestamp: timestamp ?? undefined,
      issues: []
    }
  }
  const { detail } = decoded.envelope
  if (typeof detail === "string") {
    return { code: undefined, message: detail, requestId: undefined, timestamp: undefined, issues: [] }
  }
  const issues = detail.map(issueOf)
  return {
    code: undefined,
    message: issues.length === 0 ? undefined : issues.map((issue) => issue.message).join("; "),
    requestId: undefined,
    timestamp: undefined,
    issues
  }
}

/** @internal */
export const dialect: Dialect.Dialect<LevrageFailure> = Dialect.make<LevrageFailure>({
  vendor: "levrage",
  authenticate: Dialect.bearer,
  decodeEnvelope: (body, response) => {
    const decoded = Envelope.decode(body)
    if (decoded === undefined) return undefined
    const said = saidBy(decoded)
    const requestId = said.requestId ?? response.requestId
    const common = {
      status: response.status,
      message: said.message ?? `HTTP ${response.status}`,
      issues: said.issues,
      ...(requestId === undefined ? {} : { requestId }),
      ...(response.waitHint === undefined ? {} : { waitHint: response.waitHint }),
      ...(said.timestamp === undefined ? {} : { timestamp: said.timestamp }),
      ...(said.code === undefined ? {} : { code: said.code })
    }
    // The code decides before the status; the status decides only when there is no code at all.
    const known = said.code === undefined ? byStatus.get(response.status) : byCode.get(said.code)
    if (known !== undefined) return new known.failure(common, Failure.checked)
    return new LevrageUnknownError(
      { ...common, body: response.snippet, category: Category.fromStatus(response.status) },
      Failure.checked
    )
  }
})
