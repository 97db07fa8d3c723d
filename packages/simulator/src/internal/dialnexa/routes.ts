import type { Route } from "../../Vendor.js"

/** @internal */
export const routes: ReadonlyArray<Route> = [
  { method: "POST", path: "/v1/calls", auth: "key", summary: "Create a call (API-reference or product-docs body)" },
  {
    method: "GET",
    path: "/v1/call-logs",
    auth: "key",
    summary: "List call logs: page/limit, filters, ETag and If-None-Match → 304"
  },
  { method: "GET", path: "/v1/agents2", auth: "key", summary: "List agents" },
  { method: "GET", path: "/v1/agents2/:id", auth: "key", summary: "Get an agent" },
  { method: "POST", path: "/v1/campaigns", auth: "key", summary: "Create a campaign" },
  { method: "GET", path: "/v1/campaigns", auth: "key", summary: "List campaigns" },
  { method: "GET", path: "/v1/campaigns/:id", auth: "key", summary: "Get a campaign with lead counts" },
  { method: "PATCH", path: "/v1/campaigns/:id", auth: "key", summary: "Update a campaign (partial)" },
  { method: "DELETE", path: "/v1/campaigns-leads/:id", auth: "key", summary: "Remove a lead from its campaign" },
  { method: "POST", path: "/v1/workflows/:id/resume", auth: "key", summary: "Resume a paused workflow" },
  { method: "POST", path: "/v1/api-keys", auth: "key", summary: "Create an API key" },
  { method: "POST", path: "/v1/user-webhooks", auth: "key", summary: "Register a webhook" },
  { method: "GET", path: "/v1/user-webhooks", auth: "key", summary: "List the organisation's webhooks" }
]
