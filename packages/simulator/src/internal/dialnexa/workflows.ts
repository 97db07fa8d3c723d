import * as Effect from "effect/Effect"
import { json, reject } from "../exchange.js"
import type { AuthenticatedHandler } from "../vendorDialect.js"
import { nest, notFound } from "./envelope.js"
import type { Store } from "./store.js"

/** `POST /v1/workflows/:id/resume`: paused → active; 409 for any other status. @internal */
export const resumeWorkflow =
  (store: Store): AuthenticatedHandler =>
  (exchange, principal, params) =>
    Effect.gen(function* () {
      const workflow = store.workflows.get(params.id ?? "")
      if (workflow === undefined || workflow.account !== principal.account) return yield* notFound("Workflow not found")
      if (workflow.status !== "paused") {
        return yield* reject(nest(409, `Workflow is not paused (status: ${workflow.status})`))
      }
      workflow.status = "active"
      workflow.updatedAt = exchange.timestamp
      return json(200, { id: workflow.id, name: workflow.name, status: "active", updated_at: workflow.updatedAt })
    })
