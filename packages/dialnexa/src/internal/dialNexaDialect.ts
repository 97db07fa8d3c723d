import { Category, Dialect, Failure } from "@faultline/core"
import type { CatalogEntry, DialNexaFailure } from "../DialNexaError.js"
import { catalog, DialNexaUnknownError } from "../DialNexaError.js"
import * as Envelope from "../Envelope.js"
import * as FieldIssues from "../FieldIssues.js"

const byStatus: ReadonlyMap<number, CatalogEntry> = new Map(catalog.map((entry) => [entry.status, entry]))

/** @internal */
export const dialect: Dialect.Dialect<DialNexaFailure> = Dialect.make<DialNexaFailure>({
  vendor: "dialnexa",
  authenticate: Dialect.bearer,
  decodeEnvelope: (body, response) => {
    const envelope = Envelope.decode(body)
    if (envelope === undefined) return undefined
    const { error } = envelope
    const messages = Envelope.messages(envelope)
    const known = byStatus.get(response.status)
    const text = messages.join("; ")
    const common = {
      status: response.status,
      message: text.trim() === "" ? (error ?? known?.name ?? `HTTP ${response.status}`) : text,
      messages,
      issues: FieldIssues.fromMessages(messages),
      ...(error === undefined ? {} : { error }),
      ...(response.requestId === undefined ? {} : { requestId: response.requestId }),
      ...(response.waitHint === undefined ? {} : { waitHint: response.waitHint })
    }
    if (known !== undefined) return new known.failure(common, Failure.checked)
    return new DialNexaUnknownError(
      { ...common, body: response.snippet, category: Category.fromStatus(response.status) },
      Failure.checked
    )
  }
})
