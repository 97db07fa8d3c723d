import { describe, expect, it } from "@effect/vitest"
import { FieldIssues } from "@faultline/dialnexa"
import * as FastCheck from "effect/FastCheck"

describe("FieldIssues", () => {
  describe("reads the field a class-validator message names", () => {
    const cases: ReadonlyArray<readonly [string, string]> = [
      ["to_phone_number must be in E.164 format", "to_phone_number"],
      ["agent_id should not be empty", "agent_id"],
      ["property foo should not exist", "foo"],
      ["each value in tags must be a string", "tags"],
      ["nested property retry_config must be either object or array", "retry_config"],
      ["retry_config.max_retries must not be less than 0", "retry_config.max_retries"],
      ["leads[0].phone_number must be a valid phone number", "leads[0].phone_number"],
      ["maxConcurrentCalls cannot exceed the workspace limit", "maxConcurrentCalls"],
      ["scheduled_at is not a valid ISO 8601 date string", "scheduled_at"],
      ["metadata has too many keys", "metadata"],
      ["$ref does not resolve", "$ref"],
      ["events are required", "events"],
      ["name can only contain letters", "name"],
      ["property Foo should not exist", "Foo"]
    ]
    for (const [message, field] of cases) {
      it(message, () => {
        const issue = FieldIssues.fromMessage(message)
        expect(issue.field).toBe(field)
        expect(issue.message).toBe(message)
      })
    }
  })

  it("drops a leading 'Validation failed: ' in any case", () => {
    const issue = FieldIssues.fromMessage("Validation failed: to_phone_number must be in E.164 format")
    expect(issue.field).toBe("to_phone_number")
    expect(issue.message).toBe("to_phone_number must be in E.164 format")
    expect(FieldIssues.fromMessage("VALIDATION FAILED: agent_id should not be empty").field).toBe("agent_id")
    expect(FieldIssues.fromMessage("validation failed:   name must be a string").message).toBe("name must be a string")
  })

  describe("a message that names no field gives an issue without one, keeping the message", () => {
    const messages = [
      "Unauthorized",
      "Too many requests. Please slow down and retry after a moment.",
      "Campaign is already cancelled",
      "Agent is assigned to a deleted phone number",
      "the campaign must be paused first",
      "to_phone_number  must be in E.164 format",
      "agent_id mustard",
      "1st_field must be set",
      "",
      "Validation failed: "
    ]
    for (const message of messages) {
      it(JSON.stringify(message), () => {
        const issue = FieldIssues.fromMessage(message)
        expect(issue.field).toBeUndefined()
        expect(issue.message).toBe(message.replace(/^Validation failed: /, ""))
      })
    }
  })

  it("gives one issue per message, in order", () => {
    const issues = FieldIssues.fromMessages(["agent_id should not be empty", "Unauthorized", "tags must be an array"])
    expect(issues.map((issue) => issue.field)).toEqual(["agent_id", undefined, "tags"])
    expect(FieldIssues.fromMessages([])).toEqual([])
  })

  it.prop(
    "never throws, and keeps every message",
    [FastCheck.array(FastCheck.string({ unit: "binary" }))],
    ([messages]) => {
      const issues = FieldIssues.fromMessages(messages)
      expect(issues.length).toBe(messages.length)
      issues.forEach((issue, index) => {
        expect(messages[index]!.endsWith(issue.message)).toBe(true)
      })
    }
  )

  const identifier = FastCheck.stringMatching(/^[a-z_$][A-Za-z0-9_$]{0,20}(\.[A-Za-z0-9_$]{1,10}|\[\d{1,3}\]){0,3}$/)
  const words = FastCheck.array(FastCheck.stringMatching(/^[A-Za-z0-9.+-]{1,12}$/), { minLength: 1, maxLength: 6 })

  it.prop("'<identifier> must be <words>' names that identifier", [identifier, words], ([field, rest]) => {
    const message = `${field} must be ${rest.join(" ")}`
    const issue = FieldIssues.fromMessage(message)
    expect(issue.field).toBe(field)
    expect(issue.message).toBe(message)
  })
})
