/**
 * An outbound-call campaign service, written as a user of faultline writes one: a call per contact through the
 * vendor's typed client, each vendor's failures handled by their tags, and everything else left to the client's
 * retry policy (Nixflex's, DialNexa's and Levrage's documented tables, with pacing and the outage breaker).
 *
 * - A number the vendor would refuse is caught before sending (`InvalidInput`), fixed, and the call placed.
 * - A contact whose agent belongs to another account is skipped.
 * - At the vendor's concurrency limit the service backs off and tries again, itself: it knows its calls last
 *   seconds, so it takes Nixflex's `ConcurrentCallLimit` out of the client's policy (`retryPolicies.nixflex`),
 *   where each try would also spend the retry budget the other failures need.
 * - A create that may or may not have happened (`OutcomeUnknown`, DialNexa and Levrage take no idempotency key)
 *   is reconciled: Levrage's call list says whether it was placed; DialNexa's call log does not name the number, so
 *   the contact is left for a person to check rather than risk calling twice.
 */

import { RetryPolicy } from "@faultline/core"
import { DialNexa } from "@faultline/dialnexa"
import { Levrage } from "@faultline/levrage"
import { Nixflex, NixflexRetry } from "@faultline/nixflex"
import { Effect, Option, Schedule, Stream } from "effect"
import { type Contact, toE164 } from "./contacts.js"

/** The clients' retry policies: the vendors' documented tables, but for the limits this service handles. */
export const retryPolicies = {
  nixflex: NixflexRetry.defaults.pipe(RetryPolicy.overrideTag("ConcurrentCallLimit", RetryPolicy.never))
}

/** What became of one contact. */
export type Outcome =
  | { readonly _tag: "Placed"; readonly contact: Contact; readonly callId: string; readonly fixedNumber: boolean }
  | { readonly _tag: "Reconciled"; readonly contact: Contact; readonly callId: string }
  | { readonly _tag: "Skipped"; readonly contact: Contact; readonly reason: string }
  | { readonly _tag: "Unknown"; readonly contact: Contact; readonly reason: string }
  | { readonly _tag: "Failed"; readonly contact: Contact; readonly failure: string }

/** The agents a campaign calls with, per vendor: its own, and (in the list by mistake) another account's. */
export interface Agents {
  readonly nixflex: { readonly ours: string; readonly theirs: string; readonly fromNumber: string }
  readonly dialnexa: { readonly ours: string; readonly theirs: string }
  readonly levrage: { readonly ours: string; readonly theirs: string; readonly sourceNumber: string }
}

// A concurrency limit clears as calls end (these last about a second): wait a little, more each time but never
// more than a second between tries, for up to half a minute.
const untilASlotFrees = Schedule.exponential("250 millis").pipe(
  Schedule.union(Schedule.spaced("1 second")),
  Schedule.jittered,
  Schedule.upTo("30 seconds")
)

/** A number that is not one, even written as E.164. */
interface Unusable {
  readonly _tag: "Unusable"
}

// A call, and once more with the number fixed if the number was refused before sending.
const withFixedNumber = <A, E extends { readonly _tag: string }, R>(
  contact: Contact,
  call: (phone: string) => Effect.Effect<A, E, R>
): Effect.Effect<{ readonly value: A; readonly fixedNumber: boolean }, E | Unusable, R> =>
  call(contact.phone).pipe(
    Effect.map((value) => ({ value, fixedNumber: false })),
    Effect.catchAll((failure): Effect.Effect<{ value: A; fixedNumber: boolean }, E | Unusable, R> => {
      if (failure._tag !== "InvalidInput") return Effect.fail(failure)
      const fixed = toE164(contact.phone, contact.country)
      return fixed === undefined || fixed === contact.phone
        ? Effect.fail<Unusable>({ _tag: "Unusable" })
        : Effect.map(call(fixed), (value) => ({ value, fixedNumber: true }))
    })
  )

