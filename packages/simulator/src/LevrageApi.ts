/**
 * The simulator's Levrage: routes, demo key and seeded records. Behaviour follows vendors.md §2: the envelope
 * `{success, error: {code, message}, request_id, timestamp}` for the documented codes, FastAPI's `{detail}` for 401,
 * 404 routes, 429, 5xx and request validation (a pydantic `detail` list with status 422), `X-RateLimit-*` on every
 * response and no `Retry-After`, page/page_size pagination, and public endpoints without a key.
 *
 * @since 0.1.0
 */
import * as internal from "./internal/levrage/fixtures.js"
import { routes as internalRoutes } from "./internal/levrage/routes.js"
import type { Route } from "./Vendor.js"

/**
 * Every route the simulator serves for Levrage.
 *
 * @since 0.1.0
 * @category constants
 */
export const routes: ReadonlyArray<Route> = internalRoutes

/**
 * The key accepted by default (`Authorization: Bearer lev_faultline_demo_key`).
 *
 * @since 0.1.0
 * @category constants
 */
export const demoKey: string = internal.demoKey

/**
 * Records every Levrage simulator starts with: one agent (`agentId`, named `agentName`, so creating another agent
 * with that name is 409) and a caller id (`sourceNumber`).
 *
 * @since 0.1.0
 * @category constants
 */
export const fixtures: typeof internal.fixtures = internal.fixtures
