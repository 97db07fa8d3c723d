import { json, reject } from "../exchange.js"

const reasonPhrases: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  402: "Payment Required",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  408: "Request Timeout",
  409: "Conflict",
  413: "Payload Too Large",
  422: "Unprocessable Entity",
  429: "Too Many Requests",
  500: "Internal Server Error",
  501: "Not Implemented",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout"
}

/** The 429 message of the rate-limits page. @internal */
export const tooManyRequestsMessage = "Too many requests. Please slow down and retry after a moment."

const defaultMessages: Record<number, string> = {
  429: tooManyRequestsMessage,
  500: "An unexpected error occurred. If this persists, contact support.",
  503: "Service Unavailable"
}

/** The NestJS exception body: `{statusCode, message, error}`. @internal */
export const nest = (status: number, message: string | ReadonlyArray<string>, headers?: Record<string, string>) =>
  json(status, { statusCode: status, message, error: reasonPhrases[status] ?? "Error" }, headers)

/** One issue gives the string form the create-call page shows; several give the array form. @internal */
export const invalid = (issues: ReadonlyArray<string>) =>
  reject(nest(400, issues.length === 1 ? `Validation failed: ${issues[0]}` : issues))

/** @internal */
export const notFound = (message: string) => reject(nest(404, message))

/** The body for an error status a fault asks for. @internal */
export const statusError = (status: number) =>
  nest(
    status,
    defaultMessages[status] ?? reasonPhrases[status] ?? "Error",
    status === 429 || status === 503 ? { "retry-after": "1" } : undefined
  )
