/**
 * A fourth dialect, to show that the `Dialect` contract is not tied to the first three vendors: RFC 9457
 * problem details (`application/problem+json`). Every member is kept: `type`, `title`, `status`, `detail`,
 * `instance`, and the extension members.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Category from "./Category.js"
import * as Dialect from "./Dialect.js"
import * as Failure from "./Failure.js"

/**
 * A problem details response (RFC 9457). `problemType` is the `type` member ("about:blank" when absent).
 *
 * @since 0.1.0
 * @category errors
 */
export class Problem extends Schema.TaggedError<Problem>("@faultline/core/Problem")("Problem", {
  ...Failure.vendorFields,
  vendor: Schema.String,
  problemType: Schema.String,
  /** The body's own `status` member, when it has one (the response status is `status`). */
  problemStatus: Schema.optional(Schema.Number),
  title: Schema.optional(Schema.String),
  detail: Schema.optional(Schema.String),
  instance: Schema.optional(Schema.String),
  extensions: Schema.Record({ key: Schema.String, value: Schema.Unknown }),
  category: Category.Category
}) {}

const members = ["type", "title", "status", "detail", "instance"]

const optionalString = (value: unknown) => (typeof value === "string" ? value : undefined)

/**
 * The problem+json dialect for a vendor named `vendor`, authenticating with a bearer token.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (vendor: string): Dialect.Dialect<Problem> =>
  Dialect.make({
    vendor,
    authenticate: Dialect.bearer,
    decodeEnvelope: (body, response) => {
      if (typeof body !== "object" || body === null || Array.isArray(body)) return undefined
      const record = body as Record<string, unknown>
      // A problem object has at least one of its members; any other JSON object is not one.
      if (!members.some((member) => Object.hasOwn(record, member))) return undefined
      const extensions = Object.fromEntries(Object.entries(record).filter(([key]) => !members.includes(key)))
      const [title, detail, instance] = [
        optionalString(record.title),
        optionalString(record.detail),
        optionalString(record.instance)
      ]
      return new Problem({
        vendor,
        status: response.status,
        problemType: optionalString(record.type) ?? "about:blank",
        message: detail ?? title ?? `HTTP ${response.status}`,
        extensions,
        category: Category.fromStatus(response.status),
        ...(title === undefined ? {} : { title }),
        ...(detail === undefined ? {} : { detail }),
        ...(instance === undefined ? {} : { instance }),
        ...(typeof record.status === "number" ? { problemStatus: record.status } : {}),
        ...(response.requestId === undefined ? {} : { requestId: response.requestId }),
        ...(response.waitHint === undefined ? {} : { waitHint: response.waitHint })
      })
    }
  })

/**
 * The problem+json dialect, with vendor name "problem".
 *
 * @since 0.1.0
 * @category constructors
 */
export const dialect: Dialect.Dialect<Problem> = make("problem")
