import * as HttpClient from "@effect/platform/HttpClient"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import type * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Predicate from "effect/Predicate"
import type * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as ApiClient from "../ApiClient.js"
import type * as Endpoint from "../Endpoint.js"
import type * as Failure from "../Failure.js"
import * as Input from "../Input.js"
import * as Redaction from "../Redaction.js"
import type { Api, Client, ClientLayers, ClientOptions, HttpClientLayers, Options, Vendor } from "../VendorClient.js"
import * as Endpoints from "./endpoint.js"

/** @internal */
export const resolveOptions = <
  E extends Failure.Failure,
  O extends { readonly apiKey: Redacted.Redacted<string>; readonly baseUrl?: string | undefined } = Options<E>
>(
  vendor: Vendor<E>,
  options?: Config.Config.Wrap<Partial<O>>
): Effect.Effect<O, ConfigError.ConfigError> =>
  Effect.gen(function* () {
    // `Config.unwrap` throws on an empty record (effect 3.22): that is no options at all.
    const none = options === undefined || (!Config.isConfig(options) && Object.keys(options).length === 0)
    const given = (none ? {} : yield* Config.unwrap(options as Config.Config.Wrap<Partial<O>>)) as Partial<O>
    const apiKey = given.apiKey ?? (yield* Config.redacted(vendor.config.apiKey))
    // An empty base URL (`NIXFLEX_BASE_URL=`) is no base URL: the vendor's production one is used.
    const set = (url: string | undefined) => (url === undefined || url.trim() === "" ? undefined : url)
    const baseUrl =
      set(given.baseUrl) ?? set(Option.getOrUndefined(yield* Config.option(Config.string(vendor.config.baseUrl))))
    const { baseUrl: _, ...rest } = given
    return { ...rest, apiKey, ...(baseUrl === undefined ? {} : { baseUrl }) } as O
  })

/** @internal */
export const httpClient = <Id, E extends Failure.Failure>(
  tag: Context.Tag<Id, ApiClient.ApiClient<E>>,
  vendor: Vendor<E>
): HttpClientLayers<Id, E> => {
  const make =
    (options: Options<E>) =>
    (client: HttpClient.HttpClient): ApiClient.ApiClient<E> =>
      ApiClient.make(vendor.dialect, { ...options, baseUrl: options.baseUrl ?? vendor.baseUrl })(client)
  return {
    make,
    layer: (options) => Layer.effect(tag, Effect.map(HttpClient.HttpClient, make(options))),
    layerConfig: (options) =>
      Layer.effect(
        tag,
        Effect.flatMap(resolveOptions(vendor, options), (resolved) => Effect.map(HttpClient.HttpClient, make(resolved)))
      )
  }
}

// How many answers a client keeps for conditional requests (one per URL: a page of a list, say).
const conditionalCacheSize = 256

type AnyClient = Record<string, unknown>

// A failure as the vendor's unknown failure, every field kept (no raw body: the failure had already decoded it).
const asUnknown =
  <E extends Failure.Failure>(Unknown: new (props: never, options: typeof Failure.checked) => E) =>
  (failure: E): E => {
    if (failure instanceof Unknown) return failure
    return new Unknown({ ...Endpoints.fieldsOf(failure), body: "" } as never, { disableValidation: true })
  }

/** @internal */
export const client = <
  Id,
  E extends Failure.Failure,
  const Common extends string,
  Endpoints extends Record<string, Endpoint.Any>
>(
  tag: Context.Tag<Id, Client<Endpoints, E, Common>>,
  api: Api<E, Common>,
  endpoints: Endpoints
): ClientLayers<Id, Endpoints, E, Common> => {
  const common: ReadonlySet<string> = new Set(api.common)
  const idempotencyHeader = api.dialect.idempotencyKeyHeader?.toLowerCase()

  const make = (options: ClientOptions<E>) =>
    Effect.map(HttpClient.HttpClient, (platform): Client<Endpoints, E, Common> => {
      const { retry, ...rest } = options
      const http = ApiClient.make(api.dialect, {
        ...rest,
        baseUrl: options.baseUrl ?? api.baseUrl,
        ...(retry === false ? {} : { retry: retry ?? api.retry })
      })(platform)
      const context: Endpoints.Context<E> = {
        vendor: api.name,
        http,
        redactor: Redaction.make([options.apiKey, ...(options.secrets ?? [])]),
        idempotencyHeader,
        common,
        unknown: asUnknown(api.unknown),
        cache: new Endpoints.ConditionalCache(conditionalCacheSize)
      }
      const methods: AnyClient = { http }
      for (const [name, endpoint] of Object.entries(endpoints)) {
        methods[name] =
          endpoint._tag === "List"
            ? Endpoints.list(context, name, endpoint)
            : Endpoints.operation(context, name, endpoint)
      }
      return methods as Client<Endpoints, E, Common>
    })

  const layerTest: ClientLayers<Id, Endpoints, E, Common>["layerTest"] = (handlers) => {
    const given: Readonly<Record<string, unknown>> = handlers
    const methods: AnyClient = {
      http: HttpClient.make((request) =>
        Effect.dieMessage(`${api.name}.layerTest: no HTTP in a test layer (${request.method} ${request.url})`)
      )
    }
    for (const [name, endpoint] of Object.entries(endpoints)) {
      const label = `${api.name}.${name}`
      const handler = given[name]
      const answer = (input: unknown): unknown => (typeof handler === "function" ? handler(input) : handler)
      // The handler gets the input as the caller wrote it (its type), once it has passed the endpoint's checks.
      const checked = (input: unknown) => Effect.as(Input.validate(label, endpoint.input)(input ?? {}), input ?? {})
      const missing = Effect.dieMessage(`${api.name}.layerTest: no handler for ${name}`)
      methods[name] =
        endpoint._tag === "List"
          ? (input?: unknown, options?: Endpoint.ListOptions) => {
              const items = Stream.unwrap(
                Effect.map(checked(input), (valid): Stream.Stream<unknown, unknown> => {
                  if (handler === undefined) return Stream.fromEffect(missing)
                  const answered = answer(valid)
                  return Predicate.hasProperty(answered, Stream.StreamTypeId)
                    ? (answered as Stream.Stream<unknown, unknown>)
                    : Stream.fromIterable(answered as Iterable<unknown>)
                })
              )
              // As the real client, `max` caps the items.
              return options?.max === undefined ? items : Stream.take(items, Math.max(0, options.max))
            }
          : (input?: unknown) =>
              Effect.flatMap(checked(input), (valid) => {
                if (handler === undefined) return missing
                const result = answer(valid)
                return Effect.isEffect(result) ? result : Effect.succeed(result)
              })
    }
    return Layer.succeed(tag, methods as Client<Endpoints, E, Common>)
  }

  return {
    make,
    layer: (options) => Layer.effect(tag, make(options)),
    layerConfig: (options) =>
      Layer.effect(tag, Effect.flatMap(resolveOptions<E, ClientOptions<E>>(api, options), make)),
    layerTest
  }
}