const unusable = (contact: Contact): Outcome => ({ _tag: "Skipped", contact, reason: "not a phone number" })
const notOurs = (contact: Contact): Outcome => ({ _tag: "Skipped", contact, reason: "agent of another account" })
// What the client tried before giving up is on the failure: its retry trace says why it stopped.
const failed =
  (contact: Contact) =>
  (failure: { readonly _tag: string; readonly retry?: { readonly stoppedBecause: string } | undefined }) =>
    Effect.succeed<Outcome>({
      _tag: "Failed",
      contact,
      failure: failure.retry === undefined ? failure._tag : `${failure._tag} (${failure.retry.stoppedBecause})`
    })

const placeWithNixflex = (
  contact: Contact,
  agents: Agents["nixflex"]
): Effect.Effect<Outcome, never, Nixflex.Nixflex> =>
  Effect.gen(function* () {
    const nixflex = yield* Nixflex.Nixflex
    const agent_id = contact.agent === "ours" ? agents.ours : agents.theirs
    const call = (to_number: string) =>
      nixflex
        .createOutboundCall({ agent_id, to_number, from_number: agents.fromNumber, prompt: "Confirm the appointment" })
        .pipe(Effect.retry({ while: (f) => f._tag === "ConcurrentCallLimit", schedule: untilASlotFrees }))
    const placed = yield* withFixedNumber(contact, call)
    return { _tag: "Placed", contact, callId: placed.value.call_id, fixedNumber: placed.fixedNumber } as Outcome
  }).pipe(
    Effect.catchTags({
      Unusable: () => Effect.succeed(unusable(contact)),
      AgentNotOwned: () => Effect.succeed(notOurs(contact)),
      AgentNotFound: () => Effect.succeed(notOurs(contact)),
      InvalidPhoneFormat: () => Effect.succeed(unusable(contact))
    }),
    Effect.catchAll(failed(contact))
  )

const placeWithDialNexa = (
  contact: Contact,
  agents: Agents["dialnexa"]
): Effect.Effect<Outcome, never, DialNexa.DialNexa> =>
  Effect.gen(function* () {
    const dialnexa = yield* DialNexa.DialNexa
    const agent_id = contact.agent === "ours" ? agents.ours : agents.theirs
    const call = (to_phone_number: string) =>
      dialnexa
        .createCall({ agent_id, to_phone_number })
        .pipe(Effect.retry({ while: (f) => f._tag === "Conflict", schedule: untilASlotFrees }))
    const placed = yield* withFixedNumber(contact, call)
    const callId = placed.value.callId ?? "(no id)"
    return { _tag: "Placed", contact, callId, fixedNumber: placed.fixedNumber } as Outcome
  }).pipe(
    Effect.catchTags({
      Unusable: () => Effect.succeed(unusable(contact)),
      NotFound: () => Effect.succeed(notOurs(contact)),
      // The call may exist: DialNexa's call log does not say which number it rang, so no second try.
      OutcomeUnknown: (failure) =>
        Effect.succeed<Outcome>({ _tag: "Unknown", contact, reason: `no answer to the create (${failure.cause.tag})` })
    }),
    Effect.catchAll(failed(contact))
  )

// Levrage's calls to one number since a moment, newest first: the one a lost answer created, if it was.
const findLevrageCall = (agentId: string, phone: string, since: number) =>
  Effect.flatMap(Levrage.Levrage, (levrage) =>
    levrage.listCalls({ agent_id: agentId, direction: "outbound" }).pipe(
      Stream.takeWhile(
        (call) =>
          call.created_at === undefined || call.created_at === null || Date.parse(call.created_at) >= since - 1000
      ),
      Stream.filter((call) => call.phone_number === phone),
      Stream.runHead
    )
  )

