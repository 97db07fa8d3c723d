// Type-checked as a consumer would, under moduleResolution NodeNext and Bundler: the published declarations give
// each failure its tag, and an exhaustive catchTags leaves never, over a raw response and a typed method.
import type { HttpClientResponse } from "@effect/platform"
import { Failure, RetryPolicy } from "@faultline/core"
import { Nixflex, NixflexHttpClient, type NixflexModels, NixflexRetry } from "@faultline/nixflex"
import { NixflexArbitrary } from "@faultline/nixflex/testing"
import { Effect, Redacted } from "effect"

declare const response: Effect.Effect<HttpClientResponse.HttpClientResponse, Failure.CoreFailure>

export const layer = NixflexHttpClient.layer({
  apiKey: Redacted.make("nxf_0123456789abcdef0123456789abcdef:nxfs_secret"),
  retry: NixflexRetry.defaults.pipe(RetryPolicy.overrideTag("ConcurrentCallLimit", RetryPolicy.never))
})

const recover = () => Effect.succeed("handled")

export const handled: Effect.Effect<string | HttpClientResponse.HttpClientResponse, never> = response.pipe(
  Effect.map((r) => r),
  Effect.catchTags({
    TransportError: recover,
    AttemptTimeout: recover,
    HeldPastDeadline: recover,
    UnexpectedBody: recover,
    InvalidInput: recover
  })
)

export const rateLimited = response.pipe(
  Effect.catchIf(Failure.isRateLimited, (failure) => Effect.succeed(failure._tag))
)

export const generated = NixflexArbitrary.response

declare const nixflex: Nixflex.Service

export const call: Effect.Effect<string | NixflexModels.Call, never> = nixflex.getCall({ call_id: "CA1234" }).pipe(
  Effect.catchTags({
    CallNotFound: recover,
    InvalidApiKey: recover,
    KeySecretRequired: recover,
    RateLimitExceeded: recover,
    NixflexUnknownError: recover,
    TransportError: recover,
    AttemptTimeout: recover,
    HeldPastDeadline: recover,
    UnexpectedBody: recover,
    InvalidInput: recover
  })
)

export const testLayer = Nixflex.layerTest({
  getCall: Effect.fail(new Failure.InvalidInput({ operation: "t", issues: [] }))
})
