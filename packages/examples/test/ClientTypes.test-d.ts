import type { Failure } from "@faultline/core"
import type { DialNexa, DialNexaEndpoints } from "@faultline/dialnexa"
import type { Levrage, LevrageEndpoints } from "@faultline/levrage"
import type { Nixflex, NixflexEndpoints } from "@faultline/nixflex"
import type { Effect, Stream } from "effect"
import { describe, expectTypeOf, it } from "vitest"

// For every method of every client: the tags of its error type are exactly those its endpoint declares, those
// every call of the vendor can have, the core ones, and OutcomeUnknown for a create without idempotency keys. A
// tag misspelt in an endpoint's list would silently vanish from the method's type; this catches it.

type TagsOf<E> = E extends { readonly _tag: string } ? E["_tag"] : never

type ErrorTags<M> = M extends (...args: ReadonlyArray<never>) => Effect.Effect<unknown, infer E>
  ? TagsOf<E>
  : M extends (...args: ReadonlyArray<never>) => Stream.Stream<unknown, infer E>
    ? TagsOf<E>
    : never

type Declared<Ep, Common extends string> =
  | (Ep extends { readonly failures: ReadonlyArray<infer Tag> } ? Tag : never)
  | Common
  | Failure.CoreFailure["_tag"]
  | (Ep extends { readonly creates: true } ? "OutcomeUnknown" : never)

type Methods<Service, Endpoints> = { readonly [K in keyof Endpoints]: ErrorTags<Service[K & keyof Service]> }
type Expected<Endpoints, Common extends string> = { readonly [K in keyof Endpoints]: Declared<Endpoints[K], Common> }

describe("every method's error type is its endpoint's declared failures", () => {
  it("Nixflex", () => {
    type Endpoints = typeof NixflexEndpoints.endpoints
    expectTypeOf<Methods<Nixflex.Service, Endpoints>>().toEqualTypeOf<Expected<Endpoints, Nixflex.Common>>()
  })

  it("DialNexa", () => {
    type Endpoints = typeof DialNexaEndpoints.endpoints
    expectTypeOf<Methods<DialNexa.Service, Endpoints>>().toEqualTypeOf<Expected<Endpoints, DialNexa.Common>>()
  })

  it("Levrage", () => {
    type Endpoints = typeof LevrageEndpoints.endpoints
    expectTypeOf<Methods<Levrage.Service, Endpoints>>().toEqualTypeOf<Expected<Endpoints, Levrage.Common>>()
  })
})
