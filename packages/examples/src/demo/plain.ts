/**
 * The same campaign as an Effect user writes it today, without faultline: `@effect/platform`'s `HttpClient` with
 * `filterStatusOk` and `retryTransient`, the request bodies written from the vendors' docs, failures told apart
 * by their status. The service logic is the same: fix a number that is refused, skip an agent that is not ours,
 * retry at a concurrency limit (409 too, which `retryTransient` does not know).
 */
import { HttpClient, HttpClientRequest } from "@effect/platform"
import { DialNexaDialect } from "@faultline/dialnexa"
import { LevrageDialect } from "@faultline/levrage"
import { NixflexDialect } from "@faultline/nixflex"
import { DialNexaApi, LevrageApi, NixflexApi, type Simulator } from "@faultline/simulator"
import { Effect, Redacted, Schedule } from "effect"
import type { Agents, Outcome } from "./campaign.js"
import * as Campaign from "./campaign.js"
import { type Contact, toE164, type Vendor } from "./contacts.js"

interface Route {
  readonly path: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: (contact: Contact, phone: string) => unknown
}

// The headers each vendor's docs say to send, made by the vendor's dialect so that no key is written twice.
const headersOf = (authenticate: (key: Redacted.Redacted<string>) => unknown, key: string) =>
  authenticate(Redacted.make(key)) as Readonly<Record<string, string>>

const routes = (agents: Agents): Record<Vendor, Route> => ({
  nixflex: {
    path: "/v1/calls/outbound",
    headers: headersOf(NixflexDialect.dialect.authenticate, NixflexApi.demoKey),
    body: (contact, phone) => ({
      agent_id: contact.agent === "ours" ? agents.nixflex.ours : agents.nixflex.theirs,
      to_number: phone,
      from_number: agents.nixflex.fromNumber,
      prompt: "Confirm the appointment"
    })
  },
  dialnexa: {
    path: "/v1/calls",
    headers: headersOf(DialNexaDialect.dialect.authenticate, DialNexaApi.demoKey),
    body: (contact, phone) => ({
      agent_id: contact.agent === "ours" ? agents.dialnexa.ours : agents.dialnexa.theirs,
      to_phone_number: phone
    })
  },
  levrage: {
    path: "/v1/call",
    headers: headersOf(LevrageDialect.dialect.authenticate, LevrageApi.demoKey),
    body: (contact, phone) => ({
      agent_id: contact.agent === "ours" ? agents.levrage.ours : agents.levrage.theirs,
      source_number: agents.levrage.sourceNumber,
      phone_number: phone
    })
  }
})

const statusOf = (error: unknown): number | undefined =>
  typeof error === "object" && error !== null && "response" in error
    ? (error as { readonly response: { readonly status: number } }).response.status
    : undefined

/** The campaign over a plain client, against the simulator `sim`. */
export const run = (
  sim: Simulator.Running,
  contacts: ReadonlyArray<Contact>,
  options: {
    readonly agents: Agents
    readonly concurrency: Campaign.Concurrency
    readonly callMillis: number
    readonly onOutcome?: (outcome: Outcome) => void
  }
) =>
  Effect.gen(function* () {
    const client = (yield* HttpClient.HttpClient).pipe(
      HttpClient.filterStatusOk,
      HttpClient.retryTransient({
        // 409 is DialNexa's concurrency limit.
        while: (error) => statusOf(error) === 409,
        schedule: Schedule.exponential("250 millis").pipe(Schedule.jittered),
        times: 6
      })
    )
    const table = routes(options.agents)
    const send = (contact: Contact, phone: string) => {
      const route = table[contact.vendor]
      return client
        .execute(
          HttpClientRequest.post(`${sim.baseUrl(contact.vendor)}${route.path}`).pipe(
            HttpClientRequest.setHeaders(route.headers),
            HttpClientRequest.bodyUnsafeJson(route.body(contact, phone))
          )
        )
        .pipe(Effect.flatMap((response) => response.json))
    }
    const place = (contact: Contact): Effect.Effect<Outcome> =>
      send(contact, contact.phone).pipe(
        Effect.catchIf(
          (error) => statusOf(error) === 400 || statusOf(error) === 422,
          (error) => {
            const fixed = toE164(contact.phone, contact.country)
            return fixed === undefined || fixed === contact.phone ? Effect.fail(error) : send(contact, fixed)
          }
        ),
        Effect.map(
          (body): Outcome => ({
            _tag: "Placed",
            contact,
            callId: JSON.stringify(body).slice(0, 40),
            fixedNumber: false
          })
        ),
        Effect.catchAll((error) => {
          const status = statusOf(error)
          const outcome: Outcome =
            status === 403 || status === 404
              ? { _tag: "Skipped", contact, reason: "agent of another account" }
              : status === 400 || status === 422
                ? { _tag: "Skipped", contact, reason: "not a phone number" }
                : { _tag: "Failed", contact, failure: status === undefined ? error._tag : `HTTP ${status}` }
          return Effect.succeed(outcome)
        })
      )
    return yield* Campaign.inPools(
      contacts,
      { concurrency: options.concurrency, callMillis: options.callMillis },
      place,
      options.onOutcome
    )
  })
