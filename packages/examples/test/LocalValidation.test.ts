import { HttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Failure } from "@faultline/core"
import { DialNexa, DialNexaEndpoints, DialNexaModels } from "@faultline/dialnexa"
import { Levrage, LevrageEndpoints, LevrageModels } from "@faultline/levrage"
import { Nixflex, NixflexEndpoints, NixflexModels } from "@faultline/nixflex"
import { ScriptedHttpClient } from "@faultline/testing"
import { Arbitrary, Effect, FastCheck as fc, Redacted, Schema } from "effect"

// Laws of the clients' local validation, over generated inputs: a valid input is sent as it is (one request,
// its JSON body the input), and an input with one field broken the way the docs forbid fails with
// `InvalidInput` naming that field and the rule, before any request. Every client runs over a script checked
// against the vendor's endpoints, so a scripted route that does not exist fails the test too.

type Method = (input: never) => Effect.Effect<unknown, Failure.Failure>

interface Case {
  readonly name: string
  readonly route: `POST /${string}`
  readonly api: ScriptedHttpClient.Options["api"]
  readonly method: Effect.Effect<Method, never, HttpClient.HttpClient>
  readonly valid: fc.Arbitrary<Record<string, unknown>>
  readonly broken: ReadonlyArray<{
    readonly field: string
    readonly rule: string
    readonly value: fc.Arbitrary<unknown>
  }>
}

const options = {
  apiKey: Redacted.make("test-key-0123456789"),
  retry: false,
  pacing: false,
  circuitBreaker: false
} as const

const nixflex = <K extends keyof Nixflex.Service>(name: K) =>
  Effect.map(Nixflex.make(options), (client) => client[name] as unknown as Method)
const dialnexa = <K extends keyof DialNexa.Service>(name: K) =>
  Effect.map(DialNexa.make(options), (client) => client[name] as unknown as Method)
const levrage = <K extends keyof Levrage.Service>(name: K) =>
  Effect.map(Levrage.make(options), (client) => client[name] as unknown as Method)

// Valid inputs of a request schema, as a caller writes them (the encoded side).
const inputsOf = <A, I>(schema: Schema.Schema<A, I>): fc.Arbitrary<Record<string, unknown>> =>
  Arbitrary.make(schema).map((value) => Schema.encodeSync(schema)(value) as Record<string, unknown>)

const notE164 = fc.oneof(
  fc.constantFrom("07386 172392", "+44 7386 172392", "447386172392", "+0447386172392", "+44-7386-172392", "+123"),
  fc.string().filter((text) => !/^\+[1-9]\d{6,14}$/.test(text))
)
const longerThan = (max: number) => fc.string({ minLength: max + 1, maxLength: max + 40 })
const blank = fc.constantFrom("", " ", "\t\n ")
const tooMany = <A>(max: number, item: A) => fc.constant(Array.from({ length: max + 1 }, () => item))
const phone = fc.stringMatching(/^\+[1-9]\d{6,14}$/)

