import type { ViteUserConfig } from "vitest/config"

// Settings every package's vitest project shares.
export const shared: ViteUserConfig = {
  test: {
    include: ["test/**/*.test.ts"],
    typecheck: {
      enabled: true,
      include: ["test/**/*.test-d.ts"],
      tsconfig: "tsconfig.test.json"
    },
    sequence: { concurrent: false },
    testTimeout: 30_000
  }
}
