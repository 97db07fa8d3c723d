/**
 * The three vendors the simulator speaks, and where each is mounted.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * A vendor the simulator speaks.
 *
 * @since 0.1.0
 * @category models
 */
export const Vendor = Schema.Literal("dialnexa", "levrage", "nixflex")

/**
 * The name of a vendor the simulator speaks: `dialnexa`, `levrage` or `nixflex`.
 *
 * @since 0.1.0
 * @category models
 */
export type Vendor = typeof Vendor.Type

/**
 * Every vendor, in a fixed order.
 *
 * @since 0.1.0
 * @category constants
 */
export const all: ReadonlyArray<Vendor> = Vendor.literals

/**
 * The path prefix a vendor is mounted under when the simulator serves all three: `/dialnexa`, `/levrage`,
 * `/nixflex`. The vendor's own paths follow, so `POST /nixflex/v1/calls/outbound` is Nixflex's
 * `POST https://api.nixflex.com/v1/calls/outbound`.
 *
 * @since 0.1.0
 * @category constants
 */
export const prefix = (vendor: Vendor): `/${Vendor}` => `/${vendor}`

/**
 * Whether a string names a vendor.
 *
 * @since 0.1.0
 * @category guards
 */
export const isVendor: (u: unknown) => u is Vendor = Schema.is(Vendor)

/**
 * One route a vendor serves, as the docs list it.
 *
 * @since 0.1.0
 * @category models
 */
export interface Route {
  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE"
  /** The vendor's own path, with `:name` for a path parameter. */
  readonly path: string
  /** Whether the route needs an API key. */
  readonly auth: "key" | "public"
  readonly summary: string
}
