import * as Effect from "effect/Effect"
import { json, type Principal } from "../exchange.js"
import type { AuthenticatedHandler } from "../vendorDialect.js"
import { notFound } from "./envelope.js"
import { pageQuery, paginate } from "./request.js"
import type { Agent, Store } from "./store.js"

/** The organisation's own agent, or `undefined` (another organisation's is not found, as the docs say). @internal */
export const ownAgent = (store: Store, principal: Principal, id: string): Agent | undefined => {
  const agent = store.agents.get(id)
  return agent !== undefined && agent.account === principal.account ? agent : undefined
}

/** `GET /v1/agents2`. @internal */
export const listAgents =
  (store: Store): AuthenticatedHandler =>
  (exchange, principal) =>
    Effect.map(pageQuery(exchange), ({ page, limit }) =>
      json(
        200,
        paginate(
          Array.from(store.agents.values())
            .filter((agent) => agent.account === principal.account)
            .map((agent) => agent.body),
          page,
          limit
        )
      )
    )

/** `GET /v1/agents2/:id`. @internal */
export const getAgent =
  (store: Store): AuthenticatedHandler =>
  (_, principal, params) => {
    const agent = ownAgent(store, principal, params.id ?? "")
    return agent === undefined ? notFound("Agent not found") : Effect.succeed(json(200, agent.body))
  }
