import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Option from "effect/Option"
import * as Failure from "../Failure.js"
import type * as Redaction from "../Redaction.js"
import { withoutStackTrace } from "./stackTrace.js"

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
  UND_ERR_INVALID_ARG: { reason: "Protocol", reached: true },
  UND_ERR_HEADERS_OVERFLOW: { reason: "Protocol", reached: true },
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: { reason: "Protocol", reached: true }
}

// Node and undici wrap the interesting error: fetch throws `TypeError: fetch failed` with the socket error as
// `cause`, happy-eyeballs throws an AggregateError with one error per address.
type CauseLink = {
  readonly code?: unknown
  readonly message?: unknown
  readonly name?: unknown
  readonly syscall?: unknown
}

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
      // The HTTP parser's (llhttp) errors: a response that breaks HTTP/1.1 (a status or a Content-Length that is not a
      // number, two lengths, headers past the size limit).
      if (link.code.startsWith("HPE_")) return { reason: "Protocol" as const, reached: true, code: link.code }
    }
    // undici's parser error carries no code.
    if (link.name === "HTTPParserError") return { reason: "Protocol" as const, reached: true, code: undefined }
  }
  const code = chain.find((link) => typeof link.code === "string")?.code
  return { reason: "Other" as const, reached: true, code: typeof code === "string" ? code : undefined }
}

const describeCause = (cause: unknown): string => {
  const messages = causeChain(cause)
    .map((link) => (typeof link.message === "string" ? link.message : ""))
    .filter((message) => message.length > 0)
  return [...new Set(messages)].join(": ")
}

// What a failure keeps of the underlying client's words: cut after redacting, never before.
const detailLength = 500

/** @internal */
export const fromHttpClientError = (
  error: HttpClientError.HttpClientError,
  redactor: Redaction.Redactor
): Failure.TransportError | Failure.InvalidInput => withoutStackTrace(() => translate(error, redactor))

const translate = (
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
          message: redactor.head(error.description ?? describeCause(error.cause) ?? error.reason, detailLength)
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
    detail: redactor.head(detail.length > 0 ? detail : "no detail", detailLength)
  })
}
