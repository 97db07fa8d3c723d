/**
 * The simulator's Nixflex: routes, demo key and seeded records. Behaviour follows vendors.md §3: bare resources on
 * success, `{error: {type, code, message, doc_url?, details?}}` on failure, `Bearer KEY_ID:KEY_SECRET` with
 * `key_secret_required` when the secret half is missing, separate read and write windows with `X-RateLimit-*` on
 * every response and `details.retry_after` on 429, `concurrent_call_limit`, and `Idempotency-Key` replay on
 * mutating requests. SMS campaigns send one message per `smsInterval` and answer in the shape of the body that
 * created them.
 *
 * @since 0.1.0
 */
import * as internal from "./internal/nixflex/fixtures.js"
import { routes as internalRoutes } from "./internal/nixflex/routes.js"
import type { Route } from "./Vendor.js"

/**
 * Every route the simulator serves for Nixflex.
 *
 * @since 0.1.0
 * @category constants
 */
export const routes: ReadonlyArray<Route> = internalRoutes

/**
 * The key accepted by default, `key_id:key_secret` (`Authorization: Bearer nxf_…:nxfs_…`).
 *
 * @since 0.1.0
 * @category constants
 */
export const demoKey: string = internal.demoKey

/**
 * The key id half of `demoKey` (not secret: Nixflex shows it in `api_key_id`).
 *
 * @since 0.1.0
 * @category constants
 */
export const demoKeyId: string = internal.demoKeyId

/**
 * Records every Nixflex simulator starts with:
 *
 * - `agentId` (the docs' example id) with the outbound number `fromNumber`; `otherAccountAgentId` belongs to another
 *   account (`agent_not_owned`); `agentWithoutPhoneId` has no number (`agent_no_phone`).
 * - `otherAccountNumber` is another account's (`from_number_not_owned`, `number_already_imported`);
 *   `numberNotInTwilio` gives `number_not_in_twilio`; `unsubscribedNumber` gives `recipient_unsubscribed`.
 * - `twilioAccountSid` + `twilioAuthToken` import numbers; `twilioRejectedToken` gives `twilio_auth_failed`, any
 *   token that is not 32 lowercase hex digits `twilio_invalid_credentials`.
 * - `callId` is a finished call; batch campaigns: completed (`campaign_already_completed`), scheduled (launchable),
 *   empty (`campaign_no_recipients`).
 *
 * @since 0.1.0
 * @category constants
 */
export const fixtures: typeof internal.fixtures = internal.fixtures
