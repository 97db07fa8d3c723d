import { FieldIssue } from "../DialNexaError.js"

const validationPrefix = /^\s*validation failed:\s*/i

// A field path: an identifier, then `.segment` or `[n]` parts (`retry_config.max_retries`, `items[0].name`).
const pathStartingWith = (first: string) => String.raw`${first}[\w$]*(?:\.[\w$]+|\[\d+\])*`
const verb = String.raw`(?:must|should|is|has|cannot|can|does|are)\b`

// class-validator's wordings that say outright that a property follows ("property foo should not exist").
const namedField = new RegExp(
  `^(?:each value in |nested property |property )(${pathStartingWith("[A-Za-z_$]")}) ${verb}`
)

// A message that starts with the field. A capitalised first word ("Campaign is cancelled") is a sentence, not a
// property name, so the bare form wants a field that does not start with an upper-case letter.
const leadingField = new RegExp(`^(${pathStartingWith("[a-z_$]")}) ${verb}`)

/** @internal */
export const fromMessage = (message: string): FieldIssue => {
  const text = message.replace(validationPrefix, "")
  const match = namedField.exec(text) ?? leadingField.exec(text)
  const field = match?.[1]
  return field === undefined ? new FieldIssue({ message: text }) : new FieldIssue({ field, message: text })
}

/** @internal */
export const fromMessages = (messages: ReadonlyArray<string>): ReadonlyArray<FieldIssue> => messages.map(fromMessage)
