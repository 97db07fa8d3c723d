/**
 * Field issues from DialNexa's validation messages. DialNexa gives no field paths, only class-validator messages
 * ("to_phone_number must be in E.164 format", "property foo should not exist"), alone or in a list, sometimes
 * behind a "Validation failed: " prefix; this module reads the field each message names.
 *
 * @since 0.1.0
 */
import type { FieldIssue } from "./DialNexaError.js"
import * as internal from "./internal/fieldIssues.js"

/**
 * The issue one message reports. A leading "Validation failed: " (any case) is dropped, and the rest is kept as
 * the issue's message. The field is the path the message starts with, when a verb follows it (must, should, is,
 * has, cannot, can, does, are), or the path after class-validator's "property ", "nested property " or
 * "each value in ". A path is an identifier with `.segment` and `[n]` parts; without one of those prefixes it must
 * not start with an upper-case letter, so a sentence ("Campaign is cancelled") names no field. A message that
 * names no field gives an issue without one. Never throws.
 *
 * @example
 * ```ts
 * import { FieldIssues } from "@faultline/dialnexa"
 *
 * FieldIssues.fromMessage("Validation failed: to_phone_number must be in E.164 format")
 * // FieldIssue { field: "to_phone_number", message: "to_phone_number must be in E.164 format" }
 * ```
 *
 * @since 0.1.0
 * @category parsing
 */
export const fromMessage: (message: string) => FieldIssue = internal.fromMessage

/**
 * One issue per message, in order (see `fromMessage`).
 *
 * @since 0.1.0
 * @category parsing
 */
export const fromMessages: (messages: ReadonlyArray<string>) => ReadonlyArray<FieldIssue> = internal.fromMessages