const placeWithLevrage = (
  contact: Contact,
  agents: Agents["levrage"]
): Effect.Effect<Outcome, never, Levrage.Levrage> =>
  Effect.gen(function* () {
    const levrage = yield* Levrage.Levrage
    const agentId = contact.agent === "ours" ? agents.ours : agents.theirs
    const call = (phone_number: string) =>
      levrage.makeCall({ agent_id: agentId, source_number: agents.sourceNumber, phone_number }).pipe(
        // A create that got no answer: look before placing it again.
        Effect.catchTag("OutcomeUnknown", (unknown) =>
          Effect.flatMap(findLevrageCall(agentId, phone_number, unknown.sentAt), (found) =>
            Option.match(found, {
              onSome: (existing) => Effect.succeed({ ...existing, reconciled: true as const }),
              onNone: () => levrage.makeCall({ agent_id: agentId, source_number: agents.sourceNumber, phone_number })
            })
          )
        )
      )
    const placed = yield* withFixedNumber(contact, call)
    const callId = placed.value.call_id ?? "(no id)"
    return "reconciled" in placed.value
      ? ({ _tag: "Reconciled", contact, callId } as Outcome)
      : ({ _tag: "Placed", contact, callId, fixedNumber: placed.fixedNumber } as Outcome)
  }).pipe(
    Effect.catchTags({
      Unusable: () => Effect.succeed(unusable(contact)),
      NotFound: () => Effect.succeed(notOurs(contact)),
      QuotaExceeded: () => Effect.succeed<Outcome>({ _tag: "Skipped", contact, reason: "out of credits" })
    }),
    Effect.catchAll(failed(contact))
  )

/** One contact, through its vendor. */
export const place = (
  contact: Contact,
  agents: Agents
): Effect.Effect<Outcome, never, Nixflex.Nixflex | DialNexa.DialNexa | Levrage.Levrage> => {
  switch (contact.vendor) {
    case "nixflex":
      return placeWithNixflex(contact, agents.nixflex)
    case "dialnexa":
      return placeWithDialNexa(contact, agents.dialnexa)
    case "levrage":
      return placeWithLevrage(contact, agents.levrage)
  }
}

/** How many calls each vendor may have in flight at once. */
export type Concurrency = Readonly<Record<Contact["vendor"], number>>

/**
 * Each vendor's contacts `concurrency[vendor]` at a time (its lines), the vendors side by side, so that one vendor's
 * wait does not hold the others' calls; a line whose call was placed stays busy `callMillis` (while the call is on),
 * so the campaign keeps no more calls in flight than it has lines. `onOutcome` sees each outcome as it comes.
 */
export const inPools = <R>(
  contacts: ReadonlyArray<Contact>,
  lines: { readonly concurrency: Concurrency; readonly callMillis: number },
  placeOne: (contact: Contact) => Effect.Effect<Outcome, never, R>,
  onOutcome?: (outcome: Outcome) => void
): Effect.Effect<ReadonlyArray<Outcome>, never, R> =>
  Effect.map(
    Effect.forEach(
      ["nixflex", "dialnexa", "levrage"] as const,
      (vendor) =>
        Effect.forEach(
          contacts.filter((contact) => contact.vendor === vendor),
          (contact) =>
            Effect.tap(placeOne(contact), (outcome) =>
              Effect.zipRight(
                Effect.sync(() => onOutcome?.(outcome)),
                outcome._tag === "Placed" && lines.callMillis > 0 ? Effect.sleep(lines.callMillis) : Effect.void
              )
            ),
          { concurrency: lines.concurrency[vendor] }
        ),
      { concurrency: "unbounded" }
    ),
    (byVendor) => byVendor.flat()
  )

/**
 * The whole campaign, no more calls in flight per vendor than it allows (so that its concurrency limit is met
 * rarely), the vendors side by side.
 */
export const run = (
  contacts: ReadonlyArray<Contact>,
  options: {
    readonly agents: Agents
    readonly concurrency: Concurrency
    readonly callMillis: number
    readonly onOutcome?: (outcome: Outcome) => void
  }
) =>
  inPools(
    contacts,
    { concurrency: options.concurrency, callMillis: options.callMillis },
    (contact) => place(contact, options.agents),
    options.onOutcome
  )
