// Mutation testing of core's decision modules: `pnpm mutate` (not run in CI; a full run takes a while, see
// docs/reliability.md). One module at a time: `pnpm mutate --mutate packages/core/src/internal/waitHint.ts`.
// Only core's own fast unit tests run against the mutants (packages/core/vitest.mutate.config.ts).
/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  plugins: ["@stryker-mutator/vitest-runner"],
  vitest: { configFile: "packages/core/vitest.mutate.config.ts", dir: "packages/core" },
  mutate: [
    "packages/core/src/internal/waitHint.ts",
    "packages/core/src/internal/retryPolicy.ts",
    "packages/core/src/internal/retryBudget.ts",
    "packages/core/src/Backoff.ts",
    "packages/core/src/internal/windowTurn.ts",
    "packages/core/src/internal/pacing.ts",
    "packages/core/src/internal/circuitBreaker.ts",
    "packages/core/src/internal/redaction.ts",
    "packages/core/src/internal/dialect.ts"
  ],
  coverageAnalysis: "perTest",
  // A static mutant (a table or constant read when a module loads) needs every test file rerun, about 20 s each
  // here: they are left out of the score (reported as ignored), which makes a full run several times shorter.
  ignoreStatic: true,
  // Two shared cores: one test process.
  concurrency: 1,
  // Mutants whose code and covering tests did not change since the last run keep their result.
  incremental: true,
  incrementalFile: "reports/stryker-incremental.json",
  // The sandbox holds core and the root's config only: the other packages' tests never run here.
  ignorePatterns: [
    "/packages/*",
    "!/packages/core",
    "/docs",
    "**/dist",
    "**/build",
    "/.ci",
    "/reports",
    "/.stryker-tmp"
  ],
  tempDirName: ".stryker-tmp",
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  thresholds: { high: 90, low: 80, break: null }
}
