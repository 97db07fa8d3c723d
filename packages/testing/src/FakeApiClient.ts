/**
 * Service-level fakes: a vendor client (an `ApiClient.ApiClient<E>`, the service behind `NixflexHttpClient`,
 * `LevrageHttpClient`, `DialNexaHttpClient`) that answers without any HTTP, for tests of a program that do not care
 * about status codes and bodies, only about which tagged failure comes back.
 *
 * A fake plays a script like `ScriptedHttpClient` does, but its answers are outcomes: a tagged failure of the
 * vendor (or a core failure) fails the call with exactly that value; a `Step` answers as it says (`Step.json(201,
 * …)` is the success response, `Step.reset` a `TransportError`, `Step.delay` waits on the `Clock`). Nothing is
 * decoded: what you give is what the program gets.
 *
 * @example
 * ```ts
 * import { type ApiClient, ProblemJson } from "@faultline/core"
 * import { FakeApiClient, Step } from "@faultline/testing"
 * import { Context } from "effect"
 *
 * // A vendor's client tag, as the vendor packages declare theirs
 * class ExampleHttpClient extends Context.Tag("example/ExampleHttpClient")<
 *   ExampleHttpClient,
 *   ApiClient.ApiClient<ProblemJson.Problem>
 * >() {}
 *
 * const limit = new ProblemJson.Problem({
 *   vendor: "example",
 *   status: 429,
 *   message: "Too many concurrent calls",
 *   problemType: "https://api.example.com/problems/concurrent-calls",
 *   extensions: {},
 *   category: "rate_limited"
 * })
 *
 * // The first call is over the concurrency limit, the second succeeds
 * const ExampleFake = FakeApiClient.layer(ExampleHttpClient, {
 *   "POST /v1/calls": [limit, Step.json(201, { call_id: "call_1" })]
 * })
 * ```
 *
 * @since 0.1.0
 */
import type { ApiClient, Failure } from "@faultline/core"
import type * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as internal from "./internal/fakeApiClient.js"
import type { Pending, RecordedRequest, Routes } from "./Script.js"
import type { Step } from "./Step.js"

/**
 * One answer of a fake: a step, or a failure the call fails with.
 *
 * @since 0.1.0
 * @category models
 */
export type Outcome<E> = Step | E | Failure.CoreFailure

/**
 * A fake decided by a function of the request: an outcome, or an effect that succeeds with a step or fails with
 * a failure (to keep state in a `Ref`, say).
 *
 * @since 0.1.0
 * @category models
 */
export type Handler<E> = (request: RecordedRequest) => Outcome<E> | Effect.Effect<Step, E | Failure.CoreFailure>

/**
 * A running fake: the client, and what it was asked.
 *
 * @since 0.1.0
 * @category models
 */
export interface FakeApiClient<E> {
  readonly client: ApiClient.ApiClient<E>
  /** Every request so far, in the order they arrived. */
  readonly requests: Effect.Effect<ReadonlyArray<RecordedRequest>>
  /** How many answers of each route are still to be played. */
  readonly pending: Effect.Effect<Pending>
}

/**
 * The options of `make` and `layer`: what to answer a request the script does not cover.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options<E> {
  /**
   * The answer to a request no route matches, and to a route whose answers have run out (unless the route has its
   * own). By default such a request is a defect naming it: a fake that is asked something the test did not
   * script is a broken test.
   */
  readonly otherwise?: Outcome<E> | undefined
}

/**
 * Starts a fake from a script of outcomes per route, or from a handler. Give the vendor's failure union as `E`
 * (`FakeApiClient.make<NixflexError.NixflexFailure>(…)`) so that `client` fits the vendor's tag.
 *
 * @example
 * ```ts
 * import { type ApiClient, ProblemJson } from "@faultline/core"
 * import { FakeApiClient } from "@faultline/testing"
 * import { Context, Effect } from "effect"
 *
 * class ExampleHttpClient extends Context.Tag("example/ExampleHttpClient")<
 *   ExampleHttpClient,
 *   ApiClient.ApiClient<ProblemJson.Problem>
 * >() {}
 *
 * const notFound = new ProblemJson.Problem({
 *   vendor: "example",
 *   status: 404,
 *   message: "Call not found",
 *   problemType: "about:blank",
 *   extensions: {},
 *   category: "not_found"
 * })
 *
 * const test = Effect.gen(function*() {
 *   const fake = yield* FakeApiClient.make<ProblemJson.Problem>({ "GET /v1/calls/:id": [notFound] })
 *   const failure = yield* Effect.flip(
 *     Effect.flatMap(ExampleHttpClient, (example) => example.get("/v1/calls/call_1")).pipe(
 *       Effect.provideService(ExampleHttpClient, fake.client)
 *     )
 *   )
 *   return [failure.category, (yield* fake.requests).length] // ["not_found", 1]
 * })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: <E>(
  script: Routes<Outcome<E>> | Handler<E>,
  options?: Options<E>
) => Effect.Effect<FakeApiClient<E>> = internal.make

/**
 * A fake from a handler alone: no state, so it can be built once and provided with `Layer.succeed`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromHandler: <E>(handler: Handler<E>) => ApiClient.ApiClient<E> = internal.fromHandler

/**
 * A layer providing a vendor's client tag with a fake; the failure type comes from the tag, so the script is
 * checked against the vendor's failures. Each build of the layer starts the script afresh.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: <I, E>(
  tag: Context.Tag<I, ApiClient.ApiClient<E>>,
  script: Routes<Outcome<NoInfer<E>>> | Handler<NoInfer<E>>,
  options?: Options<NoInfer<E>>
) => Layer.Layer<I> = internal.layer
