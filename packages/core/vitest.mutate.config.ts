import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"

// The tests Stryker (`pnpm mutate`, see stryker.config.mjs) runs against each mutant of core's decision modules:
// core's fast unit tests of waits, retries, pacing, the breaker, redaction and decoding, most on virtual time, and
// the hostile-response files, whose raw socket server answers in milliseconds. The slow end-to-end files
// (PacingAndOutages, Interrupts, Outages) are left out so that one mutant takes seconds; `pnpm test` runs all.
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  test: {
    name: "core",
    include: [
      // MUTATE_BASELINE=1 leaves out the tests written to kill survivors, to measure what the others kill.
      ...(process.env.MUTATE_BASELINE === "1" ? [] : ["test/mutants/*.test.ts"]),
      "test/WaitHint.test.ts",
      "test/RetryPolicy.test.ts",
      "test/Backoff.test.ts",
      "test/Holds.test.ts",
      "test/PacingHints.test.ts",
      "test/ApiClient.test.ts",
      "test/Dialect.test.ts",
      "test/Redaction.test.ts",
      "test/RedactedSnippets.test.ts",
      "test/FastPaths.test.ts",
      "test/Time.test.ts",
      "test/TimeJumps.test.ts",
      "test/HostileResponses.test.ts",
      "test/HostileFraming.test.ts"
    ],
    typecheck: { enabled: false },
    sequence: { concurrent: false },
    testTimeout: 30_000
  }
})
