// Levrage's public catalogue (no key needed): health, industries and their agent types, voices and languages.
import * as Effect from "effect/Effect"
import type { PublicHandler } from "../vendorDialect.js"
import { notFound, ok } from "./envelope.js"
import type { Store } from "./store.js"

/** The agent types every industry has; `custom` needs a `custom_description`. @internal */
export const baseAgentTypes = [
  "sales",
  "support",
  "cold_calling",
  "collection",
  "retention",
  "compliance",
  "appointment_booking",
  "custom"
]

/** Industry → its own agent types. @internal */
export const industries: Record<string, ReadonlyArray<string>> = {
  healthcare: ["appointment_reminder", "patient_intake", "prescription_refill"],
  real_estate: ["lead_qualification", "property_inquiry", "site_visit_booking"],
  banking: ["loan_followup", "kyc_verification", "card_activation"],
  insurance: ["policy_renewal", "claim_status", "premium_reminder"],
  education: ["admission_inquiry", "fee_reminder"]
}

/** @internal */
export const voices = [
  { id: "priya", name: "Priya", language: "Hindi", gender: "female" },
  { id: "arjun", name: "Arjun", language: "Hindi", gender: "male" },
  { id: "emma", name: "Emma", language: "English", gender: "female" },
  { id: "liam", name: "Liam", language: "English", gender: "male" },
  { id: "kavya", name: "Kavya", language: "Tamil", gender: "female" }
]

/** Languages by name, as `GET /v1/voices/languages` lists them. @internal */
export const languages = ["English", "Hindi", "Tamil", "Telugu", "Marathi", "Bengali", "Spanish"]

/** The same languages by code; an agent may name either. @internal */
export const languageCodes = ["en", "hi", "ta", "te", "mr", "bn", "es"]

/** `GET /v1/health`. @internal */
export const health =
  (store: Store): PublicHandler =>
  (exchange) =>
    Effect.succeed(ok(store.ids, exchange, { status: "healthy" }))

/** `GET /v1/industries`. @internal */
export const listIndustries =
  (store: Store): PublicHandler =>
  (exchange) =>
    Effect.succeed(ok(store.ids, exchange, Object.keys(industries)))

/** `GET /v1/industries/:industry/agent-types`. @internal */
export const listAgentTypes =
  (store: Store): PublicHandler =>
  (exchange, params) => {
    const industry = params.industry ?? ""
    return Object.hasOwn(industries, industry)
      ? Effect.succeed(ok(store.ids, exchange, industries[industry]))
      : notFound(store.ids, exchange, "Industry not found")
  }

/** `GET /v1/voices`. @internal */
export const listVoices =
  (store: Store): PublicHandler =>
  (exchange) =>
    Effect.succeed(ok(store.ids, exchange, voices))

/** `GET /v1/voices/languages`. @internal */
export const listLanguages =
  (store: Store): PublicHandler =>
  (exchange) =>
    Effect.succeed(ok(store.ids, exchange, languages))
