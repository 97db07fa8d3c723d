import type { Route } from "../../Vendor.js"

/** @internal */
export const routes: ReadonlyArray<Route> = [
  { method: "POST", path: "/v1/keys", auth: "public", summary: "Create an API key (new account); 10 per hour per IP" },
  { method: "POST", path: "/v1/calls/outbound", auth: "key", summary: "Create an outbound call (old or new body)" },
  { method: "POST", path: "/v1/calls/batch", auth: "key", summary: "Create a batch call campaign (old or new body)" },
  { method: "POST", path: "/v1/calls/batch/:campaign_id/launch", auth: "key", summary: "Launch a batch campaign" },
  { method: "GET", path: "/v1/calls", auth: "key", summary: "List calls: limit/offset, filters" },
  { method: "GET", path: "/v1/calls/:id", auth: "key", summary: "Get a call with its transcript" },
  { method: "POST", path: "/v1/agents", auth: "key", summary: "Create an agent (old or new body)" },
  { method: "GET", path: "/v1/agents", auth: "key", summary: "List agents" },
  { method: "GET", path: "/v1/agents/:id", auth: "key", summary: "Get an agent" },
  { method: "PUT", path: "/v1/agents/:id", auth: "key", summary: "Update an agent (webhook_url, …)" },
  { method: "POST", path: "/v1/phone-numbers", auth: "key", summary: "Import a Twilio number" },
  { method: "POST", path: "/v1/sms", auth: "key", summary: "Send an SMS (old or new body)" },
  {
    method: "POST",
    path: "/v1/sms/campaigns",
    auth: "key",
    summary: "Create an SMS campaign (old body or new message_template body)"
  },
  { method: "GET", path: "/v1/sms/campaigns/:id", auth: "key", summary: "Get an SMS campaign with its recipients" },
  { method: "DELETE", path: "/v1/sms/campaigns/:id", auth: "key", summary: "Cancel a scheduled SMS campaign" }
]
