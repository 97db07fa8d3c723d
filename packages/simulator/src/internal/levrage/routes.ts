import type { Route } from "../../Vendor.js"

/** @internal */
export const routes: ReadonlyArray<Route> = [
  { method: "GET", path: "/v1/health", auth: "public", summary: "Health check" },
  { method: "GET", path: "/v1/industries", auth: "public", summary: "List industries" },
  {
    method: "GET",
    path: "/v1/industries/:industry/agent-types",
    auth: "public",
    summary: "List an industry's agent types"
  },
  { method: "GET", path: "/v1/voices", auth: "public", summary: "List voices" },
  { method: "GET", path: "/v1/voices/languages", auth: "public", summary: "List voice languages" },
  { method: "POST", path: "/v1/call", auth: "key", summary: "Make a call" },
  { method: "GET", path: "/v1/calls", auth: "key", summary: "List calls: page/page_size, status/direction/agent_id" },
  { method: "POST", path: "/v1/agents", auth: "key", summary: "Create an agent" },
  { method: "GET", path: "/v1/agents", auth: "key", summary: "List agents" },
  { method: "GET", path: "/v1/agents/:agent_id", auth: "key", summary: "Get an agent" },
  { method: "PATCH", path: "/v1/agents/:agent_id", auth: "key", summary: "Update an agent (webhook_config, …)" },
  { method: "POST", path: "/v1/campaigns", auth: "key", summary: "Create a campaign" },
  { method: "GET", path: "/v1/campaigns", auth: "key", summary: "List campaigns" }
]
