/**
 * `pnpm demo --live`: the same campaign against the real APIs, with the keys from the environment
 * (`NIXFLEX_API_KEY`, `DIALNEXA_API_KEY`, `LEVRAGE_API_KEY`), the agents and caller numbers of your accounts
 * (`NIXFLEX_AGENT_ID`, `NIXFLEX_FROM_NUMBER`, `DIALNEXA_AGENT_ID`, `LEVRAGE_AGENT_ID`, `LEVRAGE_SOURCE_NUMBER`),
 * and only the numbers you list in `DEMO_LIVE_NUMBERS` (comma-separated E.164): every contact is given one of
 * them, so nobody else is called. Real calls cost money; nothing here runs in CI.
 */
import { NodeHttpClient } from "@effect/platform-node"
import { DialNexa } from "@faultline/dialnexa"
import { Levrage } from "@faultline/levrage"
import { Nixflex } from "@faultline/nixflex"
import { Config, Console, Effect, Layer } from "effect"
import * as Campaign from "./campaign.js"
import { generate, type Vendor } from "./contacts.js"
import type { RunOptions } from "./main.js"
import * as Progress from "./progress.js"
import * as Summary from "./summary.js"

// A vendor the run does not call needs no variables: its agents are never read, its client never called.
const agentsOf = (inRun: (vendor: Vendor) => boolean) => {
  const variable = (vendor: Vendor, name: string) => (inRun(vendor) ? Config.string(name) : Config.succeed(""))
  return Config.all({
    nixflex: Config.all({
      ours: variable("nixflex", "NIXFLEX_AGENT_ID"),
      theirs: Config.succeed("agent_0000000000000000"),
      fromNumber: variable("nixflex", "NIXFLEX_FROM_NUMBER")
    }),
    dialnexa: Config.all({ ours: variable("dialnexa", "DIALNEXA_AGENT_ID"), theirs: Config.succeed("agt_not_yours") }),
    levrage: Config.all({
      ours: variable("levrage", "LEVRAGE_AGENT_ID"),
      theirs: Config.succeed("00000000-0000-4000-8000-000000000000"),
      sourceNumber: variable("levrage", "LEVRAGE_SOURCE_NUMBER")
    })
  })
}

const numbers = Config.array(Config.string(), "DEMO_LIVE_NUMBERS").pipe(
  Config.validate({ message: "DEMO_LIVE_NUMBERS must list at least one number", validation: (list) => list.length > 0 })
)

export const run = (options: RunOptions) =>
  Effect.gen(function* () {
    const own = yield* numbers
    const contacts = generate(options.calls, options.seed, options.vendor).map((contact, i) => ({
      ...contact,
      phone: own[i % own.length]!
    }))
    const inRun = (vendor: Vendor) => options.vendor === undefined || options.vendor === vendor
    const clients = Layer.mergeAll(
      inRun("nixflex")
        ? Nixflex.layerConfig({ retry: Config.succeed(Campaign.retryPolicies.nixflex) })
        : Nixflex.layerTest({}),
      inRun("dialnexa") ? DialNexa.layerConfig() : DialNexa.layerTest({}),
      inRun("levrage") ? Levrage.layerConfig() : Levrage.layerTest({})
    ).pipe(Layer.provide(NodeHttpClient.layerUndici))
    const before = yield* Summary.countersNow
    const run = yield* Progress.track("faultline (live)", contacts.length, (onOutcome) =>
      Effect.flatMap(agentsOf(inRun), (configured) =>
        Campaign.run(contacts, {
          agents: configured,
          concurrency: { nixflex: 4, dialnexa: 4, levrage: 4 },
          callMillis: 0,
          onOutcome
        })
      ).pipe(Effect.provide(clients))
    )
    const summary = Summary.summarize({
      label: "faultline (live)",
      outcomes: run.outcomes,
      counters: { before, after: yield* Summary.countersNow },
      stats: undefined,
      wallMillis: run.end - run.start,
      bestMillis: 0
    })
    yield* Console.log(`\n${Summary.render([summary])}`)
  })