const cases: ReadonlyArray<Case> = [
  {
    name: "Nixflex createOutboundCall",
    route: "POST /v1/calls/outbound",
    api: NixflexEndpoints.endpoints,
    method: nixflex("createOutboundCall"),
    valid: inputsOf(NixflexModels.CreateOutboundCall),
    broken: [
      { field: "to_number", rule: "E.164", value: notE164 },
      { field: "from_number", rule: "E.164", value: notE164 },
      { field: "prompt", rule: "at most 10000 characters", value: longerThan(10_000) },
      { field: "prompt", rule: "not empty", value: blank },
      { field: "agent_id", rule: "agent id", value: fc.constantFrom("agent_1", "AGENT_125207E452F8714A", "a") }
    ]
  },
  {
    name: "Nixflex importPhoneNumber",
    route: "POST /v1/phone-numbers",
    api: NixflexEndpoints.endpoints,
    method: nixflex("importPhoneNumber"),
    valid: inputsOf(NixflexModels.ImportPhoneNumber),
    broken: [
      {
        field: "twilio_sid",
        rule: "Twilio account SID",
        value: fc.oneof(
          fc.stringMatching(/^AC[A-F0-9]{32}$/).filter((sid) => /[A-F]/.test(sid.slice(2))),
          fc.stringMatching(/^AC[a-f0-9]{31}$/),
          fc.stringMatching(/^SK[a-f0-9]{32}$/)
        )
      },
      { field: "phone_number", rule: "E.164", value: notE164 }
    ]
  },
  {
    name: "Nixflex createBatchCampaign",
    route: "POST /v1/calls/batch",
    api: NixflexEndpoints.endpoints,
    method: nixflex("createBatchCampaign"),
    valid: inputsOf(NixflexModels.CreateBatchCampaign),
    broken: [{ field: "recipients", rule: "at most 10000 items", value: tooMany(10_000, { phone: "+447386172392" }) }]
  },
  {
    name: "Nixflex sendSms",
    route: "POST /v1/sms",
    api: NixflexEndpoints.endpoints,
    method: nixflex("sendSms"),
    valid: inputsOf(NixflexModels.SendSms),
    broken: [
      { field: "message", rule: "at most 1600 characters", value: longerThan(1600) },
      { field: "to", rule: "E.164", value: notE164 }
    ]
  },
  {
    name: "DialNexa createCall",
    route: "POST /v1/calls",
    api: DialNexaEndpoints.endpoints,
    method: dialnexa("createCall"),
    valid: inputsOf(DialNexaModels.CreateCall),
    broken: [
      { field: "to_phone_number", rule: "E.164", value: notE164 },
      { field: "agent_id", rule: "agent id", value: fc.constantFrom("agent_1", "agt-1", "") }
    ]
  },
  {
    name: "DialNexa registerWebhook",
    route: "POST /v1/user-webhooks",
    api: DialNexaEndpoints.endpoints,
    method: dialnexa("registerWebhook"),
    valid: inputsOf(DialNexaModels.RegisterWebhook),
    broken: [
      { field: "url", rule: "https URL", value: fc.webUrl({ validSchemes: ["http"] }) },
      { field: "events", rule: "at least one event", value: fc.constant([]) }
    ]
  },
  {
    name: "Levrage makeCall",
    route: "POST /v1/call",
    api: LevrageEndpoints.endpoints,
    method: levrage("makeCall"),
    valid: inputsOf(LevrageModels.MakeCall),
    broken: [
      { field: "agent_id", rule: "UUID", value: fc.constantFrom("agent_1", "6f1c2d3e4a5b4c6d8e7f90a1b2c3d4e5") },
      { field: "phone_number", rule: "E.164", value: notE164 }
    ]
  },
  {
    name: "Levrage createCampaign",
    route: "POST /v1/campaigns",
    api: LevrageEndpoints.endpoints,
    method: levrage("createCampaign"),
    // The contacts' phones are in the `phone` field, as the filter on the schema requires.
    valid: fc.record({
      name: fc.string({ minLength: 1, maxLength: 100 }).filter((name) => name.trim().length > 0),
      agent_id: fc.uuid(),
      phone_number: phone,
      contacts: fc.array(fc.record({ phone, name: fc.string() }), { maxLength: 20 })
    }),
    broken: [{ field: "contacts", rule: "at most 2000 items", value: tooMany(2000, { phone: "+919812345678" }) }]
  }
]

// One call over a fresh script: what it failed with (or undefined) and the requests the script saw.
const attempt = (testCase: Case, input: Record<string, unknown>) =>
  Effect.gen(function* () {
    const script = yield* ScriptedHttpClient.make({ [testCase.route]: [] }, { api: testCase.api })
    const method = yield* Effect.provideService(testCase.method, HttpClient.HttpClient, script.client)
    const failure = yield* Effect.flip(method(input as never))
    return { failure, requests: yield* script.requests }
  })

describe("local validation", () => {
  for (const testCase of cases) {
    describe(testCase.name, () => {
      it.effect.prop(
        "a valid input is sent as given: one request, its body the input",
        [testCase.valid],
        ([input]) =>
          Effect.gen(function* () {
            const { failure, requests } = yield* attempt(testCase, input)
            // The script answers 404: whatever that decodes to, it is not a local refusal.
            expect(failure._tag).not.toBe("InvalidInput")
            expect(requests).toHaveLength(1)
            expect(JSON.parse(requests[0]!.body)).toEqual(JSON.parse(JSON.stringify(input)))
          }),
        { fastCheck: { numRuns: 40 } }
      )

      for (const broken of testCase.broken) {
        it.effect.prop(
          `${broken.field} breaking "${broken.rule}" fails locally with InvalidInput naming it; nothing is sent`,
          [testCase.valid, broken.value],
          ([input, value]) =>
            Effect.gen(function* () {
              const { failure, requests } = yield* attempt(testCase, { ...input, [broken.field]: value })
              expect(requests).toHaveLength(0)
              expect(failure).toBeInstanceOf(Failure.InvalidInput)
              const issues = (failure as Failure.InvalidInput).issues
              expect(issues.map((issue) => [issue.path, issue.rule])).toEqual([[broken.field, broken.rule]])
            }),
          { fastCheck: { numRuns: 25 } }
        )
      }
    })
  }
})
