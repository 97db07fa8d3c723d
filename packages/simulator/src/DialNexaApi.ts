/**
 * The simulator's DialNexa: routes, demo key and seeded records. Behaviour follows vendors.md §1: NestJS error bodies
 * `{statusCode, message, error}` (message a string, or an array for several field errors), 401 `Unauthorized`,
 * `X-RateLimit-*` on every response and `Retry-After` on 429, ETag / `If-None-Match` → 304 on call logs, and 409 (or
 * 429) at the workspace concurrency limit.
 *
 * @since 0.1.0
 */
import * as internal from "./internal/dialnexa/fixtures.js"
import { routes as internalRoutes } from "./internal/dialnexa/routes.js"
import type { Route } from "./Vendor.js"

/**
 * Every route the simulator serves for DialNexa.
 *
 * @since 0.1.0
 * @category constants
 */
export const routes: ReadonlyArray<Route> = internalRoutes

/**
 * The key accepted by default (`Authorization: Bearer dnx_test_faultline_demo`).
 *
 * @since 0.1.0
 * @category constants
 */
export const demoKey: string = internal.demoKey

/**
 * Records every DialNexa simulator starts with, owned by the demo key's organisation unless said otherwise:
 *
 * - `agentId` has a phone number; `agentWithDeletedNumberId` answers 422 on `POST /v1/calls`.
 * - `agentVersionId` is published, `draftAgentVersionId` is not (product-docs call body).
 * - `fromPhoneNumber` is the workspace's active number.
 * - campaigns: running (with three leads), completed (one lead: deleting it is 409), cancelled (resuming is 409).
 * - workflows: paused (resume → 200), active and cancelled (resume → 409).
 * - `otherOrganizationWebhookId` is a webhook of another organisation (`otherOrganizationId`): never listed.
 *
 * @since 0.1.0
 * @category constants
 */
export const fixtures: typeof internal.fixtures = internal.fixtures
