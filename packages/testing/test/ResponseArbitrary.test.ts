import { HttpClientRequest } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { ApiClient, Failure, ProblemJson, ResponseBody } from "@faultline/core"
import { ResponseArbitrary, ScriptedHttpClient, Step, VirtualTime } from "@faultline/testing"
import { Cause, Duration, Effect, Exit, FastCheck as fc, Redacted, Schema } from "effect"

// Laws of the bridge between generated responses and scripts: what a property test generates is what the code
// under test receives.

const base = "https://api.example.test"

const problem = fc.record(
  { type: fc.webUrl(), title: ResponseArbitrary.message, status: fc.integer({ min: 400, max: 599 }) },
  { requiredKeys: [] }
)

const withoutLength = (headers: Readonly<Record<string, string>>) => {
  const { "content-length": _, ...rest } = headers
  return rest
}

const playOnce = (step: Step.Step) =>
  Effect.flatMap(ScriptedHttpClient.make({ "*": [step] }), (script) =>
    Effect.map(script.client.execute(HttpClientRequest.get(`${base}/v1/x`)), (response) => ({ script, response }))
  )

const isFailureOfTheClient = Schema.is(Schema.Union(ProblemJson.Problem, Failure.CoreFailure))

const immediate = (step: Step.Step): boolean => step._tag !== "Delay"

describe("ResponseArbitrary with scripts", () => {
  it.prop(
    "a generated response plays back as the status, headers and body it stands for",
    [ResponseArbitrary.response(problem)],
    ([generated]) => {
      const headers = withoutLength(generated.headers)
      const { response } = Effect.runSync(playOnce(Step.fromResponse({ ...generated, headers })))
      const read = Effect.runSync(ResponseBody.read(response, 1024 * 1024))
      const expected =
        generated.body._tag === "Truncated" ? generated.body : ResponseBody.complete(generated.body.bytes)
      expect(read).toEqual(expected)
      expect(response.status).toBe(generated.status)
      expect(withoutLength(response.headers)).toEqual(headers)
    },
    { fastCheck: { numRuns: 500 } }
  )

  it.prop(
    "any immediate step, through faultline's ApiClient, ends in a success or one typed failure, never a defect",
    [ResponseArbitrary.step(problem).filter(immediate)],
    ([step]) => {
      const exit = Effect.runSyncExit(
        Effect.flatMap(ScriptedHttpClient.make({ "*": [step] }), (script) =>
          ApiClient.make(ProblemJson.dialect, { baseUrl: base, apiKey: Redacted.make("k-0123456789abcdef") })(
            script.client
          ).get("/v1/x")
        )
      )
      if (Exit.isSuccess(exit)) return step._tag === "Response" && ProblemJson.dialect.isSuccess(step.status)
      const failure = Cause.failureOption(exit.cause)
      return (
        failure._tag === "Some" &&
        isFailureOfTheClient(failure.value) &&
        (step._tag === "Transport") === (failure.value._tag === "TransportError")
      )
    },
    { fastCheck: { numRuns: 1_000 } }
  )

  it.effect.prop(
    "a delayed step answers exactly after its delay, in virtual time",
    [ResponseArbitrary.step(problem).filter((step) => step._tag === "Delay")],
    ([step]) =>
      Effect.gen(function* () {
        const script = yield* ScriptedHttpClient.make({ "*": [step] })
        const timeline = yield* VirtualTime.run(script.client.get(`${base}/v1/x`), { recorder: script })
        return step._tag === "Delay" && timeline.elapsed === Duration.toMillis(step.duration)
      }),
    { fastCheck: { numRuns: 25 } }
  )

  it("generates every kind of step", () => {
    const kinds = new Set(
      fc
        .sample(ResponseArbitrary.step(), { numRuns: 2_000, seed: 4 })
        .map((step) =>
          step._tag === "Delay"
            ? "Delay"
            : step._tag === "Response"
              ? step.truncateAfter === undefined
                ? "Response"
                : "Truncated"
              : step._tag === "Transport"
                ? step.code
                : step._tag
        )
    )
    expect([...kinds].sort()).toEqual([
      "Delay",
      "ECONNREFUSED",
      "ECONNRESET",
      "ENOTFOUND",
      "EPIPE",
      "ETIMEDOUT",
      "Response",
      "Truncated",
      "UND_ERR_SOCKET"
    ])
  })
})
