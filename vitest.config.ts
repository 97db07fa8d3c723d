import { defineConfig } from "vitest/config"
import projects from "./vitest.workspace.js"

export default defineConfig({
  test: {
    projects,
    // Under CI (`.ci/run` sets CI=true) the results also go to a JSON report, from which the run's last line,
    // "N passed, N failed", is printed: CI runs the README's test command exactly, with no extra flags.
    reporters: process.env.CI === "true" ? ["default", ["json", { outputFile: ".ci/out/results.json" }]] : ["default"]
  }
})
